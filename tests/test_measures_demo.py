"""Measures on the demo corpus: the planted acts of an invented region
(demo/facts.json, `expected_measures`), through `shiftwatch ingest` as
`make demo` runs it, scored on the articles coded for measures only.

The Ladimir region is in no built-in list: its bodies must come out of the
general rules (any «<adjective> области», "the X regional duma"), and the
deputy who introduces a bill must get her own speaker id."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SW

FACTS = ROOT / "demo" / "facts.json"


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _span(text: str, needle: str) -> tuple[int, int] | None:
    """Where a text_contains lies in a document (whitespace may differ)."""
    k = text.find(needle)
    if k >= 0:
        return k, k + len(needle)
    pattern = r"\s+".join(re.escape(w) for w in needle.split())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def doc_map(docs: list[dict], facts: dict) -> dict[str, dict]:
    """article_id -> stored document (by URL; plain-text files by their file)."""
    by_url = {d["url"]: d for d in docs if d.get("url")}
    by_file = {Path(d["source"]).name: d for d in docs if d.get("source")}
    out = {}
    for a in facts["documents"]:
        d = by_url.get(a["url"])
        if d is None and a.get("file"):
            d = by_file.get(Path(a["file"]).name)
        if d is not None:
            out[a["article_id"]] = d
    return out


def score(found: dict[str, list[dict]], docs: dict[str, dict], facts: dict) -> dict:
    """Planted measures against predicted ones (article_id -> measure dicts with
    char_start/char_end): a prediction overlapping the planted clause is a hit.
    Returns P/R, field accuracies over hits, false hits and misses."""
    coded = set(facts["measures_coded_articles"])
    gold: dict[str, list[dict]] = {}
    for m in facts["expected_measures"]:
        gold.setdefault(m["article_id"], []).append(m)
    tp, fp, fn = 0, [], []
    same = {"authority_id": 0, "status": 0, "kind": 0, "level": 0, "region": 0, "direction": 0}
    wrong: list[tuple] = []
    for aid in sorted(coded):
        doc = docs.get(aid)
        if doc is None:
            fn.extend((aid, g["text_contains"]) for g in gold.get(aid, []))
            continue
        preds = list(found.get(aid, []))
        for g in gold.get(aid, []):
            span = _span(doc["text"], g["text_contains"])
            hit = None
            if span:
                cands = [p for p in preds if p["char_start"] < span[1] and span[0] < p["char_end"]]
                hit = min(cands, key=lambda p: abs(p["char_start"] - span[0]), default=None)
            if hit is None:
                fn.append((aid, g["text_contains"]))
                continue
            preds.remove(hit)
            tp += 1
            for f in same:
                if hit[f] == g[f]:
                    same[f] += 1
                else:
                    wrong.append((aid, f, hit[f], g[f], g["text_contains"][:60]))
        fp.extend((aid, _norm(p["text"])[:100], p["char_start"], p["char_end"]) for p in preds)
    n_pred, n_gold = tp + len(fp), tp + len(fn)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"tp": tp, "fp": len(fp), "fn": len(fn), "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            **{f + "_accuracy": round(v / tp, 3) if tp else 0.0 for f, v in same.items()},
            "false_hits": fp, "misses": fn, "wrong": wrong, "docs": docs}


@pytest.fixture(scope="module")
def demo_measures(demo_db):
    """The demo store as `make demo` builds it, and its stored measures per article."""
    import duckdb

    db, facts = demo_db
    con = duckdb.connect(str(db), read_only=True)
    cols = ["doc_id", "url", "source", "text"]
    docs = [dict(zip(cols, row)) for row in con.execute(f"SELECT {', '.join(cols)} FROM documents").fetchall()]
    mcols = ["doc_id", "char_start", "char_end", "text", "kind", "authority_id", "level", "region", "status", "direction"]
    rows = [dict(zip(mcols, row)) for row in con.execute(f"SELECT {', '.join(mcols)} FROM measures").fetchall()]
    con.close()
    by_article = doc_map(docs, facts)
    article_of = {d["doc_id"]: a for a, d in by_article.items()}
    found: dict[str, list[dict]] = {}
    for m in rows:
        if m["doc_id"] in article_of:
            found.setdefault(article_of[m["doc_id"]], []).append(m)
    return score(found, by_article, facts), facts


def test_demo_measures_are_found(demo_measures):
    """The planted reports come out with few false hits. Floors at the figures
    the rules reach (2026-12: 26 of 30 reports, 4 false hits; before 20 of 30
    with 4, before the general region rules 16 of 30): raise them when they improve.
    Left: a ban named only as a noun ('overturn the ban on ...'), 'the region
    barred' beside a figure, and two Russian reports that name no migrants
    (raids in dormitories, fines for a late notice)."""
    s, _ = demo_measures
    report = {k: v for k, v in s.items() if k not in ("false_hits", "misses", "wrong", "docs")}
    assert s["recall"] >= 0.85, (report, s["misses"])
    assert s["precision"] >= 0.85, (report, s["false_hits"])


def test_demo_measure_fields(demo_measures):
    """Invented regions get level, region and the same ids as real ones; the
    deputy who introduces a bill is the actor; a first reading is a proposal;
    «Президент подписал» in a text that names no country is `president`.
    (Left: a regional law whose legislature the article does not name is
    credited to the governor.)"""
    s, _ = demo_measures
    report = {k: v for k, v in s.items() if k.endswith("_accuracy")}
    assert s["authority_id_accuracy"] >= 0.8, (report, s["wrong"])
    assert s["status_accuracy"] >= 0.9, (report, s["wrong"])
    assert s["kind_accuracy"] >= 0.95, (report, s["wrong"])
    assert s["level_accuracy"] >= 0.95 and s["region_accuracy"] >= 0.75, (report, s["wrong"])
    assert s["direction_accuracy"] >= 0.95, (report, s["wrong"])


def test_demo_near_misses_stay_out(demo_measures):
    """Demands, crimes, statistics and passing mentions are not measures."""
    s, facts = demo_measures
    docs = s["docs"]
    bad = []
    for n in facts["measure_negatives"]:
        doc = docs.get(n["article_id"])
        span = _span(doc["text"], n["text_contains"]) if doc else None
        if span and any(a == n["article_id"] and x < span[1] and span[0] < y for a, _, x, y in s["false_hits"]):
            bad.append((n["article_id"], n["text_contains"]))
    assert not bad, bad


def test_invented_region_bodies():
    """The general rules on invented text: a region no list knows, a regional
    duma named without its region (the document gives it), a deputy who acts."""
    from shiftwatch.measures import extract

    m = extract("Губернатор Ладимирской области подписал указ о запрете мигрантам работать в такси.", "ru")[0]
    assert (m.authority_id, m.level, m.region) == ("governor-of-ladimir-oblast", "regional", "Ladimir Oblast")
    text = ("В Ладимирской области ужесточают правила для таксистов.\n\n"
            "Областная дума приняла закон, запрещающий иностранным гражданам работать водителями такси.")
    m = extract(text, "ru")[-1]
    assert (m.authority_id, m.level, m.status) == ("ladimir-oblast-duma", "regional", "adopted")
    m = extract("Депутат областной думы Тамара Кольцова внесла законопроект о запрете мигрантам работать в такси.", "ru")[0]
    assert (m.authority_id, m.level, m.status) == ("tamara-koltsova", "regional", "proposed")
    m = extract("The Ladimir regional government has halved the patent fee for foreign workers.", "en")[0]
    assert (m.authority_id, m.region, m.direction) == ("government-of-ladimir-oblast", "Ladimir Oblast", "welcoming")
    m = extract("The Ladimir regional duma passed in first reading a bill requiring foreign nationals to give fingerprints.", "en")[0]
    assert (m.authority_id, m.status) == ("ladimir-oblast-duma", "proposed")
