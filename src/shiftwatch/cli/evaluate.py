"""eval statements: score the statements stage against gold files."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .common import Fmt, command, emit, eval_app, progress_bar

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
    """Precision, recall, F1 and speaker accuracy, overall, per language and per kind.

    Example: shiftwatch eval statements tests/data/gold/statements_ru.jsonl --errors 20"""
    from ..evaluate.statements import evaluate

    with progress_bar() as progress:
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


@eval_app.command("quotes")
@command
def eval_quotes(
    gold: Path = typer.Argument(..., help="Quotes gold JSONL: one report a line, or clusters beside their posts."),
    docs: Optional[Path] = typer.Option(None, "--docs", help="The posts a clusters gold cites [default: dev.jsonl beside it]."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Match paraphrases and translations with the sentence encoder."),
    whole: bool = typer.Option(False, "--end-to-end", help="Clusters gold: ingest the posts and score the stored quotes (statements stage included)."),
    fmt: EvalFmt = typer.Option(EvalFmt.table, "--format"),
    errors: int = typer.Option(0, "--errors", help="Also list this many pairs split or joined against gold."),
):
    """Pairwise precision, recall and F1 of quote grouping, and first-report accuracy.

    Example: shiftwatch eval quotes tests/data/gold/quotes_ru.jsonl --errors 10"""
    from ..evaluate.quotes import end_to_end, evaluate

    with progress_bar() as progress:
        if whole:
            result = end_to_end(gold, docs=docs, progress=progress)
        else:
            result = evaluate(gold, docs=docs, use_embeddings=embeddings, progress=progress)
    found = result.pop("errors", [])
    if fmt == EvalFmt.json:
        if errors:
            result["errors"] = found[:errors]
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    emit([result], ["reports", "quotes", "gold_pairs", "predicted_pairs", "precision", "recall", "f1",
                    "gold_quotes", "first_accuracy"], Fmt.table, title=f"quotes of {gold}")
    for e in found[:errors]:
        typer.echo(json.dumps(e, ensure_ascii=False))
