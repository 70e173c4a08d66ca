"""The ``shiftwatch`` command: a package of thin commands over the library.

Each module registers its commands on the one ``app`` of ``common``; a
command parses its options, makes one library call and prints. Errors are
one line on stderr with a non-zero status; ``--debug`` (or
SHIFTWATCH_DEBUG=1) shows the traceback instead.
"""

from __future__ import annotations

from . import evaluate, ingest, labels, maintenance, measures, quotes, read, show, watch  # noqa: F401 - they register their commands
from .common import app, eval_app

__all__ = ["app", "eval_app", "run"]


def run() -> None:
    app()


if __name__ == "__main__":
    run()
