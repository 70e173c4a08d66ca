"""The quotes command: one statement, many reports."""

from __future__ import annotations

from typing import Optional

import typer

from .common import DbOption, Fmt, app, command, emit, open_store


@app.command()
@command
def quotes(
    db: Optional[str] = DbOption,
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Speaker id, name or alias, in either script."),
    min_reports: int = typer.Option(1, "--min-reports", min=1, max=2**31 - 1, help="Only quotes reported this many times or more."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, max=2**31 - 1),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """The same speaker saying the same thing, reported by one or more outlets, in
    either language: one row per quote, with its first report and who repeated it.

    Example: shiftwatch quotes --speaker Песков --min-reports 2 --format jsonl"""
    from .. import query

    with open_store(db, read_only=True) as store:
        _, rows = query.quotes(store.con, speaker=speaker, min_reports=min_reports, limit=limit)
    if fmt == Fmt.table:
        emit(rows, ["first_published", "first_outlet", "speaker_id", "reports", "outlets", "languages", "lag_days", "text"], fmt)
    else:
        emit(rows, query.QUOTE_COLUMNS, fmt)
