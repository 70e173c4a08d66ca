"""What ``compact_if_needed`` costs each analysis refresh (``pipeline.refresh_analysis``).

A generated store of invented statements in ingest order (2,000 speakers over
every row group), compacted once; then, in a fresh process each (as a CLI
command opens the store), the first ``compact_if_needed`` and the mean of the
next ones, with nothing changed and after 1,000 statements were added.

    PYTHONPATH=src python bench/bench_compact.py [STATEMENTS]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

SRC = str(Path(__file__).resolve().parent.parent / "src")

CHECK = """
import json, sys, time
from shiftwatch.store import Store, compact
with Store(sys.argv[1]) as store:
    if sys.argv[2] == "add":
        n = store.con.execute("SELECT count(*) FROM statements").fetchone()[0]
        store.con.execute(f"INSERT INTO statements (statement_id, doc_id, kind, text, speaker_id) "
                          f"SELECT 'new' || (i + {n}), 'd0', 'direct', 'added', 'person-' || (i % 7) FROM range(1000) t(i)")
    t = time.perf_counter()
    done = compact.compact_if_needed(store)
    first = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(20):
        compact.compact_if_needed(store)
    print(json.dumps({"first_ms": round(first * 1000, 2), "next_ms": round((time.perf_counter() - t) / 20 * 1000, 2),
                      "compacted": done is not None}))
"""


def make_store(path: Path, n: int, speakers: int = 2000) -> None:
    from shiftwatch.store import Store

    with Store(path) as store:
        store.con.execute(f"""INSERT INTO documents (doc_id, published, lang, text, text_hash, analyzed)
            SELECT 'd' || i, DATE '2021-01-01' + CAST(i % 700 AS INTEGER), 'en', 'text ' || i, md5('d' || i), true
            FROM range({n // 2}) t(i)""")
        store.con.execute(f"""INSERT INTO statements (statement_id, doc_id, kind, text, speaker_id, published, lang)
            SELECT 's' || i, 'd' || (i // 2), 'direct', 'invented statement ' || i,
                   'person-' || CAST(floor(random() * {speakers}) AS INTEGER),
                   DATE '2021-01-01' + CAST((i // 2) % 700 AS INTEGER), 'en' FROM range({n}) t(i)""")


def check(db: Path, mode: str) -> dict:
    env = {**os.environ, "PYTHONPATH": SRC}
    out = subprocess.run([sys.executable, "-c", CHECK, str(db), mode], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def run(work: Path, n: int = 1_000_000) -> dict:
    from shiftwatch.store import Store, compact

    db = work / "compact_check.duckdb"
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    make_store(db, n)
    with Store(db) as store:
        started = time.perf_counter()
        compact.compact(store)
        compacted = time.perf_counter() - started
    return {"statements": n, "compaction_s": round(compacted, 2), "unchanged": check(db, "same"),
            "unchanged_again": check(db, "same"), "after_1000_added": check(db, "add"),
            "unchanged_after_that": check(db, "same")}


if __name__ == "__main__":
    sys.path.insert(0, SRC)
    work = Path(__file__).resolve().parent / "work"
    work.mkdir(exist_ok=True)
    print(json.dumps(run(work, int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000), indent=1))
