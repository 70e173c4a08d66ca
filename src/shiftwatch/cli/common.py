"""What every command shares: the app, options, error handling, output formats, progress."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
import sys
from enum import Enum
from typing import Optional

import typer

from .. import __version__
from ..errors import ShiftwatchError

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


def open_store(db: Optional[str], read_only: bool = False):
    from ..store import Store

    return Store(db, read_only=read_only)


def parse_date(value: Optional[str], option: str) -> Optional[dt.date]:
    from ..query import parse_date as parse

    return parse(value, option)


def emit(rows: list[dict], columns: list[str], fmt: Fmt, title: str | None = None) -> None:
    """Print rows as a table for people, or JSONL/CSV for scripts."""
    if fmt == Fmt.jsonl:
        from ..query import to_jsonl

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


class progress_bar:
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
