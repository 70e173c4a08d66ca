"""The pipeline: the stages in order, over batches, with the store between them.

    read sources -> documents (parse, dedup) -> store
    pending documents -> statements (with their speakers) -> speakers across documents
                      -> labels -> measures -> store -> measure events, quotes (across documents) -> analysis cache

Stages never import each other: each takes and returns the typed records of
``shiftwatch.records``, and this module is the only place that calls more
than one of them. Models (the labeller, the speaker registry, the NLP
pipelines inside the extractors) are loaded once per process in
:class:`Models` and passed in; worker processes are forked after loading,
so they share them.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import itertools
import multiprocessing
import signal
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterable, Iterator

from . import ingest as reading, labels, measures, quotes, speakers, statements
from .errors import Rejection
from .records import Analysed, Document, Statement
from .speakers.link import link_across_documents, speaker_records
from .speakers.resolve import DocSpeakers
from .store import Store, vector_key

Progress = Callable[[str, int, "int | None"], None]
BATCH_DOCUMENTS = 500  # documents parsed per task at ingest
WRITE_DOCUMENTS = 2000  # documents written per transaction at ingest (parse batches in one commit)
BATCH_ANALYSIS = 200  # documents analysed per transaction
BATCH_QUOTES = 2000  # statements grouped into quotes at once
CHUNK_ANALYSIS = 16  # documents a worker takes at once (English ones are parsed as a batch)


class Models:
    """What the stages need loaded: once per process, passed to every stage.

    The labeller loads on first use: a process that only writes (the client of a
    Dask cluster, whose workers label) never pays for it."""

    def __init__(self, labeller: "labels.Labeller | None" = None, registry: "speakers.Registry | None" = None,
                 embed: "quotes.Embed | None" = None, model_path: str | None = None):
        self._labeller = labeller
        self.registry = registry
        self.embed = embed  # multilingual sentence vectors, for the quotes stage
        self.model_path = model_path

    @property
    def labeller(self) -> labels.Labeller:
        if self._labeller is None:
            self._labeller = labels.Labeller.load(self.model_path)
        return self._labeller

    @classmethod
    def load(cls, model_path: str | None = None, labeller: bool = True) -> "Models":
        """``labeller=False`` leaves the labels model to the first statement labelled."""
        return cls(labeller=labels.Labeller.load(model_path) if labeller else None, registry=speakers.registry(),
                   embed=load_embedder(), model_path=model_path)

    def new_speakers(self, lang: str) -> DocSpeakers:
        """A document's mention memory, for the statements stage."""
        return DocSpeakers(lang, self.registry)

    def resolve_authority(self, mention: str, lang: str) -> tuple[str | None, str | None]:
        """The speaker id of a person who acts (a minister, a governor named), for the
        measures stage: the registry's, as statements get. Bodies keep the stage's own
        ids, which know the level and region («правительство области» is not Russia's)."""
        known = self.registry.lookup(mention)
        return (known.speaker_id, known.speaker) if known and known.kind == "person" else (None, None)

    def warm(self) -> "Models":
        """Load the NLP pipelines the extractors load on first use (a worker does
        this once, before its first task), by analysing two invented sentences."""
        analyze_chunk([("warm-en", 'Jane Doe, the mayor of Springfield, said: "We will build more homes."', "en", None),
                       ("warm-ru", "Мэр Иван Петров заявил: «Мы построим больше домов».", "ru", None)], self)
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
    measures: int = 0
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
    items: Iterable | None = None,
    command: str = "ingest",
) -> IngestResult:
    """Read ``sources`` into the store and, unless ``analyze`` is false, analyse what is new.

    ``items``: records already read (``watch`` fetches and re-reads sources
    itself, then hands over what is new); ``sources`` then only names them."""
    result = IngestResult()
    with store.transaction():
        result.run_id = store.start_run(command, sources)
    store.idle()  # parsing comes first: others may use the store meanwhile
    options = reading.ParseOptions(lang=lang, outlet=outlet, date=date, today=today)
    read_options = reading.ReadOptions(timeout=timeout, fields=dict(fields or {}))
    total = reading.estimate_total(sources) if progress and items is None else None
    status = "failed"
    engine = engine or LocalEngine(workers)
    try:
        batches = (engine.read(sources, read_options, options, batch_size) if items is None
                   else engine.parse(_chunks(items, batch_size), options))
        _store_all(store, batches, result, progress, total)
        if analyze:
            analysed = analyze_pending(store, models or Models.load(model_path), engine=engine,
                                       progress=progress, run_id=result.run_id)
            result.statements = analysed.statements
            result.failed_analysis = analysed.failed
        status = "done"
    finally:
        with store.transaction():
            store.finish_run(result.run_id, status, documents=result.documents, new=result.new,
                             duplicates=result.duplicates, rejected=result.rejected, statements=result.statements)
    return result


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _store_all(store: Store, batches: Iterable[list], result: IngestResult, progress: Progress | None,
               total: int | None) -> None:
    """Every parse batch written, in order, about ``WRITE_DOCUMENTS`` a transaction: a killed
    run leaves whole transactions, and the next run's deduplication skips what they hold."""

    def write(batch: list) -> int:
        _store_documents(store, batch, result)
        if progress:
            progress("ingest", result.documents + result.rejected, total)
        return len(batch)

    # the counts and how many rejections the store has committed (the list itself only grows)
    kept = (dataclasses.replace(result), len(result.rejections))

    def committed() -> None:
        nonlocal kept
        kept = (dataclasses.replace(result), len(result.rejections))

    try:
        store.write_batches(batches, write, WRITE_DOCUMENTS, committed)
    except BaseException:
        # a rolled-back transaction's documents and rejections are not in the store:
        # the counts (and the run's record) say only what it kept
        counts, rejected = kept
        for f in dataclasses.fields(result):
            setattr(result, f.name, getattr(counts, f.name))
        del result.rejections[rejected:]
        raise


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
    should_stop: Callable[[], bool] | None = None,
) -> AnalyzeResult:
    """Statements, speakers and labels of every document not analysed yet (or,
    with ``everything``, of all), one transaction per batch: an interrupted run
    resumes where it stopped, and a failed document stays pending. ``should_stop``
    (watch's stop request) is asked between batches: the rest stays pending."""
    result = AnalyzeResult()
    total = store.count_to_analyze(everything)
    if total == 0:
        if store.count_ungrouped():  # a store from before quotes: its statements join quotes once
            with store.transaction():
                group_quotes(store, models.embed)
            refresh_analysis(store)
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
            # the next batch goes out before this one is collected and written, unless asked to stop
            job = None if should_stop and should_stop() else submit(batch[-1][0])
            store.idle()  # analysis is the long part: others may use the store meanwhile
            found = [a for rs in mapped() for a in rs]
            done = {a.doc_id: a for a in found if a.error is None}
            failed = {a.doc_id: a.error for a in found if a.error is not None}
            said = [s for a in done.values() for s in a.statements]
            with store.transaction():
                save_vectors(store, models.embed, {k: v for a in done.values() for k, v in a.vectors.items()})
                link_across_documents(said, store, models.registry)
                store.save_speakers(*speaker_records(said, statements.has_role_word, models.registry))
                result.statements += store.save_analysis({d: a.statements for d, a in done.items()}, failed, run_id)
                result.measures += store.save_measures({d: a.measures for d, a in done.items()})
                group_quotes(store, models.embed)
            result.documents += len(batch)
            result.failed += len(failed)
            result.failures.extend(failed.items())
            if progress:
                progress("analyze", result.documents, total)
    finally:
        engine.stop_analysis()
    if result.measures or everything:
        group_measure_events(store)
    if result.statements or result.measures or everything:
        refresh_analysis(store)
    return result


def group_quotes(store: Store, embed: "quotes.Embed | None") -> int:
    """Every statement not in a quote yet joins one: a stored quote of its speaker
    a few days away that says the same, or a new one. In the caller's transaction;
    statements are taken oldest first, so a batch's candidates span a few weeks,
    not the corpus."""
    done = 0
    window = dt.timedelta(days=quotes.WINDOW_DAYS)
    embed = stored_vectors(store, embed)
    while rows := store.ungrouped_statements(BATCH_QUOTES):
        reports = [quote_report(r) for r in rows]
        dates = [r.published for r in reports if r.published]
        stored = store.quote_candidates(
            sorted({r.speaker_id for r in reports if r.speaker_id and not r.anonymous}),
            any(r.anonymous or r.speaker_id is None for r in reports),
            min(dates) - window if dates else None, max(dates) + window if dates else None,
            any(r.published is None for r in reports), [r.statement_id for r in reports])
        existing: dict[str, list[quotes.QuoteReport]] = {}
        for row in stored:
            existing.setdefault(row["quote_id"], []).append(quote_report(row))
        found = quotes.group(reports, [quotes.Quote(ms) for ms in existing.values()], embed)
        store.save_quotes(quotes.assignments(found))
        done += len(reports)
    return done


def stored_vectors(store: Store, embed: "quotes.Embed | None") -> "quotes.Embed | None":
    """The shipped encoder with its vectors kept in the store (by text): a stored quote's
    reports are candidates for every batch near their dates, and are encoded once, not
    per batch (the analysed statements' vectors are there already: ``save_vectors``).
    Any other ``embed`` (a test's) is used as it is."""
    import numpy as np

    from .labels import encoder

    if not _keeps_vectors(embed):
        return embed

    def embed_stored(texts: list[str]) -> np.ndarray:
        keys = [vector_key(t) for t in texts]
        known = store.quote_vectors(sorted(set(keys)), encoder.NAME)
        missing = list(dict.fromkeys(k for k in keys if k not in known))
        if missing:
            text_of = dict(zip(keys, texts))
            made = embed([text_of[k] for k in missing]).astype(np.float16)
            new = {k: v.tobytes() for k, v in zip(missing, made)}
            store.save_quote_vectors(encoder.NAME, new)
            known.update(new)
        return np.stack([np.frombuffer(known[k], dtype=np.float16) for k in keys]).astype(np.float32)
    return embed_stored


def statement_vectors(models: Models, found: list[Statement]) -> dict[str, bytes]:
    """text hash -> float16 vector of each statement's text, by the shipped encoder (which
    the labeller has just run on these texts: its cache gives them), for the writer's
    quotes stage; nothing when the quotes stage uses another encoder or none."""
    from .labels import encoder

    if not found or not _keeps_vectors(models.embed):
        return {}
    texts = list(dict.fromkeys(s.text for s in found))
    return {vector_key(t): v.tobytes() for t, v in zip(texts, encoder.embed(texts).astype("float16"))}


def save_vectors(store: Store, embed: "quotes.Embed | None", vectors: dict[str, bytes]) -> None:
    """The workers' vectors of the statements analysed, into the store before quote grouping
    (which reads them there), when the quotes stage uses the encoder that made them."""
    from .labels import encoder

    if vectors and _keeps_vectors(embed):
        store.save_quote_vectors(encoder.NAME, vectors)


def _keeps_vectors(embed: "quotes.Embed | None") -> bool:
    """Whether the quotes stage encodes with the shipped encoder, whose vectors the store keeps
    by text; any other ``embed`` (a test's) or none keeps nothing."""
    from .labels import encoder

    return embed is not None and embed is encoder.embed


def quote_report(row: dict) -> "quotes.QuoteReport":
    return quotes.QuoteReport(
        statement_id=row["statement_id"], doc_id=row["doc_id"], speaker_id=row["speaker_id"], text=row["text"],
        lang=row["lang"] or "en", published=row["published"], outlet=row["outlet"], published_at=row["published_at"],
        quote_id=row["quote_id"], anonymous=bool(row["anonymous"]))


def _analyze_chunk(chunk: list[tuple]) -> list[Analysed]:
    return analyze_chunk(chunk, _MODELS["current"])


def analyze_chunk(chunk: list[tuple], models: Models) -> list[Analysed]:
    """A few (doc_id, text, lang, published): statements (English ones parsed as one
    batch), their labels, the measures reported. Should the batch fail, one by
    one, so that only the odd document fails."""
    try:
        english = [text for _, text, lang, _ in chunk if lang != "ru"]
        found_en = iter(statements.extract_many(english, "en", models.new_speakers) if english else [])
        found = [next(found_en) if lang != "ru" else statements.extract(text, "ru", models.new_speakers)
                 for _, text, lang, _ in chunk]
    except Exception:
        if len(chunk) == 1:
            return [Analysed(chunk[0][0], error=_failure())]
        return [r for one in chunk for r in analyze_chunk([one], models)]
    out: list[Analysed] = []
    for (doc_id, text, lang, published), sts in zip(chunk, found):
        try:
            labels.label_statements(models.labeller, sts, text, lang)
            acts = measures.extract(text, lang, published, models.resolve_authority)
            out.append(Analysed(doc_id, sts, acts, vectors=statement_vectors(models, sts)))
        except Exception:
            out.append(Analysed(doc_id, error=_failure()))
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
        items = [{"text": t, "lang": lang, "context": context_of(doc, a, b), "document": doc}
                 for _, t, lang, doc, a, b in chunk]
        store.idle()  # labelling is the long part: others may use the store meanwhile
        found = labeller.label_many(items)
        with store.transaction():
            store.save_labels([(sid, labels.as_label(lab, labeller.version)) for (sid, *_), lab in zip(chunk, found)])
    if rows:
        refresh_analysis(store)
    return len(rows)


def group_measure_events(store: Store) -> None:
    """Reports of one act at one stage become one event, the stages of one bill one
    initiative: regrouped over every stored measure (they are few beside statements)."""
    rows = store.measure_rows()
    reports = [measures.MeasureReport(r["measure_id"], r["doc_id"], r["published"], r["outlet"] or "", r["lang"],
                                      measures.Measure(
                                          r["char_start"], r["char_end"], r["text"], r["kind"], r["authority"] or "",
                                          r["authority_id"], r["level"], r["region"], list(r["sectors"] or []),
                                          r["status"], r["direction"], r["effective"], list(r["cues"] or []),
                                          r["stage"] or "", frozenset(r["grouping_key"] or ())))
               for r in rows]
    with store.transaction():
        store.save_events(measures.group_events(reports))


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
    from .store import compact

    compact.compact_if_needed(store)  # a large ingest spread the speakers over the table: cluster it again
    analysis.warm(store.con)  # cache entries, each its own write: a reader may see some, never a half one
    store.yield_if_wanted()


# -- what watch asks of the stages ---------------------------------------------------


def read_sources(sources: list[str], timeout: float = 10.0, fields: dict[str, str] | None = None) -> Iterator:
    """Raw records (or rejections) of files, folders or URLs, as ingest reads them."""
    return reading.iter_sources(sources, reading.ReadOptions(timeout=timeout, fields=dict(fields or {})))


def read_fetched(name: str, data: bytes, ctype: str = "", fields: dict[str, str] | None = None) -> Iterator:
    """Raw records of bytes already fetched (a feed's body, a file's new lines)."""
    return reading.read_fetched(name, data, ctype, reading.ReadOptions(fields=dict(fields or {})))


def current_shifts(store: Store, groupings: Iterable[str], min_statements: int, frames: bool = False) -> list[dict]:
    """The shifts of the whole store now, per grouping, as ``shiftwatch shifts`` lists them."""
    from . import analysis

    out = []
    for by in groupings:
        out.extend({**row, "by": by} for row in
                   analysis.shifts(store.con, by, min_statements, analysis.Filter(), frames=frames).rows())
    return out


def load_embedder() -> "quotes.Embed | None":
    """The sentence encoder of the quotes stage: the same model the labels stage
    loads (one load per process, on first use), or None when it is not installed
    (then only same-language wording groups reports)."""
    from .labels import encoder

    return encoder.embed if encoder.available() else None


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

    labels_here = True  # analysis runs in this process or its forks, which need the labeller

    def prepare_analysis(self) -> None:
        """Start making the workers' models ready, without waiting: called early,
        so that workers load them while this process reads and loads its own."""

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
        models.labeller  # loaded before the fork, so the workers share it
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
