"""Words and deeds: the stance of what was said beside the measures that were taken.

For the whole corpus, a speaker (who is also an authority: its acts), a body
or a region, the time axis is cut where the stance shifts (or in halves when
it does not), and each part is compared with the one before: did the
rhetoric get softer or harder, and how many restrictive and welcoming acts
were adopted or came into force meanwhile. Where the two point different
ways, a plain sentence says so ("rhetoric got softer while 4 restrictive
measures were adopted").
"""

from __future__ import annotations

import datetime as dt

import duckdb

from ..query import has_table
from .common import Filter, iso
from .shifts import shifts
from .timeline import timeline

DEEDS_COLUMNS = ["group", "since", "until", "stance_before", "stance_after", "rhetoric", "statements",
                 "restrictive_acts", "welcoming_acts", "parts", "summary", "event_ids"]
ACTED = ("adopted", "in_force", "lifted")  # an act, not yet a proposal
MIN_MOVE = 0.1  # a change of mean stance smaller than this is "steady"


def words_and_deeds(con: duckdb.DuckDBPyConnection, speaker: str | None = None, region: str | None = None,
                    freq: str = "month") -> list[dict]:
    """One row per period of the stance series (cut at its shifts) after the first."""
    flt = Filter()
    group = "all"
    if speaker:
        from .common import speaker_ids

        flt = Filter(speaker=speaker)
        flt.speaker_id_list = speaker_ids(con, speaker)
        group = speaker
    rows = [r for r in timeline(con, "all", freq, flt) if r["statements"]]
    if len(rows) < 2:
        return []
    cuts = [dt.date.fromisoformat(s["date"]) for s in shifts(con, "all", 10, flt).rows() if s.get("kind", "stance") == "stance"]
    periods = _periods(rows, cuts)
    events = _events(con, flt.speaker_id_list if speaker else None, region)
    out = []
    for before, after in zip(periods, periods[1:]):
        lo, hi = after[0]["period_start"], after[-1]["period_end"]
        acts = [e for e in events if lo <= e["first_published"] < hi]
        res = [e for e in acts if e["direction"] == "restrictive"]
        wel = [e for e in acts if e["direction"] == "welcoming"]
        sb, sa = _mean(before), _mean(after)
        move = "softer" if sa - sb >= MIN_MOVE else "harder" if sb - sa >= MIN_MOVE else "steady"
        parts = (move == "softer" and len(res) > len(wel)) or (move == "harder" and len(wel) > len(res))
        who = "the corpus's" if group == "all" else f"{group}'s"
        summary = (f"{lo} – {hi}: {who} rhetoric got {move} ({sb:+.2f} → {sa:+.2f}) while "
                   f"{len(res)} restrictive and {len(wel)} welcoming measures were adopted or came into force")
        if region:
            summary += f" in {region}"
        if parts:
            summary += ": words and deeds part"
        out.append({
            "group": group, "since": lo, "until": hi, "stance_before": round(sb, 3), "stance_after": round(sa, 3),
            "rhetoric": move, "statements": sum(r["statements"] for r in after),
            "restrictive_acts": len(res), "welcoming_acts": len(wel), "parts": parts, "summary": summary,
            "event_ids": [e["event_id"] for e in acts],
        })
    return out


def _periods(rows: list[dict], cuts: list[dt.date]) -> list[list[dict]]:
    """The timeline rows in runs between the shift dates, or in two halves."""
    if not cuts:
        half = len(rows) // 2
        return [rows[:half], rows[half:]]
    periods, current = [], []
    bounds = sorted(cuts)
    for r in rows:
        if bounds and r["period_start"] >= iso(bounds[0]) and current:
            periods.append(current)
            current = []
            while bounds and r["period_start"] >= iso(bounds[0]):
                bounds.pop(0)
        current.append(r)
    if current:
        periods.append(current)
    return [p for p in periods if p]


def _mean(rows: list[dict]) -> float:
    n = sum(r["statements"] for r in rows)
    return sum(r["mean_stance"] * r["statements"] for r in rows) / n if n else 0.0


def _events(con: duckdb.DuckDBPyConnection, authority_ids: list[str] | None, region: str | None) -> list[dict]:
    if not has_table(con, "measure_events"):
        return []
    clauses = [f"e.status IN ({', '.join(repr(s) for s in ACTED)})", "e.first_published IS NOT NULL"]
    params: list = []
    if authority_ids is not None:
        clauses.append(f"e.authority_id IN ({', '.join('?' for _ in authority_ids) or 'NULL'})")
        params.extend(authority_ids)
    if region:
        clauses.append("e.event_id IN (SELECT event_id FROM measures WHERE lower(region) = lower(?))")
        params.append(region)
    rows = con.execute(
        f"""SELECT e.event_id, e.first_published, e.direction FROM measure_events e
            WHERE {' AND '.join(clauses)} ORDER BY e.first_published""", params).fetchall()
    return [{"event_id": e, "first_published": iso(p), "direction": d} for e, p, d in rows]
