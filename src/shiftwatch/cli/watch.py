"""Commands of live monitoring: watch and alerts."""

from __future__ import annotations

import signal
import threading
from typing import List, Optional

import typer

from .common import DbOption, Fmt, Lang, app, command, emit, fail, open_store, parse_date


@app.command()
@command
def watch(
    sources: List[str] = typer.Argument(None, help="Feeds and URLs (http/https), folders and files to poll."),
    db: Optional[str] = DbOption,
    every: str = typer.Option("15m", "--every", help="How often to poll: 30s, 15m, 2h, 1d."),
    alerts: Optional[str] = typer.Option(None, "--alerts", help="Alert rules (YAML) [default: the shipped ones]."),
    notify: Optional[str] = typer.Option(None, "--notify", help="POST each alert as JSON to this URL."),
    once: bool = typer.Option(False, "--once", help="Run one round and exit (for cron)."),
    status: bool = typer.Option(False, "--status", help="Print each watched source's health and exit."),
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of the documents, or auto-detect."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Outlet for documents whose source names none."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="Of --status."),
):
    """Poll sources, ingest and analyse what is new, print alerts as JSON lines.

    SIGINT or SIGTERM finishes the current batch and exits 0. Per-source
    health goes to stderr (and 'shiftwatch watch --status').

    Example: shiftwatch watch feeds.txt news/ --every 10m --notify http://127.0.0.1:9000/hook"""
    from .. import watch as w

    if status:
        _status(db, fmt)
        return
    if not sources:
        fail("give at least one SOURCE to watch (a feed URL, a folder or a file), or --status")
    if notify and not notify.startswith(("http://", "https://")):
        fail(f"--notify must be an http(s) URL, not {notify!r}")
    interval = w.parse_every(every)
    rules = w.rules.load_rules(alerts)
    stopping = threading.Event()

    def stop(signum, frame):
        typer.echo(f"watch: {signal.Signals(signum).name}: finishing the current batch", err=True)
        stopping.set()

    # from now on a stop request is a clean exit, also while the models load
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    from .ingest import load_models

    models = load_models(None)
    with open_store(db) as store:
        watcher = w.Watcher(store, _expand(sources), every=interval, rules=rules, notify_url=notify,
                            models=models, lang=lang.value, outlet=outlet)
        watcher.stop = stopping
        watcher.run(once=once)
    typer.echo(f"watch: stopped after {watcher.rounds} round{'s' if watcher.rounds != 1 else ''}", err=True)


def _expand(sources: list[str]) -> list[str]:
    """A SOURCE that is a .txt list of URLs (feeds.txt) stands for the URLs in it."""
    from pathlib import Path

    out = []
    for s in sources:
        p = Path(s)
        if p.is_file() and p.suffix == ".txt" and p.stat().st_size < 1_000_000:
            lines = [x.strip() for x in p.read_text(encoding="utf-8", errors="replace").splitlines()]
            urls = [x for x in lines if x and not x.startswith("#")]
            if urls and all(u.startswith(("http://", "https://")) for u in urls):
                out.extend(urls)
                continue
        out.append(s)
    return out


def _status(db: Optional[str], fmt: Fmt) -> None:
    from ..store import now
    from ..watch.sources import health

    with open_store(db, read_only=True) as store:
        try:
            states = store.watch_states()
        except Exception:  # noqa: BLE001 - a store from before watch
            states = []
    t = now()
    rows = [{"source": s["source"], "kind": s["kind"], "health": health(s, t),
             "last_ok": s["last_ok"].isoformat(timespec="seconds") if s.get("last_ok") else None,
             "next_poll": s["next_poll"].isoformat(timespec="seconds") if s.get("next_poll") else None,
             "failures": s.get("failures") or 0, "documents": s.get("documents") or 0,
             "new_documents": s.get("new_documents") or 0, "last_error": s.get("last_error")} for s in states]
    emit(rows, ["source", "kind", "health", "last_ok", "next_poll", "failures", "documents", "new_documents"]
         if fmt == Fmt.table else list(rows[0]) if rows else ["source"], fmt)


@app.command("alerts")
@command
def alerts_(
    db: Optional[str] = DbOption,
    since: Optional[str] = typer.Option(None, "--since", help="Only alerts raised on or after this date."),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """List the alerts 'shiftwatch watch' raised, newest first.

    Example: shiftwatch alerts --since 2024-11-01 --format jsonl"""
    from ..query import ALERT_COLUMNS, alerts as rows_of

    day = parse_date(since, "--since")
    with open_store(db, read_only=True) as store:
        rows = rows_of(store.con, day)
    emit(rows, ALERT_COLUMNS, fmt)
