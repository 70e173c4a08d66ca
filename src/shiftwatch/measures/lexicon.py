"""The measures lexicons (data/measures/{ru,en}.yaml), lemmatised once and
indexed by their first lemma so that a clause is matched in one pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
import re
from typing import Any

import yaml

from .lemma import Tok, lemmatize_phrase


@dataclass
class Match:
    i: int  # first token
    j: int  # one past the last token
    key: str  # the lemmatised phrase
    data: Any = None


class PhraseSet:
    """Phrases (lemma sequences) with a payload; finds every match in a token list."""

    def __init__(self, phrases: list[tuple[str, Any]], lang: str):
        self.index: dict[str, list[tuple[tuple[str, ...], str, Any]]] = {}
        for phrase, data in phrases:
            lem = lemmatize_phrase(str(phrase), lang)
            if not lem:
                continue
            parts = tuple(lem.split())
            self.index.setdefault(parts[0], []).append((parts, lem, data))
        for v in self.index.values():
            v.sort(key=lambda e: -len(e[0]))  # longest first

    def find(self, toks: list[Tok], longest_only: bool = True) -> list[Match]:
        out: list[Match] = []
        n = len(toks)
        i = 0
        while i < n:
            cands = self.index.get(toks[i].lemma)
            hit = None
            if cands:
                for parts, key, data in cands:
                    k = len(parts)
                    if i + k <= n and all(toks[i + x].lemma == parts[x] for x in range(1, k)):
                        hit = Match(i, i + k, key, data)
                        break
            if hit:
                out.append(hit)
                i = hit.j if longest_only else i + 1
            else:
                i += 1
        return out


@dataclass
class Lexicon:
    lang: str
    target: PhraseSet
    not_target: PhraseSet
    acts: PhraseSet
    demand: PhraseSet
    crime: PhraseSet
    statistics: PhraseSet
    kinds: PhraseSet
    kind_order: list[str]
    sectors: PhraseSet
    authorities: PhraseSet
    not_authorities: PhraseSet
    raw: dict = field(default_factory=dict)
    prefilter: re.Pattern = None  # type: ignore[assignment]


def _pairs(d: dict) -> list[tuple[str, str]]:
    return [(p, k) for k, ps in d.items() for p in ps]


@lru_cache(maxsize=4)
def load(lang: str) -> Lexicon:
    if lang not in ("ru", "en"):
        raise ValueError(f"measures: no lexicon for language {lang!r} (ru, en)")
    text = resources.files("shiftwatch").joinpath("data", "measures", f"{lang}.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    raw["_persons"] = {lemmatize_phrase(p, lang).split()[0] for p in raw.get("persons", [])}
    P = lambda items: PhraseSet(items, lang)  # noqa: E731
    return Lexicon(
        lang=lang,
        target=P([(p, None) for p in raw["target"]]),
        not_target=P([(p, None) for p in raw.get("not_target", [])]),
        acts=P([(a["cue"], a) for a in raw["acts"]]),
        demand=P([(p, None) for p in raw.get("demand", [])]),
        crime=P([(p, None) for p in raw.get("crime", [])]),
        statistics=P([(p, None) for p in raw.get("statistics", [])]),
        kinds=P(_pairs(raw["kinds"])),
        kind_order=raw["kind_order"],
        sectors=P(_pairs(raw["sectors"])),
        authorities=P([(a["cue"], a) for a in raw["authorities"]]),
        not_authorities=P([(p, None) for p in raw.get("not_authorities", [])]),
        raw=raw,
        prefilter=_prefilter(raw["target"] + raw.get("target_context", [])),
    )


def _prefilter(targets: list[str]) -> re.Pattern:
    """A cheap superset of the target lexicon: the stems' first letters."""
    stems = set()
    for p in targets:
        w = str(p).lower().replace("ё", "е").split()[0]
        stems.add(re.escape(w[: max(3, min(5, len(w) - 1))]))
    return re.compile("|".join(sorted(stems, key=len, reverse=True)))
