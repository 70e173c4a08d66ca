"""The HTML report: one self-contained file, hostile text stays inert, written atomically."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from shiftwatch.cli import app
from shiftwatch.report import script_json

from showfixtures import EVIL_TEXT, make_store


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    db = folder / "x.duckdb"
    make_store(db)
    out = folder / "out" / "report.html"
    res = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == str(out)
    return out


def _data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="sw-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert html.count("<html") == 1
    # no external scripts, styles or fetches
    assert not re.search(r'<script[^>]+src=', html)
    assert not re.search(r'<link[^>]+href=', html)
    assert "connect-src 'none'" in html
    assert "Plotly" in html and len(html) > 1_000_000  # plotly.js is inline
    assert not list(report.parent.glob(".*.tmp"))  # the temporary file was renamed


def test_report_data_has_every_view(report):
    data = _data(report.read_text(encoding="utf-8"))
    assert data["mode"] == "embedded"
    assert data["overview"]["timeline"] and data["frames_timeline"] and data["fragmentation"]
    speakers = {g["id"]: g for g in data["groups"]["speaker"]}
    assert speakers["arkady-voronin"]["label"] == "Arkady Voronin"
    assert any(s["direction"] == "softer" for s in speakers["arkady-voronin"]["shifts"] if s["kind"] == "stance")
    assert {g["id"] for g in data["groups"]["outlet"]} == {"Severny Vestnik", "Ladimir Herald", "Migration Monitor", "Daily Meridian", "Eastern Wire"}
    # every counted statement is there to click through to, and duplicates are not
    assert len(data["statements"]) == data["meta"]["statements"] == sum(r["statements"] for r in data["overview"]["timeline"])
    assert not any(s["outlet"] == "Copycat News" for s in data["statements"])


def test_hostile_text_cannot_break_out(report):
    html = report.read_text(encoding="utf-8")
    # the only closing script tags are the page's own: the JSON holds none
    body = re.search(r'<script type="application/json" id="sw-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in body and ">" not in body
    assert "<script>alert(1)</script>" not in html
    assert EVIL_TEXT in [s["text"] for s in _data(html)["statements"]]
    assert "innerHTML" not in html.split('id="sw-data"')[1].split("</script>", 2)[-1]


def test_script_json_escapes():
    text = script_json({"t": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"t": "</script><!-- & \u2028"}


def test_report_to_a_folder_is_an_error(tmp_path):
    db = tmp_path / "x.duckdb"
    make_store(db)
    res = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(tmp_path)])
    assert res.exit_code == 1 and "is a folder" in res.stderr


def test_report_of_a_missing_store(tmp_path):
    res = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r.html")])
    assert res.exit_code == 1 and "no store" in res.stderr
    assert not (tmp_path / "r.html").exists()
