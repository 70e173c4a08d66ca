"""Store maintenance commands."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import DbOption, app, command, fail, open_store


@app.command()
@command
def compact(
    db: Optional[str] = DbOption,
    if_needed: bool = typer.Option(False, "--if-needed", help="Only when a speaker's query reads far more of the table than it needs."),
):
    """Rewrite the statements clustered by speaker and date, so that a speaker's statements are
    read from a few row groups instead of the whole table (the dashboard's cold answers).

    One transaction: other processes see the old table or the new one; an interrupted run
    leaves the old one. ingest, analyze and relabel run it themselves after large changes
    (SHIFTWATCH_AUTO_COMPACT=0 turns that off).

    Example: shiftwatch compact --db news.duckdb"""
    from ..store import compact as compaction
    from ..store import default_db

    path = db or default_db()
    if not Path(path).exists():
        fail(f"no store at {path}: run 'shiftwatch ingest SOURCE --db {path}' first")
    with open_store(path) as store:
        before = compaction.layout(store.con)
        if if_needed and not before.needs_compaction:
            typer.echo(f"not compacted: a speaker's query reads {before.groups_per_speaker:.1f} of "
                       f"{before.row_groups} row groups (clustered: {before.clustered_groups_per_speaker:.1f})", err=True)
            return
        from .. import analysis

        fingerprint = analysis.cache.fingerprint(store.con)
        done = compaction.compact(store)
        if analysis.cache.fingerprint(store.con) != fingerprint:  # it counts rowids, which the rewrite renumbered
            analysis.warm(store.con)
    typer.echo(done.summary(), err=True)
