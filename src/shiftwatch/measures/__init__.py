"""Measures: what authorities do about migration (laws, bans, registries,
checks, expulsions, easings), per spec/measures.md.

    extract(text, lang, published=None, resolve_authority=None) -> [Measure]
    group_events([MeasureReport]) -> [MeasureEvent]
    evaluate(gold_path, extract_fn=None) -> dict

Rule-based on lemmas (pymorphy2 for Russian, a light stemmer for English):
a clause is a measure when it names migrants, reports an act and has an
authority that can act (or a stand-alone legislative act); demands,
opinions, crimes, single cases and figures are not."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from .events import group_events
from .model import Measure, MeasureEvent, MeasureReport

__all__ = ["Measure", "MeasureEvent", "MeasureReport", "extract", "group_events", "evaluate"]

_EXTRACTORS: dict = {}


def extract(text: str, lang: str, published: dt.date | None = None,
            resolve_authority: Callable[[str, str], tuple] | None = None) -> list[Measure]:
    """The measures reported in one document's clean text.

    ``resolve_authority(mention, lang) -> (id, display)`` maps the acting
    body's mention to the pipeline's speaker ids; without it a small built-in
    map is used (state-duma, interior-ministry, governor-of-<region>, us-senate ...)."""
    from .rules import Extractor

    if lang not in ("ru", "en"):
        raise ValueError(f"measures: unsupported language {lang!r} (ru, en)")
    if isinstance(published, dt.datetime):
        published = published.date()
    key = (lang, id(resolve_authority) if resolve_authority else None)
    ex = _EXTRACTORS.get(key)
    if ex is None or ex.resolve is not resolve_authority:
        ex = _EXTRACTORS[key] = Extractor(lang, resolve_authority)
    return ex.extract(text, published)


def evaluate(gold_path, extract_fn=None) -> dict:
    from .evaluate import evaluate as _evaluate

    return _evaluate(gold_path, extract_fn)
