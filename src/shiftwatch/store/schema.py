"""The store's schema: its migrations, and one definition of each table's columns.

Every write goes through these column lists, so a field added to a table is
added here once and the writers, the Parquet export and the readers follow.
"""

from __future__ import annotations

import pyarrow as pa


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
    # 3: a document whose analysis failed says why, and stays pending: `analyze` retries it
    """
    ALTER TABLE documents ADD COLUMN analysis_error VARCHAR;
    """,
    # 4: measures (what authorities do, spec/measures.md) and their events
    """
    CREATE TABLE measures (
        measure_id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        char_start INTEGER, char_end INTEGER,
        text VARCHAR,
        kind VARCHAR, authority VARCHAR, authority_id VARCHAR,
        level VARCHAR, region VARCHAR, sectors VARCHAR[],
        status VARCHAR, stage VARCHAR, direction VARCHAR, effective DATE,
        cues VARCHAR[],
        grouping_key VARCHAR[],      -- content lemmas: what events are grouped on
        event_id VARCHAR,
        published DATE, outlet VARCHAR, lang VARCHAR
    );
    CREATE TABLE measure_events (
        event_id VARCHAR PRIMARY KEY,
        initiative_id VARCHAR,       -- the stages of one bill share it
        kind VARCHAR, authority_id VARCHAR, status VARCHAR, stage VARCHAR, direction VARCHAR,
        first_published DATE, first_outlet VARCHAR, first_doc_id VARCHAR,
        reports INTEGER, outlets VARCHAR[], measure_ids VARCHAR[]
    );
    """,
    # 5: the same statement reported by several documents is one quote. A document keeps its time of day
    # (the first report is the earliest date, then the earliest time); each statement names its quote;
    # ``quotes`` lists them, one row per quote, its first report first.
    """
    ALTER TABLE documents ADD COLUMN published_at TIMESTAMP;
    ALTER TABLE statements ADD COLUMN quote_id VARCHAR;
    CREATE VIEW quotes AS
    WITH r AS (
        SELECT s.quote_id, s.statement_id, s.doc_id, s.speaker_id, s.text, s.lang, s.outlet, s.published,
               d.published_at,
               row_number() OVER (PARTITION BY s.quote_id
                                  ORDER BY s.published NULLS LAST, d.published_at NULLS LAST, s.statement_id) AS nth
        FROM statements s JOIN documents d USING (doc_id)
        WHERE s.quote_id IS NOT NULL),
    spread AS (
        SELECT quote_id, count(*) AS reports,
               list(outlet ORDER BY nth) FILTER (WHERE outlet IS NOT NULL) AS outlets,
               list_sort(list(DISTINCT lang)) AS languages,
               list(statement_id ORDER BY nth) AS statement_ids,
               max(published) AS last_published
        FROM r GROUP BY quote_id)
    SELECT f.quote_id, f.speaker_id, sp.speaker, f.text, f.published AS first_published,
           f.published_at AS first_published_at, f.outlet AS first_outlet, f.doc_id AS first_doc_id,
           f.statement_id AS first_statement_id, p.reports, p.outlets, p.languages, p.statement_ids,
           p.last_published, date_diff('day', f.published, p.last_published) AS lag_days
    FROM r f JOIN spread p USING (quote_id) LEFT JOIN speakers sp ON sp.speaker_id = f.speaker_id
    WHERE f.nth = 1;
    """,
    # 6: alerts and watch state (IF NOT EXISTS: an older draft of this migration may have run).
    # An alert's id comes from its rule and key, so it is never raised twice; a watched
    # source remembers its validators (ETag, Last-Modified), its last content hash, its
    # health; a watched file its size, mtime and how far it was read.
    """
    CREATE TABLE IF NOT EXISTS alerts (
        alert_id VARCHAR PRIMARY KEY,
        "at" TIMESTAMP NOT NULL,
        rule VARCHAR NOT NULL,           -- the rule that raised it: shift, measure, quote
        kind VARCHAR NOT NULL,           -- shift | measure | quote
        "group" VARCHAR,                 -- speaker:ID, outlet:NAME, all; or the event's authority
        summary VARCHAR NOT NULL,
        refs VARCHAR[],                  -- shift, statement or measure ids
        detail VARCHAR,                  -- the alert as JSON (what was found, when)
        notified_at TIMESTAMP, notify_attempts INTEGER DEFAULT 0, notify_error VARCHAR
    );
    CREATE TABLE IF NOT EXISTS watch_sources (
        source VARCHAR PRIMARY KEY,
        kind VARCHAR,                    -- url | folder | file
        etag VARCHAR, last_modified VARCHAR, content_hash VARCHAR,
        last_poll TIMESTAMP, last_ok TIMESTAMP, last_error VARCHAR,
        failures INTEGER DEFAULT 0, next_poll TIMESTAMP,
        documents BIGINT DEFAULT 0, new_documents BIGINT DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS watch_files (
        path VARCHAR PRIMARY KEY, source VARCHAR,
        size BIGINT, mtime_ns BIGINT,
        read_to BIGINT,                  -- bytes of an append-only JSONL file already read
        head_hash VARCHAR                -- hash of those bytes: a rewritten file is read again whole
    );
    """,
    # 7: the quotes stage's sentence vectors, kept by text and encoder, so a stored quote's
    # reports are not encoded again for every batch they are candidates in
    """
    CREATE TABLE IF NOT EXISTS quote_vectors (
        text_hash VARCHAR,               -- sha1 of the statement's text
        model VARCHAR,                   -- the encoder that made it
        vector BLOB,                     -- float16, unit length: 1 KB for 512 dimensions
        PRIMARY KEY (text_hash, model)
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

ALERT_COLUMNS = ["alert_id", "at", "rule", "kind", "group", "summary", "refs"]
WATCH_SOURCE_COLUMNS = ["source", "kind", "etag", "last_modified", "content_hash", "last_poll", "last_ok",
                        "last_error", "failures", "next_poll", "documents", "new_documents"]

# -- columns: (name, Arrow type) in table order ---------------------------------

DOCUMENT_COLUMNS = [
    ("doc_id", pa.string()), ("url", pa.string()), ("source", pa.string()), ("source_id", pa.string()),
    ("outlet", pa.string()), ("published", pa.date32()), ("lang", pa.string()), ("title", pa.string()),
    ("text", pa.string()), ("text_hash", pa.string()), ("minhash", pa.binary()),
    ("duplicate_of", pa.string()), ("similarity", pa.float64()), ("published_at", pa.timestamp("us")),
]

STATEMENT_COLUMNS = [
    ("statement_id", pa.string()), ("doc_id", pa.string()), ("kind", pa.string()), ("text", pa.string()),
    ("char_start", pa.int32()), ("char_end", pa.int32()), ("speaker_mention", pa.string()),
    ("speaker_start", pa.int32()), ("speaker_end", pa.int32()), ("speaker_id", pa.string()),
    ("about_migration", pa.bool_()), ("stance", pa.string()), ("frames", pa.list_(pa.string())),
    ("cues", pa.list_(pa.string())), ("label_model", pa.string()),
]


MEASURE_COLUMNS = [
    ("measure_id", pa.string()), ("doc_id", pa.string()), ("char_start", pa.int32()), ("char_end", pa.int32()),
    ("text", pa.string()), ("kind", pa.string()), ("authority", pa.string()), ("authority_id", pa.string()),
    ("level", pa.string()), ("region", pa.string()), ("sectors", pa.list_(pa.string())), ("status", pa.string()),
    ("stage", pa.string()), ("direction", pa.string()), ("effective", pa.date32()), ("cues", pa.list_(pa.string())),
    ("grouping_key", pa.list_(pa.string())),
]

EVENT_COLUMNS = [
    ("event_id", pa.string()), ("initiative_id", pa.string()), ("kind", pa.string()), ("authority_id", pa.string()),
    ("status", pa.string()), ("stage", pa.string()), ("direction", pa.string()), ("first_published", pa.date32()),
    ("first_outlet", pa.string()), ("first_doc_id", pa.string()), ("reports", pa.int32()),
    ("outlets", pa.list_(pa.string())), ("measure_ids", pa.list_(pa.string())),
]


def arrow_table(columns: list[tuple[str, pa.DataType]], rows: list[dict]) -> pa.Table:
    """Rows (dicts keyed by column name) as an Arrow table with the table's types."""
    return pa.table({name: pa.array([r.get(name) for r in rows], type=t) for name, t in columns})


def names(columns: list[tuple[str, pa.DataType]]) -> str:
    return ", ".join(name for name, _ in columns)
