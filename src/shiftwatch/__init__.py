"""shiftwatch: what public figures say about migration in the news, and how it shifts."""

__version__ = "0.1.0"


def open(path=None):  # noqa: A001 - mirrors the builtin on purpose: shiftwatch.open(path)
    """Open a store read-only; returns a Corpus with DataFrame accessors."""
    from .api import open as _open

    return _open(path)
