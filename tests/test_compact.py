"""Store compaction: the statements rewritten clustered by speaker, in one transaction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from shiftwatch.errors import ShiftwatchError
from shiftwatch.store import Store
from shiftwatch.store import compact as compaction

ROW_GROUP = 122_880
ALL = "SELECT * FROM statements ORDER BY statement_id"


def make_store(path: Path, n: int, speakers: int = 20) -> Path:
    """A store of ``n`` invented statements in ingest order: each document's two statements by
    speakers drawn at random, so every speaker has rows in every row group."""
    with Store(path) as store:
        con = store.con
        con.execute(f"""INSERT INTO documents (doc_id, url, outlet, published, lang, title, text, text_hash, analyzed)
            SELECT 'd' || i, 'https://example.org/' || i, 'outlet-' || (i % 5), DATE '2021-01-01' + CAST(i % 700 AS INTEGER),
                   'en', 'title ' || i, 'text ' || i, md5('d' || i), true FROM range({max(n // 2, 1)}) t(i)""")
        con.execute(f"""INSERT INTO speakers (speaker_id, speaker, kind)
            SELECT 'person-' || i, 'Person ' || i, 'person' FROM range({speakers}) t(i)""")
        con.execute(f"""INSERT INTO statements (statement_id, doc_id, kind, text, char_start, char_end, speaker_id,
                                               about_migration, stance, frames, cues, label_model, published, outlet, lang,
                                               quote_id)
            SELECT 's' || i, 'd' || (i // 2), 'direct', 'invented statement ' || i, i % 2 * 10, i % 2 * 10 + 8,
                   CASE WHEN i % 17 = 0 THEN NULL ELSE 'person-' || CAST(floor(random() * {speakers}) AS INTEGER) END,
                   i % 3 <> 0, (['restrictive','neutral','welcoming'])[1 + i % 3], ['economy'], ['cue'], 'test',
                   d.published, d.outlet, d.lang, CASE WHEN i % 5 = 0 THEN 'q' || (i // 10) END
            FROM range({n}) t(i) JOIN documents d ON d.doc_id = 'd' || (i // 2)""")
        con.execute("CHECKPOINT")
    return path


def rows(path: Path, sql: str = ALL) -> list:
    with Store(path, read_only=True) as store:
        return store.con.execute(sql).fetchall()


def test_compaction_keeps_every_row_id_index_and_view(tmp_path):
    db = make_store(tmp_path / "s.duckdb", 3000)
    with Store(db) as store:
        store.con.execute("CREATE INDEX statements_doc ON statements (doc_id)")
    before, quotes = rows(db), rows(db, "SELECT * FROM quotes ORDER BY quote_id")
    with Store(db) as store:
        done = compaction.compact(store)
    assert done.rows == 3000
    assert rows(db) == before
    assert rows(db, "SELECT * FROM quotes ORDER BY quote_id") == quotes
    with Store(db) as store:
        con = store.con
        assert con.execute("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'statements'").fetchall() == [
            ("statements_doc",)]
        with pytest.raises(duckdb.ConstraintException):  # the primary key is kept
            con.execute("INSERT INTO statements (statement_id, doc_id, kind, text) VALUES ('s1', 'd0', 'direct', 'x')")
        # stored in speaker and date order now
        stored = con.execute("SELECT speaker_id, published FROM statements ORDER BY rowid").fetchall()
        key = [((s is None), s or "", p) for s, p in stored]
        assert key == sorted(key)
        assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'statements_%'").fetchone()[0] == 0
        # and the store takes writes as before
        con.execute("INSERT INTO statements (statement_id, doc_id, kind, text, speaker_id) VALUES ('new', 'd0', 'direct', 'x', 'person-1')")


def test_compaction_drops_sentence_vectors_no_statement_says(tmp_path):
    """A store from before replaced statements took their vectors along keeps vectors of
    texts nobody says any more: compaction sweeps those and keeps every statement's own."""
    from shiftwatch.store import vector_key

    db = make_store(tmp_path / "v.duckdb", 40)
    said = rows(db, "SELECT DISTINCT text FROM statements ORDER BY 1")[0][0]
    with Store(db) as store, store.transaction():
        store.save_quote_vectors("enc", {vector_key(t): b"\x00\x01" for t in (said, "Nobody says this any more.")})
    with Store(db) as store:
        done = compaction.compact(store)
    assert done.vectors_dropped == 1 and "1 sentence vectors" in done.summary()
    assert rows(db, "SELECT text_hash FROM quote_vectors") == [(vector_key(said),)]


@pytest.mark.slow
def test_layout_finds_a_speaker_spread_over_the_table_and_compaction_gathers_it(tmp_path):
    db = make_store(tmp_path / "big.duckdb", 2 * ROW_GROUP + 1000)
    with Store(db) as store:
        spread = compaction.layout(store.con)
        assert spread.row_groups == 3 and spread.speakers == 20
        assert spread.groups_per_speaker == pytest.approx(3.0)
        assert spread.clustered_groups_per_speaker < 1.2
        compaction.compact(store)
        gathered = compaction.layout(store.con)
    assert gathered.rows == spread.rows and gathered.groups_per_speaker < 1.2
    assert not gathered.needs_compaction


def test_only_a_table_read_far_more_than_needed_is_compacted(tmp_path, monkeypatch):
    assert compaction.Layout(10**6, 9, 200, 9.0, 1.05).needs_compaction
    assert not compaction.Layout(10**6, 9, 200, 1.1, 1.05).needs_compaction  # clustered already
    assert not compaction.Layout(3 * 10**5, 3, 200, 3.0, 1.0).needs_compaction  # three groups: cheap to read anyway
    assert not compaction.Layout(10**6, 9, 2, 5.0, 5.0).needs_compaction  # two speakers fill the table
    db = make_store(tmp_path / "small.duckdb", 500)
    with Store(db, read_only=True) as store, pytest.raises(ShiftwatchError, match="opened for writing"):
        compaction.compact(store)
    calls = []
    monkeypatch.setattr(compaction, "compact", lambda store: calls.append(store))
    with Store(db) as store:
        assert compaction.compact_if_needed(store) is None  # one row group
        monkeypatch.setattr(compaction, "layout", lambda con: compaction.Layout(10**6, 9, 200, 9.0, 1.05))
        monkeypatch.setenv("SHIFTWATCH_AUTO_COMPACT", "0")
        compaction.compact_if_needed(store)
        assert calls == []
        monkeypatch.delenv("SHIFTWATCH_AUTO_COMPACT")
        compaction.compact_if_needed(store)
        assert calls == []  # the statements did not change since their layout was found fine
        compaction.forget_layout(store.con)
        compaction.compact_if_needed(store)
        assert calls == [store]


def test_the_layout_is_looked_at_only_when_the_statements_changed(tmp_path, monkeypatch):
    """The cheap check: a stamp of the statements (row count, highest row id) recorded when their
    layout was found fine or they were compacted; rows added by any writer change it, and the
    store's writers that delete or rename statements forget it."""
    from shiftwatch.records import Statement

    db = make_store(tmp_path / "stamp.duckdb", 400)
    looked = []
    layout = compaction.layout
    monkeypatch.setattr(compaction, "layout", lambda con: looked.append(1) or layout(con))

    def looks() -> int:
        looked.clear()
        assert compaction.compact_if_needed(store) is None
        return len(looked)

    with Store(db) as store:
        assert (looks(), looks()) == (1, 0)
        store.con.execute("INSERT INTO statements (statement_id, doc_id, kind, text) VALUES ('x', 'd0', 'direct', 'x')")
        assert (looks(), looks()) == (1, 0)
        with store.transaction():  # d1's two statements replaced by two others: the same count
            store.save_analysis({"d1": [Statement("direct", 0, 3, "one", None, None, None),
                                        Statement("direct", 4, 7, "two", None, None, None)]}, {})
        # forgotten, not only a new stamp: once DuckDB vacuums the deleted rows, the count and row ids may be the same
        assert compaction._recorded_stamp(store.con) is None
        assert (looks(), looks()) == (1, 0)
        with store.transaction():
            store.rename_speaker("person-1", "person-one", "Person One")
        assert (looks(), looks()) == (1, 0)
        compaction.compact(store)
        assert looks() == 0


COMPACT = """
import sys, time
from shiftwatch.store import Store, compact
with Store(sys.argv[1]) as store:
    store.con.execute("SELECT 1")
    print("start", flush=True)
    compact.compact(store)
print("done", flush=True)
"""


def start_compaction(db: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", COMPACT, str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert proc.stdout.readline().strip() == "start", proc.stderr.read()
    return proc


@pytest.mark.slow
def test_a_reader_during_compaction_sees_the_old_table_or_the_new_one(tmp_path):
    db = make_store(tmp_path / "shared.duckdb", 2 * ROW_GROUP)
    ids = "SELECT count(*), count(DISTINCT statement_id), sum(hash(statement_id, speaker_id, stance)) FROM statements"
    whole = rows(db, ids)
    order = "SELECT list(speaker_id ORDER BY rowid)[1:2000] FROM statements"
    old = rows(db, order)
    proc = start_compaction(db)
    seen, overlapped = [], False
    while proc.poll() is None or not seen:
        overlapped |= proc.poll() is None
        with Store(db, read_only=True) as store:  # waits while the compaction holds the file
            seen.append((store.con.execute(ids).fetchall(), store.con.execute(order).fetchall()))
        time.sleep(0.05)
    assert proc.wait(60) == 0, proc.stderr.read()
    assert overlapped
    new = rows(db, order)
    assert new != old
    for counted, first in seen:
        assert counted == whole
        assert first in (old, new)


@pytest.mark.slow
def test_a_compaction_killed_with_sigkill_leaves_the_old_table(tmp_path):
    db = make_store(tmp_path / "killed.duckdb", 3 * ROW_GROUP)
    before = rows(db, "SELECT count(*), sum(hash(statement_id, speaker_id, stance, text)) FROM statements")
    order = rows(db, "SELECT list(statement_id ORDER BY rowid)[1:1000] FROM statements")
    proc = start_compaction(db)
    time.sleep(0.8)  # inside the copy: the whole compaction takes seconds
    assert proc.poll() is None, "the compaction ended before it could be killed: make the store bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    # readable as it was, read-only (the dashboard) and for writing
    assert rows(db, "SELECT count(*), sum(hash(statement_id, speaker_id, stance, text)) FROM statements") == before
    assert rows(db, "SELECT list(statement_id ORDER BY rowid)[1:1000] FROM statements") == order
    assert rows(db, "SELECT count(*) FROM quotes")[0][0] > 0
    with Store(db) as store:
        assert store.con.execute("SELECT count(*) FROM statements").fetchone()[0] == 3 * ROW_GROUP
        compaction.compact(store)  # and it can be compacted afterwards
    assert rows(db, "SELECT count(*), sum(hash(statement_id, speaker_id, stance, text)) FROM statements") == before


def test_compact_command(tmp_path, cli):
    db = make_store(tmp_path / "cli.duckdb", 400)
    r = cli("compact", "--db", db, "--if-needed")
    assert r.exit_code == 0 and r.stderr.startswith("not compacted: a speaker's query reads 1.0 of 1 row groups")
    r = cli("compact", "--db", db)
    assert r.exit_code == 0 and r.stderr.startswith("compacted 400 statements in ")
    assert len(rows(db)) == 400


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "no store at {p}: run 'shiftwatch ingest SOURCE --db {p}' first"),
    (lambda p: p.write_text("not a database"), "cannot open store {p}"),
])
def test_compact_errors_are_one_line(tmp_path, cli, make, message):
    path = tmp_path / "x.duckdb"
    make(path)
    r = cli("compact", "--db", path)
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("shiftwatch: error: " + message.format(p=path))
    assert "Traceback" not in r.stderr


def test_compact_on_a_store_in_use_is_a_one_line_error(tmp_path, sw):
    db = make_store(tmp_path / "busy.duckdb", 100)
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); time.sleep(30)"])
    try:
        time.sleep(1.5)
        r = sw("compact", "--db", db, env={"SHIFTWATCH_LOCK_TIMEOUT": "1"})
    finally:
        holder.kill()
        holder.wait()
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"shiftwatch: error: the store {db} is in use by another shiftwatch process")
    assert len(rows(db)) == 100


def test_lazy_statement_rows_are_the_same_rows(tmp_path):
    from shiftwatch import query

    db = make_store(tmp_path / "lazy.duckdb", 600)
    with Store(db, read_only=True) as store:
        flt = query.StatementFilter(speaker="person-3")
        whole = query.statements(store.con, flt)
        lazy = query.statements(store.con, flt, lazy=True)
        assert len(lazy) == len(whole) > 0
        assert lazy[0:len(lazy)] == whole and lazy[5:10] == whole[5:10]
