"""The ``shiftwatch`` command: parses arguments, calls the library, prints.

Errors are one line on stderr with a non-zero status; ``--debug`` (or
SHIFTWATCH_DEBUG=1) shows the traceback instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .errors import ShiftwatchError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Track what public figures say about migration in the news, and how it shifts.",
)
eval_app = typer.Typer(no_args_is_help=True, help="Score shiftwatch against gold files (see spec/gold.md).")
app.add_typer(eval_app, name="eval")

DEBUG = {"on": bool(os.environ.get("SHIFTWATCH_DEBUG"))}

DbOption = typer.Option(
    None, "--db", envvar="SHIFTWATCH_DB", help="DuckDB store [default: ./shiftwatch.duckdb]."
)


class Fmt(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class Lang(str, Enum):
    auto = "auto"
    ru = "ru"
    en = "en"


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"shiftwatch: error: {message}", err=True)
    raise typer.Exit(code)


def command(fn):
    """Turn library errors into one-line messages; unexpected ones too, unless --debug."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except ShiftwatchError as e:
            if DEBUG["on"]:
                raise
            fail(str(e))
        except KeyboardInterrupt:
            fail("interrupted; what was committed is kept, re-run to continue", 130)
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0)
        except Exception as e:  # noqa: BLE001 - the one place that catches everything
            if DEBUG["on"]:
                raise
            fail(f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''} (re-run with --debug for details)")

    return wrapper


@app.callback()
def main(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
):
    if version:
        typer.echo(__version__)
        raise typer.Exit(0)
    if debug:
        DEBUG["on"] = True


def _open(db: Optional[str], read_only: bool = False):
    from .store import Store

    return Store(db, read_only=read_only)


def _date(value: Optional[str], option: str) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date like 2024-03-31, not {value!r}")


def emit(rows: list[dict], columns: list[str], fmt: Fmt, title: str | None = None) -> None:
    """Print rows as a table for people, or JSONL/CSV for scripts."""
    if fmt == Fmt.jsonl:
        from .query import to_jsonl

        sys.stdout.write(to_jsonl(rows))
    elif fmt == Fmt.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: ("|".join(map(str, v)) if isinstance(v, list) else v) for k, v in r.items()})
        sys.stdout.write(buf.getvalue())
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for c in columns:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*[_cell(r.get(c)) for c in columns])
        Console(width=None if sys.stdout.isatty() else 200).print(table)
        if not rows:
            typer.echo("(no rows)", err=True)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ", ".join(map(str, v))
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


# -- ingest -----------------------------------------------------------------


@app.command()
@command
def ingest(
    sources: List[str] = typer.Argument(..., help="Files, folders, or http(s) URLs: RSS/Atom, HTML, WARC(.gz), JSONL, CSV, text; .gz read compressed."),
    db: Optional[str] = DbOption,
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of the documents, or auto-detect."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Outlet for documents whose source names none."),
    date: Optional[str] = typer.Option(None, "--date", help="Date (YYYY-MM-DD) for documents whose source gives none."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Parallel parsing processes."),
    analyze: bool = typer.Option(True, "--analyze/--no-analyze", help="Extract statements and labels from new documents."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds to wait for a URL."),
    model: Optional[str] = typer.Option(None, "--model", help="Labels model from 'shiftwatch train' [default: the shipped one]."),
):
    """Read news into the store; re-ingesting the same documents adds nothing.

    Unreadable sources are recorded (see 'shiftwatch rejected') and the run
    goes on. Exit status: 0 all read, 3 some sources rejected, 1 failure."""
    from .ingest import ingest as run_ingest

    default_date = _date(date, "--date")
    if model is not None:
        from .labels import Labeller

        Labeller.load(model)  # a missing or broken model is an error now, not after the parse
    if default_date and default_date > dt.date.today() + dt.timedelta(days=1):
        fail(f"--date {default_date} is in the future")
    with _open(db) as store:
        with _progress() as progress:
            result = run_ingest(
                store,
                sources,
                lang=lang.value,
                outlet=outlet,
                date=default_date,
                workers=workers,
                analyze=analyze,
                timeout=timeout,
                progress=progress,
                model_path=model,
            )
    for source, reason in result.rejections[:20]:
        typer.echo(f"rejected: {source}: {reason}", err=True)
    if len(result.rejections) > 20:
        typer.echo(f"... and {len(result.rejections) - 20} more: see 'shiftwatch rejected'", err=True)
    typer.echo(result.summary(), err=True)
    raise typer.Exit(3 if result.rejected else 0)


class _progress:
    """A rich progress bar on a terminal, plain log lines otherwise."""

    def __enter__(self):
        import time

        self.tty = sys.stderr.isatty()
        self.bars: dict = {}
        self.last = 0.0
        self.start = time.monotonic()
        self.rich = None
        if self.tty:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.rich = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                transient=True,
            )
            self.rich.__enter__()
        return self

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        import time

        t = time.monotonic()
        rate = done / max(t - self.start, 1e-6)
        if self.rich is not None:
            if stage not in self.bars:
                self.start = t
                self.bars[stage] = self.rich.add_task(stage, total=total, rate="")
            self.rich.update(self.bars[stage], completed=done, total=total, rate=f"{rate:,.0f}/s")
        elif t - self.last > 2.0 or (total is not None and done >= total):
            self.last = t
            of = f"/{total}" if total else ""
            typer.echo(f"{stage}: {done}{of} ({rate:,.0f}/s)", err=True)

    def __exit__(self, *exc):
        if self.rich is not None:
            self.rich.__exit__(*exc)


# -- read -----------------------------------------------------------------


@app.command()
@command
def statements(
    db: Optional[str] = DbOption,
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Speaker id, name or alias, in either script."),
    outlet: Optional[str] = typer.Option(None, "--outlet"),
    since: Optional[str] = typer.Option(None, "--since", help="YYYY-MM-DD, inclusive."),
    until: Optional[str] = typer.Option(None, "--until", help="YYYY-MM-DD, inclusive."),
    stance: Optional[str] = typer.Option(None, "--stance", help="restrictive, welcoming or neutral."),
    frame: Optional[str] = typer.Option(None, "--frame", help="economy, security, control, integration, rights or politics."),
    about_migration: bool = typer.Option(True, "--about-migration/--all", help="Only statements about migration, or all."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Who said what: one row per statement."""
    from . import query

    if stance and stance not in query.STANCES:
        fail(f"--stance must be one of {', '.join(query.STANCES)}, not {stance!r}")
    if frame and frame not in query.FRAMES:
        fail(f"--frame must be one of {', '.join(query.FRAMES)}, not {frame!r}")
    flt = query.StatementFilter(
        speaker=speaker, outlet=outlet, since=_date(since, "--since"), until=_date(until, "--until"),
        stance=stance, frame=frame, about_migration=True if about_migration else None,
    )
    with _open(db, read_only=True) as store:
        if speaker and not query.resolve_speaker(store.con, speaker):
            fail(f"no speaker matches {speaker!r}: see 'shiftwatch speakers'")
        rows = query.statements(store.con, flt, limit=limit)
    if fmt == Fmt.table:
        emit(rows, ["published", "outlet", "speaker_id", "kind", "stance", "frames", "text"], fmt)
    else:
        emit(rows, query.STATEMENT_COLUMNS, fmt)


@app.command()
@command
def speakers(db: Optional[str] = DbOption, fmt: Fmt = typer.Option(Fmt.table, "--format")):
    """Speakers seen in the store, with aliases, counts and mean stance."""
    from . import query

    with _open(db, read_only=True) as store:
        rows = query.speakers(store.con)
    emit(rows, ["speaker_id", "speaker", "aliases", "statements", "mean_stance", "first_seen", "last_seen"], fmt)


@app.command()
@command
def rejected(db: Optional[str] = DbOption, fmt: Fmt = typer.Option(Fmt.table, "--format")):
    """Sources and records that could not be read, with the reason."""
    from . import query

    with _open(db, read_only=True) as store:
        rows = query.rejected(store.con)
    emit(rows, ["source", "reason", "at"], fmt)


@app.command()
@command
def export(
    db: Optional[str] = DbOption,
    parquet: Path = typer.Option(..., "--parquet", help="Folder to write documents, statements and speakers Parquet files to."),
):
    """Write the store's tables as Parquet files for notebooks."""
    from .api import export_parquet

    with _open(db, read_only=True) as store:
        paths = export_parquet(store, parquet)
    for p in paths:
        typer.echo(str(p))


class EvalFmt(str, Enum):
    table = "table"
    json = "json"


@eval_app.command("statements")
@command
def eval_statements(
    gold: Path = typer.Argument(..., help="Statements gold JSONL (spec/gold.md)."),
    db: Optional[str] = typer.Option(None, "--db", help="Score what an earlier ingest stored in this store, instead of extracting afresh."),
    fmt: EvalFmt = typer.Option(EvalFmt.table, "--format"),
    errors: int = typer.Option(0, "--errors", help="Also list this many misses and spurious statements."),
):
    """Precision, recall, F1 and speaker accuracy, overall, per language and per kind."""
    from .statements.evaluate import evaluate

    with _progress() as progress:
        result = evaluate(gold, db=db, progress=progress)
    if fmt == EvalFmt.json:
        if not errors:
            result.pop("errors")
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    rows = [{"group": g, **v} for g, v in result["groups"].items()]
    emit(rows, ["group", "gold", "predicted", "matched", "precision", "recall", "f1", "speaker_accuracy"], Fmt.table,
         title=f"{result['documents']} documents of {gold}")
    for e in result["errors"][:errors]:
        typer.echo(json.dumps(e, ensure_ascii=False))


# the other stages register their commands on `app` and `eval_app`
from . import cli_labels, cli_show  # noqa: E402,F401


def run() -> None:
    app()


if __name__ == "__main__":
    run()
