"""Commands that read the store: statements, speakers, rejected, export."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import DbOption, Fmt, app, command, emit, open_store



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
    limit: Optional[int] = typer.Option(None, "--limit", min=0, max=2**31 - 1),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Who said what: one row per statement.

    Example: shiftwatch statements --speaker Песков --since 2024-10-01 --format jsonl"""
    from .. import query

    with open_store(db, read_only=True) as store:
        flt = query.make_filter(store.con, speaker=speaker, outlet=outlet, since=since, until=until, stance=stance,
                                frame=frame, about_migration=True if about_migration else None, names=OPTION_NAMES)
        rows = query.statements(store.con, flt, limit=limit)
    if fmt == Fmt.table:
        emit(rows, ["published", "outlet", "speaker_id", "kind", "stance", "frames", "text"], fmt)
    else:
        emit(rows, query.STATEMENT_COLUMNS, fmt)


@app.command()
@command
def speakers(db: Optional[str] = DbOption, fmt: Fmt = typer.Option(Fmt.table, "--format")):
    """Speakers seen in the store, with aliases, counts and mean stance.

    Example: shiftwatch speakers --format csv"""
    from .. import query

    with open_store(db, read_only=True) as store:
        rows = query.speakers(store.con)
    emit(rows, ["speaker_id", "speaker", "aliases", "statements", "mean_stance", "first_seen", "last_seen"], fmt)


@app.command()
@command
def rejected(db: Optional[str] = DbOption, fmt: Fmt = typer.Option(Fmt.table, "--format")):
    """Sources and records that could not be read, with the reason.

    Example: shiftwatch rejected --format jsonl"""
    from .. import query

    with open_store(db, read_only=True) as store:
        rows = query.rejected(store.con)
    emit(rows, ["source", "reason", "at"], fmt)


@app.command()
@command
def export(
    db: Optional[str] = DbOption,
    parquet: Path = typer.Option(..., "--parquet", help="Folder to write documents, statements and speakers Parquet files to."),
):
    """Write the store's tables as Parquet files for notebooks.

    Example: shiftwatch export --parquet out/"""
    from ..api import export_parquet

    with open_store(db, read_only=True) as store:
        paths = export_parquet(store, parquet)
    for p in paths:
        typer.echo(str(p))




# how the CLI spells the filter's fields in its messages
OPTION_NAMES = {k: f"--{k}" for k in ("speaker", "outlet", "since", "until", "stance", "frame")}
