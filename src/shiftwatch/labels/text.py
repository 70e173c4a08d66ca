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
# quote pairs; a single-quote span must open after a non-letter and close before one
_QUOTES = re.compile(
    r"«[^«»]*»|„[^„“”]*[“”]|“[^“”]*”|\"[^\"]*\"|(?<![^\W_])'[^\W\d_][^']*?[^\W_]'(?![^\W_])"
)
_NT = re.compile(r"n['’]t\b", re.I)


class Token(NamedTuple):
    text: str  # lowercased surface form
    lemma: str  # lemma (ru) or stem (en)
    quoted: bool  # inside quote marks within the statement


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
    return [(m.start(), m.end()) for m in _QUOTES.finditer(text)]


def tokenize(text: str, lang: str, mark_quotes: bool = True) -> list[Token]:
    """Words of ``text`` with lemmas; ``quoted`` marks words inside quote marks."""
    if lang == "en":
        text = _NT.sub(" not", text)
    spans = quoted_spans(text) if mark_quotes else []
    lemma = ru_lemma if lang == "ru" else en_stem
    low = text.lower()
    if lang == "ru":
        low = low.replace("ё", "е")
    if not spans:
        return [Token(w, lemma(w), False) for w in _WORD.findall(low)]
    out = []
    for m in _WORD.finditer(low):
        w, p = m.group(), m.start()
        out.append(Token(w, lemma(w), any(a < p < b for a, b in spans)))
    return out
