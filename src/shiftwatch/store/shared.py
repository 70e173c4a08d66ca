"""One store file, many processes: short-lived connections, intent files, retry.

DuckDB lets one process write a file and no process read it meanwhile (a
read-only open fails while a writer holds it, and the other way round). So no
process keeps the file open longer than it needs to, and every process says
when it waits:

* a process that wants the file and cannot open it yet leaves an intent file
  next to it, ``<db>.want-write.<pid>`` or ``<db>.want-read.<pid>``, and
  retries with backoff and jitter until it can (``SHIFTWATCH_LOCK_TIMEOUT``
  seconds, 600 by default; then the "in use" error);
* a writer holds the read-write connection for its batch transactions and
  gives it up after one when anybody else waits, and always before long work
  (parsing, analysis, sleeping between polls); before it opens again it lets
  a waiting reader in first (at most ``YIELD_S`` seconds);
* the dashboard (:class:`SharedReader`) keeps a read-only connection open
  between requests only while no writer waits: a watcher thread closes it,
  once the requests in flight are done, as soon as a ``want-write`` file
  appears; the next request opens it again, and if the files changed in the
  meantime the dashboard drops its caches.

A reader therefore only ever sees committed batches (a writer's file is
closed, and so checkpointed, before a reader can open it), and a writer
never fails because a reader is open: it waits a request's length. Intent
files of processes that died (kill -9) are noticed by their pid and removed.
"""

from __future__ import annotations

import os
import random
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from ..errors import ShiftwatchError

YIELD_S = 2.0  # how long a writer lets waiting readers go first
WATCH_S = 0.05  # how often the dashboard looks for a waiting writer


def lock_timeout() -> float:
    try:
        return float(os.environ.get("SHIFTWATCH_LOCK_TIMEOUT", "600"))
    except ValueError:
        return 600.0


def is_lock_error(e: BaseException) -> bool:
    text = str(e).lower()
    return isinstance(e, duckdb.IOException) and ("lock" in text or "conflicting" in text)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Intent:
    """``<db>.want-<kind>.<pid>``: this process waits for (or holds) the store."""

    def __init__(self, db: str, kind: str):
        self.path = Path(f"{db}.want-{kind}.{os.getpid()}")
        self.held = False

    def set(self) -> None:
        if not self.held:
            try:
                self.path.touch()
                self.held = True
            except OSError:
                pass  # a read-only folder: nobody else can write there either

    def clear(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False


def others_want(db: str, kind: str) -> bool:
    """Whether another live process has a ``want-<kind>`` file for ``db`` (stale ones are removed)."""
    folder, prefix = os.path.split(os.path.abspath(db))
    prefix += f".want-{kind}."
    me = os.getpid()
    try:
        names = [n for n in os.listdir(folder or ".") if n.startswith(prefix)]
    except OSError:
        return False
    found = False
    for name in names:
        try:
            pid = int(name[len(prefix):])
        except ValueError:
            continue
        if pid == me:
            continue
        if _alive(pid):
            found = True
        else:
            Path(folder, name).unlink(missing_ok=True)
    return found


def version(db: str) -> tuple:
    """Size and modification time of the file and its WAL: what a commit changes."""
    out = []
    for p in (db, db + ".wal"):
        try:
            s = os.stat(p)
            out.append((s.st_size, s.st_mtime_ns))
        except OSError:
            out.append(None)
    return tuple(out)


def connect(db: str, read_only: bool, intent: Intent, timeout: float | None = None,
            polite: bool = True) -> duckdb.DuckDBPyConnection:
    """Open ``db``, waiting (intent file set, backoff with jitter) while another process holds it.

    A writer (``polite``) first lets waiting readers go: at most ``YIELD_S``."""
    timeout = lock_timeout() if timeout is None else timeout
    started = time.monotonic()
    delay = 0.01
    if not read_only:
        intent.set()
        if polite:
            while others_want(db, "read") and time.monotonic() - started < YIELD_S:
                time.sleep(0.02)
    while True:
        try:
            con = duckdb.connect(db, read_only=read_only)
        except duckdb.Error as e:
            if not is_lock_error(e) or time.monotonic() - started >= timeout:
                if read_only:
                    intent.clear()
                raise
            intent.set()
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 1.6, 0.25)
            continue
        if read_only:
            intent.clear()
        return con


def busy_error(db: str) -> ShiftwatchError:
    return ShiftwatchError(
        f"the store {db} is in use by another shiftwatch process and was not released within "
        f"{lock_timeout():g} s; wait for it, raise SHIFTWATCH_LOCK_TIMEOUT, or use another --db"
    )


class SharedReader:
    """A read-only connection for a long-running reader (the dashboard), given up
    whenever a writer waits, opened again on the next request.

    ``on_change()`` is called when a re-opened store differs from the last one
    seen (a writer committed), so the caller drops what it cached."""

    def __init__(self, db: str, on_change: Callable[[], None] | None = None,
                 setup: Callable[[duckdb.DuckDBPyConnection], None] | None = None):
        self.db = db
        self.on_change = on_change or (lambda: None)
        self.setup = setup or (lambda con: None)
        self.intent = Intent(db, "read")
        self.con: duckdb.DuckDBPyConnection | None = None
        self.seen: tuple | None = None
        self.cond = threading.Condition()
        self.active = 0
        self.closing = False
        self.stopped = False
        self.opens = 0
        self._open()
        self.thread = threading.Thread(target=self._watch, name="shiftwatch-store-watch", daemon=True)
        self.thread.start()

    def _open(self) -> None:
        try:
            con = connect(self.db, True, self.intent)
        except duckdb.Error as e:
            if is_lock_error(e):
                raise busy_error(self.db) from None
            raise
        self.setup(con)
        self.opens += 1
        now = version(self.db)
        changed = self.seen is not None and now != self.seen
        self.seen = now
        self.con = con
        if changed:
            self.on_change()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of the open connection (opened first if a writer had it)."""
        with self.cond:
            while self.closing:
                self.cond.wait()
            if self.con is None:
                self._open()  # under the lock: one opener, the others wait for it
            self.active += 1
            cur = self.con.cursor()
        try:
            yield cur
        finally:
            cur.close()
            with self.cond:
                self.active -= 1
                self.cond.notify_all()

    def maybe_changed(self) -> bool:
        """Whether a writer may have committed since the last open: the connection was given
        up and the file or its WAL differs (two stat calls; no change is possible while open)."""
        return self.con is None and version(self.db) != self.seen

    def refresh(self) -> None:
        """Open again if a writer committed meanwhile (``on_change`` then runs)."""
        if self.maybe_changed():
            with self.cursor():
                pass

    def release(self) -> None:
        """Close the connection once the requests in flight are done."""
        with self.cond:
            if self.con is None:
                return
            self.closing = True
            while self.active:
                self.cond.wait()
            self.con.close()
            self.con = None
            self.closing = False
            self.cond.notify_all()

    def _watch(self) -> None:
        while not self.stopped:
            time.sleep(WATCH_S)
            if self.con is not None and others_want(self.db, "write"):
                self.release()

    def close(self) -> None:
        self.stopped = True
        self.release()
        self.intent.clear()
