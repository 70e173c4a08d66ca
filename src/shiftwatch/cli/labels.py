"""CLI commands of the labels stage (label, relabel, train, eval stance)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .common import DbOption, app, command, eval_app, fail, open_store
from .evaluate import EvalFmt

ModelOption = typer.Option(None, "--model", help="Labels model file [default: the one shipped with shiftwatch].")


class LabelFmt(str, Enum):
    jsonl = "jsonl"


@app.command()
@command
def label(
    file: str = typer.Argument("-", help="JSONL file with 'text' (and optionally id, lang, context); '-' reads stdin."),
    fmt: LabelFmt = typer.Option(LabelFmt.jsonl, "--format", help="Output format."),
    model: Optional[str] = ModelOption,
):
    """Label statements without ingesting them: each line comes back with lang,
    about_migration, stance, frames and cues added, in the same order.

    Example: echo '{"text": "Migrants are not a threat."}' | shiftwatch label"""
    from ..labels import Labeller, read_items

    if file != "-" and not Path(file).is_file():
        fail(f"{file}: no such file")
    stream = sys.stdin if file == "-" else open(file, encoding="utf-8")
    with stream:
        items = read_items(stream, "<stdin>" if file == "-" else file)
    labelled = Labeller.load(model).label_many(items)
    out = sys.stdout
    for item, lab in zip(items, labelled):
        out.write(json.dumps(item | lab, ensure_ascii=False) + "\n")


@app.command()
@command
def relabel(db: Optional[str] = DbOption, model: Optional[str] = ModelOption):
    """Recompute about_migration, stance, frames and cues of every statement in the store.

    Example: shiftwatch relabel --db news.duckdb --model my-model.joblib"""
    from ..labels import Labeller
    from ..pipeline import relabel as run_relabel

    labeller = Labeller.load(model)
    with open_store(db) as store:
        n = run_relabel(store, labeller)
    typer.echo(f"relabelled {n} statements with {labeller.version}", err=True)


@app.command()
@command
def train(
    gold: List[str] = typer.Argument(..., help="Labels gold JSONL files (see spec/gold.md)."),
    out: str = typer.Option(..., "--out", help="Where to write the model (.joblib)."),
    folds: int = typer.Option(5, "--folds", min=2, max=20, help="Cross-validation folds for the figures printed."),
):
    """Train the stance/frames classifier on labels gold and print its k-fold figures
    (rules alone, classifier alone, combined).

    Example: shiftwatch train tests/data/gold/labels_*.jsonl --out model.joblib"""
    from ..labels import train as run_train

    for g in gold:
        if not Path(g).is_file():
            fail(f"{g}: no such file")
    result = run_train(gold, out, folds=folds)
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False))


@eval_app.command("stance")
@command
def eval_stance(
    gold: List[str] = typer.Argument(..., help="Labels gold JSONL files."),
    model: Optional[str] = ModelOption,
    fmt: EvalFmt = typer.Option(EvalFmt.table, "--format", help="table or json."),
    cv: int = typer.Option(0, "--cv", min=0, max=20, help="Instead of the model, K-fold cross-validate a fresh one on the gold."),
    mode: str = typer.Option("combined", "--mode", help="With --cv: rules, lr or combined."),
):
    """Stance accuracy and macro-F1 with the confusion matrix, per-frame P/R/F1,
    about_migration P/R/F1, overall and per language.

    Example: shiftwatch eval stance tests/data/gold/labels_ru.jsonl --format json"""
    from ..labels import Labeller, cross_validate, evaluate, read_gold

    for g in gold:
        if not Path(g).is_file():
            fail(f"{g}: no such file")
    if cv:
        if mode not in ("rules", "lr", "combined"):
            fail(f"--mode must be rules, lr or combined, not {mode!r}")
        result = cross_validate([r for g in gold for r in read_gold(g)], cv, mode)
    else:
        result = evaluate(list(gold), Labeller.load(model))
    if fmt == EvalFmt.json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        from ..labels.report import print_tables

        print_tables(result)
