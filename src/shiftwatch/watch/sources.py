"""Polling one watched source: what is new since the last poll, and how the source is doing.

A URL (feed or page) is fetched with a conditional request (the ETag and
Last-Modified it gave last time): 304, or a body with the same hash as last
time, is nothing new. A folder is re-scanned and each file checked; a file
whose size and modification time are unchanged is skipped, an append-only
JSONL file that only grew is read from where the last poll stopped (its head
is hashed to make sure), and any other changed file is read again whole (the
ingest drops what it stored already). Nothing here touches the store: the
poll returns the state to save once what it found is ingested, so a crash in
between repeats the read, never loses it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

STORE_SUFFIXES = (".duckdb", ".duckdb.wal", ".wal", ".parquet", ".tmp")
MAX_BACKOFF = dt.timedelta(hours=6)


@dataclass
class Fetched:
    """Something new to read: ``data`` (a body, a file's new lines), or the file ``name`` itself when None."""

    name: str
    data: bytes | None = None
    ctype: str = ""


@dataclass
class Poll:
    source: str
    kind: str  # url | folder | file
    fetched: list[Fetched] = field(default_factory=list)
    state: dict = field(default_factory=dict)  # watch_sources row to save after ingest
    files: dict = field(default_factory=dict)  # watch_files rows to save after ingest
    error: str | None = None
    note: str = ""  # how it went, for the health line


def kind_of(source: str) -> str:
    if source.startswith(("http://", "https://")):
        return "url"
    return "folder" if Path(source).is_dir() else "file"


def poll(source: str, state: dict | None, files: dict[str, tuple], client, now: dt.datetime,
         every: dt.timedelta) -> Poll:
    """Poll ``source`` once; ``state`` is its stored row (None the first time)."""
    kind = kind_of(source)
    p = Poll(source, kind, state=dict(state or {"source": source, "failures": 0, "documents": 0, "new_documents": 0}))
    p.state.update(source=source, kind=kind, last_poll=now)
    try:
        if kind == "url":
            _poll_url(p, client)
        else:
            _poll_path(p, Path(source), files)
    except _Failure as e:
        p.error = str(e)
    if p.error:
        failures = int(p.state.get("failures") or 0) + 1
        p.state.update(failures=failures, last_error=p.error,
                       next_poll=now + min(every * (2 ** min(failures, 16)), max(MAX_BACKOFF, every)))
    else:
        p.state.update(failures=0, last_error=None, last_ok=now, next_poll=now + every)
    return p


class _Failure(Exception):
    pass


def _poll_url(p: Poll, client) -> None:
    import httpx

    headers = {"User-Agent": "shiftwatch"}
    if p.state.get("etag"):
        headers["If-None-Match"] = p.state["etag"]
    if p.state.get("last_modified"):
        headers["If-Modified-Since"] = p.state["last_modified"]
    try:
        r = client.get(p.source, headers=headers)
    except httpx.TimeoutException:
        raise _Failure("timed out") from None
    except httpx.HTTPError as e:
        raise _Failure(f"cannot fetch: {type(e).__name__}: {e}") from None
    if r.status_code == 304:
        p.note = "not modified (304)"
        return
    if r.status_code >= 400:
        raise _Failure(f"HTTP {r.status_code}")
    body = r.content
    digest = hashlib.sha1(body).hexdigest()
    p.state.update(etag=r.headers.get("etag"), last_modified=r.headers.get("last-modified"))
    if digest == p.state.get("content_hash"):
        p.note = "unchanged"
        return
    p.state["content_hash"] = digest
    p.fetched.append(Fetched(p.source, body, r.headers.get("content-type", "")))
    p.note = "changed"


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(
        f for f in path.rglob("*")
        if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts)
        and not f.name.endswith(STORE_SUFFIXES) and ".want-" not in f.name
    )


def _poll_path(p: Poll, path: Path, known: dict[str, tuple]) -> None:
    if not path.exists():
        raise _Failure("no such file or directory")
    try:
        files = _files(path)
    except OSError as e:
        raise _Failure(f"cannot scan: {e.strerror or e}") from None
    changed = 0
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        name = str(f)
        size, mtime, read_to, head = known.get(name, (None, None, 0, None))
        if size == st.st_size and mtime == st.st_mtime_ns:
            continue
        changed += 1
        if f.name.lower().endswith(".jsonl"):
            try:
                data = f.read_bytes()
            except OSError as e:
                raise _Failure(f"cannot read {name}: {e.strerror or e}") from None
            end = data.rfind(b"\n") + 1  # a line being written is read next time
            grew = read_to and len(data) >= read_to and hashlib.sha1(data[:read_to]).hexdigest() == head
            start = read_to if grew else 0
            if end > start:
                p.fetched.append(Fetched(name, data[start:end]))
            p.files[name] = (st.st_size, st.st_mtime_ns, end, hashlib.sha1(data[:end]).hexdigest())
        else:
            p.fetched.append(Fetched(name))
            p.files[name] = (st.st_size, st.st_mtime_ns, st.st_size, None)
    p.note = f"{changed} changed file{'s' if changed != 1 else ''}" if changed else "unchanged"


def health(state: dict, now: dt.datetime) -> str:
    """One line: how a source is doing."""
    if state.get("failures"):
        wait = max(0, int((state["next_poll"] - now).total_seconds())) if state.get("next_poll") else 0
        return (f"failing ({state.get('last_error')}), {state['failures']} failure"
                f"{'s' if state['failures'] != 1 else ''} in a row, next try in {wait} s")
    return "ok"


def env_timeout() -> float:
    try:
        return float(os.environ.get("SHIFTWATCH_WATCH_TIMEOUT", "20"))
    except ValueError:
        return 20.0
