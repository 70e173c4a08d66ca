"""Quotation marks and paragraphs: where quoted speech starts and ends.

Language-independent: both Russian and English news use «», „“, “”, "" and
‘’, nest one style inside another, leave a quote open across paragraphs
(each continued paragraph opens again), and sometimes forget to close.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"«": "»", "„": "“", "“": "”", "‘": "’", '"': '"', "‹": "›"}
CLOSERS = {"»", "“", "”", "’", '"', "›"}
DASHES = "—–"
_WORDCHAR = re.compile(r"\w", re.U)


@dataclass
class Quote:
    start: int  # first character inside the marks
    end: int  # one past the last character inside
    open_at: int  # index of the opening mark
    close_at: int | None  # index of the closing mark, None if it never closed

    def text(self, doc: str) -> str:
        return doc[self.start : self.end]


@dataclass
class Paragraph:
    start: int
    end: int


def paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _is_opening(text: str, i: int) -> bool:
    c = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if c in "«„‹":
        return True
    if c == "“":
        # “ opens in English; in Russian „…“ it closes (decided by the stack)
        return not (nxt.isspace() or nxt in ".,;:!?)")
    if c == "‘":
        return (prev.isspace() or prev in "([{—–-\"“«") and not nxt.isspace()
    if c == '"':
        return (prev.isspace() or prev in "([{—–-:«„“'") and not nxt.isspace()
    return False


def find_quotes(text: str) -> list[Quote]:
    """Top-level quotations; nested ones belong to their outer quote."""
    quotes: list[Quote] = []
    stack: list[tuple[str, int]] = []  # (expected closer, open index)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n" and stack:
            # a quote still open at a paragraph end continues only if the next
            # paragraph opens again with the same outer mark
            j = i
            while j < n and text[j] in "\n ":
                j += 1
            outer_close, outer_open = stack[0]
            opener = text[outer_open]
            if j < n and text[j] == opener:
                del stack[1:]
                i = j + 1
                continue
            quotes.append(Quote(outer_open + 1, _rstrip_end(text, outer_open + 1, i), outer_open, None))
            stack.clear()
            i += 1
            continue
        if stack and c == stack[-1][0] and not (c == "’" and _is_apostrophe(text, i)):
            closer, open_at = stack.pop()
            if not stack:
                quotes.append(Quote(open_at + 1, i, open_at, i))
            i += 1
            continue
        if c in OPENERS and _is_opening(text, i) and not (c == '"' and any(t[0] == '"' for t in stack)):
            stack.append((OPENERS[c], i))
            i += 1
            continue
        if c in CLOSERS and stack and c != stack[-1][0]:
            # a mismatched closer: close the innermost quote whose closer it is
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == c or (c in "”“" and stack[k][0] in "”“"):
                    del stack[k + 1 :]
                    closer, open_at = stack.pop()
                    if not stack:
                        quotes.append(Quote(open_at + 1, i, open_at, i))
                    break
        i += 1
    if stack:
        open_at = stack[0][1]
        quotes.append(Quote(open_at + 1, _rstrip_end(text, open_at + 1, n), open_at, None))
    return [q for q in quotes if q.end > q.start and _WORDCHAR.search(text[q.start : q.end])]


def _is_apostrophe(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return prev.isalpha() and nxt.isalpha()


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def strip_span(text: str, start: int, end: int, chars: str = " \n\t,;:—–-") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
