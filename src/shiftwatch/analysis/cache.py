"""Computed timelines and shifts, kept in the store and keyed by its fingerprint.

A result is stored in ``analysis_cache`` under a key (what was asked: the
function, grouping, frequency, filter...) together with the fingerprint of the
statements it was computed from. A read with the same key and fingerprint is
answered from the table; any change to the statements (added, removed,
relabelled, moved to another speaker) or to the speakers and their aliases
changes the fingerprint, and the result is computed again.

The table is created (``CREATE TABLE IF NOT EXISTS``) and written only through
a read-write connection: ``shiftwatch ingest`` and ``relabel`` fill it for the
default views (``warm``) after they change the statements. Readers (the read
commands, ``serve``, ``report``) open the store read-only, use a fresh entry
when there is one and otherwise compute; they never write.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any, Callable

import duckdb

from .. import query, store as _store

TABLE = "analysis_cache"
CREATE_SQL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    key VARCHAR PRIMARY KEY, fingerprint VARCHAR NOT NULL, computed_at TIMESTAMP, value VARCHAR NOT NULL)"""
# results that took less than this to compute are not worth a write
MIN_COMPUTE_S = 0.02


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """What the counted statements and speaker names depend on, in about 15 ms for 1M statements.

    Schema version, number of statements and largest rowid (catch additions and
    deletions), a sum of hashes of each statement's speaker, stance,
    about_migration and label model (catch relabelling and speaker merges in
    place), and the number of speakers and aliases (the names shown and the
    names ``--speaker`` resolves)."""
    n, top = con.execute("SELECT count(*), max(rowid) FROM statements").fetchone()
    # quotes (schema 5) decide what counts once: regrouping changes the answers too
    quote = ", quote_id" if query.has_quotes(con) else ""
    content = con.execute(
        f"SELECT sum(hash(speaker_id, stance, about_migration, label_model{quote})) FROM statements"
    ).fetchone()[0]
    speakers, aliases = con.execute(
        "SELECT (SELECT count(*) FROM speakers), (SELECT count(*) FROM speaker_aliases)"
    ).fetchone()
    version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    acts = ""
    if query.has_table(con, "measure_events"):  # the measures lane of the timelines (schema 4)
        acts = ":" + str(con.execute(
            "SELECT count(*) || '/' || coalesce(sum(hash(event_id, status, direction, first_published)), 0) FROM measure_events"
        ).fetchone()[0])
    return f"v{version[0] if version else 0}:{n}:{top}:{content}:{speakers}:{aliases}{acts}"


def writable(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return bool(row) and not row[0]


def _has_table(con: duckdb.DuckDBPyConnection) -> bool:
    return query.has_table(con, TABLE)


def _is_default(x: Any) -> bool:
    try:
        return x == type(x)()
    except TypeError:
        return False


def make_key(*parts: Any) -> str:
    """A stable text key: dataclasses (filters) by their fields, dates as ISO text."""
    def plain(x):
        if dataclasses.is_dataclass(x) and not isinstance(x, type) and _is_default(x):
            return None  # no filter and an all-default filter ask the same question
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            return {f.name: plain(getattr(x, f.name)) for f in dataclasses.fields(x)
                    if f.name != "speaker_id_list"}
        if isinstance(x, (dt.date, dt.datetime)):
            return x.isoformat()
        if isinstance(x, (list, tuple)):
            return [plain(v) for v in x]
        return x
    return json.dumps([plain(p) for p in parts], sort_keys=True, ensure_ascii=False, default=str)


def lookup(con: duckdb.DuckDBPyConnection, key: str, fp: str) -> str | None:
    """The stored value of ``key`` if it was computed at fingerprint ``fp``."""
    try:
        if not _has_table(con):
            return None
        row = con.execute(f"SELECT value FROM {TABLE} WHERE key = ? AND fingerprint = ?", [key, fp]).fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def store_result(con: duckdb.DuckDBPyConnection, key: str, fp: str, value: str) -> bool:
    """Write one entry through a read-write connection; False (and nothing written) otherwise."""
    if not writable(con):
        return False
    try:
        if con.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'"
        ).fetchone()[0] != str(_store.SCHEMA_VERSION):
            return False
        con.execute(CREATE_SQL)
        con.execute(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?, ?, ?)", [key, fp, _store.now(), value])
    except duckdb.Error:
        return False
    return True


def cached(
    con: duckdb.DuckDBPyConnection,
    key: str,
    compute: Callable[[], Any],
    encode: Callable[[Any], Any],
    decode: Callable[[Any], Any],
    fp: str | None = None,
    use: bool = True,
) -> Any:
    """``compute()``, or its stored value when the store has not changed since."""
    if not use:
        return compute()
    if fp is None and not writable(con) and not _has_table(con):
        return compute()  # nothing to read, nowhere to write: no fingerprint needed
    fp = fp or fingerprint(con)
    hit = lookup(con, key, fp)
    if hit is not None:
        return decode(json.loads(hit))
    started = dt.datetime.now()
    value = compute()
    if (dt.datetime.now() - started).total_seconds() >= MIN_COMPUTE_S and writable(con):
        store_result(con, key, fp, json.dumps(encode(value), ensure_ascii=False, default=str))
    return value
