"""Read queries shared by the CLI, the Python API, the report and the dashboard."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import ClassVar

import duckdb

from .errors import ShiftwatchError

from .names import alias_key
from .records import FRAMES, MEASURE_KINDS, MEASURE_STATUSES, STANCE_VALUE, STANCES  # noqa: F401 - the read side's vocabulary

STATEMENT_COLUMNS = [
    "statement_id", "doc_id", "url", "outlet", "published", "lang", "kind", "text",
    "speaker_mention", "speaker", "speaker_id", "about_migration", "stance", "frames",
    "cues", "char_start", "char_end", "quote_id",
]

_STATEMENTS_SQL = """
SELECT s.statement_id, s.doc_id, d.url, d.outlet, d.published, d.lang, s.kind, s.text,
       s.speaker_mention, sp.speaker, s.speaker_id, s.about_migration, s.stance,
       s.frames, s.cues, s.char_start, s.char_end, d.title, s.speaker_start, s.speaker_end,
       s.label_model, NULL::VARCHAR AS quote_id
FROM statements s
JOIN documents d USING (doc_id)
LEFT JOIN speakers sp USING (speaker_id)
"""


@dataclass
class StatementFilter:
    speaker: str | None = None
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    stance: str | None = None
    frame: str | None = None
    about_migration: bool | None = True
    doc_id: str | None = None
    period: tuple[dt.date, dt.date] | None = None  # [start, end)
    lang: str | None = None
    text: str | None = None

    # the table alias whose published / outlet / lang columns the clauses read: the document ("d"), or,
    # in the analysis stage, the statement itself ("s", schema version 2 copies them there)
    doc_alias: ClassVar[str] = "d"

    def where(self, con: duckdb.DuckDBPyConnection, doc_alias: str | None = None) -> tuple[str, list]:
        clauses, params = [], []
        d = doc_alias or self.doc_alias
        if self.speaker:
            ids = resolve_speaker(con, self.speaker)
            clauses.append(f"s.speaker_id IN ({', '.join('?' for _ in ids) or 'NULL'})")
            params.extend(ids)
        if self.outlet:
            clauses.append(f"lower({d}.outlet) = lower(?)")
            params.append(self.outlet)
        if self.since:
            clauses.append(f"{d}.published >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{d}.published <= ?")
            params.append(self.until)
        if self.period:
            clauses.append(f"{d}.published >= ? AND {d}.published < ?")
            params.extend(self.period)
        if self.stance:
            clauses.append("s.stance = ?")
            params.append(self.stance)
        if self.frame:
            clauses.append("list_contains(s.frames, ?)")
            params.append(self.frame)
        if self.about_migration is not None:
            clauses.append("s.about_migration = ?")
            params.append(self.about_migration)
        if self.doc_id:
            clauses.append("s.doc_id = ?")
            params.append(self.doc_id)
        if self.lang:
            clauses.append(f"{d}.lang = ?")
            params.append(self.lang)
        if self.text:
            clauses.append("s.text ILIKE ?")
            params.append(f"%{self.text}%")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class UnknownSpeaker(ShiftwatchError):
    """A speaker filter that names nobody in the store."""


def parse_date(value: str | dt.date | None, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ShiftwatchError(f"{name} must be a date like 2024-03-31, not {value!r}") from None


def make_filter(con: duckdb.DuckDBPyConnection | None, cls: type = StatementFilter, *, speaker: str | None = None,
                outlet: str | None = None, since=None, until=None, stance: str | None = None,
                frame: str | None = None, about_migration: bool | None = True, names: dict | None = None):
    """A filter from what a user typed, checked the same way for the CLI and the API:
    a bad value is a ShiftwatchError naming the option (``names`` maps a field to how
    the caller spells it, e.g. since -> --since); an unknown speaker is UnknownSpeaker."""
    names = names or {}
    say = lambda field: names.get(field, field)  # noqa: E731
    if stance and stance not in STANCES:
        raise ShiftwatchError(f"{say('stance')} must be one of {', '.join(STANCES)}, not {stance!r}")
    if frame and frame not in FRAMES:
        raise ShiftwatchError(f"{say('frame')} must be one of {', '.join(FRAMES)}, not {frame!r}")
    flt = cls(speaker=speaker or None, outlet=outlet or None, since=parse_date(since, say("since")),
              until=parse_date(until, say("until")), stance=stance or None, frame=frame or None,
              about_migration=about_migration)
    if flt.since and flt.until and flt.since > flt.until:
        raise ShiftwatchError(f"{say('since')} must not be after {say('until')}")
    if flt.speaker and con is not None:
        ids = resolve_speaker(con, flt.speaker)
        if not ids:
            raise UnknownSpeaker(f"no speaker matches {speaker!r}: see 'shiftwatch speakers'")
        if hasattr(flt, "speaker_id_list"):
            flt.speaker_id_list = ids
    return flt


def resolve_speaker(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """Speaker ids that an id, a canonical name or any alias (either script) names."""
    key = alias_key(name)
    rows = con.execute(
        """SELECT speaker_id FROM speakers WHERE speaker_id = ? OR lower(speaker) = ? OR lower(name_ru) = ?
           UNION SELECT speaker_id FROM speaker_aliases WHERE alias_key = ?""",
        [name.strip().lower(), name.strip().lower(), name.strip().lower(), key],
    ).fetchall()
    return sorted({r[0] for r in rows})


# schema 2: the statements are filtered (and a page cut) on their own columns first, and only
# those found are joined: a page of 50 joins 50 rows, not every statement of the filter
_STATEMENTS_SQL_V2 = """
WITH s AS (SELECT * FROM statements s {where} {page})
SELECT s.statement_id, s.doc_id, d.url, s.outlet, s.published, s.lang, s.kind, s.text,
       s.speaker_mention, sp.speaker, s.speaker_id, s.about_migration, s.stance,
       s.frames, s.cues, s.char_start, s.char_end, d.title, s.speaker_start, s.speaker_end,
       s.label_model, {quote_id} AS quote_id
FROM s
JOIN documents d USING (doc_id)
LEFT JOIN speakers sp USING (speaker_id)
ORDER BY s.published NULLS LAST, s.doc_id, s.char_start"""


def has_doc_columns(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether statements carry their document's published, outlet and lang (schema version 2)."""
    return bool(con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'statements' AND column_name = 'published'"
        " AND schema_name = 'main' AND database_name = current_database()"
    ).fetchone()[0])


def has_quotes(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether statements name their quote (schema version 5; an older store opened read-only does not)."""
    return bool(con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'statements' AND column_name = 'quote_id'"
        " AND schema_name = 'main' AND database_name = current_database()"
    ).fetchone()[0])


QUOTE_COLUMNS = [
    "quote_id", "speaker_id", "speaker", "text", "first_published", "first_outlet", "first_doc_id",
    "reports", "outlets", "languages", "statement_ids",
]


def quotes(con: duckdb.DuckDBPyConnection, speaker: str | None = None, min_reports: int = 1,
           limit: int | None = None, offset: int = 0) -> tuple[int, list[dict]]:
    """(how many, the rows) of quotes, most reported first: one statement by one
    speaker with every report of it (interface.md "Quotes"). ``outlets`` in the
    order they reported it, each once; ``lag_days`` from the first report to the last."""
    if not isinstance(min_reports, int) or min_reports < 1:
        raise ShiftwatchError(f"min-reports must be a whole number of at least 1, not {min_reports!r}")
    if not has_quotes(con):
        raise ShiftwatchError("this store has no quotes yet (schema before version 5): "
                              "run 'shiftwatch analyze' on it once to upgrade it and group its statements")
    where, params = ["reports >= ?"], [min_reports]
    if speaker:
        ids = resolve_speaker(con, speaker)
        if not ids:
            raise UnknownSpeaker(f"no speaker matches {speaker!r}: see 'shiftwatch speakers'")
        where.append("speaker_id IN (SELECT unnest(?::VARCHAR[]))")
        params.append(ids)
    clause = " WHERE " + " AND ".join(where)
    total = con.execute("SELECT count(*) FROM quotes" + clause, params).fetchone()[0]
    sql = ("SELECT * FROM quotes" + clause +
           " ORDER BY reports DESC, first_published NULLS LAST, first_published_at NULLS LAST, quote_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    cur = con.execute(sql, params)
    names = [c[0] for c in cur.description]
    return total, [_quote_row(dict(zip(names, r))) for r in cur.fetchall()]


def quote_reports(con: duckdb.DuckDBPyConnection, quote_ids: list[str]) -> dict[str, list[dict]]:
    """quote_id -> its reports, first report first: where and when each outlet carried it, with
    the link to the source and the lag from the first report (hours when both have a time of
    day, else days)."""
    if not quote_ids or not has_quotes(con):
        return {}
    cur = con.execute(
        """SELECT s.quote_id, s.statement_id, s.doc_id, s.outlet, s.published, d.published_at, d.url, d.title,
                  s.lang, s.text, s.speaker_id
           FROM statements s JOIN documents d USING (doc_id)
           WHERE s.quote_id IN (SELECT unnest(?::VARCHAR[]))
           ORDER BY s.quote_id, s.published NULLS LAST, d.published_at NULLS LAST, s.statement_id""", [list(quote_ids)])
    names = [c[0] for c in cur.description]
    grouped: dict[str, list[dict]] = {}
    for r in cur.fetchall():
        row = dict(zip(names, r))
        grouped.setdefault(row.pop("quote_id"), []).append(row)
    for reports in grouped.values():
        first = reports[0]
        for row in reports:
            row["first"] = row is first
            day, at = row["published"], row["published_at"]
            row["lag_days"] = (day - first["published"]).days if day and first["published"] else None
            row["lag_hours"] = (round((at - first["published_at"]).total_seconds() / 3600, 2)
                                if at and first["published_at"] else None)
        for row in reports:  # after every lag is taken from the first's values
            row["published"] = row["published"].isoformat() if row["published"] else None
            row["published_at"] = row["published_at"].isoformat(timespec="minutes") if row["published_at"] else None
    return grouped


def quote(con: duckdb.DuckDBPyConnection, quote_id: str) -> dict | None:
    """One quote (a row of ``quotes``) with its reports as ``items`` (``quote_reports``): how it travelled."""
    if not has_quotes(con):
        raise ShiftwatchError("this store has no quotes yet (schema before version 5): "
                              "run 'shiftwatch analyze' on it once to upgrade it and group its statements")
    cur = con.execute("SELECT * FROM quotes WHERE quote_id = ?", [quote_id])
    row = cur.fetchone()
    if row is None:
        return None
    out = _quote_row(dict(zip([c[0] for c in cur.description], row)))
    out["items"] = quote_reports(con, [quote_id]).get(quote_id, [])
    return out


def _quote_row(row: dict) -> dict:
    for k in ("first_published", "last_published"):
        if isinstance(row.get(k), dt.date):
            row[k] = row[k].isoformat()
    if isinstance(row.get("first_published_at"), dt.datetime):
        row["first_published_at"] = row["first_published_at"].isoformat(timespec="seconds")
    row["outlets"] = list(dict.fromkeys(row["outlets"] or []))
    row["languages"] = list(row["languages"] or [])
    row["statement_ids"] = list(row["statement_ids"] or [])
    return row


class StatementRows:
    """Rows of ``statements(..., lazy=True)``: as DuckDB returned them, made into dicts only
    when a slice is taken. Converting every row of a filter costs more than the query once
    the statements are clustered; a page converts its own rows."""

    def __init__(self, names: list[str], rows: list[tuple]):
        self.names, self.rows = names, rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: slice) -> list[dict]:
        return [_row(dict(zip(self.names, r))) for r in self.rows[index]]


def statements(
    con: duckdb.DuckDBPyConnection,
    flt: StatementFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
    lazy: bool = False,
) -> list[dict] | StatementRows:
    flt = flt or StatementFilter()
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    if has_doc_columns(con):
        where, params = flt.where(con, doc_alias="s")
        sql = _STATEMENTS_SQL_V2.format(
            where=where, quote_id="s.quote_id" if has_quotes(con) else "NULL::VARCHAR",
            page=" ORDER BY s.published NULLS LAST, s.doc_id, s.char_start" + page if page else "")
    else:
        where, params = flt.where(con)
        sql = _STATEMENTS_SQL + where + " ORDER BY d.published NULLS LAST, s.doc_id, s.char_start" + page
    cur = con.execute(sql, params)
    names = [c[0] for c in cur.description]
    if lazy:
        return StatementRows(names, cur.fetchall())
    return [_row(dict(zip(names, r))) for r in cur.fetchall()]


def warm(con: duckdb.DuckDBPyConnection) -> None:
    """Read the columns every statements query of a speaker looks things up in: the documents'
    id, url and title (a speaker's rows join documents spread over the whole table), the
    speakers and their aliases, the catalog. The dashboard does it at start, so that its first
    answer does not wait for the disk; any first speaker query would read them all anyway."""
    has_doc_columns(con), has_quotes(con)
    con.execute("SELECT max(length(doc_id)), max(length(url)), max(length(title)) FROM documents").fetchall()
    con.execute("SELECT count(*), max(length(speaker)), max(length(name_ru)) FROM speakers").fetchall()
    con.execute("SELECT max(length(alias_key)) FROM speaker_aliases").fetchall()


def count_statements(con: duckdb.DuckDBPyConnection, flt: StatementFilter | None = None) -> int:
    flt = flt or StatementFilter()
    if has_doc_columns(con):
        where, params = flt.where(con, doc_alias="s")
        return con.execute("SELECT count(*) FROM statements s" + where, params).fetchone()[0]
    where, params = flt.where(con)
    return con.execute(
        "SELECT count(*) FROM statements s JOIN documents d USING (doc_id)" + where, params
    ).fetchone()[0]


def _row(r: dict) -> dict:
    if isinstance(r.get("published"), dt.date):
        r["published"] = r["published"].isoformat()
    r["frames"] = list(r.get("frames") or [])
    r["cues"] = list(r.get("cues") or [])
    return r


def speakers(con: duckdb.DuckDBPyConnection, only_seen: bool = True) -> list[dict]:
    sql = """
    WITH stats AS (
        SELECT s.speaker_id, count(*) AS statements,
               avg(CASE s.stance WHEN 'restrictive' THEN -1 WHEN 'neutral' THEN 0
                                 WHEN 'welcoming' THEN 1 END) AS mean_stance,
               min(d.published) AS first_seen, max(d.published) AS last_seen
        FROM statements s JOIN documents d USING (doc_id)
        WHERE s.speaker_id IS NOT NULL GROUP BY s.speaker_id
    )
    SELECT sp.speaker_id, sp.speaker, sp.name_ru, sp.kind, sp.role,
           coalesce(list_sort(list(DISTINCT a.alias) FILTER (WHERE a.alias IS NOT NULL)), []) AS aliases,
           coalesce(st.statements, 0) AS statements, round(st.mean_stance, 3) AS mean_stance,
           st.first_seen, st.last_seen
    FROM speakers sp
    LEFT JOIN stats st USING (speaker_id)
    LEFT JOIN speaker_aliases a USING (speaker_id)
    {where}
    GROUP BY ALL
    ORDER BY statements DESC, sp.speaker_id
    """.format(where="WHERE st.statements > 0" if only_seen else "")
    cur = con.execute(sql)
    names = [c[0] for c in cur.description]
    out = []
    for r in cur.fetchall():
        row = dict(zip(names, r))
        for k in ("first_seen", "last_seen"):
            if isinstance(row[k], dt.date):
                row[k] = row[k].isoformat()
        seen, aliases = set(), []
        for a in row["aliases"] or []:
            if a.lower() not in seen:
                seen.add(a.lower())
                aliases.append(a)
        row["aliases"] = aliases
        out.append(row)
    return out


def rejected(con: duckdb.DuckDBPyConnection) -> list[dict]:
    cur = con.execute('SELECT source, reason, "at" FROM rejected ORDER BY "at", source')
    return [
        {"source": s, "reason": r, "at": a.isoformat(timespec="seconds") if a else None}
        for s, r, a in cur.fetchall()
    ]


def to_jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)


# -- measures -----------------------------------------------------------------------

MEASURE_COLUMNS = [
    "measure_id", "event_id", "doc_id", "url", "outlet", "published", "lang", "text", "char_start", "char_end",
    "kind", "authority", "authority_id", "level", "region", "sectors", "status", "direction", "effective", "cues",
]
EVENT_COLUMNS = [
    "event_id", "kind", "authority_id", "status", "direction", "first_published", "first_outlet", "reports", "outlets",
    "initiative_id", "stage", "first_doc_id", "measure_ids",
]


@dataclass
class MeasureFilter:
    kind: str | None = None
    status: str | None = None
    authority: str | None = None
    region: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    authority_ids: list[str] | None = None

    def where(self, date_col: str = "m.published", alias: str = "m") -> tuple[str, list]:
        clauses, params = [], []
        if self.kind:
            clauses.append(f"{alias}.kind = ?")
            params.append(self.kind)
        if self.status:
            clauses.append(f"{alias}.status = ?")
            params.append(self.status)
        if self.authority_ids is not None:
            ids = self.authority_ids or [None]
            clauses.append(f"{alias}.authority_id IN ({', '.join('?' for _ in ids)})")
            params.extend(ids)
        if self.region:
            clauses.append("lower(m.region) = lower(?)")
            params.append(self.region)
        if self.since:
            clauses.append(f"{date_col} >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{date_col} <= ?")
            params.append(self.until)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def make_measure_filter(con: duckdb.DuckDBPyConnection | None, *, kind=None, status=None, authority=None, region=None,
                        since=None, until=None, names: dict | None = None) -> MeasureFilter:
    """Checked like make_filter: a bad value is a one-line ShiftwatchError naming the option."""
    names = names or {}
    say = lambda field: names.get(field, field)  # noqa: E731
    if kind and kind not in MEASURE_KINDS:
        raise ShiftwatchError(f"{say('kind')} must be one of {', '.join(MEASURE_KINDS)}, not {kind!r}")
    if status and status not in MEASURE_STATUSES:
        raise ShiftwatchError(f"{say('status')} must be one of {', '.join(MEASURE_STATUSES)}, not {status!r}")
    flt = MeasureFilter(kind=kind or None, status=status or None, authority=authority or None, region=region or None,
                        since=parse_date(since, say("since")), until=parse_date(until, say("until")))
    if flt.since and flt.until and flt.since > flt.until:
        raise ShiftwatchError(f"{say('since')} must not be after {say('until')}")
    if flt.authority and con is not None:
        ids = set(resolve_speaker(con, flt.authority))
        ids |= {r[0] for r in con.execute(
            "SELECT DISTINCT authority_id FROM measures WHERE authority_id = ? OR lower(authority) = lower(?)",
            [flt.authority.strip().lower(), flt.authority.strip()]).fetchall() if r[0]}
        if not ids:
            raise UnknownSpeaker(f"no authority matches {authority!r}: see 'shiftwatch measures --events'")
        flt.authority_ids = sorted(ids)
    return flt


def measures(con: duckdb.DuckDBPyConnection, flt: MeasureFilter | None = None, limit: int | None = None,
             offset: int = 0) -> list[dict]:
    """One row per measure report, oldest first."""
    flt = flt or MeasureFilter()
    where, params = flt.where()
    sql = f"""SELECT m.measure_id, m.event_id, m.doc_id, d.url, m.outlet, m.published, m.lang, m.text, m.char_start,
                     m.char_end, m.kind, m.authority, m.authority_id, m.level, m.region, m.sectors, m.status, m.direction,
                     m.effective, m.cues, m.stage, d.title
              FROM measures m JOIN documents d USING (doc_id){where}
              ORDER BY m.published NULLS LAST, m.doc_id, m.char_start"""
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return [_measure_row(r) for r in _dicts(con.execute(sql, params))]


def measure_events(con: duckdb.DuckDBPyConnection, flt: MeasureFilter | None = None, limit: int | None = None,
                   offset: int = 0) -> list[dict]:
    """One row per event (one act at one stage), in order of its first report."""
    flt = flt or MeasureFilter()
    where, params = flt.where(date_col="e.first_published", alias="e")
    if flt.region:  # events hold no region: an event is in a region when one of its reports is
        where = where.replace("lower(m.region) = lower(?)",
                              "e.event_id IN (SELECT event_id FROM measures m WHERE lower(m.region) = lower(?))")
    sql = f"""SELECT e.event_id, e.kind, e.authority_id, e.status, e.direction, e.first_published, e.first_outlet,
                     e.reports, e.outlets, e.initiative_id, e.stage, e.first_doc_id, e.measure_ids
              FROM measure_events e{where} ORDER BY e.first_published NULLS LAST, e.event_id"""
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return [_measure_row(r) for r in _dicts(con.execute(sql, params))]


def _dicts(cur) -> list[dict]:
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


ALERT_COLUMNS = ["alert_id", "at", "rule", "kind", "group", "summary", "refs"]


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the store has this table or view (``quotes`` is a view)."""
    return bool(con.execute(
        "SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'"
        " AND database_name = current_database()) + (SELECT count(*) FROM duckdb_views() WHERE view_name = ?"
        " AND schema_name = 'main' AND database_name = current_database())", [table, table],
    ).fetchone()[0])


def alerts(con: duckdb.DuckDBPyConnection, since: dt.date | None = None) -> list[dict]:
    """Raised alerts, newest first (``shiftwatch alerts``); none on a store from before alerts."""
    if not has_table(con, "alerts"):
        return []
    where, params = ("", [])
    if since:
        where, params = ' WHERE "at" >= ?', [since]
    cur = con.execute(
        f'SELECT alert_id, "at", rule, kind, "group", summary, refs FROM alerts{where} ORDER BY "at" DESC, alert_id',
        params,
    )
    out = []
    for r in cur.fetchall():
        row = dict(zip(ALERT_COLUMNS, r))
        row["at"] = row["at"].isoformat(timespec="seconds") if row["at"] else None
        row["refs"] = list(row["refs"] or [])
        out.append(row)
    return out


def _measure_row(r: dict) -> dict:
    for k in ("published", "effective", "first_published"):
        if isinstance(r.get(k), dt.date):
            r[k] = r[k].isoformat()
    for k in ("sectors", "cues", "outlets", "measure_ids"):
        if k in r:
            r[k] = list(r[k] or [])
    return r


def spread_quotes(con: duckdb.DuckDBPyConnection, min_outlets: int) -> list[dict]:
    """Quotes (the quotes stage) reported by at least ``min_outlets`` outlets; none before that stage exists."""
    if not has_table(con, "quotes"):
        return []
    cols = {r[0]: r[1] for r in con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'quotes' AND schema_name = 'main'"
        " AND database_name = current_database()").fetchall()}
    if "outlets" not in cols:
        return []
    n = "len(outlets)" if cols["outlets"].endswith("[]") else "outlets"
    cur = con.execute(f"SELECT * FROM quotes WHERE {n} >= ?", [min_outlets])
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]
