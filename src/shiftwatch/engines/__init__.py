"""Engines other than one machine's (``pipeline.LocalEngine``): where the
per-document work of the pipeline runs. Imported only when asked for, so
one machine never loads a distributed runtime."""


def make_engine(name: str, *, cluster: str | None = None, workers: int = 1, model_path: str | None = None):
    """The engine ``--engine NAME`` names, or None for the pipeline's local one."""
    if name == "local":
        return None
    if name == "dask":
        from .dask import DaskEngine

        return DaskEngine(cluster, workers=workers, model_path=model_path)
    raise ValueError(f"unknown engine {name!r}")
