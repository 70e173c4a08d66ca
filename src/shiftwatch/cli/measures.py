"""measures: what authorities do, per measures.md; eval measures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .common import DbOption, Fmt, app, command, emit, eval_app, open_store
from .evaluate import EvalFmt

OPTION_NAMES = {k: f"--{k}" for k in ("kind", "status", "authority", "region", "since", "until")}


@app.command()
@command
def measures(
    db: Optional[str] = DbOption,
    kind: Optional[str] = typer.Option(None, "--kind", help="ban, restriction, registry, identification, check, expulsion, penalty, fee, quota, integration, easing, other."),
    status: Optional[str] = typer.Option(None, "--status", help="proposed, adopted, in_force or lifted."),
    authority: Optional[str] = typer.Option(None, "--authority", help="Who acts: an id, name or alias in either script (Госдума, state-duma)."),
    region: Optional[str] = typer.Option(None, "--region", help="A region's Latin name (Novosibirsk Oblast)."),
    since: Optional[str] = typer.Option(None, "--since", help="YYYY-MM-DD, inclusive."),
    until: Optional[str] = typer.Option(None, "--until", help="YYYY-MM-DD, inclusive."),
    events: bool = typer.Option(False, "--events", help="One row per event (one act at one stage) instead of per report."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, max=2**31 - 1),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """What authorities do about migration: laws, bans, registries, checks, expulsions, easings.

    Example: shiftwatch measures --status adopted --since 2024-10-01 --format jsonl"""
    from .. import query

    with open_store(db, read_only=True) as store:
        flt = query.make_measure_filter(store.con, kind=kind, status=status, authority=authority, region=region,
                                        since=since, until=until, names=OPTION_NAMES)
        if events:
            rows = query.measure_events(store.con, flt, limit=limit)
        else:
            rows = query.measures(store.con, flt, limit=limit)
    if events:
        emit(rows, ["event_id", "first_published", "first_outlet", "kind", "authority_id", "status", "direction",
                    "reports", "outlets"] if fmt == Fmt.table else query.EVENT_COLUMNS, fmt)
    else:
        emit(rows, ["published", "outlet", "kind", "authority_id", "status", "direction", "region", "text"]
             if fmt == Fmt.table else query.MEASURE_COLUMNS, fmt)


@eval_app.command("measures")
@command
def eval_measures(
    gold: Path = typer.Argument(..., help="Measures gold JSONL, as ../shared/data/measures-ru/dev.jsonl."),
    fmt: EvalFmt = typer.Option(EvalFmt.table, "--format"),
    errors: int = typer.Option(0, "--errors", help="Also list this many misses and spurious measures."),
):
    """Precision, recall and F1 of measures; kind, status, direction and authority
    accuracy on the matched ones; pairwise F1 of the event grouping.

    Example: shiftwatch eval measures ../shared/data/measures-ru/dev.jsonl --format json"""
    from ..evaluate.measures import evaluate

    result = evaluate(gold)
    if fmt == EvalFmt.json:
        if not errors:
            result.pop("errors", None)
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        return
    rows = [{"group": g, **v} for g, v in result["groups"].items()]
    emit(rows, ["group", "gold", "predicted", "matched", "precision", "recall", "f1", "kind_accuracy",
                "status_accuracy", "direction_accuracy", "authority_accuracy", "event_pair_f1"], Fmt.table,
         title=f"{result.get('documents', '?')} documents of {gold}")
    for e in (result.get("errors") or [])[:errors]:
        typer.echo(json.dumps(e, ensure_ascii=False, default=str))
