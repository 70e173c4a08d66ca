"""The DuckDB store: the seam between pipeline stages.

Every stage reads what the previous one wrote and writes its own tables, so a
stage can be re-run (``relabel``) or resumed after a crash without redoing the
others. Writes happen in batches, one transaction each: a killed process
leaves whole batches or nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from .errors import ShiftwatchError

SCHEMA_VERSION = 2
DEFAULT_DB = "shiftwatch.duckdb"

# Each entry upgrades the schema from version (index) to version (index + 1).
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
    CREATE SEQUENCE run_ids START 1;
    CREATE TABLE runs (
        run_id INTEGER PRIMARY KEY,
        command VARCHAR,
        sources VARCHAR,
        started_at TIMESTAMP,
        finished_at TIMESTAMP,
        status VARCHAR,              -- running | done | failed
        documents INTEGER, new INTEGER, duplicates INTEGER,
        rejected INTEGER, statements INTEGER
    );
    CREATE TABLE documents (
        doc_id VARCHAR PRIMARY KEY,
        url VARCHAR,
        source VARCHAR,              -- the file or URL it was read from
        source_id VARCHAR,           -- the id a JSONL/CSV export gave it
        outlet VARCHAR,
        published DATE,
        lang VARCHAR,
        title VARCHAR,
        text VARCHAR NOT NULL,       -- clean text; statement offsets point here
        text_hash VARCHAR NOT NULL UNIQUE,
        minhash BLOB,
        duplicate_of VARCHAR,        -- first copy of a near-duplicate
        similarity DOUBLE,
        analyzed BOOLEAN NOT NULL DEFAULT FALSE,
        run_id INTEGER,
        ingested_at TIMESTAMP
    );
    CREATE TABLE doc_bands (band USMALLINT, hash UBIGINT, doc_id VARCHAR);
    CREATE TABLE speakers (
        speaker_id VARCHAR PRIMARY KEY,
        speaker VARCHAR,             -- canonical Latin name, null if anonymous
        name_ru VARCHAR,
        kind VARCHAR,                -- person | body | anonymous
        role VARCHAR,
        wikidata VARCHAR,
        in_registry BOOLEAN
    );
    CREATE TABLE speaker_aliases (
        speaker_id VARCHAR, alias VARCHAR,
        alias_key VARCHAR,           -- speakers.alias_key(alias): how lookups compare
        PRIMARY KEY (speaker_id, alias)
    );
    CREATE TABLE statements (
        statement_id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        char_start INTEGER, char_end INTEGER,
        speaker_mention VARCHAR,
        speaker_start INTEGER, speaker_end INTEGER,
        speaker_id VARCHAR,
        about_migration BOOLEAN,
        stance VARCHAR,
        frames VARCHAR[],
        cues VARCHAR[],
        label_model VARCHAR
    );
    CREATE TABLE rejected (
        source VARCHAR, reason VARCHAR, "at" TIMESTAMP, run_id INTEGER
    );
    """,
    # 2: a statement carries its document's date, outlet and language, so the
    # timelines, shifts and speaker queries read one table, not a join
    """
    ALTER TABLE statements ADD COLUMN published DATE;
    ALTER TABLE statements ADD COLUMN outlet VARCHAR;
    ALTER TABLE statements ADD COLUMN lang VARCHAR;
    UPDATE statements SET published = d.published, outlet = d.outlet, lang = d.lang
    FROM documents d WHERE d.doc_id = statements.doc_id;
    """,
]


def default_db() -> str:
    return os.environ.get("SHIFTWATCH_DB") or DEFAULT_DB


class Store:
    """A DuckDB file holding documents, statements and speakers."""

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False):
        self.path = str(path or default_db())
        self.read_only = read_only
        if read_only and not Path(self.path).exists():
            raise ShiftwatchError(
                f"no store at {self.path}: run 'shiftwatch ingest SOURCE --db {self.path}' first"
            )
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as e:
            msg = str(e).splitlines()[0]
            if "lock" in msg.lower():
                raise ShiftwatchError(
                    f"the store {self.path} is in use by another shiftwatch process; wait for it or use another --db"
                ) from None
            raise ShiftwatchError(f"cannot open store {self.path}: {msg}") from None
        except duckdb.Error as e:
            raise ShiftwatchError(
                f"{self.path} is not a shiftwatch store ({str(e).splitlines()[0]})"
            ) from None
        # DuckDB would take 80% of RAM for its buffers; a long ingest does not
        # need that, and streaming promises flat memory (SHIFTWATCH_MEMORY to change)
        self.con.execute(f"SET memory_limit = '{os.environ.get('SHIFTWATCH_MEMORY', '512MB')}'")
        if not read_only:
            self.migrate()
        else:
            self._check_version()

    # -- schema -----------------------------------------------------------
    def schema_version(self) -> int:
        has_meta = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchone()[0]
        if not has_meta:
            return 0
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _check_version(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise ShiftwatchError(
                f"{self.path} has schema version {version}, newer than this shiftwatch knows "
                f"({SCHEMA_VERSION}): upgrade shiftwatch"
            )
        if version == 0:
            raise ShiftwatchError(f"{self.path} is not a shiftwatch store")

    def migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            self._check_version()
        for target in range(version, SCHEMA_VERSION):
            with self.transaction():
                self.con.execute(MIGRATIONS[target])
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(target + 1)]
                )

    # -- transactions -----------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- runs and rejections ---------------------------------------------
    def start_run(self, command: str, sources: list[str]) -> int:
        run_id = self.con.execute("SELECT nextval('run_ids')").fetchone()[0]
        self.con.execute(
            "INSERT INTO runs (run_id, command, sources, started_at, status) VALUES (?, ?, ?, ?, 'running')",
            [run_id, command, "\n".join(sources), now()],
        )
        return run_id

    def finish_run(self, run_id: int, status: str, **counts: int) -> None:
        sets = ", ".join(f"{k} = ?" for k in counts)
        self.con.execute(
            f"UPDATE runs SET status = ?, finished_at = ?{', ' + sets if sets else ''} WHERE run_id = ?",
            [status, now(), *counts.values(), run_id],
        )

    def reject(self, source: str, reason: str, run_id: int | None = None) -> None:
        self.reject_many([(source, reason)], run_id)

    def reject_many(self, rejections: list[tuple[str, str]], run_id: int | None = None) -> None:
        """Record rejections, one row per source and reason: re-running adds nothing."""
        if not rejections:
            return
        import pyarrow as pa

        stamp = now()
        table = pa.table({
            "source": [s for s, _ in rejections], "reason": [r for _, r in rejections],
            "at": pa.array([stamp] * len(rejections), pa.timestamp("us")),
            "run_id": pa.array([run_id] * len(rejections), pa.int32()),
        })
        self.con.register("_rejections", table)
        self.con.execute(
            """DELETE FROM rejected WHERE (source, reason) IN (SELECT (source, reason) FROM _rejections)"""
        )
        self.con.execute("INSERT INTO rejected SELECT DISTINCT ON (source, reason) * FROM _rejections")
        self.con.unregister("_rejections")


def first(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """The first row of a query, with the result read to its end: DuckDB will
    not register a table on a connection that has an unfinished result."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
