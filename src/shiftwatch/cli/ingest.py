"""Commands that write: ingest and analyze."""

from __future__ import annotations

import contextlib
import datetime as dt
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .common import DbOption, Lang, app, command, fail, open_store, parse_date, progress_bar

ModelOption = typer.Option(None, "--model", help="Labels model from 'shiftwatch train' [default: the shipped one].")


class EngineName(str, Enum):
    local = "local"
    dask = "dask"


EngineOption = typer.Option(EngineName.local, "--engine", help="Where parsing and analysis run: this machine, or Dask tasks.")
ClusterOption = typer.Option(None, "--cluster", help="With --engine dask: a running scheduler, tcp://HOST:8786 [default: a local cluster of --workers processes].")


@contextlib.contextmanager
def engine_for(name: EngineName, cluster: Optional[str], workers: int, model: Optional[str]):
    """The engine the options name (None: one machine), started now so that a
    bad --cluster is an error before any work, and stopped at the end."""
    if name is EngineName.local:
        if cluster:
            fail("--cluster needs --engine dask")
        yield None
        return
    from ..engines import make_engine

    engine = make_engine(name.value, cluster=cluster, workers=workers, model_path=model)
    with engine:
        yield engine


def parse_fields(pairs: list[str]) -> dict[str, str]:
    """--field published=posted_on (repeatable): our field = the export's name for it."""
    from ..ingest import FIELD_ALIASES

    out = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        ours, theirs = ours.strip(), theirs.strip()
        if not sep or not ours or not theirs:
            fail(f"--field must look like published=posted_on, not {pair!r}")
        if ours not in FIELD_ALIASES:
            fail(f"--field {ours}=…: {ours!r} is not a field shiftwatch reads ({', '.join(FIELD_ALIASES)})")
        out[ours] = theirs
    return out


def load_models(model: Optional[str], engine=None):
    """The models, loaded now: a missing or broken model is an error before any work.

    With an engine whose workers label (Dask), the workers start loading theirs
    first, and this process loads only what the writer needs."""
    from ..pipeline import Models

    if engine is None or engine.labels_here:
        return Models.load(model)
    if model and not Path(model).is_file():
        fail(f"labels model {model} not found: train one with 'shiftwatch train GOLD.jsonl --out {model}'")
    engine.prepare_analysis()
    return Models.load(model, labeller=False)


@app.command()
@command
def ingest(
    sources: List[str] = typer.Argument(..., help="Files, folders, or http(s) URLs: RSS/Atom, HTML, WARC(.gz), JSONL, CSV, text; .gz read compressed."),
    db: Optional[str] = DbOption,
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of the documents, or auto-detect."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Outlet for documents whose source names none."),
    date: Optional[str] = typer.Option(None, "--date", help="Date (YYYY-MM-DD) for documents whose source gives none."),
    field: List[str] = typer.Option([], "--field", help="Map an export's field: --field published=posted_on (repeatable)."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Parallel parsing and analysis processes (with --engine dask and no --cluster: local Dask workers)."),
    engine: EngineName = EngineOption,
    cluster: Optional[str] = ClusterOption,
    analyze: bool = typer.Option(True, "--analyze/--no-analyze", help="Extract statements and labels from new documents."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds to wait for a URL."),
    model: Optional[str] = ModelOption,
):
    """Read news into the store; re-ingesting the same documents adds nothing.

    Unreadable sources are recorded (see 'shiftwatch rejected') and the run
    goes on. Exit status: 0 all read, 3 some sources rejected or not
    analysed, 1 failure.

    Example: shiftwatch ingest feeds/ export.jsonl --db news.duckdb --workers 2
    On a Dask cluster: shiftwatch ingest archive/ --engine dask --cluster tcp://sched:8786"""
    from .. import pipeline

    default_date = parse_date(date, "--date")
    if default_date and default_date > dt.date.today() + dt.timedelta(days=1):
        fail(f"--date {default_date} is in the future")
    fields = parse_fields(field)
    with engine_for(engine, cluster, workers, model) as runner:
        models = load_models(model, runner) if analyze else None
        with open_store(db) as store, progress_bar() as progress:
            result = pipeline.ingest(store, sources, lang=lang.value, outlet=outlet, date=default_date, fields=fields,
                                     workers=workers, analyze=analyze, timeout=timeout, progress=progress, models=models,
                                     engine=runner)
    for source, reason in result.rejections[:20]:
        typer.echo(f"rejected: {source}: {reason}", err=True)
    if len(result.rejections) > 20:
        typer.echo(f"... and {len(result.rejections) - 20} more: see 'shiftwatch rejected'", err=True)
    typer.echo(result.summary(), err=True)
    raise typer.Exit(3 if result.rejected or result.failed_analysis else 0)


@app.command()
@command
def analyze(
    db: Optional[str] = DbOption,
    all_: bool = typer.Option(False, "--all", help="Re-run statements, speakers and labels on every document."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Parallel analysis processes (with --engine dask and no --cluster: local Dask workers)."),
    engine: EngineName = EngineOption,
    cluster: Optional[str] = ClusterOption,
    model: Optional[str] = ModelOption,
):
    """Analyse the documents not analysed yet (ingested with --no-analyze, or whose
    analysis failed); --all re-runs every stage on every document. Idempotent.

    Example: shiftwatch analyze --db news.duckdb --all --workers 2
    On a Dask cluster: shiftwatch analyze --all --engine dask --cluster tcp://sched:8786"""
    from .. import pipeline

    with engine_for(engine, cluster, workers, model) as runner:
        models = load_models(model, runner)
        with open_store(db) as store, progress_bar() as progress:
            result = pipeline.analyze_pending(store, models, everything=all_, workers=workers, progress=progress,
                                              engine=runner)
    for doc, reason in result.failures[:20]:
        typer.echo(f"not analysed: document {doc}: {reason}", err=True)
    typer.echo(f"analysed {result.documents} documents, {result.statements} statements"
               + (f", {result.failed} failed (see 'shiftwatch rejected')" if result.failed else ""), err=True)
    raise typer.Exit(3 if result.failed else 0)
