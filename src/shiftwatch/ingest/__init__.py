"""Ingest: sources to stored documents, exact and near duplicates removed.

Records are read in the main process, parsed in a pool of workers in
bounded chunks (memory stays flat however large the input), and written in
batches, one transaction each: a killed run leaves whole batches, and the
next run skips what is already stored.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterable, Iterator

import pyarrow as pa

from ..errors import Rejection
from ..store import Store, first, now
from .parse import Document, ParseOptions, jaccard, parse_item, similarity
from .sources import ReadOptions, estimate_total, iter_sources

Progress = Callable[[str, int, "int | None"], None]
NEAR_DUPLICATE = 0.7  # estimated Jaccard of word 3-grams


@dataclass
class IngestResult:
    documents: int = 0
    new: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    statements: int = 0
    run_id: int | None = None
    rejections: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"ingested {self.documents} documents ({self.new} new, {self.duplicates} duplicates, "
            f"{self.rejected} rejected), {self.statements} statements"
        )


def ingest(
    store: Store,
    sources: list[str],
    *,
    lang: str = "auto",
    outlet: str | None = None,
    date: dt.date | None = None,
    workers: int = 1,
    analyze: bool = True,
    batch_size: int = 500,
    timeout: float = 10.0,
    progress: Progress | None = None,
    today: dt.date | None = None,
    model_path: str | None = None,
) -> IngestResult:
    result = IngestResult()
    result.run_id = store.start_run("ingest", sources)
    options = ParseOptions(lang=lang, outlet=outlet, date=date, today=today)
    items = iter_sources(sources, ReadOptions(timeout=timeout))
    total = estimate_total(sources) if progress else None
    status = "failed"
    try:
        for batch in _parsed_batches(items, options, workers, batch_size):
            _store_batch(store, batch, result)
            if progress:
                progress("ingest", result.documents + result.rejected, total)
        if analyze:
            from ..statements import analyze_pending

            result.statements = analyze_pending(store, workers=workers, progress=progress, model_path=model_path)
            if result.statements:
                from ..analysis.cache import warm

                warm(store.con)  # the read commands and the dashboard open on these views
        status = "done"
    finally:
        store.finish_run(
            result.run_id,
            status,
            documents=result.documents,
            new=result.new,
            duplicates=result.duplicates,
            rejected=result.rejected,
            statements=result.statements,
        )
    return result


def _parsed_batches(items: Iterator, options: ParseOptions, workers: int, size: int) -> Iterator[list]:
    parse = partial(parse_item, options=options)
    chunks = _chunks(items, size)
    if workers <= 1:
        for chunk in chunks:
            yield [parse(i) for i in chunk]
        return
    from .parse import _permutations

    _permutations()  # import datasketch and draw permutations once, before forking
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        pending = None
        for chunk in chunks:
            # parse the next chunk while the main process stores this one
            job = pool.map_async(parse, chunk, chunksize=max(1, len(chunk) // (workers * 4)))
            if pending is not None:
                yield pending.get()
            pending = job
        if pending is not None:
            yield pending.get()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _store_batch(store: Store, batch: list, result: IngestResult) -> None:
    docs = [d for d in batch if isinstance(d, Document)]
    rejections = [r for r in batch if isinstance(r, Rejection)]
    con = store.con
    with store.transaction():
        pairs = [(r.source or "?", r.reason) for r in rejections]
        store.reject_many(pairs, result.run_id)
        result.rejections.extend(pairs)
        result.rejected += len(rejections)
        if not docs:
            return
        keep, linked = _dedup(store, docs)
        result.documents += len(docs)
        result.duplicates += len(docs) - len(keep) + len(linked)
        result.near_duplicates += len(linked)
        result.new += len(keep) - len(linked)
        if not keep:
            return
        stamp = now()
        table = pa.table(
            {
                "doc_id": [d.doc_id for d in keep],
                "url": [d.url for d in keep],
                "source": [d.source for d in keep],
                "source_id": [d.source_id for d in keep],
                "outlet": [d.outlet for d in keep],
                "published": pa.array([d.published for d in keep], pa.date32()),
                "lang": [d.lang for d in keep],
                "title": [d.title for d in keep],
                "text": [d.text for d in keep],
                "text_hash": [d.text_hash for d in keep],
                "minhash": pa.array([d.minhash for d in keep], pa.binary()),
                "duplicate_of": [linked.get(d.doc_id, (None, None))[0] for d in keep],
                "similarity": pa.array([linked.get(d.doc_id, (None, None))[1] for d in keep], pa.float64()),
            }
        )
        con.register("_batch_docs", table)
        con.execute(
            """INSERT INTO documents (doc_id, url, source, source_id, outlet, published, lang, title,
                   text, text_hash, minhash, duplicate_of, similarity, analyzed, run_id, ingested_at)
               SELECT *, FALSE, ?, ? FROM _batch_docs""",
            [result.run_id, stamp],
        )
        con.unregister("_batch_docs")
        originals = [d for d in keep if d.doc_id not in linked]
        bands = pa.table(
            {
                "band": pa.array([b for d in originals for b in range(len(d.bands))], pa.uint16()),
                "hash": pa.array([h for d in originals for h in d.bands], pa.uint64()),
                "doc_id": [d.doc_id for d in originals for _ in d.bands],
            }
        )
        con.register("_batch_bands", bands)
        con.execute("INSERT INTO doc_bands SELECT * FROM _batch_bands")
        con.unregister("_batch_bands")


def _dedup(store: Store, docs: list[Document]) -> tuple[list[Document], dict[str, tuple[str, float]]]:
    """Drop exact duplicates (same URL or same normalised text, stored or in
    this batch); link near duplicates to the first stored copy."""
    con = store.con
    probe = pa.table({"doc_id": [d.doc_id for d in docs], "text_hash": [d.text_hash for d in docs]})
    con.register("_probe", probe)
    known = con.execute(
        """SELECT d.doc_id, d.text_hash FROM documents d
           WHERE d.doc_id IN (SELECT doc_id FROM _probe) OR d.text_hash IN (SELECT text_hash FROM _probe)"""
    ).fetchall()
    con.unregister("_probe")
    seen_ids = {r[0] for r in known}
    seen_hashes = {r[1] for r in known}
    fresh: list[Document] = []
    for d in docs:
        if d.doc_id in seen_ids or d.text_hash in seen_hashes:
            continue
        seen_ids.add(d.doc_id)
        seen_hashes.add(d.text_hash)
        fresh.append(d)
    if not fresh:
        return [], {}

    bands = pa.table(
        {
            "band": pa.array([b for d in fresh for b in range(len(d.bands))], pa.uint16()),
            "hash": pa.array([h for d in fresh for h in d.bands], pa.uint64()),
            "probe_id": [d.doc_id for d in fresh for _ in d.bands],
        }
    )
    con.register("_probe_bands", bands)
    rows = con.execute(
        """WITH hits AS (
               SELECT DISTINCT p.probe_id, b.doc_id
               FROM _probe_bands p JOIN doc_bands b ON b.band = p.band AND b.hash = p.hash)
           SELECT h.probe_id, d.doc_id, d.minhash FROM hits h JOIN documents d USING (doc_id)
           ORDER BY d.doc_id"""
    ).fetchall()
    con.unregister("_probe_bands")
    stored: dict[str, list[tuple[str, bytes]]] = {}
    for probe_id, doc_id, sig in rows:
        stored.setdefault(probe_id, []).append((doc_id, sig))
    texts: dict[str, str] = {d.doc_id: d.text for d in fresh}

    def text_of(doc_id: str) -> str:
        if doc_id not in texts:
            texts[doc_id] = first(con, "SELECT text FROM documents WHERE doc_id = ?", [doc_id])[0]
        return texts[doc_id]

    linked: dict[str, tuple[str, float]] = {}
    batch_index: dict[tuple[int, int], list[Document]] = {}
    for d in fresh:
        candidates = list(stored.get(d.doc_id, []))
        for b, h in enumerate(d.bands):
            candidates.extend((o.doc_id, o.minhash) for o in batch_index.get((b, h), []))
        # MinHash with 64 permutations estimates within about ±0.06: it picks
        # the candidates, the exact shingle overlap decides
        best = (0.0, None)
        for doc_id, sig in sorted(set(candidates)):
            if similarity(d.minhash, sig) >= NEAR_DUPLICATE - 0.15:
                exact = jaccard(d.text, text_of(doc_id))
                if exact > best[0]:
                    best = (exact, doc_id)
        if best[1] is not None and best[0] >= NEAR_DUPLICATE:
            linked[d.doc_id] = (best[1], round(best[0], 3))
            continue
        for b, h in enumerate(d.bands):
            batch_index.setdefault((b, h), []).append(d)
    return fresh, linked
