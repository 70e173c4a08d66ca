"""Clauses of a document: lines, sentences, then parts split at semicolons
and bullets. Offsets always point into the original text."""

from __future__ import annotations

import re
from typing import NamedTuple


class Unit(NamedTuple):
    start: int
    end: int
    para: int  # paragraph (line block) number
    first: bool  # first unit of the document (a post's headline)


_EN_ABBR = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|No|Inc|Corp|Co|Ltd|Ave|Mt|Ft|Prof|Rev|vs|v|etc|approx|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Pres)|\b[A-Z]|\bU\.S|\bU\.N|\bD\.C|\bE\.U|\bU\.K)\.$"
)
_EN_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_TRIM = re.compile(r"[\s*_•·▪►▶➡👉📍🔻🔹🔸❗️⚡️‼️—–\-:|>#\W]*?(?=[^\W_]|[«\"“(])", re.S)
_SPLIT = re.compile(r";\s+|\s[•📍🔻🔹]\s*")


def _ru_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    from razdel import sentenize

    return [(start + s.start, start + s.stop) for s in sentenize(text[start:end])]


def _en_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, a = [], start
    for m in _EN_END.finditer(text, start, end):
        if _EN_ABBR.search(text, max(a, m.start() - 6), m.start() + 1):
            continue
        out.append((a, m.end()))
        a = m.end()
    out.append((a, end))
    return out


def trim(text: str, a: int, b: int) -> tuple[int, int]:
    m = _TRIM.match(text, a, b)
    if m:
        a = m.end()
    while b > a and (text[b - 1].isspace() or text[b - 1] in "*_|"):
        b -= 1
    return a, b


def units(text: str, lang: str, relevant: "re.Pattern | None" = None) -> list[Unit]:
    """Clauses of the text; lines that ``relevant`` does not match are kept
    whole (they only give context), which spares the sentence splitter."""
    out: list[Unit] = []
    para = 0
    pos = 0
    for line in re.finditer(r"[^\n]+", text):
        if text.count("\n", pos, line.start()) >= 2:
            para += 1
        pos = line.end()
        ls, le = line.start(), line.end()
        if not text[ls:le].strip():
            continue
        if relevant is not None and not relevant.search(text[ls:le].lower()):
            sents = [(ls, le)]
        else:
            sents = _ru_sentences(text, ls, le) if lang == "ru" else _en_sentences(text, ls, le)
        for sa, sb in sents:
            parts, a = [], sa
            for m in _SPLIT.finditer(text, sa, sb):
                parts.append((a, m.start()))
                a = m.end()
            parts.append((a, sb))
            for pa, pb in parts:
                pa, pb = trim(text, pa, pb)
                if pb - pa >= 12:
                    out.append(Unit(pa, pb, para, not out))
    return out
