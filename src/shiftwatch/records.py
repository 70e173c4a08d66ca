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
# and those of measures.md
MEASURE_KINDS = ("ban", "restriction", "registry", "identification", "check", "expulsion", "penalty", "fee",
                 "quota", "integration", "easing", "other")
MEASURE_STATUSES = ("proposed", "adopted", "in_force", "lifted")


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
    country: str | None = None  # a foreign body's or person's country (world registry); None for Russia's registry


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


@dataclass
class Analysed:
    """What analysis found in one document: its statements and the measures it
    reports (the measures stage's records), or why it failed. ``vectors``: the
    sentence vectors of its statements' texts (text hash -> float16 bytes) that
    the labeller's encoder made, for the quotes stage, which then encodes none."""

    doc_id: str
    statements: list[Statement] = field(default_factory=list)
    measures: list = field(default_factory=list)
    error: str | None = None
    vectors: dict[str, bytes] = field(default_factory=dict)


SHORT_PARAGRAPH = 200  # a paragraph shorter than this (sentence-per-line text, feed posts) brings its neighbours


def context_of(text: str | None, start: int | None, end: int | None, limit: int = 600) -> str | None:
    """What the labeller sees around [start, end) of ``text``, at ingest and relabel
    alike: its paragraph (at most ``limit`` characters each side); a paragraph
    shorter than SHORT_PARAGRAPH also gets the lines before and after it, since
    "they" and "the border" need them."""
    if not text or start is None or end is None:
        return None
    a = text.rfind("\n", max(0, start - limit), start)
    a = max(0, start - limit) if a < 0 else a + 1
    b = text.find("\n", end, end + limit)
    b = min(len(text), end + limit) if b < 0 else b
    if b - a < SHORT_PARAGRAPH:
        lo = max(0, a - limit)
        head = text[lo:a].rstrip()  # the text before, blank lines dropped: a starts its last line
        a = lo + head.rfind("\n") + 1
        tail = text[b : b + limit]
        rest = tail.lstrip()
        nl = rest.find("\n")
        b += len(tail) - len(rest) + (len(rest) if nl < 0 else nl)
    return text[a:b].strip()
