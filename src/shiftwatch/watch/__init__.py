"""Live monitoring: poll sources, ingest and analyse what is new, raise alerts.

One round: poll every source that is due (``sources.poll``; the store is
not held meanwhile), ingest what is new through ``pipeline.ingest`` (one run
per source, so each source's counts are its own), analyse it
(``pipeline.analyze_pending``, which refreshes timelines and shifts), save
each source's state, then evaluate the alert rules (``rules``) on the whole
store, store the new alerts (their ids make them unique), print them as
JSON lines and POST them to ``--notify``. Between rounds the store is
given up (``Store.idle``), so ``serve``, the read commands and other
writers use it freely.

A stop request (SIGINT, SIGTERM: ``stop``) ends the reading of sources
after the current record batch; what was read is stored and analysed, the
sources not finished keep their old state (read again next time), and the
loop exits.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator, TextIO

from .. import pipeline, query
from ..store import Store, now as _now
from . import rules as _rules
from .sources import Poll, env_timeout, health, poll

__all__ = ["Watcher", "RoundResult", "parse_every", "notify"]


def parse_every(text: str) -> dt.timedelta:
    """'15m', '30s', '2h', '1d' or seconds."""
    from ..errors import ShiftwatchError

    t = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        seconds = float(t[:-1]) * units[t[-1]] if t and t[-1] in units else float(t)
    except (ValueError, KeyError):
        raise ShiftwatchError(f"--every must look like 30s, 15m, 2h or 1d, not {text!r}") from None
    if seconds <= 0:
        raise ShiftwatchError(f"--every must be positive, not {text!r}")
    return dt.timedelta(seconds=seconds)


@dataclass
class RoundResult:
    polled: int = 0
    new_documents: int = 0
    statements: int = 0
    alerts: list[dict] = field(default_factory=list)
    failing: int = 0


def notify(url: str, alert: dict, attempts: int = 3, timeout: float = 5.0) -> tuple[int, str | None]:
    """POST one alert as JSON, retried with backoff: (attempts made, None or the last error)."""
    import httpx

    error = None
    for n in range(1, attempts + 1):
        try:
            r = httpx.post(url, content=json.dumps(alert, ensure_ascii=False, default=str).encode(),
                           headers={"Content-Type": "application/json", "User-Agent": "shiftwatch"}, timeout=timeout)
            if r.status_code < 300:
                return n, None
            error = f"HTTP {r.status_code}"
        except Exception as e:  # noqa: BLE001 - a hook that fails never stops the watch
            error = f"{type(e).__name__}: {e}"[:300]
        if n < attempts:
            time.sleep(0.3 * 2 ** (n - 1))
    return attempts, error


def public(alert: dict) -> dict:
    """The fields an alert is printed, listed and POSTed with."""
    at = alert["at"]
    return {"alert_id": alert["alert_id"], "at": at.isoformat(timespec="seconds") if hasattr(at, "isoformat") else at,
            "rule": alert["rule"], "kind": alert["kind"], "group": alert.get("group"), "summary": alert["summary"],
            "refs": list(alert.get("refs") or [])}


class Watcher:
    """Polls ``sources`` into ``store``; see the module docstring."""

    def __init__(self, store: Store, sources: list[str], *, every: dt.timedelta = dt.timedelta(minutes=15),
                 rules: dict | None = None, notify_url: str | None = None, models: "pipeline.Models | None" = None,
                 out: TextIO = sys.stdout, log: Callable[[str], None] | None = None, timeout: float | None = None,
                 fields: dict[str, str] | None = None, lang: str = "auto", outlet: str | None = None):
        self.store, self.sources, self.every = store, list(dict.fromkeys(sources)), every
        self.rules = rules or _rules.load_rules()
        self.notify_url, self.models, self.out = notify_url, models, out
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.timeout = env_timeout() if timeout is None else timeout
        self.fields, self.lang, self.outlet = fields or {}, lang, outlet
        self.stop = threading.Event()
        self.rounds = 0

    # -- one round --------------------------------------------------------------
    def round(self, force: bool = False) -> RoundResult:
        import httpx

        result = RoundResult()
        now = _now()
        states = {s["source"]: s for s in self.store.watch_states()}
        files = {src: self.store.watched_files(src) for src in self.sources}
        self.store.idle()
        due = [s for s in self.sources if force or s not in states or not states[s].get("next_poll")
               or states[s]["next_poll"] <= now]
        polls: list[Poll] = []
        with httpx.Client(timeout=self.timeout, follow_redirects=True) as client:
            for source in due:
                if self.stop.is_set():
                    break
                polls.append(poll(source, states.get(source), files.get(source, {}), client, now, self.every))
        result.polled = len(polls)
        models = None
        for p in polls:
            finished = True
            if p.fetched and not p.error:
                finished, stored = self._ingest(p)
                p.state["documents"] = int(p.state.get("documents") or 0) + stored.documents
                p.state["new_documents"] = int(p.state.get("new_documents") or 0) + stored.new
                result.new_documents += stored.new
                p.note += f", {stored.new} new document{'s' if stored.new != 1 else ''}"
            if finished:
                with self.store.transaction():
                    self.store.save_watch_state(p.state)
                    self.store.save_watched_files(p.source, p.files)
            if p.error:
                result.failing += 1
            self.log(f"watch: {p.source}: {health(p.state, now) if p.error else 'ok, ' + p.note}")
        if result.new_documents or self.rounds == 0 or force:
            models = self._models()
            analysed = pipeline.analyze_pending(self.store, models, should_stop=self.stop.is_set)
            result.statements = analysed.statements
            result.alerts = self.raise_alerts()
        self.store.idle()
        if result.new_documents or result.alerts or result.failing:
            self.log(f"watch: round {self.rounds + 1}: {result.new_documents} new documents, "
                     f"{result.statements} statements, {len(result.alerts)} alerts"
                     + (f", {result.failing} sources failing" if result.failing else ""))
        self.rounds += 1
        return result

    def _models(self) -> "pipeline.Models":
        if self.models is None:
            self.models = pipeline.Models.load()
        return self.models

    def _ingest(self, p: Poll) -> tuple[bool, "pipeline.IngestResult"]:
        """Ingest what a poll found; False when a stop request cut the reading short."""
        state = {"cut": False}

        def items() -> Iterator:
            for f in p.fetched:
                stream = (pipeline.read_sources([f.name], self.timeout, self.fields) if f.data is None
                          else pipeline.read_fetched(f.name, f.data, f.ctype, self.fields))
                for n, item in enumerate(stream):
                    if self.stop.is_set() and n % 100 == 0:
                        state["cut"] = True
                        return
                    yield item

        stored = pipeline.ingest(self.store, [p.source], items=items(), analyze=False, command="watch",
                                 lang=self.lang, outlet=self.outlet)
        return not state["cut"], stored

    # -- alerts -------------------------------------------------------------------
    def raise_alerts(self) -> list[dict]:
        at = _now()
        r = self.rules
        found: list[dict] = []
        if r["shift"].get("enabled", True):
            shifts = pipeline.current_shifts(self.store, r["shift"]["groups"], int(r["shift"]["min_statements"]),
                                             frames="frame" in r["shift"]["kinds"])
            found += _rules.shift_alerts(shifts, self.store.alert_keys("shift"), r, at)
        con = self.store.con
        if r["measure"].get("enabled", True):
            found += _rules.measure_alerts(query.measure_events(con), r, at)
        if r["quote"].get("enabled", True):
            found += _rules.quote_alerts(query.spread_quotes(con, int(r["quote"]["min_outlets"])), r, at)
        with self.store.transaction():
            new = self.store.add_alerts(found)
        for a in new:
            self.out.write(json.dumps(public(a), ensure_ascii=False) + "\n")
        self.out.flush()
        self.notify_pending()
        return new

    def notify_pending(self) -> None:
        """POST the alerts not delivered yet (new ones, and those a failing hook missed); never raises."""
        if not self.notify_url:
            return
        pending = self.store.alerts_to_notify(max_attempts=12)
        self.store.idle()
        outcomes = []
        for a in pending:
            attempts, error = notify(self.notify_url, public(a))
            outcomes.append((a["alert_id"], attempts, error))
            if error:
                self.log(f"watch: could not notify {self.notify_url} of alert {a['alert_id']}: {error} (will retry)")
        if outcomes:
            with self.store.transaction():
                for alert_id, attempts, error in outcomes:
                    self.store.mark_notified(alert_id, attempts, error)

    # -- the loop -------------------------------------------------------------------
    def run(self, once: bool = False) -> None:
        while not self.stop.is_set():
            self.round()
            if once or self.stop.is_set():
                break
            self._sleep()

    def _sleep(self) -> None:
        """Until the next source is due (or a stop request)."""
        states = {s["source"]: s for s in self.store.watch_states()}
        self.store.idle()
        times = [states[s]["next_poll"] for s in self.sources if s in states and states[s].get("next_poll")]
        wait = (min(times) - _now()).total_seconds() if len(times) == len(self.sources) else 0
        self.stop.wait(max(0.2, min(wait, self.every.total_seconds())))
