"""Timelines, shifts and fragmentation: planted facts are found, duplicates never count."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from shiftwatch import analysis
from shiftwatch.cli import app
from shiftwatch.store import Store

from showfixtures import TURN, make_store, synthetic_series


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("analysis") / "x.duckdb"
    facts = make_store(path)
    return path, facts


@pytest.fixture()
def con(store_path):
    store = Store(store_path[0], read_only=True)
    yield store.con
    store.close()


def test_detection_on_generated_series_f1_and_false_alarms():
    rng = np.random.default_rng(20240601)
    tp = fp = fn = 0
    for _ in range(120):
        dates, values, turn, size = synthetic_series(rng, shift=True)
        series = analysis.series_from_statements(dates, values)
        found = [series.dates[c.index] for c in analysis.detect(series)]
        hits = [d for d in found if abs((d - turn).days) <= 14]
        tp += bool(hits)
        fn += not hits
        fp += len(found) - bool(hits)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    alarms = 0
    for _ in range(120):
        dates, values, _, _ = synthetic_series(rng, shift=False)
        alarms += bool(analysis.detect(analysis.series_from_statements(dates, values)))
    print(f"shift F1 {f1:.3f} (tp {tp}, fp {fp}, fn {fn}); false alarms {alarms}/120")
    assert f1 >= 0.9
    assert alarms / 120 <= 0.05


def test_detect_reports_levels_sizes_and_confidence():
    start = dt.date(2024, 1, 1)
    dates = [start + dt.timedelta(days=i // 2) for i in range(600)]
    values = [-1.0 if i < 300 else 1.0 for i in range(600)]
    rng = np.random.default_rng(1)
    values = [v if rng.random() > 0.2 else 0.0 for v in values]
    series = analysis.series_from_statements(dates, values)
    cps = analysis.detect(series)
    cp = max(cps, key=lambda c: abs(c.after - c.before))
    assert series.dates[cp.index] == dt.date(2024, 5, 30)
    assert cp.before < -0.6 and cp.after > 0.6
    assert cp.n_after == 300
    assert 0.95 <= cp.confidence <= 1


def test_constant_series_has_no_shift():
    dates = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(200)]
    assert analysis.detect(analysis.series_from_statements(dates, [0.0] * 200)) == []


def test_timeline_counts_only_migration_statements_with_stance_and_no_duplicates(con, store_path):
    facts = store_path[1]
    rows = analysis.timeline(con, "speaker", "month")
    per = {}
    for r in rows:
        per[r["group"]] = per.get(r["group"], 0) + r["statements"]
        assert r["ci_low"] <= r["mean_stance"] <= r["ci_high"]
        assert r["n_restrictive"] + r["n_neutral"] + r["n_welcoming"] == r["statements"]
        assert all(0 <= r[f"share_{f}"] <= 1 for f in analysis.FRAMES)
    assert per == facts["counted"]
    raw = con.execute("SELECT count(*) FROM statements").fetchone()[0]
    assert sum(per.values()) < raw  # duplicates and off-topic statements were left out


def test_timeline_matches_planted_turn(con):
    rows = [r for r in analysis.timeline(con, "speaker", "month") if r["group"] == "dmitry-peskov"]
    before = [r["mean_stance"] for r in rows if r["period_start"] < "2024-06-01"]
    after = [r["mean_stance"] for r in rows if r["period_start"] >= "2024-06-01"]
    assert max(before) < -0.3 and min(after) > 0.3
    assert rows[0]["label"] == "Dmitry Peskov"


def test_timeline_weeks_frames_and_filters(con):
    weeks = analysis.timeline(con, "all", "week")
    assert all(dt.date.fromisoformat(r["period_start"]).weekday() == 0 for r in weeks)
    frames = analysis.timeline(con, "frame", "month")
    assert {r["group"] for r in frames} <= set(analysis.FRAMES)
    assert all(0 < r["share"] <= 1 for r in frames)
    only = analysis.timeline(con, "all", "month", analysis.Filter(speaker="Песков"))
    assert sum(r["statements"] for r in only) == 199
    tass = analysis.timeline(con, "outlet", "month", analysis.Filter(outlet="tass"))
    assert {r["group"] for r in tass} == {"TASS"}


def test_shifts_find_the_planted_turns_and_skip_small_groups(con):
    result = analysis.shifts(con, "speaker", min_statements=30)
    by = {}
    for s in result.shifts:
        by.setdefault(s.group, []).append(s)
    (peskov,) = by["dmitry-peskov"]
    assert peskov.direction == "softer" and abs((dt.date.fromisoformat(peskov.date) - TURN["dmitry-peskov"]).days) <= 14
    assert peskov.before < -0.5 < 0.5 < peskov.after and peskov.confidence >= 0.95
    volodin = [s for s in by["vyacheslav-volodin"]
               if abs((dt.date.fromisoformat(s.date) - TURN["vyacheslav-volodin"]).days) <= 14]
    assert volodin and volodin[0].direction == "harder"
    assert "interior-ministry" not in by and "marat-khusnullin" not in by
    assert [s.group for s in result.skipped] == ["ella-pamfilova"]


def test_frame_shifts(con):
    result = analysis.shifts(con, "speaker", frames=True, flt=analysis.Filter(speaker="dmitry-peskov"))
    frames = {(s.frame, s.direction) for s in result.shifts if s.kind == "frame"}
    assert ("economy", "rises") in frames and ("security", "falls") in frames


def test_fragmentation(con):
    rows = analysis.fragmentation(con, "month")
    assert len(rows) == 12
    for r in rows:
        assert r["restrictive_speakers"] + r["neutral_speakers"] + r["welcoming_speakers"] == r["speakers"]
        assert 0 <= r["contradiction"] <= 1 and 0 <= r["dispersion"] <= 1
    assert all(r["split"] for r in rows)  # Interior Ministry restrictive, Khusnullin welcoming, every month
    jan, dec = rows[0], rows[-1]
    assert "dmitry-peskov" in jan["restrictive_ids"] and "dmitry-peskov" in dec["welcoming_ids"]
    assert all(not x.startswith("anon:") for r in rows for x in r["restrictive_ids"] + r["welcoming_ids"])
    assert analysis.fragmentation_summary(rows)["split_share"] == 1.0


def test_bad_arguments(con):
    with pytest.raises(Exception, match="--by must be one of"):
        analysis.timeline(con, "weekday")
    with pytest.raises(Exception, match="--freq must be one of"):
        analysis.timeline(con, "all", "day")


runner = CliRunner()


def test_cli_timeline_shifts_fragmentation(store_path):
    db = str(store_path[0])
    res = runner.invoke(app, ["timeline", "--db", db, "--by", "speaker", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert {"group", "period_start", "statements", "mean_stance", "ci_low", "ci_high", "share_economy"} <= set(rows[0])
    res = runner.invoke(app, ["shifts", "--db", db, "--by", "speaker", "--format", "jsonl"])
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert {"group", "date", "before", "after", "direction", "n_before", "n_after", "confidence"} <= set(rows[0])
    assert all(r["direction"] in ("softer", "harder") for r in rows)
    assert "skipped 1 groups with fewer than 30 statements: ella-pamfilova (8)" in res.stderr
    res = runner.invoke(app, ["shifts", "--db", db, "--frames", "--format", "csv"])
    assert res.exit_code == 0 and "kind,group" in res.stdout
    res = runner.invoke(app, ["fragmentation", "--db", db, "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.startswith("period_start,speakers")
    res = runner.invoke(app, ["timeline", "--db", db, "--by", "nope"])
    assert res.exit_code == 1 and "--by must be one of" in res.stderr
    res = runner.invoke(app, ["shifts", "--db", db, "--speaker", "Nobody Atall"])
    assert res.exit_code == 1 and "no speaker matches" in res.stderr
