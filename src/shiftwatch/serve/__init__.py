"""The dashboard: the report's views over a JSON API, served by FastAPI and uvicorn.

The store is opened read-only through ``store.shared.SharedReader``; every
request works on its own cursor (DuckDB connections are not thread-safe,
cursors are independent). The connection is given up while a writer
(``ingest``, ``analyze``, ``watch``) waits and opened again by the next
request; answers are cached until a re-opened store turns out to have
changed (then the caches are dropped and the fingerprint taken again; see
``analysis.cache``). The page asks ``/api/status`` every few seconds and
reloads when the store changed, so a writer's commit shows within seconds. Timelines and shifts already in the
store's analysis cache (written by the CLI or the pipeline) are read from
there, so a fresh dashboard answers at once.

Speed under many clients: the security headers are added by a plain ASGI
wrapper (not Starlette's ``BaseHTTPMiddleware``, which costs several
milliseconds a request), and a ``GET /api/timeline`` whose exact query string
was answered before is served from its serialised body by that wrapper,
without routing or validation (only answers that succeeded are kept).
"""

from __future__ import annotations

import gc
import json
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, Optional

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import analysis, query
from ..errors import ShiftwatchError
from ..store import shared

MAX_LIMIT = 1000
ROWS_KEPT = 20_000  # a statements filter with up to this many rows is kept whole: pages are slices
MAX_OFFSET = 2**31 - 1  # DuckDB's OFFSET is a signed 64-bit integer; no store holds more rows than this
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")


class BadRequest(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


class _Cache:
    def __init__(self, size: int = 512):
        self.size, self.data, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return True, self.data[key]
        return False, None

    def clear(self):
        with self.lock:
            self.data.clear()

    def put(self, key, value):
        with self.lock:
            self.data[key] = value
            if len(self.data) > self.size:
                self.data.popitem(last=False)


_BODY_CACHED = ("/api/timeline", "/api/statements")  # answers kept serialised by query string until the store changes
_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
_CSP = (b"content-security-policy", CSP.encode())


class _Fast:
    """ASGI wrapper: security headers on every response; cached /api/timeline bodies served directly."""

    def __init__(self, app, bodies: "_Cache", store: "shared.SharedReader"):
        self.app, self.bodies, self.store = app, bodies, store

    def __getattr__(self, name):  # app.state, app.routes... of the wrapped FastAPI app
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.store.maybe_changed():  # a writer committed: drop what is cached before answering
            await run_in_threadpool(self.store.refresh)
        if scope["method"] == "GET" and scope["path"] in _BODY_CACHED:
            hit, body = self.bodies.get((scope["path"], scope.get("query_string", b"")))
            if hit:
                await send({"type": "http.response.start", "status": 200, "headers": [
                    (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *_HEADERS]})
                await send({"type": "http.response.body", "body": body})
                return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += _HEADERS
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.startswith(b"text/html"):
                    headers.append(_CSP)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _columns(r: dict) -> dict:
    return {k: r.get(k) for k in [*query.STATEMENT_COLUMNS, "title"]}


def create_app(db_path: str | Path, warm: bool = False):
    """The dashboard app over the store at ``db_path`` (opened read-only): an ASGI app with
    FastAPI's attributes (``app.state.store``...)."""
    from ..store import Store

    Store(db_path, read_only=True).close()  # a missing, foreign or too new store is an error now
    cache = _Cache()
    bodies = _Cache(4096)  # query string of /api/timeline -> serialised answer
    state = {"fp": None, "generation": 0}
    flights: dict = {}
    key_locks: dict = {}
    flights_lock = threading.Lock()
    rows_kept = _Cache(64)  # filter -> all its rows (filters of up to ROWS_KEPT statements)

    def changed():
        rows_kept.clear()
        cache.clear()
        bodies.clear()
        state["fp"] = None
        state["generation"] += 1

    def setup(con):
        con.execute(f"SET memory_limit = '{__import__('os').environ.get('SHIFTWATCH_MEMORY', '512MB')}'")

    store = shared.SharedReader(str(db_path), on_change=changed, setup=setup)
    store.path = str(db_path)
    app = FastAPI(title="shiftwatch", docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json")
    app.state.store = store

    def fingerprint(cur) -> str:
        if state["fp"] is None:
            state["fp"] = analysis.cache.fingerprint(cur)
        return state["fp"]

    def run(fn: Callable[[Any], Any]):
        try:
            with store.cursor() as cur:
                return fn(cur)
        except ShiftwatchError as e:
            raise BadRequest(str(e)) from None

    def cached(key, fn):
        hit, value = cache.get(key)
        if hit:
            return value
        value = run(fn)
        cache.put(key, value)
        return value

    async def acached(key, fn):
        hit, value = cache.get(key)
        if hit:
            return value
        return await run_in_threadpool(cached, key, fn)

    def make_filter(cur, speaker, outlet, since, until, stance, frame, about_migration=True,
                    count: str = "quotes") -> analysis.Filter:
        if count not in analysis.COUNTS:
            raise BadRequest(f"count must be one of {', '.join(analysis.COUNTS)}, not {count!r}")
        try:
            flt = query.make_filter(cur, analysis.Filter, speaker=speaker, outlet=outlet, since=since, until=until,
                                    stance=stance, frame=frame, about_migration=about_migration)
            flt.count = count
            return flt
        except query.UnknownSpeaker:
            raise BadRequest(f"no speaker matches {speaker!r}: see /api/speakers", 404) from None
        except ShiftwatchError as e:
            raise BadRequest(str(e)) from None

    def page(items: list, limit: int, offset: int) -> dict:
        return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset: offset + limit]}

    @app.exception_handler(BadRequest)
    async def _bad(request: Request, exc: BadRequest):
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        parts = []
        for e in errors:
            where = ".".join(str(x) for x in e.get("loc", [])[1:]) or "request"
            parts.append(f"{where}: {e.get('msg', 'invalid')}")
        return JSONResponse({"error": "bad parameters: " + "; ".join(parts), "detail": errors and [
            {"loc": list(e.get("loc", [])), "msg": e.get("msg")} for e in errors]}, status_code=400)

    @app.get("/", response_class=HTMLResponse)
    async def dashboard():
        from ..report import bundle, render

        html = await acached(("page",), lambda cur: render(bundle(cur, store.path, embed_statements=False), "api"))
        return HTMLResponse(html)

    @app.get("/assets/plotly.min.js")
    async def plotly():
        from ..report import plotly_js

        return Response(plotly_js(), media_type="application/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    Limit = Query(50, ge=1, le=MAX_LIMIT, description=f"rows per page, 1 to {MAX_LIMIT}")
    Offset = Query(0, ge=0, le=MAX_OFFSET, description=f"rows to skip, 0 to {MAX_OFFSET}")

    def filter_rows(cur, flt, key) -> list | None:
        """All rows of a filter that matches at most ROWS_KEPT statements, kept until the store
        changes (one query per filter, however many pages are asked); None for a bigger filter."""
        hit, rows = rows_kept.get(key)
        if hit:
            return rows
        with flights_lock:
            lock = key_locks.setdefault(key, threading.Lock())
        with lock:  # the first asker computes, the others wait for its answer
            hit, rows = rows_kept.get(key)
            if hit:
                return rows
            generation = state["generation"]
            found = query.statements(cur, flt, limit=ROWS_KEPT + 1, lazy=True)  # a page makes dicts of its rows
            rows = found if len(found) <= ROWS_KEPT else None
            if generation == state["generation"]:
                rows_kept.put(key, rows)
        with flights_lock:
            key_locks.pop(key, None)
        return rows

    @app.get("/api/statements")
    def api_statements(request: Request, speaker: Optional[str] = None, outlet: Optional[str] = None,
                       since: Optional[str] = None, until: Optional[str] = None, stance: Optional[str] = None,
                       frame: Optional[str] = None, about_migration: bool = True, limit: int = Limit,
                       offset: int = Offset):
        """Statements, newest last, with the same filters as 'shiftwatch statements'.

        The count is kept per filter and a page's answer per query string until the store
        changes; a page is read from the statements alone, and only its rows are joined."""
        key = ("statements", speaker, outlet, since, until, stance, frame, about_migration)

        def fn(cur):
            hit, flt = cache.get(("filter", key))  # the speaker resolved once per store version
            if not hit:
                with flights_lock:
                    lock = key_locks.setdefault(("filter", key), threading.Lock())
                with lock:  # by the first asker: 50 clients asking 40 new pages resolve it once, not 40 times
                    hit, flt = cache.get(("filter", key))
                    if not hit:
                        flt = make_filter(cur, speaker, outlet, since, until, stance, frame,
                                          True if about_migration else None)
                        cache.put(("filter", key), flt)
                with flights_lock:
                    key_locks.pop(("filter", key), None)
            rows = filter_rows(cur, flt, key)
            if rows is not None:  # a filter of up to ROWS_KEPT statements: every page is a slice
                total, items = len(rows), [_columns(r) for r in rows[offset: offset + limit]]
            else:
                hit, total = cache.get(("count", key))
                if not hit:
                    total = query.count_statements(cur, flt)
                    cache.put(("count", key), total)
                items = [_columns(r) for r in query.statements(cur, flt, limit=limit, offset=offset)] if offset < total else []
            return {"total": total, "limit": limit, "offset": offset, "items": items}
        qs = ("/api/statements", request.scope.get("query_string", b""))
        # one computation per query string at a time: 50 clients asking the same new page wait for
        # the first one's answer instead of running the same query 50 times
        with flights_lock:
            flight = flights.get(qs)
            leader = flight is None
            if leader:
                flight = flights[qs] = threading.Event()
        if not leader:
            flight.wait(60)
            hit, body = bodies.get(qs)
            if hit:
                return Response(body, media_type="application/json")
        try:
            generation = state["generation"]
            body = json.dumps(run(fn), ensure_ascii=False, default=str).encode()
            if generation == state["generation"]:  # not an answer from before a change
                bodies.put(qs, body)
        finally:
            if leader:
                with flights_lock:
                    flights.pop(qs, None)
                flight.set()
        return Response(body, media_type="application/json")

    @app.get("/api/measures")
    def api_measures(kind: Optional[str] = None, status: Optional[str] = None, authority: Optional[str] = None,
                     region: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                     events: bool = False, limit: int = Limit, offset: int = Offset):
        """Measure reports (or events), with the same filters as 'shiftwatch measures'."""
        def fn(cur):
            try:
                flt = query.make_measure_filter(cur, kind=kind, status=status, authority=authority, region=region,
                                                since=since, until=until)
            except query.UnknownSpeaker as e:
                raise BadRequest(str(e), 404) from None
            rows = (query.measure_events if events else query.measures)(cur, flt)
            return page(rows, limit, offset)
        return run(fn)

    @app.get("/api/deeds")
    def api_deeds(speaker: Optional[str] = None, region: Optional[str] = None, freq: str = "month"):
        """Words and deeds per period between stance shifts (see 'shiftwatch deeds')."""
        if freq not in analysis.FREQS:
            raise BadRequest(f"freq must be one of {', '.join(analysis.FREQS)}, not {freq!r}")

        def fn(cur):
            if speaker:
                make_filter(cur, speaker, None, None, None, None, None)
            return {"items": analysis.words_and_deeds(cur, speaker=speaker or None, region=region or None, freq=freq)}
        return cached(("deeds", speaker, region, freq), fn)

    @app.get("/api/speakers")
    async def api_speakers(limit: int = Limit, offset: int = Offset):
        rows = await acached(("speakers",), lambda cur: query.speakers(cur))
        return page(rows, limit, offset)

    @app.get("/api/timeline")
    async def api_timeline(request: Request, by: str = "all", freq: str = "month", speaker: Optional[str] = None,
                           outlet: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                           stance: Optional[str] = None, frame: Optional[str] = None, count: str = "quotes",
                           limit: int = Limit, offset: int = Offset):
        if count not in analysis.COUNTS:
            raise BadRequest(f"count must be one of {', '.join(analysis.COUNTS)}, not {count!r}")
        if by not in analysis.GROUPINGS:
            raise BadRequest(f"by must be one of {', '.join(analysis.GROUPINGS)}, not {by!r}")
        if freq not in analysis.FREQS:
            raise BadRequest(f"freq must be one of {', '.join(analysis.FREQS)}, not {freq!r}")
        key = ("timeline", by, freq, speaker, outlet, since, until, stance, frame) + (() if count == "quotes" else (count,))
        hit, body = cache.get((key, limit, offset))
        if not hit:  # the answer, serialised once: repeated requests cost no database or JSON work
            rows = await acached(key, lambda cur: analysis.timeline(
                cur, by, freq, make_filter(cur, speaker, outlet, since, until, stance, frame, count=count), fingerprint=fingerprint(cur)))
            body = json.dumps(page(rows, limit, offset), ensure_ascii=False).encode()
            cache.put((key, limit, offset), body)
        bodies.put(("/api/timeline", request.scope.get("query_string", b"")), body)
        return Response(body, media_type="application/json")

    @app.get("/api/shifts")
    async def api_shifts(by: str = "all", min_statements: int = Query(30, ge=2, le=MAX_OFFSET), frames: bool = False,
                         speaker: Optional[str] = None, outlet: Optional[str] = None, since: Optional[str] = None,
                         until: Optional[str] = None, stance: Optional[str] = None, frame: Optional[str] = None,
                         count: str = "quotes", limit: int = Limit, offset: int = Offset):
        if by not in ("speaker", "outlet", "all"):
            raise BadRequest(f"by must be one of speaker, outlet, all, not {by!r}")
        if count not in analysis.COUNTS:
            raise BadRequest(f"count must be one of {', '.join(analysis.COUNTS)}, not {count!r}")
        key = ("shifts", by, min_statements, frames, speaker, outlet, since, until, stance, frame, count)

        def fn(cur):
            res = analysis.shifts(cur, by, min_statements,
                                  make_filter(cur, speaker, outlet, since, until, stance, frame, count=count),
                                  frames=frames, fingerprint=fingerprint(cur))
            return res.rows(), [{"group": s.group, "statements": s.statements} for s in res.skipped]
        rows, skipped = await acached(key, fn)
        return {**page(rows, limit, offset), "skipped": skipped}

    @app.get("/api/quotes")
    def api_quotes(speaker: Optional[str] = None, min_reports: int = Query(1, ge=1, le=MAX_OFFSET),
                   limit: int = Limit, offset: int = Offset):
        """Quotes, most reported first, as 'shiftwatch quotes' lists them."""
        def fn(cur):
            try:
                total, rows = query.quotes(cur, speaker=speaker, min_reports=min_reports, limit=limit, offset=offset)
            except query.UnknownSpeaker:
                raise BadRequest(f"no speaker matches {speaker!r}: see /api/speakers", 404) from None
            return {"total": total, "limit": limit, "offset": offset, "items": rows}
        return run(fn)

    @app.get("/api/quotes/{quote_id}")
    def api_quote(quote_id: str):
        """One quote and how it travelled: its reports, first report first, each with its outlet,
        time, lag and source link."""
        def fn(cur):
            found = query.quote(cur, quote_id)
            if found is None:
                raise BadRequest(f"no quote {quote_id!r}: see /api/quotes", 404)
            return found
        return run(fn)

    @app.get("/api/fragmentation")
    async def api_fragmentation(freq: str = "month", speaker: Optional[str] = None, outlet: Optional[str] = None,
                                since: Optional[str] = None, until: Optional[str] = None,
                                frame: Optional[str] = None, count: str = "quotes",
                                limit: int = Limit, offset: int = Offset):
        if freq not in analysis.FREQS:
            raise BadRequest(f"freq must be one of {', '.join(analysis.FREQS)}, not {freq!r}")
        if count not in analysis.COUNTS:
            raise BadRequest(f"count must be one of {', '.join(analysis.COUNTS)}, not {count!r}")
        key = ("fragmentation", freq, speaker, outlet, since, until, frame, count)
        rows = await acached(key, lambda cur: analysis.fragmentation(
            cur, freq, make_filter(cur, speaker, outlet, since, until, None, frame, count=count)))
        return {**page(rows, limit, offset), "summary": analysis.fragmentation_summary(rows)}

    @app.get("/api/status")
    def api_status():
        """What changed since: the page reloads when ``generation`` moves."""
        run(lambda cur: None)  # opens the store again if a writer had it, noticing a change
        return {"generation": state["generation"], "opens": store.opens}

    @app.get("/api/alerts")
    def api_alerts(since: Optional[str] = None, limit: int = Limit, offset: int = Offset):
        """Raised alerts, newest first (``shiftwatch alerts``)."""
        def fn(cur):
            try:
                rows = query.alerts(cur, query.parse_date(since, "since"))
            except ShiftwatchError as e:
                raise BadRequest(str(e)) from None
            return page(rows, limit, offset)
        return run(fn)

    if warm:
        run(query.warm)
        cached(("timeline", "all", "month", None, None, None, None, None, None),
               lambda cur: analysis.timeline(cur, "all", "month", fingerprint=fingerprint(cur)))
    return _Fast(app, bodies, store)


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    app = create_app(db_path, warm=True)
    # what start-up built (the app, the warmed answers) stays: the collector need not walk it again
    gc.collect()
    gc.freeze()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
