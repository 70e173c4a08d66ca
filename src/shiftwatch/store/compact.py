"""Store maintenance: rewrite the statements table clustered by speaker and date.

Statements are appended in the order documents are analysed, so one
speaker's rows end up spread over every row group of the table (DuckDB keeps
them in groups of ~122,880 rows, each with the min and max of every column).
A query for one speaker then reads and decompresses the whole table; on a
cold start (nothing in the buffer pool or the OS cache) that is the slow
first answer of ``/api/statements?speaker=...``.

``compact`` writes a copy of the table ordered by (speaker_id, published,
doc_id, char_start), then drops the old one and renames the copy, all in one
transaction: the same rows, ids and columns, the primary key and any index
recreated, the views (which DuckDB binds by name) unchanged. Afterwards the
zonemaps of ``speaker_id`` let a speaker's query skip every row group but its
own few.

Why this is safe with many processes (``store.shared``): it runs on the
read-write connection, so no other process has the file open while it works
(readers wait, as for any writer's batch), and they open it again only
after the commit: a reader sees the old table or the new one, never a half.
A compaction killed before its commit (kill -9 included) leaves the old table
as it was: DuckDB writes the copy into free blocks that only the commit
record in the WAL would make part of the store.

``compact_if_needed`` is what ingest, analyze and relabel run after they
changed statements (``pipeline.refresh_analysis``): it compacts only when a
speaker's query would read several times the row groups a clustered table
needs, so small stores and stores that grew a little never pay for it.
``SHIFTWATCH_AUTO_COMPACT=0`` turns it off; ``shiftwatch compact`` runs it by hand.
It looks at the layout (30-60 ms at 1,000,000 statements) only when the
statements changed since it last did: it records their row count and highest
row id in ``meta`` (1 ms to read), and the store's writers that delete or move
statements forget that record (``forget_layout``).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

import duckdb

from ..errors import ShiftwatchError

TABLE = "statements"
ORDER = "speaker_id NULLS LAST, published NULLS LAST, doc_id, char_start, statement_id"
_SCRATCH = "statements__compacting"
# compact when a speaker's query reads at least this many row groups, and this many times
# what a clustered table would need
MIN_GROUPS = 4
MIN_RATIO = 2.0
_CHECKED = "statements_layout_checked"  # meta: the stamp of the statements when their layout was last found fine


@dataclass
class Layout:
    """How the statements lie in their row groups."""

    rows: int
    row_groups: int
    speakers: int
    groups_per_speaker: float  # mean row groups a one-speaker query reads (zonemaps of speaker_id)
    clustered_groups_per_speaker: float  # the same for a table ordered by speaker

    @property
    def needs_compaction(self) -> bool:
        return (self.row_groups >= 2 and self.groups_per_speaker >= MIN_GROUPS
                and self.groups_per_speaker >= MIN_RATIO * self.clustered_groups_per_speaker)


@dataclass
class Compaction:
    rows: int
    seconds: float
    before: Layout
    after: Layout
    bytes_before: int
    bytes_after: int
    vectors_dropped: int = 0

    def summary(self) -> str:
        line = (f"compacted {self.rows} statements in {self.seconds:.1f} s: a speaker's query reads "
                f"{self.before.groups_per_speaker:.1f} -> {self.after.groups_per_speaker:.1f} of "
                f"{self.after.row_groups} row groups; file {self.bytes_before / 1e6:.0f} -> {self.bytes_after / 1e6:.0f} MB")
        if self.vectors_dropped:
            line += f"; {self.vectors_dropped} sentence vectors no statement says any more dropped"
        return line


def layout(con: duckdb.DuckDBPyConnection) -> Layout:
    """The speaker_id zonemap of every row group of ``statements`` (from the storage metadata)
    against the distinct speaker ids (one scan of that column): for each group, the speakers
    whose id lies in its [min, max]. 60 ms at 1,000,000 statements."""
    rows = con.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
    zones = con.execute(
        f"""SELECT row_group_id, min(stats.min::VARCHAR) AS lo, max(stats.max::VARCHAR) AS hi
            FROM (SELECT row_group_id, try_cast(stats AS STRUCT("min" VARCHAR, "max" VARCHAR)) AS stats
                  FROM pragma_storage_info('{TABLE}')
                  WHERE column_name = 'speaker_id' AND segment_type = 'VARCHAR')
            GROUP BY row_group_id"""
    ).fetchall() if rows else []
    speakers = con.execute(f"SELECT count(DISTINCT speaker_id) FROM {TABLE}").fetchone()[0] if rows else 0
    n_groups = max(len(zones), 1 if rows else 0)
    if not speakers or not zones:
        return Layout(rows, n_groups, speakers, float(n_groups), float(n_groups))
    hits = con.execute(
        f"""WITH ids AS (SELECT DISTINCT speaker_id AS id FROM {TABLE} WHERE speaker_id IS NOT NULL),
                 z AS (SELECT unnest(?::VARCHAR[]) AS lo, unnest(?::VARCHAR[]) AS hi)
            SELECT count(*) FROM z JOIN ids ON ids.id BETWEEN z.lo AND z.hi""",
        [[z[1] for z in zones], [z[2] for z in zones]],
    ).fetchone()[0]
    per_speaker = hits / speakers
    # ordered by speaker, a speaker's rows fill rows/speakers rows: that many groups, plus the one it starts in
    clustered = min(float(n_groups), 1.0 + (rows / speakers) / max(rows / n_groups, 1.0))
    return Layout(rows, n_groups, speakers, per_speaker, clustered)


def _table_sql(con: duckdb.DuckDBPyConnection) -> tuple[str, list[str]]:
    """The CREATE TABLE of ``statements`` (constraints included) and the CREATE INDEXes on it."""
    row = con.execute(
        "SELECT sql FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main' AND database_name = current_database()",
        [TABLE]).fetchone()
    if row is None:
        raise ShiftwatchError("the store has no statements table: nothing to compact")
    indexes = [r[0] for r in con.execute(
        "SELECT sql FROM duckdb_indexes() WHERE table_name = ? AND schema_name = 'main' AND database_name = current_database()"
        " AND sql IS NOT NULL", [TABLE]).fetchall()]
    return row[0], indexes


def _file_bytes(path: str) -> int:
    return sum(os.path.getsize(p) for p in (path, path + ".wal") if os.path.exists(p))


def compact(store, checkpoint: bool = True) -> Compaction:
    """Rewrite ``statements`` ordered by speaker and date, in one transaction (see the module)."""
    if store.read_only:
        raise ShiftwatchError("compact needs the store opened for writing")
    started = time.perf_counter()
    bytes_before = _file_bytes(store.path)
    before = layout(store.con)
    progress = store.con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]
    store.con.execute("SET enable_progress_bar = false")  # the command prints its own one line
    try:
        moved, dropped = _rewrite(store)
    finally:
        if store._con is not None:  # still open (nobody waited for the file after the commit)
            store.con.execute(f"SET enable_progress_bar = {str(bool(progress)).lower()}")
    if checkpoint and store._con is not None:  # fold the WAL into the file now: the next open need not replay it
        store.con.execute("CHECKPOINT")
    after = layout(store.con)
    return Compaction(moved, time.perf_counter() - started, before, after, bytes_before, _file_bytes(store.path),
                      dropped)


def _rewrite(store) -> tuple[int, int]:
    with store.transaction() as con:
        create, indexes = _table_sql(con)
        new_create, n = re.subn(r"^CREATE TABLE\s+(?:main\.)?\"?statements\"?\s*\(", f"CREATE TABLE {_SCRATCH}(",
                                create, count=1, flags=re.I)
        if n != 1:
            raise ShiftwatchError(f"unexpected definition of the statements table: {create[:80]}")
        con.execute(f"DROP TABLE IF EXISTS {_SCRATCH}")
        con.execute(new_create)
        cols = ", ".join(f'"{c[0]}"' for c in con.execute(f"DESCRIBE {TABLE}").fetchall())
        con.execute(f"INSERT INTO {_SCRATCH} ({cols}) SELECT {cols} FROM {TABLE} ORDER BY {ORDER}")
        moved = con.execute(f"SELECT (SELECT count(*) FROM {_SCRATCH}), (SELECT count(*) FROM {TABLE})").fetchone()
        if moved[0] != moved[1]:  # cannot happen in one transaction; never drop rows if it did
            raise ShiftwatchError(f"compaction copied {moved[0]} of {moved[1]} statements; the store is unchanged")
        con.execute(f"DROP TABLE {TABLE}")
        con.execute(f"ALTER TABLE {_SCRATCH} RENAME TO {TABLE}")
        for sql in indexes:
            con.execute(sql)
        # sentence vectors are kept by the text they embed (store.vector_key: sha1 of the text);
        # stores written before replaced statements took theirs along keep some nobody says
        dropped = con.execute("""DELETE FROM quote_vectors WHERE text_hash NOT IN
                                 (SELECT DISTINCT sha1(text) FROM statements WHERE text IS NOT NULL)""").fetchone()[0]
        con.execute("INSERT OR REPLACE INTO meta VALUES ('statements_compacted_at', ?)",
                    [time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())])
    with store.transaction() as con:  # after the commit: a transaction's own new rows have provisional row ids
        _record_stamp(con)
    return moved[0], dropped


def auto_enabled() -> bool:
    return os.environ.get("SHIFTWATCH_AUTO_COMPACT", "1").strip().lower() not in ("0", "false", "no", "off")


def compact_if_needed(store) -> Compaction | None:
    """Compact when the layout says a speaker's query reads far more row groups than it needs;
    the layout is looked at only when the statements changed since it was last found fine."""
    if store.read_only or not auto_enabled():
        return None
    con = store.con
    if _stamp(con) == _recorded_stamp(con):
        return None
    if layout(con).needs_compaction:
        return compact(store)
    with store.transaction() as con:
        _record_stamp(con)
    return None


def forget_layout(con: duckdb.DuckDBPyConnection) -> None:
    """Statements were deleted and written again, or renamed, which the stamp may not show
    (the same count, and row ids reused once DuckDB vacuumed the deleted rows): the next
    ``compact_if_needed`` looks at the layout."""
    con.execute("DELETE FROM meta WHERE key = ?", [_CHECKED])


def _stamp(con: duckdb.DuckDBPyConnection) -> str:
    """What adding or deleting statements (by any writer) changes: the row count and the highest row id."""
    rows, top = con.execute(f"SELECT count(*), max(rowid) FROM {TABLE}").fetchone()
    return f"{rows}:{top}"


def _recorded_stamp(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [_CHECKED]).fetchall()
    return row[0][0] if row else None


def _record_stamp(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [_CHECKED, _stamp(con)])
