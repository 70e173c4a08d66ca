"""Statements: who said what, as labels.md defines it.

``extract(text, lang, new_speakers)`` finds direct, partial and indirect
statements in one document's clean text; ``new_speakers(lang)`` gives each
document its mention memory (the speakers stage's ``DocSpeakers``), so the
extractors resolve names, pronouns and roles without importing that stage.
The pipeline runs this over the store; nothing here reads or writes it.
"""

from __future__ import annotations

from typing import Callable

from ..records import Statement

__all__ = ["Statement", "extract", "extract_many", "has_role_word", "MAX_PIECE_CHARS"]

# spaCy refuses texts over 1,000,000 characters, and a parse's memory grows
# with its length: longer documents are analysed in pieces of at most this
MAX_PIECE_CHARS = 100_000


def extract(text: str, lang: str, new_speakers: Callable) -> list[Statement]:
    return extract_many([text], lang, new_speakers)[0]


def extract_many(texts: list[str], lang: str, new_speakers: Callable) -> list[list[Statement]]:
    """``extract`` of several texts in one language; English ones are parsed as
    one batch, which is faster than one by one. Over-long texts are cut at
    paragraph breaks and their pieces' statements shifted back into place."""
    out: list[list[Statement] | None] = [None] * len(texts)
    short = [i for i, t in enumerate(texts) if len(t) <= MAX_PIECE_CHARS]
    for i, found in zip(short, _extract_batch([texts[i] for i in short], lang, new_speakers)):
        out[i] = found
    for i, text in enumerate(texts):
        if out[i] is None:
            out[i] = []
            offsets = list(pieces(text, MAX_PIECE_CHARS))
            found = _extract_batch([text[a:b] for a, b in offsets], lang, new_speakers)
            for (a, _), sts in zip(offsets, found):
                out[i].extend(shifted(s, a) for s in sts)
    return out  # type: ignore[return-value]


def _extract_batch(texts: list[str], lang: str, new_speakers: Callable) -> list[list[Statement]]:
    if not texts:
        return []
    if lang == "ru":
        from . import ru

        return [ru.extract(t, new_speakers("ru")) for t in texts]
    from . import en

    return en.extract_many(texts, new_speakers)


def pieces(text: str, size: int):
    """(start, end) spans of at most ``size`` characters, cut at a paragraph
    break, else a line break, else a space, so no statement is cut in half
    unless a paragraph is longer than a piece."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + size // 2, end)
                if cut > start:
                    end = cut + len(sep)
                    break
        yield start, end
        start = end


def shifted(s: Statement, by: int) -> Statement:
    s.char_start += by
    s.char_end += by
    if s.speaker_start is not None:
        s.speaker_start += by
    if s.speaker_end is not None:
        s.speaker_end += by
    return s


def has_role_word(mention: str) -> bool:
    """«Пресс-секретарь Аркадий Воронин», "Governor Sorokoumov": a role, not just a name."""
    from .en import ROLE_NOUNS, TITLES
    from .ru import ROLE_LEMMAS, lemma

    for w in mention.split():
        low = w.lower().strip(".,")
        if low in ROLE_NOUNS or low in TITLES or low in ROLE_LEMMAS or lemma(low) in ROLE_LEMMAS:
            return True
    return False
