"""The dashboard's JSON API: filters, pagination, clear 4xx errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from shiftwatch.serve import create_app

from showfixtures import EVIL_TEXT, make_store


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("serve") / "x.duckdb"
    facts = make_store(db)
    app = create_app(db)
    with TestClient(app) as c:
        c.facts = facts
        yield c
    app.state.store.close()


def test_statements_filters_and_pagination(client):
    r = client.get("/api/statements", params={"speaker": "Воронин", "limit": 10})
    assert r.status_code == 200
    body = r.json()
    assert body["limit"] == 10 and body["offset"] == 0 and len(body["items"]) == 10
    assert {s["speaker_id"] for s in body["items"]} == {"arkady-voronin"}
    total = body["total"]
    ids = []
    for offset in range(0, total, 100):
        page = client.get("/api/statements", params={"speaker": "arkady-voronin", "limit": 100, "offset": offset}).json()
        ids += [s["statement_id"] for s in page["items"]]
    assert len(ids) == len(set(ids)) == total
    r = client.get("/api/statements", params={"outlet": "severny vestnik", "since": "2024-03-01", "until": "2024-03-31",
                                              "stance": "restrictive", "frame": "security"}).json()
    assert r["total"] > 0
    for s in r["items"]:
        assert s["outlet"] == "Severny Vestnik" and "2024-03-01" <= s["published"] <= "2024-03-31"
        assert s["stance"] == "restrictive" and "security" in s["frames"]
    assert EVIL_TEXT in [s["text"] for s in r["items"]]


def test_speakers_timeline_shifts_fragmentation(client):
    sp = client.get("/api/speakers", params={"limit": 3}).json()
    assert sp["total"] == 7 and len(sp["items"]) == 3
    tl = client.get("/api/timeline", params={"by": "speaker", "speaker": "arkady-voronin"}).json()
    assert tl["total"] == 12 and {r["group"] for r in tl["items"]} == {"arkady-voronin"}
    tl2 = client.get("/api/timeline", params={"by": "all", "limit": 5, "offset": 10}).json()
    assert tl2["total"] == 12 and len(tl2["items"]) == 2
    sh = client.get("/api/shifts", params={"by": "speaker"}).json()
    assert any(s["group"] == "arkady-voronin" and s["direction"] == "softer" for s in sh["items"])
    assert sh["skipped"] == [{"group": "eduard-shelestov", "statements": 8}]
    fr = client.get("/api/fragmentation").json()
    assert fr["total"] == 12 and fr["summary"]["split_periods"] == 12


@pytest.mark.parametrize("path, params, message", [
    ("/api/statements", {"limit": 0}, "limit"),
    ("/api/statements", {"limit": 5000}, "limit"),
    ("/api/statements", {"offset": -1}, "offset"),
    ("/api/statements", {"limit": "ten"}, "limit"),
    ("/api/statements", {"since": "last week"}, "since must be a date"),
    ("/api/statements", {"since": "2024-05-01", "until": "2024-01-01"}, "since must not be after until"),
    ("/api/statements", {"stance": "angry"}, "stance must be one of"),
    ("/api/statements", {"frame": "weather"}, "frame must be one of"),
    ("/api/timeline", {"by": "weekday"}, "by must be one of"),
    ("/api/timeline", {"freq": "day"}, "freq must be one of"),
    ("/api/shifts", {"by": "frame"}, "by must be one of"),
    ("/api/shifts", {"min_statements": 1}, "min_statements"),
])
def test_bad_parameters_are_400_with_a_message(client, path, params, message):
    r = client.get(path, params=params)
    assert r.status_code == 400
    assert message in r.json()["error"]


def test_unknown_speaker_is_404(client):
    r = client.get("/api/statements", params={"speaker": "Nobody Atall"})
    assert r.status_code == 404 and "no speaker matches" in r.json()["error"]


def test_dashboard_page_escapes_and_has_security_headers(client):
    r = client.get("/")
    assert r.status_code == 200
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "<script>alert(1)</script>" not in r.text
    assert '<script src="/assets/plotly.min.js">' in r.text
    js = client.get("/assets/plotly.min.js")
    assert js.status_code == 200 and "plotly" in js.text[:2000].lower()


def test_store_is_read_only(client):
    import duckdb

    with pytest.raises(duckdb.Error):
        client.app.state.store.con.execute("DELETE FROM statements")
