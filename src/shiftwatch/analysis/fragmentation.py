"""How much the officials speaking in a period contradict each other."""

from __future__ import annotations

import math
from collections import defaultdict

import duckdb

from ..query import StatementFilter
from .common import STANCE_SQL, counted_from, counted_where, iso, period_end
from .timeline import check

FRAGMENTATION_COLUMNS = [
    "period_start", "speakers", "statements", "dispersion", "restrictive_speakers",
    "neutral_speakers", "welcoming_speakers", "contradiction", "split",
]
SIDE = 1 / 3  # a speaker whose mean stance is at most -1/3 leans restrictive, at least +1/3 welcoming


def fragmentation(
    con: duckdb.DuckDBPyConnection,
    freq: str = "month",
    flt: StatementFilter | None = None,
    min_statements: int = 1,
) -> list[dict]:
    """One row per period over the named speakers (anonymous ones are left out).

    Each speaker with at least ``min_statements`` counted statements in the
    period has a mean stance. ``dispersion`` is the standard deviation of
    those means (0 = all agree, 1 = half at -1 and half at +1);
    ``contradiction`` the share of pairs of speakers where one leans
    restrictive and the other welcoming; ``split`` whether such a pair exists.
    """
    check("all", freq)
    where, params = counted_where(con, flt)
    src = counted_from(con, flt)
    sql = f"""
    SELECT date_trunc('{freq}', s.published)::DATE AS period, s.speaker_id, count(*) AS n, avg({STANCE_SQL}) AS mean
    FROM {src} {where}
      AND s.speaker_id IS NOT NULL AND s.speaker_id NOT LIKE 'anon:%'
    GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY 1, 2"""
    per_period: dict = defaultdict(list)
    for period, speaker, n, mean in con.execute(sql, [*params, min_statements]).fetchall():
        per_period[period].append((speaker, n, mean))
    out = []
    for period, rows in sorted(per_period.items()):
        means = [m for _, _, m in rows]
        k = len(means)
        avg = sum(means) / k
        r = sum(1 for m in means if m <= -SIDE)
        w = sum(1 for m in means if m >= SIDE)
        pairs = k * (k - 1) / 2
        out.append({
            "period_start": iso(period),
            "period_end": iso(period_end(period, freq)),
            "speakers": k,
            "statements": sum(n for _, n, _ in rows),
            "dispersion": round(math.sqrt(sum((m - avg) ** 2 for m in means) / k), 4),
            "restrictive_speakers": r,
            "neutral_speakers": k - r - w,
            "welcoming_speakers": w,
            "contradiction": round(r * w / pairs, 4) if pairs else 0.0,
            "split": bool(r and w),
            "restrictive_ids": sorted(sp for sp, _, m in rows if m <= -SIDE),
            "welcoming_ids": sorted(sp for sp, _, m in rows if m >= SIDE),
        })
    return out


def summary(rows: list[dict]) -> dict:
    """Share of periods where some officials lean restrictive and others welcoming."""
    if not rows:
        return {"periods": 0, "split_periods": 0, "split_share": 0.0, "mean_dispersion": None}
    split = sum(1 for r in rows if r["split"])
    return {
        "periods": len(rows),
        "split_periods": split,
        "split_share": round(split / len(rows), 4),
        "mean_dispersion": round(sum(r["dispersion"] for r in rows) / len(rows), 4),
    }
