"""Words and lemmas for the measures stage.

Russian words go through pymorphy2 (lemma and tense, cached per form);
English words through a light suffix stemmer: the lexicons are stemmed with
the same function when loaded, so a cue matches every inflection of its
words without listing them."""

from __future__ import annotations

import inspect
import re
from functools import lru_cache
from typing import NamedTuple

if not hasattr(inspect, "getargspec"):  # pymorphy2 0.9 predates Python 3.11
    inspect.getargspec = lambda f: inspect.getfullargspec(f)[:4]  # type: ignore[attr-defined]

WORD = re.compile(r"[^\W_]+(?:[-‐'’][^\W_]+)*|[%№§]")


# English compounds split at hyphens: deferred-action, anti-people-smuggling
_EN_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[%№§]")


class Tok(NamedTuple):
    low: str  # lowercased surface form
    lemma: str
    start: int
    end: int
    tense: str  # "past" / "pres" / "futr" / "" (Russian verbs only)
    cap: bool  # starts with an upper-case letter


_RU_PERSON_HEADS = {"мигрант", "переселенец", "иностранец", "беженец", "нелегал", "гастарбайтер", "соотечественник"}


@lru_cache(maxsize=1)
def _morph():
    import pymorphy2

    return pymorphy2.MorphAnalyzer()


@lru_cache(maxsize=300_000)
def ru_parse(word: str) -> tuple[str, str]:
    """(lemma, tense) of a lowercased Russian word form."""
    if not word or not ("а" <= word[0] <= "я" or word[0] == "ё"):
        return word, ""
    if "-" in word[1:-1]:
        # визово-миграционный, экс-губернатор: the last part carries the inflection
        head, _, last = word.rpartition("-")
        first = ru_parse(word.partition("-")[0])[0]
        if first in _RU_PERSON_HEADS:
            return first, ""  # мигранты-таксисты, переселенцев-соотечественников: people first
        lem, tense = ru_parse(last)
        return head + "-" + lem, tense
    p = _morph().parse(word)[0]
    tag = p.tag
    tense = tag.tense or ""
    if tag.POS in ("VERB",) and not tense:
        tense = ""
    lemma = p.normal_form.replace("ё", "е")
    # participles and gerunds keep their verb's lemma in pymorphy2's normal form
    # only for some forms; nouns of action stay nouns (запрет, блокировка)
    return lemma, tense


_EN_IRREGULAR = {
    "children": "child", "men": "man", "women": "woman", "people": "people", "was": "be", "were": "be",
    "is": "be", "are": "be", "been": "be", "am": "be", "has": "have", "had": "have", "did": "do", "does": "do",
    "signed": "sign", "passed": "pass", "barred": "bar", "banned": "ban", "led": "lead", "took": "take",
    "taken": "take", "gave": "give", "given": "give", "began": "begin", "begun": "begin", "went": "go",
    "gone": "go", "made": "make", "set": "set", "cut": "cut", "put": "put", "won": "win", "held": "hold",
    "struck": "strike", "stricken": "strike", "froze": "freeze", "frozen": "freeze", "chose": "choose",
    "sent": "send", "spent": "spend", "built": "build", "brought": "bring", "laid": "lay", "kept": "keep",
    "left": "left", "news": "news", "lives": "life", "wives": "wife", "visas": "visa",
}
_EN_PAST = {"signed", "passed", "barred", "banned", "led", "took", "gave", "began", "went", "made", "won", "held",
            "struck", "froze", "chose", "sent", "spent", "built", "brought", "laid", "kept", "was", "were", "had", "did"}
_EN_SUFFIXES = (
    "izations", "ization", "ational", "ations", "ation", "ments", "ment", "ings", "ing", "ied", "ies",
    "ed", "es", "s",
)


@lru_cache(maxsize=300_000)
def en_stem(word: str) -> str:
    """A light stemmer: inflections and -ation/-ment nouns fold onto one stem
    (deport, deported, deporting, deportation -> deport)."""
    w = word.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _EN_IRREGULAR:
        return _EN_IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    for suf in _EN_SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            stem = w[: -len(suf)]
            if suf in ("ies", "ied"):
                stem += "y"
            elif suf == "es" and not stem.endswith(("s", "x", "z", "ch", "sh")):
                stem = w[:-1]
                if stem.endswith("e"):
                    stem = stem[:-1]
            elif suf in ("ed", "ing") and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]  # planned -> plan, barring -> bar
            while stem.endswith("e") and len(stem) > 3:
                stem = stem[:-1]
            return stem
    while w.endswith("e") and len(w) > 4:
        w = w[:-1]  # refugee, refugees -> refug
    return w


def lemma_of(word: str, lang: str) -> str:
    low = word.lower()
    if lang == "ru":
        return ru_parse(low.replace("ё", "е"))[0]
    return en_stem(low)


URL = re.compile(r"https?://\S+|www\.\S+|t\.me/\S+")


def tokens(text: str, lang: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """Words of text[start:end] (links left out: a markdown link keeps its words)."""
    end = len(text) if end is None else end
    out = []
    skip = [(u.start(), u.end()) for u in URL.finditer(text, start, end)] if "://" in text or "t.me" in text else []
    for m in (WORD.finditer(text, start, end) if lang == "ru" else _EN_WORD.finditer(text, start, end)):
        if skip and any(a <= m.start() < b for a, b in skip):
            continue
        w = m.group()
        low = w.lower()
        if lang == "ru":
            low = low.replace("ё", "е")
            lem, tense = ru_parse(low)
        else:
            lem = en_stem(low)
            tense = "past" if (low.endswith("ed") and len(low) > 4) or low in _EN_PAST else ""
        out.append(Tok(low, lem, m.start(), m.end(), tense, w[:1].isupper()))
    return out


def lemmatize_phrase(phrase: str, lang: str) -> str:
    """A lexicon phrase as the space-joined lemmas its matches will have."""
    return " ".join(t.lemma for t in tokens(phrase, lang))
