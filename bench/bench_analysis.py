"""Analysis and dashboard speed on 1,000,000 synthetic statements.

Measures timeline, shifts and 'statements --speaker X' through the library
(median of 5 warm runs, plus the first cold run), computed ("computed",
cache=False) and read from the store's analysis cache ("cached"); the CLI
once, start-up included, on an empty cache and on the cache it filled; and
/api/timeline and /api/statements?speaker=X latency under 50 concurrent
clients on 127.0.0.1 (2,000 requests, and wrk). Targets: < 200 ms per query,
API p99 < 100 ms. Then 'shiftwatch compact' on a copy of the store (its time and
file size), and /api/statements?speaker=X on a cold dashboard (the file evicted
from the OS cache) over the store in ingest order and compacted.

The store is built once under bench/work/ and reused while it holds the
1,000,000 bench statements (an older one is migrated on reuse)."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

N_STATEMENTS = 1_000_000
N_SPEAKERS = 200
REQUESTS = 2_000
CLIENTS = 50


def reusable(path: Path) -> bool:
    """A store built before (by this bench) with all its statements: reuse it (migrated to the current schema)."""
    from shiftwatch.store import Store

    if not path.exists():
        return False
    try:
        with Store(path) as store:  # read-write: migrates an older store
            return store.con.execute(
                """SELECT count(*) FILTER (WHERE s.label_model = 'bench' AND s.published IS NOT NULL
                                                 AND d.duplicate_of IS NULL)
                   FROM statements s JOIN documents d USING (doc_id)"""
            ).fetchone()[0] == N_STATEMENTS
    except Exception:
        return False


def build(path: Path) -> None:
    from shiftwatch.store import Store

    for p in (path, Path(str(path) + ".wal")):
        if p.exists():
            p.unlink()
    with Store(path) as store:
        con = store.con
        docs = N_STATEMENTS // 2
        con.execute(f"""INSERT INTO documents (doc_id, url, outlet, published, lang, title, text, text_hash, duplicate_of, analyzed)
            SELECT 'd' || i, 'https://example.org/' || i, 'outlet-' || (i % 12), DATE '2020-01-01' + CAST(i % 1826 AS INTEGER),
                   CASE WHEN i % 3 = 0 THEN 'en' ELSE 'ru' END, 'title ' || i, 'text ' || i, md5('d' || i),
                   NULL, true
            FROM range({docs}) t(i)""")
        con.execute(f"""INSERT INTO speakers (speaker_id, speaker, kind)
            SELECT 'speaker-' || i, 'Speaker ' || i, 'person' FROM range({N_SPEAKERS}) t(i)""")
        con.execute(f"""INSERT INTO speaker_aliases (speaker_id, alias, alias_key)
            SELECT 'speaker-' || i, 'Speaker ' || i, 'speaker ' || i FROM range({N_SPEAKERS}) t(i)""")
        frames = "['economy','security','control','integration','rights','politics']"
        # near-duplicate documents (one per 50) get no statements, as in the statements stage
        con.execute(f"""INSERT INTO documents (doc_id, url, outlet, published, lang, title, text, text_hash, duplicate_of, analyzed)
            SELECT 'd' || i, 'https://copy.example.org/' || i, 'copycat', published, lang, title, text || ' (copy)',
                   md5(text || ' (copy)'), doc_id, false
            FROM (SELECT i, d.* FROM range({docs}, {docs + docs // 50}) t(i)
                  JOIN documents d ON d.doc_id = 'd' || ((i - {docs}) * 50))""")
        con.execute(f"""INSERT INTO statements (statement_id, doc_id, kind, text, char_start, char_end, speaker_mention,
                                               speaker_id, about_migration, stance, frames, cues, label_model,
                                               published, outlet, lang)
            SELECT 's' || i, 'd' || (i // 2), 'direct', 'Migrants statement number ' || i, 0, 20, 'Speaker',
                   'speaker-' || CAST(floor(pow(random(), 2) * {N_SPEAKERS}) AS INTEGER),
                   i % 10 <> 0,
                   CASE WHEN i % 10 = 0 THEN NULL ELSE (['restrictive','neutral','welcoming'])[1 + CAST(i * 7 % 3 AS INTEGER)] END,
                   CASE WHEN i % 10 = 0 THEN [] ELSE [({frames})[1 + i % 6]] END, ['cue'], 'bench',
                   d.published, d.outlet, d.lang
            FROM range({N_STATEMENTS}) t(i) JOIN documents d ON d.doc_id = 'd' || (i // 2)""")
        con.execute("CHECKPOINT")


def timed(fn, runs: int = 5) -> dict:
    t = time.perf_counter()
    fn()
    cold = time.perf_counter() - t
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return {"cold_ms": round(cold * 1000, 1), "median_ms": round(statistics.median(times) * 1000, 1)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, port: int) -> subprocess.Popen:
    """'shiftwatch serve' in its own process, once it answers (the caller stops it)."""
    import httpx

    proc = subprocess.Popen([sys.executable, "-m", "shiftwatch", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/speakers", params={"limit": 1}, timeout=60)
            return proc
        except httpx.TransportError:
            if time.time() > deadline or proc.poll() is not None:
                proc.terminate()
                raise RuntimeError("the dashboard did not start")
            time.sleep(0.2)


def python_clients(url: str, requests: list[dict], timeout: float) -> dict:
    """``requests`` (query parameters) from CLIENTS threads, each with its own client."""
    import httpx

    lat: list[float] = []
    errors = 0
    local = threading.local()

    def one(params: dict) -> None:
        nonlocal errors
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(timeout=timeout)
        t = time.perf_counter()
        r = client.get(url, params=params)
        lat.append(time.perf_counter() - t)
        if r.status_code != 200:
            errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, requests))
    wall = time.perf_counter() - started
    lat.sort()
    return {"requests": len(requests), "clients": CLIENTS, "errors": errors,
            "p50_ms": round(lat[len(lat) // 2] * 1000, 1), "p99_ms": round(lat[int(len(lat) * 0.99)] * 1000, 1),
            "requests_per_s": round(len(requests) / wall)}


def api_latency(db: Path) -> dict:
    """The dashboard in its own process (as 'shiftwatch serve' runs it), 50 client threads here."""
    import httpx

    port = free_port()
    proc = serve(db, port)
    try:
        url = f"http://127.0.0.1:{port}/api/timeline"
        params = [{"by": "all"}, {"by": "all", "freq": "week"}, {"by": "speaker", "limit": 100}]
        t = time.perf_counter()
        for p in params:  # the first visitor fills the cache
            httpx.get(url, params=p, timeout=120)
        first = time.perf_counter() - t
        load = python_clients(url, [params[i % len(params)] for i in range(REQUESTS)], timeout=30)
        by_wrk = wrk(f"{url}?by=all")
    finally:
        proc.terminate()
        proc.wait(10)
    return {
        "requests": load["requests"], "clients": load["clients"], "errors": load["errors"],
        "first_uncached_3_requests_s": round(first, 2),
        "p50_ms": load["p50_ms"], "p99_ms": load["p99_ms"], "requests_per_s": load["requests_per_s"],
        "client": "50 Python threads with httpx in one process: the client's own GIL waits count in these figures",
        "wrk": by_wrk,
    }


PAGES_LUA = """-- 40 pages of one filter in turn: /api/statements?...&offset=0, 50, ... 1950
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path .. "&limit=50&offset=" .. ((n % 40) * 50))
end
"""


def wrk(url: str, script: str | None = None) -> dict | None:
    """The same load from wrk (C, 2 threads, 50 connections, 8 s on loopback), when installed:
    latency of the server, not of a Python client sharing its two cores."""
    import re
    import shutil

    if not shutil.which("wrk"):
        return None
    extra = []
    if script:
        lua = Path(__file__).resolve().parent / "work" / "pages.lua"
        lua.write_text(script)
        extra = ["-s", str(lua)]
    out = subprocess.run(["wrk", "-t2", f"-c{CLIENTS}", "-d8s", "--latency", *extra, url], capture_output=True, text=True,
                         timeout=60).stdout
    pct = {m.group(1): m.group(2) + m.group(3) for m in re.finditer(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}

    def ms(v: str) -> float:
        n = float(re.match(r"[\d.]+", v).group())
        return round(n / 1000 if v.endswith("us") else n * 1000 if v.endswith("s") and not v.endswith("ms") else n, 1)

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return {"p50_ms": ms(pct["50"]), "p90_ms": ms(pct["90"]), "p99_ms": ms(pct["99"]),
            "requests_per_s": round(float(rps.group(1))) if rps else None,
            "command": f"wrk -t2 -c{CLIENTS} -d8s --latency {'-s pages.lua ' if script else ''}URL"}


def run(work: Path) -> dict:
    from shiftwatch import analysis, query
    from shiftwatch.store import Store

    db = work / "analysis-1m.duckdb"
    t = time.perf_counter()
    reused = reusable(db)
    if not reused:
        build(db)
    out: dict = {"statements": N_STATEMENTS, "store": str(db.relative_to(work.parent)), "reused_store": reused,
                 "build_s": round(time.perf_counter() - t, 1)}
    speaker = "speaker-150"
    queries = {
        "timeline_all_month": lambda con, c: analysis.timeline(con, "all", "month", cache=c),
        "timeline_speaker_month": lambda con, c: analysis.timeline(con, "speaker", "month", cache=c),
        "shifts_all": lambda con, c: analysis.shifts(con, "all", cache=c),
        "shifts_speaker": lambda con, c: analysis.shifts(con, "speaker", cache=c),
    }
    # 1. computed (no cache), read-only as the CLI and the dashboard open the store
    with Store(db, read_only=True) as store:
        con = store.con
        n = query.count_statements(con, query.StatementFilter(speaker=speaker))
        computed = {name: timed(lambda: fn(con, False), runs=1 if name == "shifts_speaker" else 5)
                    for name, fn in queries.items()}
        computed["statements_speaker"] = {**timed(lambda: query.statements(con, query.StatementFilter(speaker=speaker))),
                                          "rows": n}
        computed["statements_speaker_page_50"] = timed(
            lambda: query.statements(con, query.StatementFilter(speaker=speaker), limit=50))
    out["computed"] = computed
    # 2. the CLI once (start-up included), on an empty cache, then after ingest's
    #    warm-up (analysis.cache.warm, which `ingest` and `relabel` run) filled it
    with Store(db) as store:
        store.con.execute(f"DROP TABLE IF EXISTS {analysis.cache.TABLE}")
    env = {**os.environ, "SHIFTWATCH_DB": str(db)}
    sw = [sys.executable, "-m", "shiftwatch"]
    commands = {"timeline": ["timeline", "--format", "jsonl"], "shifts": ["shifts", "--format", "jsonl"],
                "shifts_speaker": ["shifts", "--by", "speaker", "--format", "jsonl"],
                "statements_speaker": ["statements", "--speaker", speaker, "--format", "jsonl"]}

    def cli_pass() -> dict:
        cli = {}
        for name, args in commands.items():
            t = time.perf_counter()
            subprocess.run(sw + args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            cli[name + "_s"] = round(time.perf_counter() - t, 2)
        return cli

    out["cli_once_incl_startup_uncached"] = cli_pass()
    with Store(db) as store:
        t = time.perf_counter()
        analysis.warm(store.con)
        out["cache_warm_s"] = round(time.perf_counter() - t, 2)
    out["cli_once_incl_startup_cached"] = cli_pass()
    startup = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(sw + ["--help"], env=env, check=True, stdout=subprocess.DEVNULL)
        startup.append(time.perf_counter() - t)
    out["cli_startup_help_s"] = round(statistics.median(startup), 2)
    # 3. cached reads through the library
    with Store(db) as store:
        for fn in queries.values():
            fn(store.con, True)
    with Store(db, read_only=True) as store:
        con = store.con
        out["cached"] = {name: timed(lambda: fn(con, True)) for name, fn in queries.items()}
        out["fingerprint"] = timed(lambda: analysis.cache.fingerprint(con))
    out["api_timeline"] = api_latency(db)
    out["api_statements_speaker"] = api_statements_latency(db, speaker)
    compacted = work / "analysis-1m-compacted.duckdb"
    out["compaction"] = compaction(db, compacted)
    out["api_statements_cold"] = {"ingest_order": cold_statements(db, speaker),
                                  "compacted": cold_statements(compacted, speaker)}
    return out


def compaction(db: Path, copy: Path) -> dict:
    """'shiftwatch compact' (store.compact) on a copy of the store: the statements rewritten
    clustered by speaker and date; its time, the file before and after, and how many of the
    table's row groups a speaker's query reads."""
    import shutil

    from shiftwatch.store import Store, compact

    for p in (copy, Path(str(copy) + ".wal")):
        p.unlink(missing_ok=True)
    shutil.copyfile(db, copy)
    with Store(copy) as store:
        done = compact.compact(store)
    return {"seconds": round(done.seconds, 1), "rows": done.rows,
            "file_mb_before": round(done.bytes_before / 1e6), "file_mb_after": round(done.bytes_after / 1e6),
            "row_groups": done.after.row_groups,
            "row_groups_read_per_speaker_before": round(done.before.groups_per_speaker, 2),
            "row_groups_read_per_speaker_after": round(done.after.groups_per_speaker, 2)}


def evict(db: Path) -> None:
    """Drop the store's file from the OS page cache: the next reads come from the disk."""
    for p in (db, Path(str(db) + ".wal")):
        if p.exists():
            fd = os.open(p, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system, all threads) a process has used: on a loaded machine the
    wall time of an answer is mostly waiting for a core, this is its own cost."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cold_statements(db: Path, speaker: str, runs: int = 3) -> dict:
    """/api/statements?speaker=X on a cold dashboard, the file evicted from the page cache
    before 'serve' starts: the first answer (one client), and wrk's 40 pages from 50
    connections from the start (median of ``runs`` fresh starts each)."""
    import httpx

    first, first_cpu, burst = [], [], []
    for _ in range(runs):
        for kind in ("first", "burst"):
            evict(db)
            port = free_port()
            proc = serve(db, port)
            base = f"http://127.0.0.1:{port}/api/statements"
            try:
                if kind == "first":
                    cpu, t = cpu_s(proc.pid), time.perf_counter()
                    httpx.get(base, params={"speaker": speaker, "limit": 50}, timeout=120).raise_for_status()
                    first.append(round((time.perf_counter() - t) * 1000, 1))
                    first_cpu.append(round((cpu_s(proc.pid) - cpu) * 1000))
                else:
                    burst.append(wrk(f"{base}?speaker={speaker}", PAGES_LUA))
            finally:
                proc.terminate()
                proc.wait(10)
    out = {"first_answer_ms": statistics.median(first), "first_answer_runs_ms": first,
           "first_answer_server_cpu_ms": statistics.median(first_cpu)}
    if all(burst):
        out["wrk_40_pages_cold_p99_ms"] = statistics.median(b["p99_ms"] for b in burst)
        out["wrk_40_pages_cold_p99_runs_ms"] = [b["p99_ms"] for b in burst]
        out["wrk_40_pages_cold_p50_ms"] = statistics.median(b["p50_ms"] for b in burst)
    out["load_average"] = round(os.getloadavg()[0], 1)
    return out


def api_statements_latency(db: Path, speaker: str) -> dict:
    """/api/statements?speaker=X under 50 clients: wrk over 40 different pages of the speaker on a
    cold dashboard (nothing cached when it starts: the first answers are computed under the load),
    then on a fresh dashboard 50 Python threads over the 40 pages after one first request, and wrk
    on one page (as for /api/timeline)."""
    import httpx

    port = free_port()
    proc = serve(db, port)
    base = f"http://127.0.0.1:{port}/api/statements"
    try:
        pages = [{"speaker": speaker, "limit": 50, "offset": 50 * (i % 40)} for i in range(REQUESTS)]
        # a cold dashboard: nothing asked yet; wrk asks 40 pages of the speaker in turn from the start
        cold_pages = wrk(f"{base}?speaker={speaker}", PAGES_LUA)
        warm_pages = wrk(f"{base}?speaker={speaker}", PAGES_LUA)  # the same again: every page asked before
        proc.terminate()
        proc.wait(10)
        proc = serve(db, port)
        t = time.perf_counter()
        first = httpx.get(base, params={"speaker": speaker}, timeout=120)
        first_s = time.perf_counter() - t
        total = first.json()["total"]
        load = python_clients(base, pages, timeout=60)
        by_wrk = wrk(f"{base}?speaker={speaker}")
    finally:
        proc.terminate()
        proc.wait(10)
    return {"speaker": speaker, "rows": total, "first_request_uncached_s": round(first_s, 3),
            "pages_40_python_clients_after_first_request": {
                **load, "client": "50 Python threads with httpx in one process: the client's own GIL waits count"},
            "wrk_40_pages_cold": cold_pages, "wrk_40_pages_warm": warm_pages,
            "wrk": by_wrk}

if __name__ == "__main__":
    import json

    work = Path(__file__).resolve().parent / "work"
    work.mkdir(exist_ok=True)
    print(json.dumps(run(work), indent=2))
