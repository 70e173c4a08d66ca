"""The typed records that pass between pipeline stages.

Each stage takes some of these and returns others; none of them holds a
third-party object (spaCy docs, natasha spans stay inside their stage), so a
stage can be tested, swapped or run in another process on its own. The store
turns them into rows, from one definition of each table (``store.schema``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# the label vocabularies of labels.md
STANCES = ("restrictive", "welcoming", "neutral")
STANCE_VALUE = {"restrictive": -1, "neutral": 0, "welcoming": 1}
FRAMES = ("economy", "security", "control", "integration", "rights", "politics")


@dataclass
class Document:
    """One news item as stored: clean text, where it came from, its fingerprints."""

    doc_id: str
    url: str | None
    source: str
    source_id: str | None
    outlet: str | None
    published: dt.date | None
    lang: str
    title: str | None
    text: str
    text_hash: str
    minhash: bytes
    bands: list[int] = field(default_factory=list)
    published_at: dt.datetime | None = None  # UTC, when the source gives a time: orders same-day reports


@dataclass
class Speaker:
    """A person, body or anonymous role; ``speaker_id`` is the same in every language."""

    speaker_id: str
    speaker: str | None
    name_ru: str | None = None
    kind: str = "person"  # person | body | anonymous
    role: str | None = None
    wikidata: str | None = None
    in_registry: bool = False
    aliases: set[str] = field(default_factory=set)


@dataclass
class Label:
    """What the labels stage says of one statement."""

    about_migration: bool
    stance: str | None
    frames: list[str]
    cues: list[str]
    model: str | None = None


@dataclass
class Statement:
    """Who said what, where in the document's clean text; speaker fields are
    filled by the extractor's speaker resolution, ``label`` by the labels stage."""

    kind: str  # direct | partial | indirect
    char_start: int
    char_end: int
    text: str
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_id: str | None = None
    speaker: str | None = None
    speaker_name_ru: str | None = None
    speaker_kind: str | None = None
    label: Label | None = None


def context_of(text: str | None, start: int | None, end: int | None, limit: int = 600) -> str | None:
    """The paragraph of ``text`` around [start, end), at most ``limit`` characters
    each side: what the labeller sees around a statement, at ingest and relabel alike."""
    if not text or start is None or end is None:
        return None
    a = text.rfind("\n", max(0, start - limit), start)
    a = max(0, start - limit) if a < 0 else a + 1
    b = text.find("\n", end, end + limit)
    b = min(len(text), end + limit) if b < 0 else b
    return text[a:b].strip()
