"""Ingest throughput and memory: synthetic RU/EN corpora of 10,000 and
100,000 documents (~2,000 characters), `ingest --no-analyze` with 1 and 2
workers, peak RSS of the whole process tree (targets: >= 500 docs/s with 2
workers; < 1 GiB at 100,000 documents)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

SW = str(Path(sys.executable).parent / "shiftwatch")
RU = ("мигранты губернатор заявил что региону нужны рабочие руки патент реестр стройки такси "
      "курсы русского языка права человека рейды полиция выборы опрос экономика зарплаты область").split()
EN = ("migrants governor said that the region needs workers patent registry building sites taxi "
      "language courses human rights raids police election poll economy wages province").split()


def corpus(path: Path, n: int) -> Path:
    if path.exists():
        return path
    rng = random.Random(n)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            words = RU if i % 2 else EN
            text = " ".join(rng.choice(words) for _ in range(260))[:2000] + f" {i}."
            f.write(json.dumps({"id": str(i), "url": f"https://bench.example/{i}", "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                "outlet": f"Outlet {i % 7}", "lang": "ru" if i % 2 else "en", "text": text}, ensure_ascii=False) + "\n")
    return path


def measure(src: Path, db: Path, workers: int) -> dict:
    for p in (db, Path(str(db) + ".wal")):
        if p.exists():
            p.unlink()
    started = time.monotonic()
    proc = subprocess.Popen([SW, "ingest", str(src), "--db", str(db), "--no-analyze", "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    import psutil

    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
    took = time.monotonic() - started
    err = proc.stderr.read()
    n = int(err.strip().splitlines()[-1].split()[1])
    return {"documents": n, "workers": workers, "seconds": round(took, 1), "docs_per_s": round(n / took, 1),
            "peak_rss_mib": round(peak / 2**20, 1), "summary": err.strip().splitlines()[-1]}


def run(work: Path) -> dict:
    sizes = [int(s) for s in os.environ.get("BENCH_INGEST_SIZES", "10000,100000").split(",")]
    out = {"command": "shiftwatch ingest CORPUS.jsonl --no-analyze --workers N", "runs": []}
    for n in sizes:
        src = corpus(work / f"ingest-{n}.jsonl", n)
        for workers in ((1, 2) if n <= 10000 else (2,)):
            r = measure(src, work / f"ingest-{n}-{workers}.duckdb", workers)
            print(r, flush=True)
            out["runs"].append(r)
    return out
