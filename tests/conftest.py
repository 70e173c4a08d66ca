"""Shared fixtures: run the real CLI in-process or as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "gold"
# SHIFTWATCH_SHARED points a worktree elsewhere than ../shared at the real data
SHARED = Path(os.environ.get("SHIFTWATCH_SHARED") or ROOT.parent / "shared" / "data")
SW = str(Path(sys.executable).parent / "shiftwatch")


@pytest.fixture
def cli():
    """Call `shiftwatch ARGS...` in-process; returns the click Result."""
    from shiftwatch.cli import app

    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def sw():
    """Run the installed `shiftwatch` command as a separate process."""

    def run(*args, timeout=300, env=None):
        return subprocess.run(
            [SW, *map(str, args)], capture_output=True, text=True, timeout=timeout,
            env={**os.environ, **(env or {})},
        )

    return run


@pytest.fixture
def db(tmp_path):
    return tmp_path / "store.duckdb"


def needs_shared(path: str) -> Path:
    p = SHARED / path
    if not p.exists():
        pytest.skip(f"../shared/data/{path} is absent: real-data checks need the shared folder")
    return p


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo store as `make demo` builds it (the shipped corpus, through the installed CLI),
    built once for every test that reads it: (path, demo/facts.json)."""
    import json

    facts = json.loads((ROOT / "demo" / "facts.json").read_text(encoding="utf-8"))
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    corpus = ROOT / "demo" / "corpus"
    runs = [[corpus / "feeds", corpus / "html", corpus / "warc", corpus / "articles.jsonl", corpus / "articles.csv",
             "--workers", "2"]]
    runs += [[ROOT / "demo" / p["file"], "--lang", "ru", "--outlet", p["outlet"], "--date", p["date"]]
             for p in facts["plain_text_files"]]
    for args in runs:
        r = subprocess.run([SW, "ingest", *map(str, args), "--db", str(db)], capture_output=True, text=True)
        assert r.returncode == 0, f"building the demo store failed: {r.stderr[-2000:]}"
    return db, facts
