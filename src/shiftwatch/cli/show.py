"""CLI commands of the analysis and show stages (timeline, shifts, fragmentation, report, serve)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .common import DbOption, Fmt, open_store, app, command, emit, fail


class Count(str, Enum):
    quotes = "quotes"
    reports = "reports"


CountOption = typer.Option(
    Count.quotes, "--count",
    help="Count a quote once, at its first report (quotes), or every outlet's report of it (reports).")


@app.command()
@command
def timeline(
    db: Optional[str] = DbOption,
    by: str = typer.Option("all", "--by", help="speaker, outlet, frame or all."),
    freq: str = typer.Option("month", "--freq", help="week or month."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only this speaker (id, name or alias)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only this outlet."),
    count: Count = CountOption,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Mean stance (95% interval) and frame shares per group and period.

    Example: shiftwatch timeline --by speaker --freq month --format csv"""
    from .. import analysis

    with open_store(db, read_only=True) as store:
        flt = _filter(store, analysis, speaker, outlet, count)
        rows = analysis.timeline(store.con, by, freq, flt)
    emit(rows, analysis.TIMELINE_COLUMNS if fmt != Fmt.table else
         ["group", "period_start", "statements", "mean_stance", "ci_low", "ci_high",
          *[f"share_{f}" for f in analysis.FRAMES]], fmt)


@app.command()
@command
def shifts(
    db: Optional[str] = DbOption,
    by: str = typer.Option("all", "--by", help="speaker, outlet or all."),
    min_statements: int = typer.Option(30, "--min-statements", min=2, help="Skip groups with fewer counted statements."),
    frames: bool = typer.Option(False, "--frames/--no-frames", help="Also list frame-share shifts (kind 'frame')."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only this speaker (id, name or alias)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only this outlet."),
    count: Count = CountOption,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Change points in each group's mean stance: when, which way, how sure.

    Example: shiftwatch shifts --by speaker --min-statements 40 --format jsonl"""
    from .. import analysis

    with open_store(db, read_only=True) as store:
        flt = _filter(store, analysis, speaker, outlet, count)
        result = analysis.shifts(store.con, by, min_statements, flt, frames=frames)
    if result.skipped:
        listed = ", ".join(f"{s.group} ({s.statements})" for s in result.skipped[:10])
        more = f" and {len(result.skipped) - 10} more" if len(result.skipped) > 10 else ""
        typer.echo(f"skipped {len(result.skipped)} groups with fewer than {min_statements} statements: {listed}{more}", err=True)
    emit(result.rows(), analysis.SHIFT_COLUMNS, fmt)


@app.command()
@command
def deeds(
    db: Optional[str] = DbOption,
    speaker: Optional[str] = typer.Option(None, "--speaker", help="A speaker or body (id, name or alias): its words and its acts."),
    region: Optional[str] = typer.Option(None, "--region", help="Only acts in this region (Latin name)."),
    freq: str = typer.Option("month", "--freq", help="week or month."),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Words and deeds: per period between stance shifts, whether the rhetoric got
    softer or harder and how many restrictive and welcoming measures were taken.

    Example: shiftwatch deeds --speaker state-duma --format jsonl"""
    from .. import analysis

    with open_store(db, read_only=True) as store:
        if speaker:
            _filter(store, analysis, speaker, None)  # an unknown speaker is a one-line error
        rows = analysis.words_and_deeds(store.con, speaker=speaker, region=region, freq=freq)
    if fmt == Fmt.table:
        for r in rows:
            typer.echo(r["summary"])
        if not rows:
            typer.echo("(too few statements for a words-and-deeds comparison)", err=True)
        return
    emit(rows, analysis.DEEDS_COLUMNS, fmt)


@app.command()
@command
def fragmentation(
    db: Optional[str] = DbOption,
    freq: str = typer.Option("month", "--freq", help="week or month."),
    count: Count = CountOption,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Per period, how much the named speakers contradict each other.

    Example: shiftwatch fragmentation --freq month --format csv"""
    from .. import analysis

    with open_store(db, read_only=True) as store:
        rows = analysis.fragmentation(store.con, freq, analysis.Filter(count=count.value))
    emit(rows, analysis.FRAGMENTATION_COLUMNS, fmt)


@app.command()
@command
def report(
    db: Optional[str] = DbOption,
    out: Path = typer.Option(..., "--out", help="The HTML file to write."),
):
    """Write one self-contained HTML report (no network needed to open it).

    Example: shiftwatch report --db demo/shiftwatch-demo.duckdb --out demo/report.html"""
    from ..report import write_report

    if out.exists() and out.is_dir():
        fail(f"--out {out} is a folder: give a file name such as {out / 'report.html'}")
    with open_store(db, read_only=True) as store:
        path = write_report(store.con, out, store.path)
    typer.echo(str(path))


@app.command()
@command
def serve(
    db: Optional[str] = DbOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; other than 127.0.0.1 exposes the store."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
):
    """Run the dashboard and its JSON API (read-only).

    Example: shiftwatch serve --db demo/shiftwatch-demo.duckdb --port 8000"""
    from ..serve import serve as run_server

    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: serving on {host}: anyone who can reach it can read the store", err=True)
    typer.echo(f"shiftwatch dashboard on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    run_server(_db_path(db), host, port)


def _db_path(db: Optional[str]) -> str:
    from ..store import default_db

    return db or default_db()


def _filter(store, analysis, speaker: Optional[str], outlet: Optional[str], count: "Count | None" = None):
    from ..query import make_filter

    flt = make_filter(store.con, analysis.Filter, speaker=speaker, outlet=outlet)
    if count is not None:
        flt.count = count.value
    return flt
