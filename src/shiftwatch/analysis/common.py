"""What the analysis stage counts, and the filter it shares with the report and dashboard.

Only statements about migration with a stance count, and never those of
near-duplicate documents: a story copied by five outlets is one statement,
not five. Since schema version 2 the statements stage never analyses a
near-duplicate (``documents.duplicate_of`` set) and each statement carries its
document's ``published``, ``outlet`` and ``lang``, so the analysis reads the
statements table alone (``counted_from``); an older store opened read-only
(not migrated) is read through the join it used to need.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb

from .. import query
from ..errors import ShiftwatchError
from ..query import FRAMES, STANCE_VALUE  # noqa: F401 - re-exported for the stage

GROUPINGS = ("speaker", "outlet", "frame", "all")
COUNTS = ("quotes", "reports")  # a quote reprinted by ten outlets counts once, or ten times
FREQS = ("week", "month")

STANCE_SQL = "CASE s.stance WHEN 'restrictive' THEN -1 WHEN 'neutral' THEN 0 WHEN 'welcoming' THEN 1 END"

# the rows every analysis counts; the filter's clauses are ANDed to these
COUNTED_SQL = (
    "s.about_migration AND s.stance IN ('restrictive', 'neutral', 'welcoming') AND s.published IS NOT NULL"
)

# a store of schema version 1 (opened read-only, so not migrated): the document's columns through the join
_JOINED_FROM = """(SELECT s.*, d.published, d.outlet, d.lang FROM statements s JOIN documents d USING (doc_id)
                   WHERE d.duplicate_of IS NULL) s"""


def counted_from(con: duckdb.DuckDBPyConnection, flt: query.StatementFilter | None = None) -> str:
    """The FROM item (alias ``s``) the analysis reads: statements with published, outlet and lang.

    Counting quotes (the default), each quote is its earliest counted report: a
    spokesperson's line repeated by ten channels weighs once, at the date and
    outlet that first carried it. A store without quotes counts reports."""
    if not query.has_doc_columns(con):
        return _JOINED_FROM
    if count_of(flt) == "quotes" and query.has_quotes(con):
        return f"""(SELECT * FROM statements s WHERE {COUNTED_SQL}
                    QUALIFY row_number() OVER (PARTITION BY coalesce(s.quote_id, s.statement_id)
                                               ORDER BY s.published, s.statement_id) = 1) s"""
    return "statements s"


def count_of(flt: query.StatementFilter | None) -> str:
    count = getattr(flt, "count", "quotes")
    if count not in COUNTS:
        raise ShiftwatchError(f"--count must be one of {', '.join(COUNTS)}, not {count!r}")
    return count


def speaker_ids(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """Speaker ids that an id, a name or an alias names, in either script."""
    return query.resolve_speaker(con, name)


@dataclasses.dataclass
class Filter(query.StatementFilter):
    """query.StatementFilter, resolving the speaker once (ids are cached on the filter)."""

    speaker_id_list: list[str] | None = None
    count: str = "quotes"  # quotes | reports: see counted_from
    doc_alias = "s"  # published, outlet and lang are read from the statement (see counted_from)

    def where(self, con: duckdb.DuckDBPyConnection, doc_alias: str | None = None) -> tuple[str, list]:
        base = dataclasses.replace(self, speaker=None)
        where, params = query.StatementFilter.where(base, con, doc_alias)
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
    if not isinstance(flt, Filter):
        flt = Filter(**{f.name: getattr(flt, f.name) for f in dataclasses.fields(flt)})
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


def group_labels(con: duckdb.DuckDBPyConnection, by: str, groups: set) -> dict:
    """Display names: a speaker's canonical name, else the group itself."""
    if by != "speaker" or not groups:
        return {}
    rows = con.execute(
        "SELECT speaker_id, coalesce(speaker, name_ru, speaker_id) FROM speakers WHERE speaker_id IN (SELECT unnest(?))",
        [sorted(groups)],
    ).fetchall()
    return dict(rows)
