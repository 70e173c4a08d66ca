"""Mean stance and frame shares per group and period."""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

import duckdb

from ..errors import ShiftwatchError
from ..query import StatementFilter, has_table
from . import cache as _cache
from .common import FRAMES, FREQS, GROUPINGS, STANCE_SQL, counted_from, counted_where, group_labels, iso, period_end

TIMELINE_COLUMNS = [
    "group", "label", "period_start", "statements", "mean_stance", "ci_low", "ci_high",
    "n_restrictive", "n_neutral", "n_welcoming",
    *[f"share_{f}" for f in FRAMES],
    "measures", "measures_restrictive", "measures_welcoming",
]

# the measures lane: events (one per act and stage) by the period of their first report
_MEASURE_GROUP_SQL = {"all": "'all'", "speaker": "e.authority_id", "outlet": "e.first_outlet"}

_GROUP_SQL = {
    "all": "'all'",
    "speaker": "coalesce(s.speaker_id, 'unknown')",
    "outlet": "coalesce(s.outlet, 'unknown')",
}


def check(by: str, freq: str, allowed: tuple[str, ...] = GROUPINGS) -> None:
    if by not in allowed:
        raise ShiftwatchError(f"--by must be one of {', '.join(allowed)}, not {by!r}")
    if freq not in FREQS:
        raise ShiftwatchError(f"--freq must be one of {', '.join(FREQS)}, not {freq!r}")


def timeline(
    con: duckdb.DuckDBPyConnection,
    by: str = "all",
    freq: str = "month",
    flt: StatementFilter | None = None,
    *,
    cache: bool = True,
    fingerprint: str | None = None,
) -> list[dict]:
    """One row per group and period (see TIMELINE_COLUMNS), ordered by group and period.

    With ``cache`` the result is read from (and, on a read-write connection,
    written to) the store's analysis cache, keyed by the store's
    ``fingerprint`` (computed unless given); see ``analysis.cache``.

    ``mean_stance`` is the mean of restrictive -1, neutral 0, welcoming +1, with
    a 95% Student-t interval (``ci_low``, ``ci_high``, clipped to [-1, 1]; the
    whole range for a single statement). With ``by="frame"`` a statement counts
    once for each of its frames, and ``share`` is the frame's share of all
    counted statements of the period.
    """
    check(by, freq)
    key = _cache.make_key("timeline", 2, by, freq, flt)
    return _cache.cached(con, key, lambda: _timeline(con, by, freq, flt), lambda rows: rows, lambda rows: rows,
                         fingerprint, cache)


def _timeline(con: duckdb.DuckDBPyConnection, by: str, freq: str, flt: StatementFilter | None) -> list[dict]:
    where, params = counted_where(con, flt)
    src = counted_from(con, flt)
    shares = ", ".join(f"count_if(list_contains(frames, '{f}')) AS n_{f}" for f in FRAMES)
    if by == "frame":
        base = f"""SELECT unnest(s.frames) AS grp, date_trunc('{freq}', s.published)::DATE AS period,
                          {STANCE_SQL} AS v, s.frames
                   FROM {src} {where}"""
    else:
        base = f"""SELECT {_GROUP_SQL[by]} AS grp, date_trunc('{freq}', s.published)::DATE AS period,
                          {STANCE_SQL} AS v, s.frames
                   FROM {src} {where}"""
    sql = f"""
    WITH base AS ({base})
    SELECT grp, period, count(*) AS n, avg(v) AS mean, var_samp(v) AS var,
           count_if(v = -1) AS n_res, count_if(v = 0) AS n_neu, count_if(v = 1) AS n_wel, {shares}
    FROM base GROUP BY grp, period ORDER BY grp, period"""
    cur = con.execute(sql, params)
    names = [c[0] for c in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    labels = group_labels(con, by, {r["grp"] for r in rows})
    totals: dict = {}
    if by == "frame" and rows:
        totals = {
            p: n
            for p, n in con.execute(
                f"""SELECT date_trunc('{freq}', s.published)::DATE, count(*)
                    FROM {src} {where} GROUP BY 1""",
                params,
            ).fetchall()
        }
    out = []
    for r in rows:
        n = r["n"]
        lo, hi = interval(r["mean"], r["var"], n)
        row = {
            "group": r["grp"],
            "label": labels.get(r["grp"], r["grp"]),
            "period_start": iso(r["period"]),
            "period_end": iso(period_end(r["period"], freq)),
            "statements": n,
            "mean_stance": round(r["mean"], 4),
            "ci_low": round(lo, 4),
            "ci_high": round(hi, 4),
            "n_restrictive": r["n_res"],
            "n_neutral": r["n_neu"],
            "n_welcoming": r["n_wel"],
        }
        for f in FRAMES:
            row[f"share_{f}"] = round(r[f"n_{f}"] / n, 4)
        if by == "frame":
            row["share"] = round(n / totals[r["period"]], 4) if totals.get(r["period"]) else 0.0
        out.append(row)
    return _with_measures(con, out, by, freq, flt, labels)


def _with_measures(con, rows: list[dict], by: str, freq: str, flt, labels: dict) -> list[dict]:
    """Measure events per group and period beside the stance: the words-and-deeds lane.
    A period with acts and no statements gets a row of its own (no stance)."""
    counts: dict = {}
    if by in _MEASURE_GROUP_SQL and has_table(con, "measure_events"):
        clauses, params = ["e.first_published IS NOT NULL"], []
        for field, op in (("since", ">="), ("until", "<=")):
            if flt is not None and getattr(flt, field, None):
                clauses.append(f"e.first_published {op} ?")
                params.append(getattr(flt, field))
        if flt is not None and getattr(flt, "outlet", None):
            clauses.append("lower(e.first_outlet) = lower(?)")
            params.append(flt.outlet)
        ids = getattr(flt, "speaker_id_list", None) if flt is not None else None
        if ids is not None:
            clauses.append(f"e.authority_id IN ({', '.join('?' for _ in ids) or 'NULL'})")
            params.extend(ids)
        for grp, period, n, res, wel in con.execute(
            f"""SELECT {_MEASURE_GROUP_SQL[by]} AS grp, date_trunc('{freq}', e.first_published)::DATE AS period,
                       count(*), count_if(e.direction = 'restrictive'), count_if(e.direction = 'welcoming')
                FROM measure_events e WHERE {' AND '.join(clauses)} AND {_MEASURE_GROUP_SQL[by]} IS NOT NULL
                GROUP BY 1, 2""", params).fetchall():
            counts[(grp, iso(period))] = (n, res, wel)
    for row in rows:
        n, res, wel = counts.pop((row["group"], row["period_start"]), (0, 0, 0))
        row.update(measures=n, measures_restrictive=res, measures_welcoming=wel)
    if counts and rows is not None:
        extra_labels = group_labels(con, by, {g for g, _ in counts}) if by == "speaker" else {}
        for (grp, start), (n, res, wel) in counts.items():
            period = dt.date.fromisoformat(start)
            rows.append({
                "group": grp, "label": labels.get(grp) or extra_labels.get(grp, grp), "period_start": start,
                "period_end": iso(period_end(period, freq)), "statements": 0, "mean_stance": None,
                "ci_low": None, "ci_high": None, "n_restrictive": 0, "n_neutral": 0, "n_welcoming": 0,
                **{f"share_{f}": 0.0 for f in FRAMES}, "measures": n, "measures_restrictive": res,
                "measures_welcoming": wel,
            })
        rows.sort(key=lambda r: (r["group"], r["period_start"]))
    return rows


def interval(mean: float, var: float | None, n: int, level: float = 0.95) -> tuple[float, float]:
    """Student-t interval of a mean of values in [-1, 1], clipped to that range."""
    if n < 2 or var is None or math.isnan(var):
        return -1.0, 1.0
    half = _t_quantile(0.5 + level / 2, n - 1) * math.sqrt(var / n)
    return max(-1.0, mean - half), min(1.0, mean + half)


@lru_cache(maxsize=4096)
def _t_quantile(q: float, dof: int) -> float:
    from scipy import stats as sps  # imported when needed: 0.9 s of start-up for every command

    return float(sps.t.ppf(q, dof))
