"""The Python API for notebooks: ``shiftwatch.open(path)``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import query
from .store import Store


class Corpus:
    """A read-only view of a store as pandas DataFrames."""

    def __init__(self, path: str | Path | None = None):
        self.store = Store(path, read_only=True)

    def documents(self) -> pd.DataFrame:
        return self.store.con.execute(
            """SELECT doc_id, url, outlet, published, lang, title, text, duplicate_of, source
               FROM documents ORDER BY published NULLS LAST, doc_id"""
        ).df()

    def statements(self, **filters) -> pd.DataFrame:
        """Statements as rows; keyword filters as in ``shiftwatch statements``
        (speaker, outlet, since, until, stance, frame, about_migration=None for all)."""
        filters.setdefault("about_migration", None)
        rows = query.statements(self.store.con, query.StatementFilter(**filters))
        return pd.DataFrame(rows, columns=list(rows[0]) if rows else query.STATEMENT_COLUMNS)

    def measures(self, events: bool = False, **filters) -> pd.DataFrame:
        """Measure reports (or, with ``events``, one row per event); keyword filters as in
        ``shiftwatch measures`` (kind, status, authority, region, since, until)."""
        flt = query.make_measure_filter(self.store.con, **filters)
        if events:
            return pd.DataFrame(query.measure_events(self.store.con, flt), columns=query.EVENT_COLUMNS)
        rows = query.measures(self.store.con, flt)
        return pd.DataFrame(rows, columns=list(rows[0]) if rows else query.MEASURE_COLUMNS)
    def quotes(self, speaker: str | None = None, min_reports: int = 1) -> pd.DataFrame:
        """Quotes as rows (as in ``shiftwatch quotes``): one statement by one speaker, every report of it."""
        _, rows = query.quotes(self.store.con, speaker=speaker, min_reports=min_reports)
        return pd.DataFrame(rows, columns=list(rows[0]) if rows else query.QUOTE_COLUMNS)

    def speakers(self) -> pd.DataFrame:
        return pd.DataFrame(query.speakers(self.store.con))

    def sql(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.store.con.execute(sql, params or []).df()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open(path: str | Path | None = None) -> Corpus:  # noqa: A001 - the documented entry point
    return Corpus(path)


def export_parquet(store: Store, folder: str | Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    tables = {
        "documents": "SELECT * EXCLUDE (minhash) FROM documents",
        "statements": query._STATEMENTS_SQL if not query.has_doc_columns(store.con) else query._STATEMENTS_SQL_V2.format(
            where="", page="", quote_id="s.quote_id" if query.has_quotes(store.con) else "NULL::VARCHAR"),
        "speakers": "SELECT * FROM speakers",
        "speaker_aliases": "SELECT * FROM speaker_aliases",
        "measures": "SELECT * EXCLUDE (grouping_key) FROM measures",
        "measure_events": "SELECT * FROM measure_events",
    }
    if query.has_quotes(store.con):
        tables["quotes"] = "SELECT * FROM quotes"
    for name, sql in tables.items():
        path = folder / f"{name}.parquet"
        tmp = path.with_suffix(".parquet.tmp")
        store.con.execute(f"COPY ({sql}) TO '{tmp.as_posix()}' (FORMAT parquet)")
        tmp.replace(path)
        out.append(path)
    return out
