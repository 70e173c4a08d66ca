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
    map is used (state-duma, interior-ministry, governor-of-<region>, us-senate ...).
    The resolver is asked only about bodies the text names; a body inferred
    from context (a Russian law is the State Duma's) keeps the built-in id.
    ``published`` (a date, or 'YYYY-MM-DD') dates relative statements: future
    years and 'с 1 марта' without a year, the president in office."""
    from .rules import Extractor

    if lang not in ("ru", "en"):
        raise ValueError(f"measures: unsupported language {lang!r} (ru, en)")
    if isinstance(published, dt.datetime):
        published = published.date()
    elif isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published[:10]) if published else None
        except ValueError:
            raise ValueError(f"measures: published must be a date (YYYY-MM-DD), got {published!r}") from None
    elif published is not None and not isinstance(published, dt.date):
        raise ValueError(f"measures: published must be a date, got {type(published).__name__}")
    key = (lang, id(resolve_authority) if resolve_authority else None)
    ex = _EXTRACTORS.get(key)
    if ex is None or ex.resolve is not resolve_authority:
        ex = _EXTRACTORS[key] = Extractor(lang, resolve_authority)
    return ex.extract(text, published)


def evaluate(gold_path, extract_fn=None) -> dict:
    from .evaluate import evaluate as _evaluate

    return _evaluate(gold_path, extract_fn)
