"""Russian or English: shared by ingest (documents) and labels (text given to `label`)."""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import Rejection

_CYRILLIC = re.compile(r"[а-яё]", re.I)


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.RUSSIAN).build()


def detect_lang(text: str) -> str:
    """ru or en. The script decides clear cases; lingua decides mixed ones."""
    sample = text[:3000]
    cyr = len(_CYRILLIC.findall(sample))
    lat = len(re.findall(r"[a-z]", sample, re.I))
    if cyr + lat == 0:
        raise Rejection("no Russian or English text found")
    if cyr > 4 * lat:
        return "ru"
    if lat > 4 * cyr:
        return "en"
    from lingua import Language

    lang = _detector().detect_language_of(sample)
    return "ru" if lang == Language.RUSSIAN else "en"
