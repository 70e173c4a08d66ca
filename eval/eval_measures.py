"""Measures on real news nobody on the team wrote.

measures-ru (Russian Telegram posts) and measures-en (the PolNeAR US
articles) through `eval measures`, beside a naive baseline (any sentence
naming migrants and a policy word); and the false-alarm rate on
telegram-ru/negatives_dev.jsonl (posts that mention no migrants: laws on
other topics, crime, war), as measures per 100 posts."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from shiftwatch.measures import evaluate, extract
from shiftwatch.measures.evaluate import naive_extract


def _summary(result: dict) -> dict:
    out = {}
    for lang, r in result["by_lang"].items():
        out[lang] = {k: r[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn", "kind_accuracy", "status_accuracy",
                                        "direction_accuracy", "authority_accuracy", "docs", "gold_measures")}
        out[lang]["event_pair_f1"] = r["event_pairs"]["f1"]
        out[lang]["event_pairs"] = {k: r["event_pairs"][k] for k in ("precision", "recall", "f1", "gold_pairs")}
        out[lang]["event_pairs_all_gold"] = {k: r["event_pairs_all"][k] for k in ("precision", "recall", "f1", "gold_pairs")}
    out["ms_per_doc"] = result["ms_per_doc"]
    return out


def negatives(path: Path) -> dict:
    docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    t0 = time.perf_counter()
    hits = []
    for d in docs:
        pub = None
        if d.get("published"):
            try:
                pub = dt.date.fromisoformat(str(d["published"])[:10])
            except ValueError:
                pub = None
        ms = extract(d["text"], d.get("lang", "ru"), pub)
        hits.extend({"id": d["id"], "char_start": m.char_start, "char_end": m.char_end, "kind": m.kind} for m in ms)
    elapsed = time.perf_counter() - t0
    return {"posts": len(docs), "measures": len(hits), "per_100_posts": round(100 * len(hits) / max(1, len(docs)), 2),
            "ms_per_doc": round(1000 * elapsed / max(1, len(docs)), 2), "false_alarms": hits}


def run(shared: Path) -> dict:
    out: dict = {}
    for name in ("measures-ru", "measures-en"):
        path = shared / name / "dev.jsonl"
        if not path.exists():
            out[name] = {"skipped": f"no {path}"}
            continue
        extract("прогрев", "ru")  # load the morphology once, outside the timing
        out[name] = {"naive": _summary(evaluate(path, naive_extract)), "shiftwatch": _summary(evaluate(path))}
    neg = shared / "telegram-ru" / "negatives_dev.jsonl"
    out["negatives-ru"] = negatives(neg) if neg.exists() else {"skipped": f"no {neg}"}
    return out


if __name__ == "__main__":
    import sys

    here = Path(__file__).resolve().parent
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent.parent / "shared" / "data"
    print(json.dumps(run(shared), indent=2, ensure_ascii=False))
