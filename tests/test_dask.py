"""--engine dask: the store equals the one --engine local builds (documents with
their duplicate links, statements, labels, speakers, rejections), on a real
distributed.LocalCluster and on a scheduler and two workers started as
separate `dask` processes; re-runs add nothing; a killed worker changes
nothing; a bad or lost scheduler is one line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import SW
from test_ingest import EN_EXTRA, EN_TEXT, RU_EXTRA, RU_TEXT, article_html

pytest.importorskip("distributed")
DASK = str(Path(sys.executable).parent / "dask")
TABLES = ("documents", "doc_bands", "statements", "speakers", "speaker_aliases", "rejected")


def contents(db: Path) -> dict:
    """Every row of the tables the pipeline writes, without run ids and times."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()
                    if not r[1].startswith("TIMESTAMP") and r[0] not in ("run_id", "id")]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            out[table] = (cols, sorted(map(repr, rows)))
        return out
    finally:
        con.close()


def assert_same_store(a: Path, b: Path) -> None:
    ca, cb = contents(a), contents(b)
    for table in TABLES:
        assert ca[table] == cb[table], f"{table} differs: {len(ca[table][1])} vs {len(cb[table][1])} rows"


def article(i: int) -> str:
    """A statement about migrants, then other news in an order of its own."""
    import random

    rng = random.Random(i)
    head, extra = (RU_TEXT, RU_EXTRA) if i % 2 else (EN_TEXT, EN_EXTRA)
    others = rng.sample(extra, len(extra))
    words = " ".join(rng.choice(" ".join(extra).split()) for _ in range(40))
    return head + "\n\n" + " ".join(others) + "\n\n" + words + f" {i}."


def make_corpus(folder: Path) -> list[str]:
    """Russian and English articles with exact and near copies (also across the
    two sources), a line that is not JSON, a record without text, an HTML page."""
    folder.mkdir(parents=True, exist_ok=True)
    recs = []
    for i in range(48):
        text = article(i)
        recs.append({"url": f"https://dask.example/{i}", "published": f"2024-0{1 + i % 9}-1{i % 10}",
                     "outlet": f"Outlet {i % 3}", "text": text})
        if i % 11 == 3:  # an exact copy under another URL
            recs.append({**recs[-1], "url": f"https://mirror.example/{i}"})
        if i % 13 == 5:  # a near copy: one sentence added
            recs.append({**recs[-1], "url": f"https://near.example/{i}", "text": text + " Edited later."})
    lines = [json.dumps(r, ensure_ascii=False) for r in recs]
    lines.insert(20, "{not json")
    lines.insert(30, json.dumps({"url": "https://dask.example/empty", "title": "no text"}))
    jsonl = folder / "export.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pages = folder / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "a.html").write_text(article_html("Мигранты и стройки", article(101)), encoding="utf-8")
    (pages / "b.html").write_text(article_html("Copy", article(4) + " Edited later too."), encoding="utf-8")
    return [str(jsonl), str(pages)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sw(*args, timeout=600):
    return subprocess.run([SW, *map(str, args)], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("dask-corpus"))


@pytest.fixture(scope="module")
def local_store(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("dask-local") / "local.duckdb"
    r = sw("ingest", *corpus, "--db", db)
    assert r.returncode == 3, r.stderr  # two records rejected
    return db


def test_cluster_needs_dask_engine_and_a_scheduler(corpus, tmp_path):
    r = sw("ingest", *corpus, "--db", tmp_path / "x.duckdb", "--cluster", "tcp://127.0.0.1:1")
    assert r.returncode == 1 and r.stderr.strip() == "shiftwatch: error: --cluster needs --engine dask"
    port = free_port()
    r = sw("ingest", *corpus, "--db", tmp_path / "x.duckdb", "--engine", "dask", "--cluster", f"tcp://127.0.0.1:{port}")
    assert r.returncode == 1, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and f"no Dask scheduler at tcp://127.0.0.1:{port}" in lines[0], r.stderr
    assert "Traceback" not in r.stderr
    r = sw("analyze", "--db", tmp_path / "x.duckdb", "--engine", "dask", "--cluster", "tcp://no such host")
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr


@pytest.mark.slow
def test_local_cluster_gives_the_local_store(corpus, local_store, tmp_path):
    """A real LocalCluster, workers reading the JSONL file in parts of 7 lines."""
    from distributed import LocalCluster

    from shiftwatch import pipeline
    from shiftwatch.engines.dask import DaskEngine
    from shiftwatch.store import Store

    db = tmp_path / "dask.duckdb"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        seen = []
        with DaskEngine(cluster.scheduler_address, split_files=True) as engine, Store(str(db)) as store:
            models = pipeline.Models.load()
            result = pipeline.ingest(store, corpus, engine=engine, models=models, batch_size=7,
                                     progress=lambda stage, done, total: seen.append((stage, done)))
            assert result.rejected == 2 and result.near_duplicates >= 3 and result.failed_analysis == 0
            assert {s for s, _ in seen} == {"ingest", "analyze"}
            again = pipeline.ingest(store, corpus, engine=engine, models=models, batch_size=7)
            assert again.new == 0 and again.statements == 0 and again.already_stored + again.duplicates == result.documents
        assert_same_store(local_store, db)
        with DaskEngine(cluster.scheduler_address) as engine, Store(str(db)) as store:
            redone = pipeline.analyze_pending(store, pipeline.Models.load(), everything=True, engine=engine)
            assert redone.failed == 0 and redone.statements == result.statements
        assert_same_store(local_store, db)


class DaskProcesses:
    """`dask scheduler` and `dask worker` processes on 127.0.0.1, stopped at the end."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.tmp = tmp
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "w")
        proc = subprocess.Popen([DASK, *args], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name] = proc
        return proc

    def scheduler(self) -> None:
        self.start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard")

    def worker(self, name: str) -> None:
        self.start(name, "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny",
                   "--no-dashboard", "--name", name)

    def wait_for_workers(self, n: int) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(n, timeout=60)

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def stop(self) -> None:
        for name in list(self.procs):
            self.kill(name)


@pytest.fixture
def dask_processes(tmp_path):
    if not Path(DASK).exists() and not shutil.which("dask"):
        pytest.skip("the dask command line is not installed")
    procs = DaskProcesses(tmp_path)
    try:
        procs.scheduler()
        procs.worker("w1")
        procs.worker("w2")
        procs.wait_for_workers(2)
        yield procs
    finally:
        procs.stop()


def _analysing_worker(procs: DaskProcesses, run: subprocess.Popen) -> str | None:
    """Once a worker runs an analysis task, its name; None if the run ended first."""
    from distributed import Client

    with Client(procs.address, timeout="30s") as client:
        deadline = time.monotonic() + 300
        while run.poll() is None and time.monotonic() < deadline:
            info = client.scheduler_info()["workers"]
            for addr, tasks in client.processing().items():
                if any("analyze_task" in str(t) for t in tasks):
                    return info[addr]["name"]
            time.sleep(0.2)
    return None


@pytest.mark.slow
def test_dask_processes_give_the_local_store_even_when_a_worker_is_killed(corpus, local_store, dask_processes, tmp_path):
    db = tmp_path / "dask.duckdb"
    r = sw("ingest", *corpus, "--db", db, "--engine", "dask", "--cluster", dask_processes.address)
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr and "rejected: " in r.stderr
    assert_same_store(local_store, db)
    again = sw("ingest", *corpus, "--db", db, "--engine", "dask", "--cluster", dask_processes.address)
    assert "0 new" in again.stderr and "already stored" in again.stderr, again.stderr
    assert_same_store(local_store, db)

    killed_db = tmp_path / "killed.duckdb"
    run = subprocess.Popen([SW, "ingest", *corpus, "--db", str(killed_db), "--engine", "dask",
                            "--cluster", dask_processes.address], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = _analysing_worker(dask_processes, run)
    if killed is not None:
        dask_processes.kill(killed)
    out, err = run.communicate(timeout=600)
    assert killed is not None, "the run ended before a worker could be killed"
    assert run.returncode == 3, err
    assert_same_store(local_store, killed_db)


@pytest.mark.slow
def test_a_lost_scheduler_is_one_line(corpus, dask_processes, tmp_path):
    db = tmp_path / "lost.duckdb"
    run = subprocess.Popen([SW, "ingest", *corpus, "--db", str(db), "--engine", "dask",
                            "--cluster", dask_processes.address], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert _analysing_worker(dask_processes, run) is not None
    dask_processes.kill("scheduler")
    out, err = run.communicate(timeout=300)
    assert run.returncode == 1, err
    last = err.strip().splitlines()[-1]
    assert "lost the Dask scheduler" in last and "re-run the same command" in last, err
    assert "Traceback" not in err
