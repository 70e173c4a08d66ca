"""The pipeline: the stages in order, over batches, with the store between them.

    read sources -> documents (parse, dedup) -> store
    pending documents -> statements (with their speakers) -> speakers across documents
                      -> labels -> store -> analysis cache

Stages never import each other: each takes and returns the typed records of
``shiftwatch.records``, and this module is the only place that calls more
than one of them. Models (the labeller, the speaker registry, the NLP
pipelines inside the extractors) are loaded once per process in
:class:`Models` and passed in; worker processes are forked after loading,
so they share them.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import itertools
import multiprocessing
import signal
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterable, Iterator

from . import ingest as reading, labels, speakers, statements
from .errors import Rejection
from .records import Document, Statement
from .speakers.link import link_across_documents, speaker_records
from .speakers.resolve import DocSpeakers
from .store import Store

Progress = Callable[[str, int, "int | None"], None]
BATCH_DOCUMENTS = 500  # documents written per transaction at ingest
BATCH_ANALYSIS = 200  # documents analysed per transaction
CHUNK_ANALYSIS = 16  # documents a worker takes at once (English ones are parsed as a batch)


@dataclass
class Models:
    """What the stages need loaded: once per process, passed to every stage."""

    labeller: labels.Labeller
    registry: speakers.Registry

    @classmethod
    def load(cls, model_path: str | None = None) -> "Models":
        return cls(labeller=labels.Labeller.load(model_path), registry=speakers.registry())

    def new_speakers(self, lang: str) -> DocSpeakers:
        """A document's mention memory, for the statements stage."""
        return DocSpeakers(lang, self.registry)

    def warm(self) -> "Models":
        """Load the NLP pipelines the extractors load on first use (a worker does
        this once, before its first task), by analysing two invented sentences."""
        analyze_chunk([("warm-en", 'Jane Doe, the mayor of Springfield, said: "We will build more homes."', "en"),
                       ("warm-ru", "Мэр Иван Петров заявил: «Мы построим больше домов».", "ru")], self)
        return self


@dataclass
class IngestResult:
    documents: int = 0
    new: int = 0
    already_stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    undated: int = 0
    statements: int = 0
    failed_analysis: int = 0
    run_id: int | None = None
    rejections: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        line = (
            f"ingested {self.documents} documents ({self.new} new, {self.duplicates} duplicates, "
            f"{self.rejected} rejected), {self.statements} statements"
        )
        if self.already_stored:
            line += f", {self.already_stored} already stored"
        if self.failed_analysis:
            line += f", {self.failed_analysis} not analysed (see 'shiftwatch rejected'; 'shiftwatch analyze' retries)"
        if self.undated:
            line += (f", {self.undated} without a date (left out of timelines: give one with --date YYYY-MM-DD, "
                     f"or name the export's date field with --field published=NAME)")
        return line


@dataclass
class AnalyzeResult:
    documents: int = 0
    statements: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


# -- ingest ---------------------------------------------------------------------


def ingest(
    store: Store,
    sources: list[str],
    *,
    lang: str = "auto",
    outlet: str | None = None,
    date: dt.date | None = None,
    fields: dict[str, str] | None = None,
    workers: int = 1,
    analyze: bool = True,
    timeout: float = 10.0,
    progress: Progress | None = None,
    today: dt.date | None = None,
    models: Models | None = None,
    model_path: str | None = None,
    batch_size: int = BATCH_DOCUMENTS,
    engine: "Engine | None" = None,
) -> IngestResult:
    """Read ``sources`` into the store and, unless ``analyze`` is false, analyse what is new."""
    result = IngestResult()
    result.run_id = store.start_run("ingest", sources)
    options = reading.ParseOptions(lang=lang, outlet=outlet, date=date, today=today)
    read_options = reading.ReadOptions(timeout=timeout, fields=dict(fields or {}))
    total = reading.estimate_total(sources) if progress else None
    status = "failed"
    engine = engine or LocalEngine(workers)
    try:
        for batch in engine.read(sources, read_options, options, batch_size):
            _store_documents(store, batch, result)
            if progress:
                progress("ingest", result.documents + result.rejected, total)
        if analyze:
            analysed = analyze_pending(store, models or Models.load(model_path), engine=engine,
                                       progress=progress, run_id=result.run_id)
            result.statements = analysed.statements
            result.failed_analysis = analysed.failed
        status = "done"
    finally:
        store.finish_run(result.run_id, status, documents=result.documents, new=result.new,
                         duplicates=result.duplicates, rejected=result.rejected, statements=result.statements)
    return result


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _store_documents(store: Store, batch: list, result: IngestResult) -> None:
    docs = [d for d in batch if isinstance(d, Document)]
    rejections = [(r.source or "?", r.reason) for r in batch if isinstance(r, Rejection)]
    with store.transaction():
        store.reject_many(rejections, result.run_id)
        result.rejections.extend(rejections)
        result.rejected += len(rejections)
        if not docs:
            return
        result.documents += len(docs)
        fresh, already, copies = reading.drop_exact(docs, *store.known_documents(docs))
        links = reading.link_near(fresh, store.band_candidates(fresh), store.document_text) if fresh else {}
        result.already_stored += already
        result.near_duplicates += len(links)
        result.duplicates += copies + len(links)
        result.new += len(fresh) - len(links)
        result.undated += sum(1 for d in fresh if d.published is None and d.doc_id not in links)
        store.add_documents(fresh, links, result.run_id)


# -- analysis -------------------------------------------------------------------

_MODELS: dict[str, Models] = {}  # the models a forked worker inherited from its parent


def analyze_pending(
    store: Store,
    models: Models,
    *,
    everything: bool = False,
    workers: int = 1,
    batch_size: int = BATCH_ANALYSIS,
    progress: Progress | None = None,
    run_id: int | None = None,
    engine: "Engine | None" = None,
) -> AnalyzeResult:
    """Statements, speakers and labels of every document not analysed yet (or,
    with ``everything``, of all), one transaction per batch: an interrupted run
    resumes where it stopped, and a failed document stays pending."""
    result = AnalyzeResult()
    total = store.count_to_analyze(everything)
    if total == 0:
        return result
    seed_registry(store, models.registry)
    engine = engine or LocalEngine(workers)
    engine.start_analysis(models)
    chunk = getattr(engine, "chunk_analysis", CHUNK_ANALYSIS)

    def submit(after: str):
        # the next batch goes to the workers before this one is written, so
        # that a distributed engine's workers do not wait for the writer
        batch = store.documents_to_analyze(batch_size, everything, after)
        if not batch:
            return None
        return batch, engine.submit_analysis([batch[i : i + chunk] for i in range(0, len(batch), chunk)])

    try:
        job = submit("")
        while job is not None:
            batch, mapped = job
            job = submit(batch[-1][0])
            done: dict[str, list[Statement]] = {}
            failed: dict[str, str] = {}
            for doc_id, found in (r for rs in mapped() for r in rs):
                if isinstance(found, str):
                    failed[doc_id] = found
                else:
                    done[doc_id] = found
            with store.transaction():
                link_across_documents([s for sts in done.values() for s in sts], store)
                store.save_speakers(*speaker_records([s for sts in done.values() for s in sts], statements.has_role_word))
                result.statements += store.save_analysis(done, failed, run_id)
            result.documents += len(batch)
            result.failed += len(failed)
            result.failures.extend(failed.items())
            if progress:
                progress("analyze", result.documents, total)
    finally:
        engine.stop_analysis()
    if result.statements or everything:
        refresh_analysis(store)
    return result


def _analyze_chunk(chunk: list[tuple[str, str, str]]) -> list[tuple[str, list[Statement] | str]]:
    return analyze_chunk(chunk, _MODELS["current"])


def analyze_chunk(chunk: list[tuple[str, str, str]], models: Models) -> list[tuple[str, list[Statement] | str]]:
    """A few (doc_id, text, lang): statements (English ones parsed as one batch),
    then labels; (doc_id, statements) or (doc_id, why it failed) for each. Should
    the batch fail, one by one, so that only the odd document fails."""
    try:
        english = [text for _, text, lang in chunk if lang != "ru"]
        found_en = iter(statements.extract_many(english, "en", models.new_speakers) if english else [])
        found = [next(found_en) if lang != "ru" else statements.extract(text, "ru", models.new_speakers)
                 for _, text, lang in chunk]
    except Exception:
        if len(chunk) == 1:
            return [(chunk[0][0], _failure())]
        return [r for one in chunk for r in analyze_chunk([one], models)]
    out: list[tuple[str, list[Statement] | str]] = []
    for (doc_id, text, lang), sts in zip(chunk, found):
        try:
            labels.label_statements(models.labeller, sts, text, lang)
            out.append((doc_id, sts))
        except Exception:
            out.append((doc_id, _failure()))
    return out


def _failure() -> str:
    import sys

    e = sys.exc_info()[1]
    return f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:300]


def relabel(store: Store, labeller: labels.Labeller, batch: int = 2000) -> int:
    """The labels stage again over every stored statement, one transaction per batch."""
    from .records import context_of

    rows = store.statements_to_label()
    for i in range(0, len(rows), batch):
        chunk = rows[i : i + batch]
        items = [{"text": t, "lang": lang, "context": context_of(doc, a, b)} for _, t, lang, doc, a, b in chunk]
        found = labeller.label_many(items)
        with store.transaction():
            store.save_labels([(sid, labels.as_label(lab, labeller.version)) for (sid, *_), lab in zip(chunk, found)])
    if rows:
        refresh_analysis(store)
    return len(rows)


def seed_registry(store: Store, registry: speakers.Registry) -> None:
    """Copy the shipped registry into the store once, so any alias finds its speaker."""
    if store.registry_count() >= len(registry.by_id):
        return
    with store.transaction():
        store.save_registry(list(registry.by_id.values()))
        store.save_speakers([], speakers.registry_aliases(registry))


def refresh_analysis(store: Store) -> None:
    """Timelines and shifts for the default views, so the read commands and the
    dashboard open on them without computing."""
    from . import analysis

    analysis.warm(store.con)


# -- one-document helpers for notebooks and tests ---------------------------------


def statements_of(text: str, lang: str, models: Models | None = None, label: bool = False) -> list[Statement]:
    """The statements of one text, as ingest would find them (``label`` adds labels)."""
    models = models or _default_models()
    found = statements.extract(text, lang, models.new_speakers)
    if label:
        labels.label_statements(models.labeller, found, text, lang)
    return found


def _default_models() -> Models:
    if "default" not in _MODELS:
        _MODELS["default"] = Models.load()
    return _MODELS["default"]


# -- engines: where the per-document work runs ---------------------------------------


class Engine:
    """Where parsing and analysis run. The pipeline hands an engine chunks of
    work in order and gets the results back in the same order; reading the
    sources, deduplication and every write stay in the calling process, so
    the store is the same whichever engine ran the work."""

    def read(self, sources: list[str], read_options, options, batch_size: int) -> Iterator[list]:
        """Documents (or rejections) of ``sources``, in source order, in batches;
        by default read here and parsed by ``parse``. An engine whose workers
        can read files themselves may hand them parts of files instead."""
        return self.parse(_chunks(reading.iter_sources(sources, read_options), batch_size), options)

    def parse(self, chunks: Iterator[list], options) -> Iterator[list]:
        """Each chunk of raw records (or rejections) as Documents (or rejections)."""
        raise NotImplementedError

    def start_analysis(self, models: Models) -> None:
        """Make ``models`` available to the workers of ``analyze``."""

    def analyze(self, chunks: list[list[tuple[str, str, str]]]) -> Iterable[list]:
        """``analyze_chunk`` of each chunk of (doc_id, text, lang)."""
        raise NotImplementedError

    def submit_analysis(self, chunks: list[list[tuple[str, str, str]]]) -> Callable[[], Iterable[list]]:
        """Start ``analyze`` of these chunks; the returned function gives the
        results. By default the work runs when they are asked for."""
        return lambda: self.analyze(chunks)

    def stop_analysis(self) -> None:
        pass


class LocalEngine(Engine):
    """This machine: in-process with one worker, else a pool of forked processes
    (forked after the models are loaded, so they share them)."""

    def __init__(self, workers: int = 1):
        self.workers = workers
        self.pool = None

    def parse(self, chunks, options):
        parse = partial(reading.parse_item, options=options)
        if self.workers <= 1:
            for chunk in chunks:
                yield [parse(i) for i in chunk]
            return
        reading.prepare_workers()
        with _pool(self.workers) as pool:
            pending = None
            for chunk in chunks:
                # parse the next chunk while the main process stores this one
                job = pool.map_async(parse, chunk, chunksize=max(1, len(chunk) // (self.workers * 4)))
                if pending is not None:
                    yield pending.get()
                pending = job
            if pending is not None:
                yield pending.get()

    def start_analysis(self, models):
        _MODELS["current"] = models
        self.models = models
        if self.workers > 1:
            self.pool = _pool(self.workers)

    def analyze(self, chunks):
        if self.pool is not None:
            return self.pool.map(_analyze_chunk, chunks, chunksize=1)
        return [analyze_chunk(c, self.models) for c in chunks]

    def stop_analysis(self):
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None


# -- workers ----------------------------------------------------------------------


def _pool(workers: int):
    return multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init)


def _worker_init() -> None:
    """A worker dies with its parent (no orphan writing BrokenPipe tracebacks after
    a kill -9) and leaves Ctrl-C to the parent, which stops the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
