"""The records of the measures stage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Measure:
    """One reported migration-policy measure in one document (spec/measures.md)."""

    char_start: int
    char_end: int
    text: str
    kind: str
    authority: str  # the surface mention of the acting body ("" when inferred)
    authority_id: str | None
    level: str  # federal / regional / municipal
    region: str | None
    sectors: list[str]
    status: str  # proposed / adopted / in_force / lifted
    direction: str  # restrictive / welcoming
    effective: dt.date | None
    cues: list[str] = field(default_factory=list)
    stage: str = ""  # finer than status: introduced, first-reading, passed, signed, applied ...
    key: frozenset = field(default_factory=frozenset, repr=False)  # content lemmas, for grouping

    def as_dict(self) -> dict:
        return {
            "char_start": self.char_start, "char_end": self.char_end, "text": self.text, "kind": self.kind,
            "authority": self.authority, "authority_id": self.authority_id, "level": self.level,
            "region": self.region, "sectors": list(self.sectors), "status": self.status,
            "direction": self.direction, "effective": self.effective.isoformat() if self.effective else None,
            "cues": list(self.cues), "stage": self.stage,
        }


@dataclass
class MeasureReport:
    """A measure as one outlet reported it."""

    measure_id: str
    doc_id: str
    published: dt.date | dt.datetime | None
    outlet: str
    lang: str
    measure: Measure


@dataclass
class MeasureEvent:
    """One act of one authority at one stage, however many outlets reported it."""

    event_id: str
    kind: str
    authority_id: str | None
    status: str
    direction: str
    stage: str
    first_published: dt.date | dt.datetime | None
    first_outlet: str
    first_doc_id: str
    reports: int
    outlets: list[str]
    initiative_id: str
    measure_ids: list[str]
