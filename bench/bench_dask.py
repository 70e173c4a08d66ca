"""--engine dask against one machine, in one run on the same corpus.

1. Full analysis (ingest + statements + speakers + labels) of 300 UK 2014
   articles (../shared/data; a synthetic corpus when absent): one local
   worker, a local Dask cluster of 2 workers, and a `dask scheduler` with 2
   `dask worker` processes; wall time, speed-up, peak RSS and CPU seconds per
   worker, and whether the store equals the local one (target >= 1.7x).
2. `ingest --no-analyze` of 1,000,000 synthetic documents on a local Dask
   cluster of 2 workers: throughput, peak RSS per worker, store size
   (targets >= 1,500 docs/s, < 1.5 GiB per worker).
3. 50,000 of them with the workers reading the JSONL file in parts against
   the client reading it and shipping the records (which is faster).

The machine's load average is recorded with each run: other work on a
2-core machine slows every figure here, the speed-ups most."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
SW, DASK = str(BIN / "shiftwatch"), str(BIN / "dask")
SHARED = Path(os.environ.get("SHIFTWATCH_SHARED") or HERE.parent.parent / "shared" / "data")  # a worktree elsewhere sets it
UK = SHARED / "uk-immigrationnews-2014" / "uk2014.jsonl.gz"


class Monitor(threading.Thread):
    """Peak RSS and CPU seconds of each process under ``roots``, sampled every 0.2 s."""

    def __init__(self, roots: list[int]):
        super().__init__(daemon=True)
        self.roots, self.stop_flag = roots, threading.Event()
        self.peak: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.kind: dict[int, str] = {}

    def run(self):
        import psutil

        while not self.stop_flag.is_set():
            for root in self.roots:
                try:
                    top = psutil.Process(root)
                    procs = [top, *top.children(recursive=True)]
                except psutil.Error:
                    continue
                for p in procs:
                    try:
                        rss, t = p.memory_info().rss, p.cpu_times()
                        if p.pid not in self.kind:
                            cmd = " ".join(p.cmdline())
                            self.kind[p.pid] = ("worker" if ("spawn_main" in cmd or " worker " in f" {cmd} ")
                                                and "resource_tracker" not in cmd else
                                                "scheduler" if "scheduler" in cmd else
                                                "client" if p.pid == root else "other")
                        self.peak[p.pid] = max(self.peak.get(p.pid, 0), rss)
                        self.cpu[p.pid] = t.user + t.system
                    except psutil.Error:
                        pass
            time.sleep(0.2)

    def stop(self) -> dict:
        self.stop_flag.set()
        self.join()
        mib = lambda b: round(b / 2**20, 1)  # noqa: E731
        workers = [p for p, k in self.kind.items() if k == "worker"]
        clients = [p for p, k in self.kind.items() if k == "client"]
        return {
            "workers": len(workers),
            "peak_rss_mib_per_worker": [mib(self.peak[p]) for p in workers],
            "cpu_s_per_worker": [round(self.cpu[p], 1) for p in workers],
            "client_peak_rss_mib": mib(max((self.peak[p] for p in clients), default=0)),
            "client_cpu_s": round(sum(self.cpu[p] for p in clients), 1),
        }


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(args: list[str], extra_roots: list[int] = ()) -> dict:
    load_before = load()
    started = time.monotonic()
    proc = subprocess.Popen([SW, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    mon = Monitor([proc.pid, *extra_roots])
    mon.start()
    err = proc.stderr.read()
    proc.wait()
    took = time.monotonic() - started
    stats = mon.stop()
    if proc.returncode not in (0, 3):
        raise RuntimeError(f"shiftwatch {' '.join(args)} failed: {err.strip()[-500:]}")
    summary = err.strip().splitlines()[-1]
    if not stats["workers"]:  # one local worker: the client is the worker
        stats["peak_rss_mib_per_worker"] = [stats["client_peak_rss_mib"]]
        stats["cpu_s_per_worker"] = [stats["client_cpu_s"]]
    return {"seconds": round(took, 1), "summary": summary, "load_before": load_before, "load_after": load(), **stats}


def store_size_mib(db: Path) -> float:
    return round(sum(p.stat().st_size for p in (db, Path(str(db) + ".wal")) if p.exists()) / 2**20, 1)


def fresh(db: Path) -> Path:
    for p in (db, Path(str(db) + ".wal")):
        if p.exists():
            p.unlink()
    return db


def analysis_corpus(work: Path, n: int) -> tuple[Path, str]:
    if UK.exists():
        path = work / f"uk2014-{n}.jsonl"
        if not path.exists():
            with gzip.open(UK, "rt", encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
                for _, line in zip(range(n), f):
                    out.write(line)
        return path, f"first {n} articles of uk2014.jsonl.gz (../shared/data)"
    import random

    path = work / f"synthetic-analysis-{n}.jsonl"
    rng = random.Random(n)
    people = ["Jane Holloway", "Peter Marsh", "Anna Kline", "Tom Rowe"]
    said = ["said the region needed more workers from abroad.", "told reporters that border checks must be tightened.",
            "said the new visa rules were unfair to families.", "warned that councils could not cope."]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            paras = [f'{rng.choice(people)}, a councillor in Westbury, {rng.choice(said)} "We will act," '
                     f'{rng.choice(people).split()[0]} added.' for _ in range(8)]
            out.write(json.dumps({"id": f"s{i}", "lang": "en", "published": f"2024-0{1 + i % 9}-1{i % 10}",
                                  "outlet": f"Outlet {i % 5}", "text": "\n\n".join(paras) + f" {i}"}) + "\n")
    return path, f"{n} synthetic English articles (../shared/data absent)"


def external_cluster(tmp: Path, workers: int = 2):
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = open(tmp / "dask-processes.log", "w")
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=logs, stderr=subprocess.STDOUT)]
    for i in range(workers):
        procs.append(subprocess.Popen([DASK, "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny",
                                       "--no-dashboard", "--name", f"bench-{i}"], stdout=logs, stderr=subprocess.STDOUT))
    from distributed import Client

    deadline = time.monotonic() + 60
    while True:
        try:
            with Client(address, timeout="5s") as c:
                c.wait_for_workers(workers, timeout=60)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    return address, procs


def analysis_runs(work: Path) -> dict:
    n = int(os.environ.get("BENCH_DASK_DOCS", "300"))
    src, what = analysis_corpus(work, n)
    out = {"corpus": what, "command": "shiftwatch ingest CORPUS.jsonl [--engine dask (--workers 2 | --cluster ADDR)]"}
    local = fresh(work / "dask-a-local.duckdb")
    out["local_1_worker"] = timed(["ingest", str(src), "--db", str(local)])
    db = fresh(work / "dask-a-localcluster.duckdb")
    out["dask_local_cluster_2_workers"] = timed(["ingest", str(src), "--db", str(db), "--engine", "dask", "--workers", "2"])
    out["dask_local_cluster_2_workers"]["store_equals_local"] = same_store(local, db)
    address, procs = external_cluster(work)
    try:
        db = fresh(work / "dask-a-external.duckdb")
        out["dask_scheduler_2_workers"] = timed(["ingest", str(src), "--db", str(db), "--engine", "dask", "--cluster", address],
                                                extra_roots=[p.pid for p in procs[1:]])
        out["dask_scheduler_2_workers"]["store_equals_local"] = same_store(local, db)
    finally:
        for p in reversed(procs):  # workers first, then the scheduler
            p.terminate()
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    base = out["local_1_worker"]["seconds"]
    for key in ("dask_local_cluster_2_workers", "dask_scheduler_2_workers"):
        out[key]["speedup_vs_local_1_worker"] = round(base / out[key]["seconds"], 2)
    per_worker_cpu = sum(out["local_1_worker"]["cpu_s_per_worker"])
    out["local_docs_per_cpu_s"] = round(n / per_worker_cpu, 2)
    # a worker is one busy core: its day is 86,400 CPU-seconds (the wall time
    # of a loaded machine says more about the other work on it)
    out["docs_per_day_per_worker"] = round(86400 * out["local_docs_per_cpu_s"])
    return out


def same_store(a: Path, b: Path) -> bool:
    import duckdb

    def contents(db):
        con = duckdb.connect(str(db), read_only=True)
        try:
            out = {}
            for t in ("documents", "doc_bands", "statements", "speakers", "speaker_aliases", "rejected"):
                cols = [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall()
                        if not r[1].startswith("TIMESTAMP") and r[0] not in ("run_id", "id")]
                out[t] = sorted(map(repr, con.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()))
            return out
        finally:
            con.close()

    return contents(a) == contents(b)


def ingest_corpus(work: Path, n: int) -> Path:
    spec = importlib.util.spec_from_file_location("bench_ingest", HERE / "bench_ingest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.corpus(work / f"ingest-{n}.jsonl", n)


def ingest_run(work: Path) -> dict:
    n = int(os.environ.get("BENCH_DASK_INGEST", "1000000"))
    src = ingest_corpus(work, n)
    db = fresh(work / f"dask-ingest-{n}.duckdb")
    r = timed(["ingest", str(src), "--db", str(db), "--no-analyze", "--engine", "dask", "--workers", "2"])
    docs = int(r["summary"].split()[1])
    return {"command": f"shiftwatch ingest ingest-{n}.jsonl --no-analyze --engine dask --workers 2",
            "documents": docs, "docs_per_s": round(docs / r["seconds"], 1), "store_mib": store_size_mib(db), **r}


SPLIT_SCRIPT = """
import sys, time
from shiftwatch import pipeline
from shiftwatch.engines.dask import DaskEngine
from shiftwatch.store import Store
src, db, split = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
with DaskEngine(workers=2, split_files=split) as engine, Store(db) as store:
    t = time.monotonic()
    r = pipeline.ingest(store, [src], analyze=False, engine=engine)
    print(r.documents, round(time.monotonic() - t, 1))
"""


def split_runs(work: Path) -> dict:
    n = int(os.environ.get("BENCH_DASK_SPLIT", "50000"))
    src = ingest_corpus(work, n)
    out = {"documents": n, "note": "pipeline.ingest with DaskEngine(workers=2, split_files=...): seconds of the ingest itself, cluster start excluded"}
    for split in (True, False):
        db = fresh(work / f"dask-split-{n}-{int(split)}.duckdb")
        before = load()
        res = subprocess.run([sys.executable, "-c", SPLIT_SCRIPT, str(src), str(db), "1" if split else "0"],
                             capture_output=True, text=True, check=True)
        docs, secs = res.stdout.strip().splitlines()[-1].split()
        key = "workers_read_file_parts" if split else "client_reads_and_ships_records"
        out[key] = {"seconds": float(secs), "docs_per_s": round(int(docs) / float(secs), 1),
                    "load_before": before, "load_after": load()}
    return out


def run(work: Path) -> dict:
    """BENCH_DASK_PARTS=analysis,split,ingest picks parts; the parts not run keep
    their last results (bench/results.json), so a long part can run alone."""
    parts = os.environ.get("BENCH_DASK_PARTS", "analysis,split,ingest").split(",")
    previous = HERE / "results.json"
    out = json.loads(previous.read_text()).get("dask", {}) if previous.exists() else {}
    out = {k: v for k, v in out.items() if k in ("analysis", "split_vs_ship", "ingest")}
    for part, key, fn in (("analysis", "analysis", analysis_runs), ("split", "split_vs_ship", split_runs),
                          ("ingest", "ingest", ingest_run)):
        if part in parts:
            out[key] = fn(work)
            out[key]["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
            print(json.dumps(out[key], indent=1), flush=True)
            save(out)
    return out


def save(out: dict) -> None:
    """Each part into bench/results.json as soon as it is measured: the parts take long."""
    path = HERE / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results["dask"] = {**results.get("dask", {}), **out}
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
