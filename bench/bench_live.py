"""Live: how soon a document that `watch` commits is seen through `serve`'s API.

`serve` and `watch --every 1s` (on a folder) run on one store; five times a
JSONL line with one invented statement is appended to a file in the folder,
and the time from watch's round line (printed after its last commit of the
round) to the API answering with the new statement is measured. Target:
within 5 s. Also checks that SIGTERM stops watch with status 0."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROUNDS = 5


def run(work: Path) -> dict:
    import httpx

    from shiftwatch.store import Store

    root = work / "live"
    shutil.rmtree(root, ignore_errors=True)
    news = root / "news"
    news.mkdir(parents=True)
    db = root / "live.duckdb"
    Store(db).close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sw = [sys.executable, "-m", "shiftwatch"]
    env = dict(os.environ)
    serve = subprocess.Popen(sw + ["serve", "--db", str(db), "--port", str(port)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watch = subprocess.Popen(sw + ["watch", str(news), "--db", str(db), "--every", "1s"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, bufsize=1)
    api = f"http://127.0.0.1:{port}/api/statements"

    def total() -> int:
        return httpx.get(api, params={"about_migration": "false", "limit": 1}, timeout=30).json()["total"]

    latencies = []
    try:
        for i in range(ROUNDS):
            deadline = time.time() + 120
            while True:
                try:
                    before = total()
                    break
                except (httpx.HTTPError, ValueError):
                    if time.time() > deadline:
                        raise RuntimeError("the dashboard did not answer")
                    time.sleep(0.3)
            with open(news / "wire.jsonl", "a", encoding="utf-8") as f:
                f.write(json.dumps({
                    "url": f"https://gazette.example/{i}", "published": f"2024-05-0{i + 1}", "outlet": "Brenmoor Gazette",
                    "lang": "en", "text": f"The mayor Oskar Vellin said that the new bridge number {i} of Brenmoor "
                                          f"would open in May. Officials said the works cost {i} million."}) + "\n")
            while True:
                line = watch.stderr.readline()
                if not line:
                    raise RuntimeError("watch stopped")
                if ": round " in line and " 0 new documents" not in line:
                    committed = time.monotonic()
                    break
            while total() <= before:
                time.sleep(0.05)
            latencies.append(round(time.monotonic() - committed, 2))
    finally:
        watch.terminate()
        code = watch.wait(120)
        serve.terminate()
        serve.wait(30)
    return {"visible_after_commit_s": latencies, "max_s": max(latencies), "target_s": 5,
            "watch_exit_on_sigterm": code}
