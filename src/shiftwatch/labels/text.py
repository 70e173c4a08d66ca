"""Tokens for the labels stage: words, their lemmas, and whether they are quoted.

Russian words are lemmatised with pymorphy2 (through natasha's MorphVocab,
which works on current Pythons); English words get a light suffix stemmer,
enough for lexicon matching (migrants', immigration, deported). Both are
cached per word form, which is what makes labelling fast.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_WORD = re.compile(r"[^\W\d_]+|\d+")
# quote pairs; a single-quote span must open after a non-letter and close before one;
# a doubled mark (""asylum"", as CSV exports escape it) is one mark
_QUOTES = re.compile(
    r"«[^«»]*»|„[^„“”]*[“”]|“[^“”]*”|\"\"[^\"]+\"\"|\"[^\"]*\"|(?<![^\W_])'[^\W\d_][^']*?[^\W_]'(?![^\W_])"
)
# n't, and the same without the apostrophe as posts write it (dont, isnt, wont)
_NT = re.compile(r"\b(?:(wo)|(ca))n['’]?t\b|n['’]t\b|\b(do|does|did|is|are|was|were|should|would|could|has|have|had)nt\b", re.I)


def _not(m: re.Match) -> str:
    if m.group(3):
        return m.group(3) + " not"
    return "will not" if m.group(1) else "can not" if m.group(2) else " not"


# hashtags and handles run words together: #BuildTheWall, #NoDACA, #РусскиеВперед
_BREAK = re.compile(r"[.!?;:,—–#|]")
_STOP = re.compile(r"[.!?;…]")
_HASHTAG = re.compile(r"#([^\W_]+)")
_CAMEL = re.compile(r"(?<=[^\W\d_])(?=[A-ZА-ЯЁ][a-zа-яё])|(?<=[a-zа-яё])(?=[A-ZА-ЯЁ])|(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def _split_hashtag(m: re.Match) -> str:
    """'#BuildTheWall' -> 'Build The Wall', '#NoDACA' -> 'No DACA' (all-lowercase
    tags stay one word: the lexicons list the common ones)."""
    return "#" + _CAMEL.sub(" ", m.group(1))


class Token(NamedTuple):
    text: str  # lowercased surface form
    lemma: str  # lemma (ru) or stem (en)
    quoted: bool  # inside quote marks within the statement
    brk: bool = False  # a clause break (. ! ? ; : , dash, hashtag) stands right before it
    quote: int = -1  # which quoted stretch of the statement it is in (-1: none)
    stop: bool = False  # a sentence end or a semicolon stands right before it


_MORPH = {}


def _morph():
    if "m" not in _MORPH:
        from natasha import MorphVocab

        _MORPH["m"] = MorphVocab()
    return _MORPH["m"]


@lru_cache(maxsize=200_000)
def ru_lemma(word: str) -> str:
    if not word or not ("а" <= word[0] <= "я" or word[0] == "ё"):
        return word
    return _morph().parse(word)[0].normal_form.replace("ё", "е")


_EN_SUFFIXES = (
    "ational", "ations", "ation", "ating", "ated", "ates", "ate",
    "ings", "ing", "ents", "ent", "ants", "ant", "ers", "er",
    "ies", "ied", "ed", "es", "ly", "s",
)
_EN_IRREGULAR = {
    "children": "child", "men": "man", "women": "woman", "people": "people",
    "was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "am": "be",
}


@lru_cache(maxsize=200_000)
def en_stem(word: str) -> str:
    if word in _EN_IRREGULAR:
        return _EN_IRREGULAR[word]
    if len(word) <= 4 or not word.isalpha():
        return word
    for suf in _EN_SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            stem = word[: -len(suf)]
            if suf in ("ies", "ied"):
                stem += "y"
            return stem
    return word


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Quoted stretches inside a statement. A quotation that is most of the
    statement is the statement itself (a direct quote kept with its marks),
    not words the speaker distances himself from."""
    spans = [(m.start(), m.end()) for m in _QUOTES.finditer(text)]
    if spans:
        size = len(text.strip()) or 1
        spans = [(a, b) for a, b in spans if (b - a) < 0.6 * size]
    return spans


def tokenize(text: str, lang: str, mark_quotes: bool = True) -> list[Token]:
    """Words of ``text`` with lemmas; ``quoted`` marks words inside quote marks."""
    if lang == "en":
        text = _NT.sub(_not, text)
    if "#" in text:
        text = _HASHTAG.sub(_split_hashtag, text)
    spans = quoted_spans(text) if mark_quotes else []
    lemma = ru_lemma if lang == "ru" else en_stem
    low = text.lower()
    if lang == "ru":
        low = low.replace("ё", "е")
    out = []
    prev = 0
    for m in _WORD.finditer(low):
        w, p = m.group(), m.start()
        gap = low[prev:p]
        prev = m.end()
        quote = next((k for k, (a, b) in enumerate(spans) if a < p < b), -1) if spans else -1
        brk = bool(gap) and not gap.isspace() and _BREAK.search(gap) is not None
        out.append(Token(w, lemma(w), quote >= 0, brk, quote, brk and _STOP.search(gap) is not None))
    return out
