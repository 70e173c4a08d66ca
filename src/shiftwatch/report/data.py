"""The data behind the report and the dashboard: one JSON-ready bundle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from .. import query

from .. import analysis
from ..analysis.common import STANCE_SQL, counted_from, counted_where, iso

TOP_SPEAKERS = 30
TOP_OUTLETS = 15
EMBED_LIMIT = 20_000  # statements embedded in a report; above it, a sample per speaker and month
EMBED_PER_CELL = 25
TEXT_LIMIT = 2_000
QUOTES_SHOWN = 200  # quotes reported more than once, in the report and the dashboard


def choose_freq(con: duckdb.DuckDBPyConnection) -> str:
    """Weeks for a corpus spanning under four months, months otherwise."""
    where, params = counted_where(con, None)
    src = counted_from(con)
    lo, hi = con.execute(
        f"SELECT min(s.published), max(s.published) FROM {src} {where}", params
    ).fetchone()
    if lo is None or (hi - lo).days >= 120:
        return "month"
    return "week"


def bundle(con: duckdb.DuckDBPyConnection, db_path: str | Path = "", embed_statements: bool = True,
           freq: str | None = None) -> dict:
    """Everything the views show: timelines, shifts, frames, fragmentation (and the statements)."""
    freq = freq or choose_freq(con)
    where, params = counted_where(con, None)
    src = counted_from(con)
    n, docs, lo, hi, n_speakers, n_outlets = con.execute(
        f"""SELECT count(*), count(DISTINCT doc_id), min(s.published), max(s.published),
                   count(DISTINCT s.speaker_id), count(DISTINCT s.outlet)
            FROM {src} {where}""", params).fetchone()
    overview = analysis.timeline(con, "all", freq)
    groups = {}
    for by, top in (("speaker", TOP_SPEAKERS), ("outlet", TOP_OUTLETS)):
        rows = analysis.timeline(con, by, freq)
        result = analysis.shifts(con, by, frames=True)
        per: dict[str, dict] = {}
        for r in (r for r in rows if r["statements"]):  # periods with acts alone carry no stance
            g = per.setdefault(r["group"], {"id": r["group"], "label": r["label"], "statements": 0, "sum": 0.0,
                                            "timeline": [], "shifts": []})
            g["timeline"].append(r)
            g["statements"] += r["statements"]
            g["sum"] += r["mean_stance"] * r["statements"]
        for s in result.shifts:
            if s.group in per:
                per[s.group]["shifts"].append(s.as_dict())
        ranked = sorted(per.values(), key=lambda g: (-g["statements"], g["id"]))
        ranked = [g for g in ranked if not (by == "speaker" and g["id"] == "unknown")][:top]
        for g in ranked:
            g["mean_stance"] = round(g.pop("sum") / g["statements"], 3) if g["statements"] else None
        groups[by] = ranked
    all_shifts = analysis.shifts(con, "all", frames=True, min_statements=2)
    stance_shifts = [s for g in groups.values() for x in g for s in x["shifts"] if s["kind"] == "stance"]
    frag = analysis.fragmentation(con, freq)
    out = {
        "meta": {
            "title": f"Migration rhetoric: {Path(str(db_path)).stem or 'shiftwatch'}",
            "db": Path(str(db_path)).name,
            "generated": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "statements": n, "documents": docs, "speakers": n_speakers, "outlets": n_outlets,
            "since": iso(lo), "until": iso(hi), "freq": freq,
        },
        "frames": list(analysis.FRAMES),
        "overview": {"timeline": overview, "shifts": all_shifts.rows()},
        "groups": groups,
        "shifts": sorted([s for s in all_shifts.rows() if s["kind"] == "stance"] + stance_shifts,
                             key=lambda s: (s["date"], s["group"])),
        "frames_timeline": analysis.timeline(con, "frame", freq),
        "fragmentation": frag,
        "fragmentation_summary": analysis.fragmentation_summary(frag),
        "measures": measure_events(con),
        "deeds": analysis.words_and_deeds(con, freq=freq),
        "statements": [],
        "statements_note": "",
        "alerts": query.alerts(con)[:200],
        "quotes": spread_quotes(con),
    }
    if embed_statements:
        out["statements"], out["statements_note"] = embedded_statements(con, n)
    return out


def spread_quotes(con: duckdb.DuckDBPyConnection, limit: int = QUOTES_SHOWN) -> list[dict]:
    """The quotes reported more than once, most reported first, each with its reports as ``items`` (for "how
    this quote travelled": the report has no API to ask)."""
    if not query.has_table(con, "quotes") or not query.has_quotes(con):
        return []
    _, rows = query.quotes(con, min_reports=2, limit=limit)
    reports = query.quote_reports(con, [r["quote_id"] for r in rows])
    for r in rows:
        r["text"] = (r.get("text") or "")[:TEXT_LIMIT]
        r["items"] = [{**x, "text": (x.get("text") or "")[:TEXT_LIMIT]} for x in reports.get(r["quote_id"], [])]
    return rows


def measure_events(con: duckdb.DuckDBPyConnection, limit: int = 2000) -> list[dict]:
    """The measure events for the words-and-deeds lane, each with its reports (links to the sources)."""
    from ..query import has_table

    if not has_table(con, "measure_events"):
        return []
    cur = con.execute(
        f"""SELECT e.event_id, e.initiative_id, e.kind, e.authority_id, coalesce(sp.speaker, e.authority_id) AS authority,
                   e.status, e.stage, e.direction, e.first_published, e.first_outlet, e.reports, e.outlets,
                   list({{'outlet': m.outlet, 'published': m.published, 'url': d.url, 'title': d.title,
                          'text': left(m.text, {TEXT_LIMIT}), 'lang': m.lang}} ORDER BY m.published, m.doc_id) AS items
            FROM measure_events e JOIN measures m USING (event_id) JOIN documents d USING (doc_id)
            LEFT JOIN speakers sp ON sp.speaker_id = e.authority_id
            WHERE e.first_published IS NOT NULL
            GROUP BY ALL ORDER BY e.first_published, e.event_id LIMIT {int(limit)}""")
    names = [c[0] for c in cur.description]
    out = []
    for r in cur.fetchall():
        row = dict(zip(names, r))
        row["first_published"] = iso(row["first_published"])
        row["outlets"] = list(row["outlets"] or [])
        row["items"] = [{**i, "published": iso(i["published"])} for i in row["items"]]
        out.append(row)
    return out


def embedded_statements(con: duckdb.DuckDBPyConnection, total: int) -> tuple[list[dict], str]:
    """The counted statements, or a sample of them per speaker and month when there are too many."""
    where, params = counted_where(con, None)
    src = counted_from(con)
    sample = total > EMBED_LIMIT
    sql = f"""
    SELECT * EXCLUDE (rn) FROM (
      SELECT s.statement_id, s.published, s.speaker_id, coalesce(sp.speaker, sp.name_ru) AS speaker,
             s.speaker_mention, s.outlet, d.url, d.title, s.lang, s.kind, s.stance, {STANCE_SQL} AS value,
             s.frames, s.cues, left(s.text, {TEXT_LIMIT}) AS text,
             row_number() OVER (PARTITION BY s.speaker_id, date_trunc('month', s.published)
                                ORDER BY hash(s.statement_id)) AS rn
      FROM {src} JOIN documents d USING (doc_id) LEFT JOIN speakers sp USING (speaker_id) {where})
    {"WHERE rn <= " + str(EMBED_PER_CELL) if sample else ""}
    ORDER BY published, statement_id LIMIT {EMBED_LIMIT}"""
    cur = con.execute(sql, params)
    names = [c[0] for c in cur.description]
    rows = []
    for r in cur.fetchall():
        row = dict(zip(names, r))
        row["published"] = iso(row["published"])
        row["frames"] = list(row["frames"] or [])
        row["cues"] = list(row["cues"] or [])
        rows.append(row)
    note = ""
    if sample or len(rows) < total:
        note = (f"This report holds {len(rows):,} of {total:,} statements (up to {EMBED_PER_CELL} per speaker and "
                "month); 'shiftwatch serve' or 'shiftwatch statements' list them all.")
    return rows, note
