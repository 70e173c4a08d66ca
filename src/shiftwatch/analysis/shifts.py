"""Change points in a group's mean stance (and frame shares) over time.

How a shift is found, in order:

1. The group's counted statements are binned by day (days without any are
   dropped); a bin keeps how many statements took each value, so nothing of
   the statement-level series is lost.
2. Binary segmentation (``ruptures.Binseg``) runs on the bins with a
   count-weighted squared-error cost, which is exactly the squared error of
   the statement-level series when the change points fall between days.
3. Penalty, a BIC-like rule on the statement-level series:
   ``pen = 2 * sigma2 * ln(N)``, where N is the number of statements and
   sigma2 the pooled within-day variance (which a shift does not inflate).
4. Each change point is tested on the statements between its neighbours: the
   statistic is the largest CUSUM over all day boundaries of that window
   (so the search is part of the test), and its null distribution comes
   from 999 permutations of the statements (the Kolmogorov limit above
   4,000 statements). ``confidence`` = 1 - p.
   Change points with confidence below ``min_confidence`` (0.95), a change
   of mean below ``min_change`` (0.15) or fewer than ``min_segment`` (10)
   statements on either side are dropped, weakest first, and the rest are
   tested again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Sequence

import duckdb
import numpy as np

from ..errors import ShiftwatchError
from ..query import StatementFilter
from . import cache as _cache
from .common import FRAMES, STANCE_SQL, counted_from, counted_where, group_labels, iso

SHIFT_COLUMNS = [
    "kind", "group", "label", "frame", "date", "before", "after", "direction",
    "n_before", "n_after", "confidence",
]
STANCE_LEVELS = np.array([-1.0, 0.0, 1.0])
SHARE_LEVELS = np.array([0.0, 1.0])


@dataclasses.dataclass
class Shift:
    """A change of level: ``before`` and ``after`` are mean stances (kind stance) or frame shares."""

    kind: str  # stance | frame
    group: str
    label: str
    frame: str | None
    date: str  # first day of the new level
    before: float
    after: float
    direction: str  # softer | harder (stance); rises | falls (frame)
    n_before: int
    n_after: int
    confidence: float
    since: str  # first day of the segment before
    until: str  # last day of the segment after

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Skipped:
    group: str
    statements: int


@dataclasses.dataclass
class ShiftResult:
    shifts: list[Shift]
    skipped: list[Skipped]

    def rows(self) -> list[dict]:
        return [s.as_dict() for s in self.shifts]


@dataclasses.dataclass
class Series:
    """A group's statements binned by day: ``counts[i, j]`` statements took ``levels[j]`` in bin i."""

    dates: list[dt.date]  # first statement date of each bin
    last_dates: list[dt.date]
    counts: np.ndarray
    levels: np.ndarray


@dataclasses.dataclass
class ChangePoint:
    index: int  # first bin of the new level
    before: float
    after: float
    n_before: int
    n_after: int
    confidence: float


@functools.lru_cache(maxsize=1)
def _weighted_l2() -> type:
    """The cost class, defined on first use: ruptures and scipy take a second to import."""
    from ruptures.base import BaseCost

    class WeightedL2(BaseCost):
        """Squared error of the statement-level values of the bins [start, end)."""

        model = "weighted-l2"
        min_size = 1

        def fit(self, signal):
            # signal columns: count, sum, sum of squares
            self.signal = signal
            zero = np.zeros((1, 3))
            self.cum = np.vstack([zero, np.cumsum(signal, axis=0)])
            return self

        def error(self, start, end):
            n, s, ss = self.cum[end] - self.cum[start]
            return float(ss - s * s / n) if n > 0 else 0.0

    return WeightedL2


def detect(
    series: Series,
    min_change: float = 0.15,
    min_confidence: float = 0.95,
    min_segment: int = 10,
    permutations: int = 999,
    seed: int = 0,
) -> list[ChangePoint]:
    """Change points of a binned series, each tested; see the module docstring."""
    counts = series.counts.astype(float)
    levels = series.levels
    n_bins = len(counts)
    if n_bins < 4:
        return []
    n = counts.sum(axis=1)
    s = counts @ levels
    ss = counts @ (levels**2)
    total = n.sum()
    within = float((ss - np.divide(s * s, n, out=np.zeros_like(s), where=n > 0)).sum())
    dof = total - n_bins
    sigma2 = within / dof if dof >= 10 else float(ss.sum() / total - (s.sum() / total) ** 2)
    if sigma2 <= 1e-12:
        return []
    pen = 2.0 * sigma2 * math.log(total)
    import ruptures as rpt

    algo = rpt.Binseg(custom_cost=_weighted_l2()(), min_size=2, jump=1)
    bkps = algo.fit(np.column_stack([n, s, ss])).predict(pen=pen)[:-1]
    rng = np.random.default_rng(seed)
    cps = list(bkps)
    while cps:
        tested = []
        edges = [0, *cps, n_bins]
        for k, cp in enumerate(cps):
            lo, hi = edges[k], edges[k + 2]
            nb, na = n[lo:cp].sum(), n[cp:hi].sum()
            mb = s[lo:cp].sum() / nb if nb else 0.0
            ma = s[cp:hi].sum() / na if na else 0.0
            ok_size = nb >= min_segment and na >= min_segment
            conf = _confidence(counts[lo:hi], levels, permutations, rng) if ok_size else 0.0
            tested.append(ChangePoint(int(cp), float(mb), float(ma), int(nb), int(na), float(conf)))
        weak = [
            t for t in tested
            if t.confidence < min_confidence or abs(t.after - t.before) < min_change
            or min(t.n_before, t.n_after) < min_segment
        ]
        if not weak:
            return tested
        worst = min(weak, key=lambda t: (t.confidence, abs(t.after - t.before)))
        cps.remove(worst.index)
    return []


def _confidence(counts: np.ndarray, levels: np.ndarray, permutations: int, rng) -> float:
    """1 - p of the largest CUSUM over the bin boundaries of a window.

    T = max_k |S_k - (k/n) S_n| / (sd * sqrt(n)), S_k the sum of the first k
    statements; its null distribution comes from permuting the statements, or,
    above 4,000 statements, from its limit, the supremum of a Brownian bridge
    (Kolmogorov's distribution; conservative, as only day boundaries count).
    """
    n_bin = counts.sum(axis=1).astype(int)
    n = int(n_bin.sum())
    if n < 4 or len(n_bin) < 2:
        return 0.0
    values = np.repeat(np.tile(levels, len(n_bin)), counts.astype(int).ravel())
    sd = values.std()
    if sd == 0:
        return 0.0
    cuts = np.cumsum(n_bin)[:-1]  # statements before each boundary
    frac = cuts / n
    norm = sd * math.sqrt(n)

    def stat(v: np.ndarray) -> np.ndarray:
        c = np.cumsum(v, axis=-1)[..., cuts - 1]
        tot = v.sum(axis=-1, keepdims=True)
        return np.abs(c - frac * tot).max(axis=-1) / norm

    observed = float(stat(values))
    if n > 4000:
        from scipy import stats as sps

        return round(1.0 - float(sps.kstwobign.sf(observed)), 4)
    done, exceed = 0, 0
    batch = max(1, min(permutations, 4_000_000 // n))
    while done < permutations:
        m = min(batch, permutations - done)
        perm = rng.permuted(np.broadcast_to(values, (m, n)), axis=1)
        exceed += int((stat(perm) >= observed - 1e-12).sum())
        done += m
    return round(1.0 - (exceed + 1) / (permutations + 1), 4)


def group_series(
    con: duckdb.DuckDBPyConnection,
    by: str,
    flt: StatementFilter | None = None,
) -> dict[str, dict]:
    """Daily bins of every group: stance counts and, per frame, counts with and without it."""
    where, params = counted_where(con, flt)
    src = counted_from(con, flt)
    group = {"all": "'all'", "speaker": "s.speaker_id", "outlet": "s.outlet"}[by]
    frames = ", ".join(f"count_if(list_contains(s.frames, '{f}')) AS f_{f}" for f in FRAMES)
    sql = f"""
    SELECT {group} AS grp, s.published AS wk,
           min(s.published) AS first, max(s.published) AS last, count(*) AS n,
           count_if({STANCE_SQL} = -1) AS r, count_if({STANCE_SQL} = 0) AS z,
           count_if({STANCE_SQL} = 1) AS w, {frames}
    FROM {src} {where} {"AND " + group + " IS NOT NULL" if by != "all" else ""}
    GROUP BY grp, wk ORDER BY grp, wk"""
    cur = con.execute(sql, params)
    data = cur.fetchnumpy()
    out: dict[str, dict] = {}
    grp = data["grp"]
    if len(grp) == 0:
        return out
    grp = np.asarray(grp, dtype=object)
    starts = np.flatnonzero(np.r_[True, grp[1:] != grp[:-1]])
    ends = np.r_[starts[1:], len(grp)]
    for a, b in zip(starts, ends):
        sl = slice(a, b)
        out[str(grp[a])] = {
            "first": [_date(x) for x in data["first"][sl]],
            "last": [_date(x) for x in data["last"][sl]],
            "n": np.asarray(data["n"][sl], dtype=float),
            "stance": np.column_stack([data["r"][sl], data["z"][sl], data["w"][sl]]).astype(float),
            **{f: np.asarray(data[f"f_{f}"][sl], dtype=float) for f in FRAMES},
        }
    return out


def _date(x) -> dt.date:
    if isinstance(x, dt.date):
        return x
    return np.datetime64(x, "D").astype(dt.date)


def shifts(
    con: duckdb.DuckDBPyConnection,
    by: str = "all",
    min_statements: int = 30,
    flt: StatementFilter | None = None,
    frames: bool = False,
    min_change: float = 0.15,
    min_confidence: float = 0.95,
    seed: int = 0,
    *,
    cache: bool = True,
    fingerprint: str | None = None,
) -> ShiftResult:
    """Stance shifts (and frame-share shifts with ``frames=True``) of every group.

    Groups with fewer than ``min_statements`` counted statements are skipped
    and listed in ``ShiftResult.skipped``. With ``cache`` the result is read
    from (and, on a read-write connection, written to) the store's analysis
    cache, keyed by the store's ``fingerprint``; see ``analysis.cache``.
    """
    if by not in ("speaker", "outlet", "all"):
        raise ShiftwatchError(f"--by must be one of speaker, outlet, all, not {by!r}")
    if min_statements < 2:
        raise ShiftwatchError("--min-statements must be at least 2")
    key = _cache.make_key("shifts", 1, by, min_statements, flt, frames, min_change, min_confidence, seed)
    return _cache.cached(
        con, key, lambda: _shifts(con, by, min_statements, flt, frames, min_change, min_confidence, seed),
        lambda r: {"shifts": r.rows(), "skipped": [dataclasses.asdict(s) for s in r.skipped]},
        lambda d: ShiftResult([Shift(**s) for s in d["shifts"]], [Skipped(**s) for s in d["skipped"]]),
        fingerprint, cache)


def _shifts(con, by, min_statements, flt, frames, min_change, min_confidence, seed) -> ShiftResult:
    found: list[Shift] = []
    skipped: list[Skipped] = []
    groups = group_series(con, by, flt)
    labels = group_labels(con, by, groups)
    for g, data in groups.items():
        total = int(data["n"].sum())
        if total < min_statements:
            skipped.append(Skipped(g, total))
            continue
        series = Series(data["first"], data["last"], data["stance"], STANCE_LEVELS)
        found += _to_shifts("stance", g, labels.get(g, g), None, series,
                            detect(series, min_change, min_confidence, seed=seed))
        if frames:
            for f in FRAMES:
                with_f = data[f]
                if with_f.sum() < 5:
                    continue
                series = Series(data["first"], data["last"], np.column_stack([data["n"] - with_f, with_f]), SHARE_LEVELS)
                found += _to_shifts("frame", g, labels.get(g, g), f, series,
                                    detect(series, min_change, min_confidence, seed=seed))
    found.sort(key=lambda s: (s.group, s.date, s.kind, s.frame or ""))
    skipped.sort(key=lambda s: (-s.statements, s.group))
    return ShiftResult(found, skipped)


def _to_shifts(kind: str, group: str, label: str, frame: str | None, series: Series, cps: Sequence[ChangePoint]) -> list[Shift]:
    out = []
    edges = [0, *[c.index for c in cps], len(series.dates)]
    for k, c in enumerate(cps):
        up = c.after > c.before
        out.append(Shift(
            kind=kind, group=group, label=label, frame=frame,
            date=iso(series.dates[c.index]),
            before=round(c.before, 4), after=round(c.after, 4),
            direction=("softer" if up else "harder") if kind == "stance" else ("rises" if up else "falls"),
            n_before=c.n_before, n_after=c.n_after, confidence=c.confidence,
            since=iso(series.dates[edges[k]]), until=iso(series.last_dates[edges[k + 2] - 1]),
        ))
    return out


def series_from_statements(dates: Sequence[dt.date], values: Sequence[float], levels: np.ndarray = STANCE_LEVELS) -> Series:
    """Bin statement-level (date, value) pairs by day; values must be among ``levels``."""
    order = np.argsort(np.asarray(dates, dtype="datetime64[D]"), kind="stable")
    dates = [dates[i] for i in order]
    values = np.asarray(values, dtype=float)[order]
    bins: dict[dt.date, list] = {}
    for d, v in zip(dates, values):
        b = bins.setdefault(d, [d, d, np.zeros(len(levels))])
        b[1] = d
        b[2][int(np.flatnonzero(levels == v)[0])] += 1
    keys = sorted(bins)
    return Series(
        [bins[k][0] for k in keys], [bins[k][1] for k in keys],
        np.array([bins[k][2] for k in keys]).reshape(len(keys), len(levels)), levels,
    )
