"""Measures through the pipeline and the CLI, API, export and report (invented posts)."""

from __future__ import annotations

import json

import pytest

from conftest import DATA
from test_ingest import rows

POSTS = DATA / "measures_cli" / "posts.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from typer.testing import CliRunner

    from shiftwatch.cli import app

    db = tmp_path_factory.mktemp("m") / "m.duckdb"
    r = CliRunner().invoke(app, ["ingest", str(POSTS), "--db", str(db)], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    return db


def test_measures_are_extracted_at_ingest_and_grouped_into_events(store, cli):
    out = cli("measures", "--db", store, "--format", "jsonl")
    found = [json.loads(line) for line in out.stdout.splitlines()]
    # the taxi ban twice (two outlets, one event), the Duma's first reading; the commentator's demand is no measure
    assert len(found) == 3
    assert not any("Политолог" in m["text"] for m in found)
    taxi = [m for m in found if m["kind"] == "ban"]
    assert len(taxi) == 2 and len({m["event_id"] for m in taxi}) == 1
    assert all(m["authority_id"] == "governor-of-novosibirsk-oblast" and m["level"] == "regional"
               and m["region"] == "Novosibirsk Oblast" and "taxi" in m["sectors"] and m["status"] == "adopted"
               and m["direction"] == "restrictive" and m["effective"] == "2024-12-01" for m in taxi)
    for field in ("measure_id", "event_id", "doc_id", "url", "outlet", "published", "lang", "text", "char_start",
                  "char_end", "kind", "authority", "authority_id", "level", "region", "sectors", "status", "direction",
                  "effective", "cues"):
        assert all(field in m for m in found), field
    texts = dict(rows(store, "SELECT doc_id, text FROM documents"))
    assert all(texts[m["doc_id"]][m["char_start"]:m["char_end"]] == m["text"] for m in found)
    events = [json.loads(line) for line in cli("measures", "--events", "--db", store, "--format", "jsonl").stdout.splitlines()]
    ban = next(e for e in events if e["kind"] == "ban")
    assert ban["reports"] == 2 and ban["outlets"] == ["Вестник", "Правда"]
    assert ban["first_published"] == "2024-10-02" and ban["first_outlet"] == "Вестник"


def test_measures_filters_and_bad_input(store, cli):
    duma = cli("measures", "--db", store, "--authority", "Госдума", "--format", "jsonl").stdout.splitlines()
    assert len(duma) == 1 and json.loads(duma[0])["authority_id"] == "state-duma"
    assert len(cli("measures", "--db", store, "--status", "adopted", "--since", "2024-10-01", "--format", "jsonl").stdout.splitlines()) == 2
    assert cli("measures", "--db", store, "--region", "Novosibirsk Oblast", "--events", "--format", "jsonl").stdout.count("\n") == 1
    for args, message in ((["--kind", "nonsense"], "--kind must be one of"), (["--status", "done"], "--status must be one of"),
                          (["--since", "last week"], "--since must be a date"), (["--authority", "nobody"], "no authority matches")):
        r = cli("measures", "--db", store, *args)
        assert r.exit_code == 1 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_timeline_counts_measures_and_deeds_line_them_up(store, cli):
    t = [json.loads(line) for line in cli("timeline", "--db", store, "--format", "jsonl").stdout.splitlines()]
    by_month = {r["period_start"]: r for r in t}
    assert by_month["2024-10-01"]["measures"] == 1 and by_month["2024-10-01"]["measures_restrictive"] == 1
    assert by_month["2024-11-01"]["measures"] == 1
    d = cli("deeds", "--db", store, "--format", "jsonl")
    assert d.exit_code == 0


def test_api_python_and_parquet_carry_measures(store, tmp_path, cli):
    import pandas as pd
    from fastapi.testclient import TestClient

    import shiftwatch
    from shiftwatch.serve import create_app

    client = TestClient(create_app(store))
    r = client.get("/api/measures", params={"authority": "state-duma"})
    assert r.status_code == 200 and r.json()["total"] == 1
    assert client.get("/api/measures", params={"events": "true"}).json()["total"] == 2
    assert client.get("/api/measures", params={"kind": "bad"}).status_code == 400
    assert client.get("/api/measures", params={"authority": "nobody"}).status_code == 404
    assert client.get("/api/deeds").status_code == 200
    with shiftwatch.open(store) as corpus:
        assert len(corpus.measures()) == 3 and len(corpus.measures(events=True)) == 2
    out = tmp_path / "pq"
    assert cli("export", "--db", store, "--parquet", out).exit_code == 0
    assert len(pd.read_parquet(out / "measures.parquet")) == 3
    assert len(pd.read_parquet(out / "measure_events.parquet")) == 2


def test_report_has_the_words_and_deeds_lane(store, tmp_path, cli):
    out = tmp_path / "r.html"
    assert cli("report", "--db", store, "--out", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert 'id="deeds"' in html
    data = json.loads(html.split('<script type="application/json" id="sw-data">')[1].split("</script>")[0])
    ban = next(e for e in data["measures"] if e["kind"] == "ban")
    assert ban["reports"] == 2 and [i["url"] for i in ban["items"]] == ["https://one.example/1", "https://two.example/2"]
