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
