"""How names are compared, spelled in Latin script and turned into ids.

Shared by the speakers stage (which gives ids), the read queries (which
find a speaker by any spelling) and the extractors (through the speakers
stage's ``DocSpeakers``)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CYR = re.compile(r"[а-яё]", re.I)


def alias_key(name: str) -> str:
    """How names are compared: case, ё, dots, dashes and spacing don't matter."""
    s = unicodedata.normalize("NFC", name).lower().replace("ё", "е")
    s = s.replace("’", "'").replace("`", "'")
    s = re.sub(r"[.\u00a0]", " ", s)
    s = re.sub(r"\s*[-‐‑–]\s*", "-", s)
    return re.sub(r"\s+", " ", s).strip(" ,;:'\"«»“”")


@lru_cache(maxsize=100_000)
def transliterate(name: str) -> str:
    """Cyrillic to Latin by the Wikipedia scheme (Матвейчев -> Matveychev)."""
    if not _CYR.search(name):
        return name
    import iuliia

    return iuliia.WIKIPEDIA.translate(name)


def slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", transliterate(name))
    s = s.encode("ascii", "ignore").decode().lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


_VARIANTS = [("dzh", "j"), ("zh", "j"), ("tch", "ch"), ("sch", "sh"), ("sz", "s"), ("cs", "ch"), ("ch", "4"),
             ("kh", "h"), ("ck", "k"), ("ph", "f"), ("c", "k"), ("q", "k"), ("w", "v"), ("x", "ks"),
             ("ya", "a"), ("yu", "u"), ("ye", "e"), ("yo", "o"), ("y", "i"), ("j", "i"), ("ie", "e")]


def name_skeleton(name: str) -> str:
    """A key on which spellings of one foreign name meet across scripts:
    Рафаэль Корреа -> Rafael Korrea and Rafael Correa give the same key. Vowels
    inside words drop out; the first letter and the last (-a of feminine
    Russian surnames) stay, so Ivanov and Ivanova stay apart."""
    words = []
    for w in slug(name).split("-"):
        for a, b in _VARIANTS:
            w = w.replace(a, b)
        w = re.sub(r"(.)\1+", r"\1", w)
        w = re.sub(r"[eiy]$", "i", w)
        if len(w) > 2:
            w = w[0] + re.sub(r"[aeiou]", "", w[1:-1]) + w[-1]
        words.append(w)
    return " ".join(words)
