"""JSONL input that people write by hand (gold files, `label` input): each bad
line is a one-line error that names the file and the line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from .errors import ShiftwatchError


def objects(lines: Iterable[str], source: str, hint: str = "") -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; ``hint`` says what a line should be."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise ShiftwatchError(f"{source}:{n}: not JSON ({e.msg}){hint}") from None
        if not isinstance(obj, dict):
            raise ShiftwatchError(f"{source}:{n}: not a JSON object{hint}")
        yield n, obj


def open_file(path: str | Path, what: str) -> TextIO:
    try:
        return open(path, encoding="utf-8")
    except FileNotFoundError:
        raise ShiftwatchError(f"no such {what}: {path}") from None
    except IsADirectoryError:
        raise ShiftwatchError(f"{path} is a folder, not a {what}") from None
