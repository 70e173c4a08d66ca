"""How names are compared, spelled in Latin script and turned into ids.

Shared by the speakers stage (which gives ids), the read queries (which
find a speaker by any spelling) and the extractors (through the speakers
stage's ``DocSpeakers``)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CYR = re.compile(r"[а-яё]", re.I)


@lru_cache(maxsize=200_000)
def alias_key(name: str) -> str:
    """How names are compared: case, ё, dots, dashes and spacing don't matter."""
    s = unicodedata.normalize("NFC", name).lower().replace("ё", "е")
    s = s.replace("’", "'").replace("`", "'")
    s = re.sub(r"[.\u00a0]", " ", s)
    s = re.sub(r"\s*[-‐‑–]\s*", "-", s)
    return re.sub(r"\s+", " ", s).strip(" ,;:'\"«»“”")


# A word's first letter: Е is E as passports write it (Елена -> Elena, not
# Yelena); Пх, which no Russian word begins with, is a foreign aspirated p
# (Пхукет -> Phuket). The rest is the Wikipedia scheme (Дмитрий -> Dmitry).
_INITIAL_E = re.compile(r"(?<![а-яёА-ЯЁ])([Ее])")
_INITIAL_PH = re.compile(r"(?<![а-яёА-ЯЁ])(П[хХ]|пх)")


@lru_cache(maxsize=100_000)
def transliterate(name: str) -> str:
    """Cyrillic to Latin by the Wikipedia scheme (Матвейчев -> Matveychev),
    a word's first Е as E (Елена Егорова -> Elena Egorova) and its first Пх as
    Ph (Пхукет -> Phuket)."""
    if not _CYR.search(name):
        return name
    import iuliia

    name = _INITIAL_E.sub(lambda m: "Э" if m.group(1) == "Е" else "э", name)
    name = _INITIAL_PH.sub(lambda m: {"пх": "ph", "ПХ": "PH"}.get(m.group(1), "Ph"), name)
    return iuliia.WIKIPEDIA.translate(name)


def slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", transliterate(name))
    s = s.encode("ascii", "ignore").decode().lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


_VARIANTS = [("dzh", "j"), ("dj", "j"), ("zh", "j"), ("tch", "ch"), ("sch", "sh"), ("sz", "s"), ("cs", "ch"), ("chr", "kr"), ("ch", "4"),
             ("gn", "n"), ("g", "h"), ("ck", "k"), ("ph", "f"), ("ce", "se"), ("ci", "si"), ("c", "k"), ("q", "k"),
             ("w", "v"), ("x", "ks"), ("z", "s"), ("ie", "e"), ("ya", "a"), ("yu", "u"), ("ye", "e"), ("yo", "o"),
             ("y", "i"), ("j", "i")]
# letters that slug() would flatten to a different sound: Çavuşoğlu is Чавушоглу, not Кавусоглу
_DIACRITICS = str.maketrans({"ç": "ch", "č": "ch", "ć": "ch", "ş": "sh", "š": "sh", "ś": "sh", "ž": "zh", "ż": "zh",
                             "ź": "zh", "ł": "l", "ğ": "g", "ı": "i", "ß": "ss"})
_SILENT = [(re.compile(r"kh"), "h"),  # Хайко / Heiko
           (re.compile(r"(?<=[aeiou])h(?=[^aeiou]|$)"), ""),  # Johnson / Джонсон, Sarah / Сара
           (re.compile(r"(?<=[aeiou])w(?=[^aeiou]|$)"), "u"),  # Snowden / Сноуден
           (re.compile(r"(?<=[bdfkptv])h"), ""),  # Thomas / Томас; kh is already h
           (re.compile(r"eau|eaux"), "o"),  # Trudeau / Трюдо
           (re.compile(r"ois$"), "ua"),  # François / Франсуа, Dubois / Дюбуа
           (re.compile(r"^sh(?=[tp])"), "s")]  # Штайнмайер / Steinmeier
_DOUBLE = re.compile(r"(.)\1+")
_INNER_VOWELS = re.compile(r"[aeiou]")


@lru_cache(maxsize=200_000)
def name_sound(name: str) -> str:
    """A name's words as they sound, spelling variants folded but vowels kept
    (Максин -> maksin, Maxine -> maksini): finer than the skeleton, for telling a
    translator's slip (Энджела / Angela) from another name (Алексей / Alice)."""
    words = []
    for w in slug(name.lower().replace("nç", "ns").translate(_DIACRITICS)).split("-"):  # François / Франсуа
        for pattern, sub in _SILENT:
            w = pattern.sub(sub, w)
        for a, b in _VARIANTS:
            w = w.replace(a, b)
        w = _DOUBLE.sub(r"\1", w)
        if w[-1:] in ("e", "i", "y"):
            w = w[:-1] + "i"
        words.append(w)
    return " ".join(words)


@lru_cache(maxsize=200_000)
def name_skeleton(name: str) -> str:
    """A key on which spellings of one foreign name meet across scripts:
    Рафаэль Корреа -> Rafael Korrea and Rafael Correa give the same key, and so
    do Хайко Маас / Heiko Maas, Лэнни Генри / Lenny Henry, Эдвард Сноуден /
    Edward Snowden. Vowels inside words drop out; the first letter and the
    last (-a of feminine Russian surnames) stay, so Ivanov and Ivanova stay
    apart."""
    return " ".join(w[0] + _INNER_VOWELS.sub("", w[1:-1]) + w[-1] if len(w) > 2 else w
                    for w in name_sound(name).split(" "))


def one_edit(a: str, b: str) -> bool:
    """At most one letter inserted, dropped or changed."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
