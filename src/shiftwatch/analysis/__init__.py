"""The analysis stage: timelines, shifts and fragmentation of stance over time.

Only statements about migration with a stance count, and never those of
near-duplicate documents. Everything takes an open DuckDB connection and an
optional filter (``Filter``, a ``query.StatementFilter``)."""

from . import cache
from .common import COUNTS, FRAMES, FREQS, GROUPINGS, Filter, speaker_ids
from .deeds import DEEDS_COLUMNS, words_and_deeds
from .fragmentation import FRAGMENTATION_COLUMNS, fragmentation, summary as fragmentation_summary
from .shifts import SHIFT_COLUMNS, Series, Shift, ShiftResult, Skipped, detect, series_from_statements, shifts
from .timeline import TIMELINE_COLUMNS, timeline

__all__ = [
    "cache",
    "COUNTS", "FRAMES", "FREQS", "GROUPINGS", "Filter", "speaker_ids",
    "FRAGMENTATION_COLUMNS", "fragmentation", "fragmentation_summary",
    "SHIFT_COLUMNS", "Series", "Shift", "ShiftResult", "Skipped", "detect", "series_from_statements", "shifts",
    "TIMELINE_COLUMNS", "timeline", "warm", "DEEDS_COLUMNS", "words_and_deeds",
]


def warm(con) -> None:
    """Compute and keep the views the commands and the dashboard open with."""
    fp = cache.fingerprint(con)
    for by in ("all", "speaker", "outlet", "frame"):
        for freq in ("month", "week"):
            timeline(con, by, freq, Filter(), fingerprint=fp)
    for by in ("all", "speaker", "outlet"):
        shifts(con, by, 30, Filter(), fingerprint=fp)
