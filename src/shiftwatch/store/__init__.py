"""The DuckDB store: the seam between pipeline stages, and the owner of every write.

The pipeline hands it typed records (``shiftwatch.records``) and it turns
them into rows from one definition of each table (``schema``). Writes happen
in batches, one transaction each: a killed process leaves whole batches or
nothing, and the next run resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

import duckdb

import pyarrow as pa

from ..errors import ShiftwatchError
from ..records import Document, Speaker, Statement
from . import compact, shared
from .lookup import DocumentIndex, fingerprints
from .schema import (DOCUMENT_COLUMNS, EVENT_COLUMNS, MEASURE_COLUMNS, MIGRATIONS, SCHEMA_VERSION, STATEMENT_COLUMNS,
                     WATCH_SOURCE_COLUMNS,
                     arrow_table, names)

DEFAULT_DB = "shiftwatch.duckdb"
T = TypeVar("T")
_END = object()  # the end of ``write_batches``' batches

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
        self._con: duckdb.DuckDBPyConnection | None = None
        self._depth = 0  # open transactions
        self._opened = 0  # connections made: a new one may see what other processes wrote meanwhile
        self._index: DocumentIndex | None = None  # deduplication's view of the documents, loaded on first use
        self._index_opened = 0  # the connection the index was last checked on
        self._index_changed = False  # the open transaction added to the index
        self._intent = shared.Intent(self.path, "read" if read_only else "write")
        self.con  # open now: a missing, foreign or too new store is an error before any work
        if not read_only:
            self.migrate()
        else:
            self._check_version()

    # -- the connection: held while needed, given up when others wait (store.shared) --------
    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = self._connect()
        return self._con

    def _connect(self) -> duckdb.DuckDBPyConnection:
        try:
            con = shared.connect(self.path, self.read_only, self._intent)
        except duckdb.IOException as e:
            self._intent.clear()
            msg = str(e).splitlines()[0]
            if shared.is_lock_error(e):
                raise shared.busy_error(self.path) from None
            raise ShiftwatchError(f"cannot open store {self.path}: {msg}") from None
        except duckdb.Error as e:
            self._intent.clear()
            raise ShiftwatchError(
                f"{self.path} is not a shiftwatch store ({str(e).splitlines()[0]})"
            ) from None
        # DuckDB would take 80% of RAM for its buffers; a long ingest does not
        # need that, and streaming promises flat memory (SHIFTWATCH_MEMORY to change)
        con.execute(f"SET memory_limit = '{os.environ.get('SHIFTWATCH_MEMORY', '512MB')}'")
        # DuckDB folds its write-ahead log into the file (a checkpoint, which rewrites the tables'
        # indexes: its cost grows with the store) each 16 MB of log; an ingest batch logs about
        # 1 MB. Fewer, larger checkpoints: a killed run still keeps every committed batch.
        con.execute(f"SET checkpoint_threshold = '{os.environ.get('SHIFTWATCH_CHECKPOINT', '256MB')}'")
        self._opened += 1
        return con

    def idle(self) -> None:
        """Give the file up before long work (parsing, analysis, sleeping): other
        processes may open it meanwhile; the next use opens it again."""
        if self._con is not None and self._depth == 0:
            self._con.close()
            self._con = None
        if self._depth == 0:
            self._intent.clear()

    def yield_if_wanted(self) -> None:
        """Give the file up if another process waits for it (between batches)."""
        if self._con is not None and self._depth == 0 and (
            shared.others_want(self.path, "read") or shared.others_want(self.path, "write")
        ):
            self.idle()

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
        """One batch, all or nothing; afterwards the file is given up if anyone waits for it."""
        if self._depth:
            self._depth += 1
            try:
                yield self.con
            finally:
                self._depth -= 1
            return
        con = self.con
        con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield con
        except BaseException:
            self._depth = 0
            self._forget_index_changes()
            con.execute("ROLLBACK")
            raise
        else:
            self._depth = 0
            try:
                con.execute("COMMIT")
            except BaseException:
                self._forget_index_changes()
                raise
            self._index_changed = False
        self.yield_if_wanted()

    def write_batches(self, batches: Iterable[T], write: Callable[[T], int], rows_per_commit: int,
                      committed: Callable[[], None] | None = None) -> None:
        """``write`` each batch, several to a transaction: a transaction is committed once the
        batches in it wrote ``rows_per_commit`` rows (``write`` returns how many), and the last
        at the end. Any exception, in ``write`` or in making the next batch, rolls the open
        transaction back whole and is raised again: the store keeps the transactions committed
        before it, never part of one. A new transaction's first batch is made outside it, so
        the file can be given up to others meanwhile. ``committed`` is called after each commit,
        so a caller can count only what the store kept."""
        pending = iter(batches)
        for batch in pending:
            with self.transaction():
                written = write(batch)
                while written < rows_per_commit and (batch := next(pending, _END)) is not _END:
                    written += write(batch)
            if committed:
                committed()

    def _forget_index_changes(self) -> None:
        """A rolled-back transaction's documents leave the index with it: it is loaded again when next needed."""
        if self._index_changed:
            self._index = None
        self._index_changed = False

    def close(self) -> None:
        self._depth = 0
        self.idle()

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

    def _insert(self, table: str, data: pa.Table, sql: str, params: list | None = None) -> None:
        """Run ``sql`` with ``data`` registered as ``table`` for the duration."""
        self.con.register(table, data)
        try:
            self.con.execute(sql, params or [])
        finally:
            self.con.unregister(table)

    # -- documents ------------------------------------------------------------
    def document_index(self) -> DocumentIndex:
        """The stored documents' ids, text hashes and LSH bands in memory: loaded once,
        kept up to date by ``add_documents``, and loaded again should another process
        have added documents while this one had given the file up."""
        index = self._index
        if index is not None and self._index_opened != self._opened:
            if first(self.con, "SELECT count(*) FROM documents")[0] != index.documents:
                index = None
            self._index_opened = self._opened
        if index is None:
            index = self._index = self._load_index()
            self._index_opened = self._opened
        return index

    def _load_index(self) -> DocumentIndex:
        index = DocumentIndex()
        with self.transaction() as con:  # one snapshot of both tables
            docs = con.sql("SELECT doc_id, text_hash FROM documents").to_arrow_table()
            index.ids.add(fingerprints(docs.column("doc_id").to_pylist()))
            index.hashes.add(fingerprints(docs.column("text_hash").to_pylist()))
            index.documents = docs.num_rows
            del docs
            originals = con.sql("SELECT DISTINCT doc_id FROM doc_bands ORDER BY doc_id").to_arrow_table()
            index.originals = originals.column("doc_id").to_pylist()
            del originals
            bands = con.sql(
                """WITH o AS (SELECT doc_id, (row_number() OVER (ORDER BY doc_id) - 1)::UINTEGER AS pos
                              FROM (SELECT DISTINCT doc_id FROM doc_bands))
                   SELECT b.band, b.hash, o.pos FROM doc_bands b JOIN o USING (doc_id)""").to_arrow_table()
            index.add_bands(bands.column("band").to_numpy(), bands.column("hash").to_numpy(),
                            bands.column("pos").to_numpy())
        return index

    def known_documents(self, docs: list[Document]) -> tuple[set[str], set[str]]:
        """Of these documents, the ids and text hashes the store already holds (of the
        store rows with one of their ids or hashes, every id and every hash)."""
        ids, hashes = self.document_index().maybe_known([d.doc_id for d in docs], [d.text_hash for d in docs])
        if not ids and not hashes:
            return set(), set()
        known = self.con.execute(
            """SELECT doc_id, text_hash FROM documents
               WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) OR text_hash IN (SELECT unnest(?::VARCHAR[]))""",
            [ids, hashes],
        ).fetchall()
        return {r[0] for r in known}, {r[1] for r in known}

    def band_candidates(self, docs: list[Document]) -> dict[str, list[tuple[str, bytes]]]:
        """Stored originals that share an LSH band with each document: (doc_id, minhash), by doc_id."""
        hits = self.document_index().band_hits([(d.doc_id, d.bands) for d in docs])
        if not hits:
            return {}
        wanted = sorted(set().union(*hits.values()))
        sigs = dict(self.con.execute(
            "SELECT doc_id, minhash FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [wanted]).fetchall())
        return {probe: [(d, sigs[d]) for d in sorted(found) if d in sigs] for probe, found in hits.items()}

    def document_text(self, doc_id: str) -> str:
        return first(self.con, "SELECT text FROM documents WHERE doc_id = ?", [doc_id])[0]

    def add_documents(self, docs: list[Document], links: dict[str, tuple[str, float]], run_id: int | None) -> None:
        """Store new documents; ``links`` maps a near duplicate to (first copy, similarity).
        Only originals enter the LSH index: a copy of a copy finds the first one."""
        if not docs:
            return
        columns = {name: [getattr(d, name, None) for d in docs] for name, _ in DOCUMENT_COLUMNS}
        columns["duplicate_of"] = [links.get(d.doc_id, (None, None))[0] for d in docs]
        columns["similarity"] = [links.get(d.doc_id, (None, None))[1] for d in docs]
        self._insert(
            "_batch_docs", pa.table({name: pa.array(columns[name], type=t) for name, t in DOCUMENT_COLUMNS}),
            f"""INSERT INTO documents ({names(DOCUMENT_COLUMNS)}, analyzed, run_id, ingested_at)
                SELECT *, FALSE, ?, ? FROM _batch_docs""",
            [run_id, now()],
        )
        originals = [d for d in docs if d.doc_id not in links]
        bands = pa.table({
            "band": pa.array([b for d in originals for b in range(len(d.bands))], pa.uint16()),
            "hash": pa.array([h for d in originals for h in d.bands], pa.uint64()),
            "doc_id": [d.doc_id for d in originals for _ in d.bands],
        })
        self._insert("_batch_bands", bands, "INSERT INTO doc_bands SELECT * FROM _batch_bands")
        if self._index is not None:  # the index follows the store; a rollback drops it (_forget_index_changes)
            self._index.add([d.doc_id for d in docs], [d.text_hash for d in docs],
                            [d.doc_id for d in originals], [list(d.bands) for d in originals])
            self._index_changed = self._index_changed or self._depth > 0

    def count_to_analyze(self, everything: bool = False) -> int:
        where = "duplicate_of IS NULL" + ("" if everything else " AND NOT analyzed")
        return first(self.con, f"SELECT count(*) FROM documents WHERE {where}")[0]

    def documents_to_analyze(self, limit: int, everything: bool = False, after: str = "") -> list[tuple]:
        """(doc_id, text, lang, published) of originals in id order after ``after``: those
        not analysed yet, or with ``everything`` all of them (for ``analyze --all``)."""
        where = "duplicate_of IS NULL AND doc_id > ?" + ("" if everything else " AND NOT analyzed")
        return self.con.execute(
            f"SELECT doc_id, text, lang, published FROM documents WHERE {where} ORDER BY doc_id LIMIT ?", [after, limit]
        ).fetchall()

    # -- statements and speakers -------------------------------------------------
    def save_analysis(self, done: dict[str, list[Statement]], failed: dict[str, str], run_id: int | None = None) -> int:
        """Replace the statements of the analysed documents and mark them done;
        a failed document keeps its old statements, records why and stays pending."""
        con = self.con
        if failed:
            self.reject_many([(f"document {d}", f"analysis failed: {e[:200]}") for d, e in failed.items()], run_id)
            con.execute(
                "UPDATE documents SET analysis_error = e FROM (SELECT unnest(?::VARCHAR[]) AS d, unnest(?::VARCHAR[]) AS e) f "
                "WHERE doc_id = f.d",
                [list(failed), [e[:500] for e in failed.values()]],
            )
        doc_ids = list(done)
        if not doc_ids:
            return 0
        gone = {t for (t,) in con.execute(
            "DELETE FROM statements WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) RETURNING text", [doc_ids]).fetchall()}
        if gone:
            compact.forget_layout(con)  # rows deleted and written again: the stamp may not show it
        rows = [statement_row(doc_id, s) for doc_id, sts in done.items() for s in sts]
        if rows:
            self._insert(
                "_batch_statements", arrow_table(STATEMENT_COLUMNS, rows),
                f"""INSERT OR REPLACE INTO statements ({names(STATEMENT_COLUMNS)}, published, outlet, lang)
                    SELECT b.*, d.published, d.outlet, d.lang FROM _batch_statements b JOIN documents d USING (doc_id)""",
            )
        self._drop_unused_vectors(gone - {r["text"] for r in rows})
        con.execute(
            "UPDATE documents SET analyzed = TRUE, analysis_error = NULL WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [doc_ids],
        )
        return len(rows)

    # -- measures -----------------------------------------------------------------
    def save_measures(self, found: dict[str, list]) -> int:
        """Replace the measures of these documents (doc_id -> the measures stage's records)."""
        doc_ids = list(found)
        if not doc_ids:
            return 0
        self.con.execute("DELETE FROM measures WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids])
        rows = [measure_row(doc_id, m) for doc_id, ms in found.items() for m in ms]
        if rows:
            self._insert(
                "_batch_measures", arrow_table(MEASURE_COLUMNS, rows),
                f"""INSERT OR REPLACE INTO measures ({names(MEASURE_COLUMNS)}, published, outlet, lang)
                    SELECT b.*, d.published, d.outlet, d.lang FROM _batch_measures b JOIN documents d USING (doc_id)""",
            )
        return len(rows)

    def measure_rows(self) -> list[dict]:
        """Every stored measure with its document's date and outlet: what events are grouped from."""
        cur = self.con.execute(
            f"SELECT {names(MEASURE_COLUMNS)}, published, outlet, lang FROM measures ORDER BY published NULLS LAST, doc_id, char_start")
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def save_events(self, events: list) -> None:
        """Replace the measure events (the measures stage's MeasureEvent records) and point each measure at its own."""
        self.con.execute("DELETE FROM measure_events")
        if not events:
            self.con.execute("UPDATE measures SET event_id = NULL")
            return
        rows = [{**e.__dict__, "first_published": e.first_published.date() if isinstance(e.first_published, dt.datetime)
                 else e.first_published} for e in events]
        self._insert("_events", arrow_table(EVENT_COLUMNS, rows),
                     f"INSERT INTO measure_events ({names(EVENT_COLUMNS)}) SELECT * FROM _events")
        members = pa.table({"measure_id": [m for e in events for m in e.measure_ids],
                            "event_id": [e.event_id for e in events for _ in e.measure_ids]})
        self._insert("_members", members,
                     "UPDATE measures SET event_id = m.event_id FROM _members m WHERE measures.measure_id = m.measure_id")

    def save_labels(self, labels: list[tuple[str, "object"]]) -> None:
        """(statement_id, Label) pairs: the labels stage run again over stored statements."""
        self.con.executemany(
            "UPDATE statements SET about_migration = ?, stance = ?, frames = ?, cues = ?, label_model = ? "
            "WHERE statement_id = ?",
            [[lab.about_migration, lab.stance, lab.frames, lab.cues, lab.model, sid] for sid, lab in labels],
        )

    def statements_to_label(self) -> list[tuple[str, str, str, str, int, int]]:
        """(statement_id, text, lang, document text, char_start, char_end) of every statement."""
        return self.con.execute(
            """SELECT s.statement_id, s.text, coalesce(d.lang, 'en'), d.text, s.char_start, s.char_end
               FROM statements s JOIN documents d USING (doc_id) ORDER BY s.statement_id"""
        ).fetchall()

    # -- quotes ------------------------------------------------------------------
    _REPORT_SQL = """SELECT s.statement_id, s.doc_id, s.speaker_id, s.text, coalesce(s.lang, d.lang) AS lang,
                            s.published, s.outlet, d.published_at, s.quote_id,
                            coalesce(sp.kind = 'anonymous', FALSE) AS anonymous
                     FROM statements s JOIN documents d USING (doc_id) LEFT JOIN speakers sp USING (speaker_id)"""

    def count_ungrouped(self) -> int:
        return first(self.con, "SELECT count(*) FROM statements WHERE quote_id IS NULL")[0]

    def ungrouped_statements(self, limit: int) -> list[dict]:
        """Statements not in a quote yet (new ones, or those of a store older than quotes), oldest first."""
        return self._rows(self._REPORT_SQL + " WHERE s.quote_id IS NULL "
                          "ORDER BY s.published NULLS LAST, d.published_at NULLS LAST, s.statement_id LIMIT ?", [limit])

    def quote_candidates(self, speaker_ids: list[str], anonymous: bool, since: dt.date | None, until: dt.date | None,
                         undated: bool, exclude: list[str]) -> list[dict]:
        """Every report of the stored quotes that statements of ``speaker_ids`` (and, with
        ``anonymous``, of anonymous or unknown speakers) dated in [since, until] could join;
        with ``undated``, of undated ones too. ``exclude``: the statements being grouped."""
        who = ["s.speaker_id IN (SELECT unnest(?::VARCHAR[]))"]
        params: list = [speaker_ids]
        if anonymous:
            who.append("s.speaker_id IS NULL OR sp.kind = 'anonymous'")
        when = []
        if since is not None:
            when.append("s.published BETWEEN ? AND ?")
            params += [since, until]
        if undated:
            when.append("s.published IS NULL")
        if not when:
            return []
        sql = f"""WITH hit AS (
                      SELECT DISTINCT s.quote_id FROM statements s LEFT JOIN speakers sp USING (speaker_id)
                      WHERE s.quote_id IS NOT NULL AND ({' OR '.join(f'({w})' for w in who)})
                        AND ({' OR '.join(when)}))
                  {self._REPORT_SQL}
                  WHERE s.quote_id IN (SELECT quote_id FROM hit)
                    AND s.statement_id NOT IN (SELECT unnest(?::VARCHAR[]))"""
        return self._rows(sql, params + [exclude])

    def save_quotes(self, assignments: dict[str, str]) -> None:
        """statement_id -> quote_id: the quotes stage's grouping of these statements."""
        if not assignments:
            return
        table = pa.table({"statement_id": list(assignments), "quote_id": list(assignments.values())})
        self._insert("_quotes", table,
                     "UPDATE statements SET quote_id = q.quote_id FROM _quotes q WHERE statements.statement_id = q.statement_id")

    def quote_vectors(self, hashes: list[str], model: str) -> dict[str, bytes]:
        """text hash -> stored sentence vector (float16 bytes) of these texts by this encoder."""
        if not hashes:
            return {}
        return dict(self.con.execute(
            "SELECT text_hash, vector FROM quote_vectors WHERE model = ? AND text_hash IN (SELECT unnest(?::VARCHAR[]))",
            [model, hashes]).fetchall())

    def save_quote_vectors(self, model: str, vectors: dict[str, bytes]) -> None:
        """text hash (``vector_key``) -> sentence vector of statements' texts by this encoder; those of
        texts no statement says any more go when their statements are replaced (``save_analysis``)."""
        if not vectors:
            return
        table = pa.table({"text_hash": list(vectors), "model": [model] * len(vectors),
                          "vector": pa.array(list(vectors.values()), pa.binary())})
        self._insert("_vectors", table, "INSERT OR IGNORE INTO quote_vectors SELECT * FROM _vectors")

    def _drop_unused_vectors(self, texts: set[str]) -> None:
        """The stored sentence vectors of these texts, which replaced statements had, unless a
        statement still says the same (another report of the quote). Only the texts with a vector
        are looked for among the statements: re-analysis mostly finds the same texts again,
        and then nothing is read (a look reads the text column: 0.1 s at 1,000,000 statements)."""
        if not texts:
            return
        by_hash = {vector_key(t): t for t in texts}
        stored = [h for (h,) in self.con.execute(
            "SELECT DISTINCT text_hash FROM quote_vectors WHERE text_hash IN (SELECT unnest(?::VARCHAR[]))",
            [list(by_hash)]).fetchall()]
        if not stored:
            return
        kept = {t for (t,) in self.con.execute(
            "SELECT DISTINCT text FROM statements WHERE text IN (SELECT unnest(?::VARCHAR[]))",
            [[by_hash[h] for h in stored]]).fetchall()}
        self.con.execute("DELETE FROM quote_vectors WHERE text_hash IN (SELECT unnest(?::VARCHAR[]))",
                         [[h for h in stored if by_hash[h] not in kept]])

    def _rows(self, sql: str, params: list) -> list[dict]:
        cur = self.con.execute(sql, params)
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def registry_count(self) -> int:
        return first(self.con, "SELECT count(*) FROM speakers WHERE in_registry")[0]

    def save_registry(self, speakers: list[Speaker]) -> None:
        """The shipped registry, copied in so that any alias finds its speaker."""
        for sp in speakers:
            self.con.execute(
                """INSERT INTO speakers VALUES (?, ?, ?, ?, ?, ?, TRUE)
                   ON CONFLICT (speaker_id) DO UPDATE SET speaker = excluded.speaker, name_ru = excluded.name_ru,
                   kind = excluded.kind, role = excluded.role, wikidata = excluded.wikidata, in_registry = TRUE""",
                [sp.speaker_id, sp.speaker, sp.name_ru, sp.kind, sp.role, sp.wikidata],
            )

    def save_speakers(self, speakers: list[Speaker], aliases: list[tuple[str, str, str]]) -> None:
        """New speakers (known ones are left as they are; of one id given twice, the first)
        and (speaker_id, alias, alias_key) rows. One insert for all: the writer of a
        distributed analysis saves every batch's speakers, row by row it took seconds."""
        first_of: dict[str, Speaker] = {}
        for sp in speakers:
            first_of.setdefault(sp.speaker_id, sp)
        if first_of:
            fresh = list(first_of.values())
            table = pa.table({
                "speaker_id": [sp.speaker_id for sp in fresh], "speaker": [sp.speaker for sp in fresh],
                "name_ru": [sp.name_ru for sp in fresh], "kind": [sp.kind for sp in fresh],
                "role": [sp.role for sp in fresh], "wikidata": [sp.wikidata for sp in fresh],
                "in_registry": pa.array([sp.in_registry for sp in fresh], pa.bool_())},
                schema=pa.schema([(c, pa.string()) for c in ("speaker_id", "speaker", "name_ru", "kind", "role",
                                                            "wikidata")] + [("in_registry", pa.bool_())]))
            self._insert("_speakers", table,
                         """INSERT INTO speakers (speaker_id, speaker, name_ru, kind, role, wikidata, in_registry)
                            SELECT * FROM _speakers ON CONFLICT DO NOTHING""")
        if aliases:
            table = pa.table({"speaker_id": [r[0] for r in aliases], "alias": [r[1] for r in aliases],
                              "alias_key": [r[2] for r in aliases]})
            self._insert("_aliases", table, "INSERT OR IGNORE INTO speaker_aliases SELECT * FROM _aliases")

    # what the speakers stage asks of what is stored, to link names across documents
    def people_by_alias_key(self, keys: list[str]) -> list[tuple[str, str]]:
        """(alias_key, speaker_id) of stored people with a full name whose alias is one of ``keys``."""
        return self.con.execute(
            """SELECT a.alias_key, a.speaker_id FROM speaker_aliases a JOIN speakers s USING (speaker_id)
               WHERE a.alias_key IN (SELECT unnest(?::VARCHAR[])) AND s.kind = 'person' AND s.speaker_id LIKE '%-%'""",
            [keys],
        ).fetchall()

    def unregistered_people(self) -> list[tuple[str, str, str | None]]:
        """(speaker_id, speaker, name_ru) of named people who are not in a registry."""
        return self.con.execute(
            "SELECT speaker_id, speaker, name_ru FROM speakers WHERE kind = 'person' AND NOT in_registry AND speaker IS NOT NULL"
        ).fetchall()

    def unregistered_speakers(self) -> list[tuple[str, str, str | None, str]]:
        """(speaker_id, speaker, name_ru, kind) of named people and bodies that are not in a registry."""
        return self.con.execute(
            """SELECT speaker_id, speaker, name_ru, kind FROM speakers
               WHERE kind IN ('person', 'body') AND NOT in_registry AND speaker IS NOT NULL ORDER BY speaker_id"""
        ).fetchall()

    def mark_person(self, speaker_id: str) -> None:
        """A speaker stored as a body turned out to be a person's name."""
        self.con.execute("UPDATE speakers SET kind = 'person' WHERE speaker_id = ? AND kind = 'body'", [speaker_id])

    def speaker_names(self, speaker_id: str) -> tuple[str | None, str | None, str | None]:
        """(speaker, name_ru, kind) of a stored speaker."""
        return first(self.con, "SELECT speaker, name_ru, kind FROM speakers WHERE speaker_id = ?", [speaker_id])

    def rename_speaker(self, old: str, new: str, name: str) -> None:
        """Move a speaker, its statements and aliases to a new id (the Latin spelling arrived)."""
        con = self.con
        name_ru = first(con, "SELECT name_ru FROM speakers WHERE speaker_id = ?", [old])[0]
        con.execute(
            "INSERT OR IGNORE INTO speakers (speaker_id, speaker, name_ru, kind, in_registry) VALUES (?, ?, ?, 'person', FALSE)",
            [new, name, name_ru],
        )
        if con.execute("UPDATE statements SET speaker_id = ? WHERE speaker_id = ?", [new, old]).fetchone()[0]:
            compact.forget_layout(con)  # the zonemaps of speaker_id changed
        con.execute(
            "INSERT OR IGNORE INTO speaker_aliases SELECT ?, alias, alias_key FROM speaker_aliases WHERE speaker_id = ?",
            [new, old],
        )
        con.execute("DELETE FROM speaker_aliases WHERE speaker_id = ?", [old])
        con.execute("DELETE FROM speakers WHERE speaker_id = ?", [old])

    # -- watch: per-source state and health, raised alerts ---------------------------
    def watch_state(self, source: str) -> dict | None:
        cur = self.con.execute("SELECT * FROM watch_sources WHERE source = ?", [source])
        row = cur.fetchone()
        return dict(zip([c[0] for c in cur.description], row)) if row else None

    def watch_states(self) -> list[dict]:
        cur = self.con.execute("SELECT * FROM watch_sources ORDER BY source")
        names_ = [c[0] for c in cur.description]
        return [dict(zip(names_, r)) for r in cur.fetchall()]

    def save_watch_state(self, state: dict) -> None:
        """One source's validators, hash and health (``schema.WATCH_SOURCE_COLUMNS``)."""
        cols = [c for c in WATCH_SOURCE_COLUMNS if c in state]
        self.con.execute(
            f"INSERT OR REPLACE INTO watch_sources ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [state[c] for c in cols],
        )

    def watched_files(self, source: str) -> dict[str, tuple]:
        """path -> (size, mtime_ns, read_to, head_hash) of the files of a watched source."""
        rows = self.con.execute(
            "SELECT path, size, mtime_ns, read_to, head_hash FROM watch_files WHERE source = ?", [source]
        ).fetchall()
        return {r[0]: tuple(r[1:]) for r in rows}

    def save_watched_files(self, source: str, files: dict[str, tuple]) -> None:
        if not files:
            return
        self.con.executemany(
            "INSERT OR REPLACE INTO watch_files VALUES (?, ?, ?, ?, ?, ?)",
            [[path, source, *values] for path, values in files.items()],
        )

    def alert_keys(self, rule: str) -> list[tuple[str, str | None, str | None]]:
        """(alert_id, group, detail JSON) of the alerts a rule raised."""
        return self.con.execute(
            'SELECT alert_id, "group", detail FROM alerts WHERE rule = ?', [rule]
        ).fetchall()

    def add_alerts(self, alerts: list[dict]) -> list[dict]:
        """Store new alerts; those whose id is stored already are dropped. Returns the new ones."""
        new = []
        for a in alerts:
            done = self.con.execute(
                """INSERT INTO alerts (alert_id, "at", rule, kind, "group", summary, refs, detail)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING alert_id""",
                [a["alert_id"], a["at"], a["rule"], a["kind"], a.get("group"), a["summary"],
                 list(a.get("refs") or []), json.dumps(a.get("detail") or {}, ensure_ascii=False, default=str)],
            ).fetchall()
            if done:
                new.append(a)
        return new

    def alerts_to_notify(self, max_attempts: int) -> list[dict]:
        cur = self.con.execute(
            """SELECT alert_id, "at", rule, kind, "group", summary, refs, detail FROM alerts
               WHERE notified_at IS NULL AND coalesce(notify_attempts, 0) < ? ORDER BY "at", alert_id""",
            [max_attempts],
        )
        names_ = [c[0] for c in cur.description]
        return [dict(zip(names_, r)) for r in cur.fetchall()]

    def mark_notified(self, alert_id: str, attempts: int, error: str | None) -> None:
        self.con.execute(
            """UPDATE alerts SET notify_attempts = coalesce(notify_attempts, 0) + ?, notify_error = ?,
                      notified_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END WHERE alert_id = ?""",
            [attempts, error, error, now(), alert_id],
        )


def vector_key(text: str) -> str:
    """The key of a text's sentence vector in ``quote_vectors`` (its text_hash column; not a document's text_hash)."""
    return hashlib.sha1(text.encode()).hexdigest()


def statement_id(doc_id: str, st: Statement) -> str:
    """Stable across runs: the document and the span."""
    return hashlib.sha1(f"{doc_id}:{st.char_start}:{st.char_end}".encode()).hexdigest()[:16]


def statement_row(doc_id: str, s: Statement) -> dict:
    lab = s.label
    return {
        "statement_id": statement_id(doc_id, s), "doc_id": doc_id, "kind": s.kind, "text": s.text,
        "char_start": s.char_start, "char_end": s.char_end, "speaker_mention": s.speaker_mention,
        "speaker_start": s.speaker_start, "speaker_end": s.speaker_end, "speaker_id": s.speaker_id,
        "about_migration": bool(lab.about_migration) if lab else None, "stance": lab.stance if lab else None,
        "frames": list(lab.frames) if lab else [], "cues": list(lab.cues) if lab else [],
        "label_model": lab.model if lab else None,
    }


def measure_id(doc_id: str, m) -> str:
    return hashlib.sha1(f"measure:{doc_id}:{m.char_start}:{m.char_end}".encode()).hexdigest()[:16]


def measure_row(doc_id: str, m) -> dict:
    return {
        "measure_id": measure_id(doc_id, m), "doc_id": doc_id, "char_start": m.char_start, "char_end": m.char_end,
        "text": m.text, "kind": m.kind, "authority": m.authority or None, "authority_id": m.authority_id,
        "level": m.level, "region": m.region, "sectors": list(m.sectors), "status": m.status,
        "stage": getattr(m, "stage", None) or None, "direction": m.direction, "effective": m.effective,
        "cues": list(m.cues), "grouping_key": sorted(getattr(m, "key", ()) or ()),
    }


def first(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """The first row of a query, with the result read to its end: DuckDB will
    not register a table on a connection that has an unfinished result."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
