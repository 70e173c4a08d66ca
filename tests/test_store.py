"""The store: schema versions and migrations."""

from __future__ import annotations

import duckdb
import pytest

from shiftwatch import store as st
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
