"""Read queries shared by the CLI, the Python API, the report and the dashboard."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import ClassVar

import duckdb

from .errors import ShiftwatchError

from .names import alias_key
from .records import FRAMES, STANCE_VALUE, STANCES  # noqa: F401 - the read side's vocabulary

STATEMENT_COLUMNS = [
    "statement_id", "doc_id", "url", "outlet", "published", "lang", "kind", "text",
    "speaker_mention", "speaker", "speaker_id", "about_migration", "stance", "frames",
    "cues", "char_start", "char_end",
]

_STATEMENTS_SQL = """
SELECT s.statement_id, s.doc_id, d.url, d.outlet, d.published, d.lang, s.kind, s.text,
       s.speaker_mention, sp.speaker, s.speaker_id, s.about_migration, s.stance,
       s.frames, s.cues, s.char_start, s.char_end, d.title, s.speaker_start, s.speaker_end,
       s.label_model
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
       s.label_model
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


def statements(
    con: duckdb.DuckDBPyConnection,
    flt: StatementFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict]:
    flt = flt or StatementFilter()
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    if has_doc_columns(con):
        where, params = flt.where(con, doc_alias="s")
        sql = _STATEMENTS_SQL_V2.format(
            where=where, page=" ORDER BY s.published NULLS LAST, s.doc_id, s.char_start" + page if page else "")
    else:
        where, params = flt.where(con)
        sql = _STATEMENTS_SQL + where + " ORDER BY d.published NULLS LAST, s.doc_id, s.char_start" + page
    cur = con.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [_row(dict(zip(names, r))) for r in cur.fetchall()]


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


ALERT_COLUMNS = ["alert_id", "at", "rule", "kind", "group", "summary", "refs"]


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'"
        " AND database_name = current_database()", [table],
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


def measure_events(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Rows of ``measure_events`` (the measures stage), none before that stage exists."""
    if not has_table(con, "measure_events"):
        return []
    cur = con.execute("SELECT * FROM measure_events")
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


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
