"""The store: schema versions and migrations, transactions."""

from __future__ import annotations

import duckdb
import pytest

from shiftwatch import pipeline, store as st
from shiftwatch.errors import ShiftwatchError


def test_a_version_1_store_is_migrated_in_place(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(st.MIGRATIONS[0])
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO documents (doc_id, text, text_hash, published, outlet, lang) VALUES ('d1', 'text', 'h1', '2024-01-02', 'Daily Meridian', 'en')")
    con.execute("INSERT INTO statements (statement_id, doc_id, kind, text) VALUES ('s1', 'd1', 'direct', 'we need workers')")
    con.close()
    with st.Store(path) as store:
        assert store.schema_version() == st.SCHEMA_VERSION
        row = store.con.execute("SELECT published, outlet, lang, text FROM statements").fetchone()
    assert (str(row[0]), row[1], row[2], row[3]) == ("2024-01-02", "Daily Meridian", "en", "we need workers")


def test_a_newer_store_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    with st.Store(path) as store:
        store.con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(ShiftwatchError, match="newer than this shiftwatch"):
        st.Store(path)
    with pytest.raises(ShiftwatchError, match="newer than this shiftwatch"):
        st.Store(path, read_only=True)


def test_a_store_in_use_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SHIFTWATCH_LOCK_TIMEOUT", "1")
    path = tmp_path / "busy.duckdb"
    import subprocess, sys, time

    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(path)!r}); time.sleep(20)"])
    try:
        time.sleep(1.5)
        with pytest.raises(ShiftwatchError, match="in use by another"):
            st.Store(path)
    finally:
        holder.kill()


def _text(n: int) -> str:
    words = ["council", "harbour", "winter", "permit", "ferry", "orchard", "tariff", "valley", "clinic", "bridge",
             "market", "lantern", "quarry", "meadow", "signal", "timber"]
    return " ".join(words[(n * 7 + i * (n % 5 + 1)) % len(words)] + str((n + i) % 9) for i in range(60))


def _jsonl(path, ids):
    import json

    path.write_text("".join(json.dumps({"id": f"r{i}", "url": f"https://example.test/{i}", "lang": "en",
                                        "published": "2024-03-04", "text": _text(i)}) + "\n" for i in ids))
    return str(path)


def test_the_writers_index_follows_rollbacks_and_other_writers(tmp_path):
    """Deduplication's in-memory index: a rolled-back batch leaves it, and documents another
    process (here another Store) added while this one had given the file up are seen."""
    path = tmp_path / "index.duckdb"
    a = st.Store(path)
    first = pipeline.ingest(a, [_jsonl(tmp_path / "a.jsonl", range(0, 6))], analyze=False)
    assert first.new == 6
    copy = tmp_path / "copy.jsonl"  # the same texts at other URLs: exact copies
    copy.write_text((tmp_path / "a.jsonl").read_text().replace("example.test/", "example.test/copy-"))
    with pytest.raises(RuntimeError):
        with a.transaction():
            pipeline._store_documents(a, [*pipeline.LocalEngine().parse(iter([list(_items(tmp_path, range(6, 9)))]),
                                                                            _options())][0], pipeline.IngestResult())
            raise RuntimeError("killed")
    fresh = pipeline.ingest(a, [_jsonl(tmp_path / "b.jsonl", range(6, 9))], analyze=False)
    assert (fresh.new, fresh.already_stored) == (3, 0)  # the rolled-back batch is not "already stored"
    a.idle()
    with st.Store(path) as b:  # another writer, while a has given the file up
        other = pipeline.ingest(b, [_jsonl(tmp_path / "c.jsonl", range(9, 12))], analyze=False)
        assert other.new == 3
    again = pipeline.ingest(a, [_jsonl(tmp_path / "c2.jsonl", range(9, 12)), str(copy)], analyze=False)
    assert (again.new, again.already_stored, again.duplicates) == (0, 3, 6)
    a.close()


def _options():
    from shiftwatch import ingest

    return ingest.ParseOptions()


def _items(tmp_path, ids):
    from shiftwatch import ingest

    return ingest.iter_sources([_jsonl(tmp_path / "rolled.jsonl", ids)], ingest.ReadOptions())


class _Killed(Exception):
    pass


class _EngineDyingAfter(pipeline.LocalEngine):
    """A local engine whose parsing dies while making the batch after ``batches`` batches."""

    def __init__(self, batches: int):
        super().__init__()
        self.batches = batches

    def parse(self, chunks, options):
        for n, batch in enumerate(super().parse(chunks, options)):
            if n == self.batches:
                raise _Killed("parsing died")
            yield batch


@pytest.mark.parametrize("dies", ["writing", "parsing"])
def test_a_failure_inside_a_write_transaction_leaves_none_of_its_rows(tmp_path, monkeypatch, dies):
    """Ingest writes several parse batches a transaction: ten documents, two a batch, four a
    transaction. A failure in the second transaction, once its first batch is written (in the
    write of the next one, or while parsing it), leaves the first transaction's four documents
    only; the run is recorded as failed and the next ingest stores the other six."""
    monkeypatch.setattr(pipeline, "WRITE_DOCUMENTS", 4)
    src = _jsonl(tmp_path / "ten.jsonl", range(10))
    engine = None
    with st.Store(tmp_path / "tx.duckdb") as store:
        if dies == "writing":
            add, calls = store.add_documents, []

            def add_then_die(*args):
                calls.append(1)
                add(*args)
                if len(calls) == 4:  # documents 6 and 7 are in: the transaction dies after them
                    raise _Killed("writing died")

            monkeypatch.setattr(store, "add_documents", add_then_die)
        else:
            engine = _EngineDyingAfter(3)  # documents 4 and 5 are written when making 6 and 7 fails
        with pytest.raises(_Killed):
            pipeline.ingest(store, [src], analyze=False, batch_size=2, engine=engine)
        monkeypatch.undo()
        assert store.con.execute("SELECT list(source_id ORDER BY source_id) FROM documents").fetchone()[0] == [
            "r0", "r1", "r2", "r3"]
        assert store.con.execute("SELECT count(DISTINCT doc_id) FROM doc_bands").fetchone()[0] == 4
        # the run records what the store kept, not the rolled-back transaction's documents
        assert store.con.execute("SELECT status, documents, new FROM runs").fetchall() == [("failed", 4, 4)]
        again = pipeline.ingest(store, [src], analyze=False, batch_size=2)
        assert (again.new, again.already_stored) == (6, 4)
        assert store.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 10


def test_write_batches_commits_every_few_rows(tmp_path):
    """The store's batched writes: a transaction per ``rows_per_commit`` rows, the rest at the end."""
    with st.Store(tmp_path / "b.duckdb") as store:
        commits = []
        store.con.execute("CREATE TABLE t (n INTEGER)")

        def write(batch):
            store.con.execute("INSERT INTO t SELECT unnest(?::INTEGER[])", [batch])
            return len(batch)

        def batches():
            for i in range(0, 7):
                commits.append(store._depth)  # 0: the batch is made between transactions
                yield [i, i + 10]

        store.write_batches(batches(), write, 4)
        assert commits == [0, 1, 0, 1, 0, 1, 0]
        assert store.con.execute("SELECT count(*) FROM t").fetchone()[0] == 14


def _said(text: str, start: int = 0):
    from shiftwatch.records import Statement

    return Statement("direct", start, start + len(text), text, None, None, None)


def test_replaced_statements_take_their_unused_vectors_with_them(tmp_path):
    """Sentence vectors are kept by text. Re-analysis that replaces a document's statements drops
    the vectors of texts no statement says any more; one another report still says stays, and so
    do the new statements' own (saved before the statements, as analysis does)."""
    reprinted, dropped, kept, new = ("We will open two new reception centres.", "The border stays closed.",
                                     "Nothing changes for seasonal workers.", "Permits will take a month.")
    with st.Store(tmp_path / "v.duckdb") as store:
        store.con.execute("""INSERT INTO documents (doc_id, text, text_hash, published)
                             VALUES ('d1', 'one', 'h1', '2024-05-01'), ('d2', 'two', 'h2', '2024-05-02')""")
        with store.transaction():
            store.save_quote_vectors("enc", {st.vector_key(t): b"\x00\x01" for t in (reprinted, dropped, kept)})
            store.save_analysis({"d1": [_said(reprinted), _said(dropped, 50), _said(kept, 90)],
                                 "d2": [_said(reprinted)]}, {})
        with store.transaction():
            store.save_quote_vectors("enc", {st.vector_key(new): b"\x02\x03"})
            store.save_analysis({"d1": [_said(kept, 90), _said(new, 130)]}, {})

        def stored():
            return set(store.quote_vectors([st.vector_key(t) for t in (reprinted, dropped, kept, new)], "enc"))

        assert stored() == {st.vector_key(t) for t in (reprinted, kept, new)}
        with store.transaction():  # the last report of the reprinted text replaced: its vector goes too
            store.save_analysis({"d2": []}, {})
        assert stored() == {st.vector_key(t) for t in (kept, new)}
        with pytest.raises(RuntimeError), store.transaction():  # and a rolled-back replacement keeps them
            store.save_analysis({"d1": []}, {})
            raise RuntimeError("killed")
        assert stored() == {st.vector_key(t) for t in (kept, new)}
