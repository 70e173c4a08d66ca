"""Quotes on real text: the measures-ru dev clusters (gold members with every
other statement of the 107 posts as distractors, and end to end through the
pipeline), the project's own invented gold, and a cross-language stress test
on the WMT documents: each Russian line and its English translation are one
quote, and every other line of the document, given the same speaker and date,
is a distractor (harder than real reprints: same topic, same day, same speaker)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEEP = ("reports", "quotes", "gold_pairs", "predicted_pairs", "precision", "recall", "f1", "gold_quotes",
        "first_accuracy", "reports_per_second", "members_found", "members_missed", "statements")


def run(shared: Path) -> dict:
    from shiftwatch.evaluate.quotes import end_to_end, evaluate
    from shiftwatch.pipeline import load_embedder

    embed = load_embedder()
    if embed:
        embed(["warm up"])  # the encoder loads once, outside the timings
    out: dict = {"embeddings": embed is not None}
    for gold in sorted((HERE.parent / "tests" / "data" / "gold").glob("quotes_*.jsonl")):
        out[gold.stem] = _keep(evaluate(gold, embed=embed))
    dev = shared / "measures-ru" / "dev_quotes.jsonl"
    if dev.exists():
        out["measures_ru_dev"] = _keep(evaluate(dev, embed=embed))
        out["measures_ru_dev_end_to_end"] = _keep(end_to_end(dev))
    else:
        out["measures_ru_dev"] = f"skipped: {dev} not found"
    wmt = shared / "wmt-ruen-migration"
    if (wmt / "ru.jsonl").exists():
        out["wmt_cross_language_stress"] = wmt_stress(wmt, embed)
    return out


def _keep(r: dict) -> dict:
    return {k: r[k] for k in KEEP if k in r}


def wmt_stress(folder: Path, embed) -> dict:
    import json

    from shiftwatch import quotes
    from shiftwatch.evaluate.quotes import score

    def read(lang):
        with open(folder / f"{lang}.jsonl", encoding="utf-8") as f:
            return {json.loads(line)["id"][:-3]: json.loads(line)["text"] for line in f if line.strip()}

    ru, en = read("ru"), read("en")
    reports, gold = [], {}
    for key in sorted(set(ru) & set(en)):
        for i, (a, b) in enumerate(zip(ru[key].split("\n"), en[key].split("\n"))):
            if len(a.split()) < 6 or len(b.split()) < 6:
                continue
            for lang, text in (("ru", a), ("en", b)):
                sid = f"{key}:{i}:{lang}"
                reports.append(quotes.QuoteReport(sid, f"{key}:{i}:{lang}", f"speaker-{key}", text, lang,
                                                  dt.date(2020, 1, 1), lang))
                gold[sid] = f"{key}:{i}"
    start = time.perf_counter()
    found = quotes.group(reports, embed=embed)
    seconds = time.perf_counter() - start
    order = {r.statement_id: r.order() for r in reports}
    gold_first: dict[str, str] = {}
    for sid, c in gold.items():
        if c not in gold_first or order[sid] < order[gold_first[c]]:
            gold_first[c] = sid
    r = score(quotes.assignments(found), gold, {q.quote_id: q.first.statement_id for q in found}, gold_first)
    return {"reports": len(reports), **{k: r[k] for k in ("precision", "recall", "f1")},
            "reports_per_second": round(len(reports) / seconds, 1)}
