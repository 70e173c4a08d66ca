"""The Dask engine: parsing and analysis as Dask tasks over partitions.

The same stage functions as on one machine (``ingest.parse_item``,
``pipeline.analyze_chunk``) run on Dask workers: a running scheduler
(``--cluster tcp://HOST:8786``) or a local cluster of ``--workers``
processes started and stopped here. What stays in the calling process is
what makes the store the same as ``--engine local`` gives: reading the
sources that workers cannot read themselves, deduplication against the one
global MinHash/LSH index, and every write, in input order. A worker that
dies has its partition run again by Dask; since nothing is written until the
partition's result is back, nothing is written twice.

Each worker loads the NLP models once (:class:`ModelsPlugin`, on setup, with
BLAS held to one thread); models are never shipped through the scheduler.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
from collections import deque
from pathlib import Path
from typing import Iterator

from .. import ingest as reading
from ..errors import Rejection, ShiftwatchError
from ..pipeline import Engine, Models, _chunks, analyze_chunk
from ..records import Analysed

IN_FLIGHT_PER_WORKER = 2  # partitions queued per worker: enough to keep it busy, few enough to keep memory flat
CHUNK_ANALYSIS = 8  # documents per analysis task: small, so the last tasks of a batch spread over the workers
SPLIT_BYTES = 1 << 22  # plain JSONL files from this size are read by the workers, in parts
_WORKER: dict[str, object] = {}  # on a worker: the models its plugin loaded


def _one_blas_thread() -> None:
    from threadpoolctl import threadpool_limits

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    _WORKER["blas"] = threadpool_limits(1)  # kept: the limit lasts as long as the object


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - dask is a declared dependency
    WorkerPlugin = object  # type: ignore[misc,assignment]


class ParsePlugin(WorkerPlugin):
    """What parsing needs on a worker, once: one BLAS thread, the MinHash permutations."""

    name = "shiftwatch-parse"

    def setup(self, worker=None):
        _one_blas_thread()
        reading.prepare_workers()


class ModelsPlugin(WorkerPlugin):
    """The NLP models, loaded (and warmed) once per worker when it starts."""

    name = "shiftwatch-models"

    def __init__(self, model_path: str | None = None):
        self.model_path = model_path

    def setup(self, worker=None):
        _one_blas_thread()
        _WORKER["models"] = Models.load(self.model_path).warm()
        _WORKER["model_path"] = self.model_path


def _worker_models(model_path: str | None) -> Models:
    if "models" not in _WORKER or _WORKER.get("model_path") != model_path:
        ModelsPlugin(model_path).setup()
    return _WORKER["models"]  # type: ignore[return-value]


# -- tasks (run on workers) ------------------------------------------------------


def parse_task(items: list, options) -> list:
    return [reading.parse_item(i, options) for i in items]


def parse_part_task(path: str, start: int, end: int, first_line: int, read_options, options) -> list:
    return [reading.parse_item(i, options) for i in reading.read_jsonl_part(path, start, end, first_line, read_options)]


def analyze_task(chunk: list[tuple], model_path: str | None) -> list:
    return analyze_chunk(chunk, _worker_models(model_path))


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
        return st.st_size, int(st.st_mtime)
    except OSError:
        return None


# -- the engine ------------------------------------------------------------------


class DaskEngine(Engine):
    """Parse and analyse on a Dask cluster: ``cluster`` is a scheduler address
    (tcp://HOST:PORT), else a local cluster of ``workers`` processes is started."""

    chunk_analysis = CHUNK_ANALYSIS

    def __init__(self, cluster: str | None = None, workers: int = 2, model_path: str | None = None,
                 split_files: bool | None = None):
        self.address = cluster
        self.workers = workers
        self.model_path = model_path
        self.split_files = split_files  # None: when the workers see the same file
        self.client = None
        self.cluster = None
        self._models_ready = False
        self._loading = None  # the workers' model loading, when started early

    # -- connection ---------------------------------------------------------------

    def __enter__(self) -> "DaskEngine":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        if self.client is not None:
            return
        import logging

        from distributed import Client, LocalCluster

        _quiet(logging)
        if self.address:
            address = _check_address(self.address)
            try:
                self.client = Client(address, timeout="10s", set_as_default=False)
            except (OSError, TimeoutError) as e:
                raise ShiftwatchError(_no_scheduler(address, e)) from None
        else:
            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster, set_as_default=False)
        if not self.client.scheduler_info().get("workers"):
            try:
                self.client.wait_for_workers(1, timeout=30)
            except (TimeoutError, OSError):
                raise ShiftwatchError(f"the Dask scheduler at {self.address} has no workers: start some with "
                                      f"'dask worker {self.address}'") from None
        self.client.register_plugin(ParsePlugin())

    def close(self) -> None:
        client, cluster, self.client, self.cluster = self.client, self.cluster, None, None
        self._loading = None  # a model load still under way ends with the client
        try:
            if client is not None:
                client.close(timeout=10)
            if cluster is not None:
                cluster.close(timeout=30)
        except Exception:  # noqa: BLE001 - closing a lost cluster has nothing left to say
            pass

    def _in_flight(self) -> int:
        try:
            n = len(self.client.scheduler_info().get("workers", {}))
        except Exception:  # noqa: BLE001
            n = self.workers
        return max(2, IN_FLIGHT_PER_WORKER * max(n, 1) + 1)

    def _lost(self, e: BaseException) -> ShiftwatchError:
        where = self.address or "the local Dask cluster"
        why = "connection lost" if "Cancelled" in type(e).__name__ else _why(e)
        return ShiftwatchError(f"lost the Dask scheduler at {where} ({why}); what was written is kept: "
                               f"start the scheduler and workers again and re-run the same command to continue")

    def _results(self, jobs: Iterator[tuple]) -> Iterator[tuple]:
        """(job, result) in submission order, at most ``_in_flight`` at once.
        ``jobs`` gives (what, function, args); a task that failed for good (its
        workers kept dying) gives its exception as the result."""
        from distributed import KilledWorker

        self.start()
        queue: deque = deque()
        limit = self._in_flight()
        jobs = iter(jobs)
        try:
            with self._lost_as_error():
                while True:
                    while len(queue) < limit and (job := next(jobs, None)) is not None:
                        what, fn, args = job
                        queue.append((what, self.client.submit(fn, *args, pure=False, retries=1)))
                    if not queue:
                        return
                    what, future = queue.popleft()
                    try:
                        result = future.result()
                    except KilledWorker as e:
                        result = e
                    finally:
                        future.release()
                    yield what, result
        finally:
            for _, future in queue:
                future.cancel()

    @contextlib.contextmanager
    def _lost_as_error(self):
        """A lost scheduler or connection, in whichever form distributed raises it,
        as the one-line error that says what to run next."""
        try:
            yield
        except ShiftwatchError:
            raise
        except (OSError, TimeoutError) as e:
            raise self._lost(e) from None
        except Exception as e:
            if type(e).__name__ in ("CancelledError", "CommClosedError", "FutureCancelledError"):
                raise self._lost(e) from None
            raise

    # -- ingest ---------------------------------------------------------------------

    def read(self, sources, read_options, options, batch_size):
        self.start()
        jobs = self._parse_jobs(sources, read_options, options, batch_size)
        for what, result in self._results(jobs):
            if isinstance(result, BaseException):  # its workers kept dying: its records are rejected, the run goes on
                items = what if isinstance(what, list) else [what]
                result = [Rejection(f"a Dask worker died parsing this ({_why(result)})",
                                    i if isinstance(i, str) else getattr(i, "source", None)) for i in items]
            yield result

    def parse(self, chunks, options):
        jobs = ((chunk, parse_task, (chunk, options)) for chunk in chunks)
        for what, result in self._results(jobs):
            yield result if not isinstance(result, BaseException) else [
                Rejection(f"a Dask worker died parsing this ({_why(result)})", getattr(i, "source", None)) for i in what]

    def _parse_jobs(self, sources, read_options, options, batch_size) -> Iterator[tuple]:
        """Parts of big plain JSONL files for the workers to read; everything else
        read here, in order, and shipped in chunks."""
        shipped: list[str] = []

        def ship():
            for chunk in _chunks(reading.iter_sources(list(shipped), read_options), batch_size):
                yield chunk, parse_task, (chunk, options)
            shipped.clear()

        for source in sources:
            if self._workers_read(source):
                yield from ship()
                for start, end, line in reading.jsonl_parts(source, batch_size):
                    yield f"{source}:{line}", parse_part_task, (source, start, end, line, read_options, options)
            else:
                shipped.append(source)
        yield from ship()

    def _workers_read(self, source: str) -> bool:
        """A plain JSONL file big enough to split, which a worker sees as we do."""
        if self.split_files is False or source.startswith(("http://", "https://")):
            return False
        path = Path(source)
        name = path.name.lower()
        if not path.is_file() or not name.endswith((".jsonl", ".ndjson")):
            return False
        if self.split_files is None and path.stat().st_size < SPLIT_BYTES:
            return False
        try:
            with open(path, "rb") as f:
                if reading.sniff(name, f.read(4096)) != "jsonl":
                    return False
        except OSError:
            return False
        absolute = str(path.resolve())
        return self.client.submit(_stat, absolute, pure=False).result() == _stat(absolute)

    # -- analysis -------------------------------------------------------------------

    labels_here = False  # the workers label; this process only writes

    def prepare_analysis(self) -> None:
        """The workers start loading their models now, in the background, while
        this process reads the sources and loads what the writer needs."""
        self.start()
        if self._models_ready or self._loading is not None:
            return
        pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="shiftwatch-models")
        self._loading = pool.submit(self.client.register_plugin, ModelsPlugin(self.model_path))
        pool.shutdown(wait=False)

    def start_analysis(self, models: Models) -> None:
        """Workers load their own models (the plugin): only the path travels."""
        self.start()
        if self._models_ready:
            return
        loading, self._loading = self._loading, None
        try:
            if loading is not None:
                loading.result()
            else:
                self.client.register_plugin(ModelsPlugin(self.model_path))
        except (OSError, TimeoutError) as e:
            raise self._lost(e) from None
        self._models_ready = True

    def analyze(self, chunks):
        return self.submit_analysis(chunks)()

    def submit_analysis(self, chunks):
        from distributed import KilledWorker

        self.start()
        try:
            futures = [self.client.submit(analyze_task, c, self.model_path, pure=False, retries=1) for c in chunks]
        except (OSError, TimeoutError) as e:
            raise self._lost(e) from None

        def results():
            out = []
            with self._lost_as_error():
                for chunk, future in zip(chunks, futures):
                    try:
                        out.append(future.result())
                    except KilledWorker as e:
                        out.append([Analysed(doc_id, error=f"a Dask worker died analysing this ({_why(e)})")
                                    for doc_id, *_ in chunk])
                    finally:
                        future.release()
            return out

        return results

    def stop_analysis(self) -> None:
        pass


def _quiet(logging) -> None:
    """distributed logs its reconnection attempts, with tracebacks, when a
    scheduler goes away: the engine says so itself, in one line."""
    names = [n for n in list(logging.root.manager.loggerDict) if n.split(".")[0] in ("distributed", "tornado")]
    for name in {"distributed", "tornado", *names}:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def _check_address(given: str) -> str:
    """tcp://HOST:PORT of a scheduler that answers, or a one-line error (before
    distributed's client, whose failed connections end in tracebacks at exit)."""
    import socket

    address = given if "://" in given else f"tcp://{given}"
    scheme, _, rest = address.partition("://")
    host, _, port = rest.rpartition(":")
    if scheme not in ("tcp", "tls") or not host or not port.isdigit() or " " in host:
        raise ShiftwatchError(f"--cluster {given!r} is not a scheduler address like tcp://HOST:8786")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=10).close()
    except OSError as e:
        raise ShiftwatchError(_no_scheduler(address, e)) from None
    return address


def _no_scheduler(address: str, e: BaseException) -> str:
    return (f"no Dask scheduler at {address} ({_why(e)}): start one with 'dask scheduler' and workers with "
            f"'dask worker {address}', or drop --cluster to run a local cluster")


def _why(e: BaseException) -> str:
    text = str(e).splitlines()[0] if str(e) else ""
    return f"{type(e).__name__}: {text}"[:200] if text else type(e).__name__
