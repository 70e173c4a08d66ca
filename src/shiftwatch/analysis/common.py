"""What the analysis stage counts, and the filter it shares with the report and dashboard.

Only statements about migration with a stance count, and never those of
near-duplicate documents (``documents.duplicate_of`` set): a story copied by
five outlets is one statement, not five.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb

from .. import query
from ..query import FRAMES, STANCE_VALUE  # noqa: F401 - re-exported for the stage

GROUPINGS = ("speaker", "outlet", "frame", "all")
FREQS = ("week", "month")

STANCE_SQL = "CASE s.stance WHEN 'restrictive' THEN -1 WHEN 'neutral' THEN 0 WHEN 'welcoming' THEN 1 END"

# the rows every analysis counts; the filter's clauses are ANDed to these
COUNTED_SQL = (
    "s.about_migration AND s.stance IN ('restrictive', 'neutral', 'welcoming') "
    "AND d.duplicate_of IS NULL AND d.published IS NOT NULL"
)


def speaker_ids(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """Speaker ids that an id, a name or an alias names, in either script."""
    return query.resolve_speaker(con, name)


@dataclasses.dataclass
class Filter(query.StatementFilter):
    """query.StatementFilter, resolving the speaker once (ids are cached on the filter)."""

    speaker_id_list: list[str] | None = None

    def where(self, con: duckdb.DuckDBPyConnection) -> tuple[str, list]:
        base = dataclasses.replace(self, speaker=None)
        where, params = query.StatementFilter.where(base, con)
        if not self.speaker:
            return where, params
        if self.speaker_id_list is None:
            self.speaker_id_list = speaker_ids(con, self.speaker)
        ids = self.speaker_id_list
        clause = f"s.speaker_id IN ({', '.join('?' for _ in ids) or 'NULL'})"
        if where:
            return where + " AND " + clause, params + list(ids)
        return " WHERE " + clause, list(ids)


def counted_where(con: duckdb.DuckDBPyConnection, flt: query.StatementFilter | None) -> tuple[str, list]:
    """WHERE clause (with the leading keyword) for the counted statements matching ``flt``."""
    flt = flt or Filter()
    if flt.about_migration is not True:
        flt = dataclasses.replace(flt, about_migration=None)
    where, params = flt.where(con)
    if where:
        return where + " AND " + COUNTED_SQL, params
    return " WHERE " + COUNTED_SQL, params


def iso(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def period_end(start: dt.date, freq: str) -> dt.date:
    """The first day after the period that starts on ``start``."""
    if freq == "week":
        return start + dt.timedelta(days=7)
    if start.month == 12:
        return dt.date(start.year + 1, 1, 1)
    return dt.date(start.year, start.month + 1, 1)
