"""Speakers: one id per person, body or anonymous role, across languages.

The registry (data/speakers.yaml) names public figures and bodies in both
scripts; everyone else gets a Latin name by iuliia's Wikipedia scheme, which
is how English-language news spells Russian names, so Матвейчев and
Matveychev land on one id; a word's first Е is E, as passports write it
(Елена -> elena, where the scheme has Yelena: link.py joins the two). Anonymous sources get ``anon:<role>`` ids from
data/anon_roles.yaml.

Within a document, ``resolve.DocSpeakers`` turns mentions (names, pronouns,
role nouns) into speakers as the extractors meet them; across documents,
``link`` joins bare surnames and the two scripts' spellings of one name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from ..records import Speaker

from ..names import _CYR, alias_key, name_skeleton, slug, transliterate  # noqa: F401 - the stage's vocabulary


class Registry:
    """Known speakers and anonymous roles, indexed by every alias."""

    def __init__(self, entries: list[dict], anon_roles: dict, world=None):
        self.by_id: dict[str, Speaker] = {}
        self.by_alias: dict[str, str] = {}
        self.by_surname: dict[str, set[str]] = {}
        for e in entries:
            sp = Speaker(
                speaker_id=e["id"], speaker=e["name"], name_ru=e.get("name_ru"),
                kind=e.get("kind", "person"), role=e.get("role"), wikidata=e.get("wikidata"),
                in_registry=True,
            )
            self.by_id[sp.speaker_id] = sp
            names = [e["name"], e.get("name_ru"), *(e.get("aliases") or [])]
            for n in filter(None, names):
                sp.aliases.add(str(n))
                self._index(str(n), sp.speaker_id)
                if _CYR.search(str(n)):
                    self._index(transliterate(str(n)), sp.speaker_id)
        self.anon_roles = anon_roles
        self.world = world  # world.WorldIndex, or None for the Russian registry alone

    def _index(self, name: str, speaker_id: str) -> None:
        key = alias_key(name)
        self.by_alias.setdefault(key, speaker_id)
        parts = key.split()
        if len(parts) >= 2 and self.by_id[speaker_id].kind != "body":
            self.by_surname.setdefault(parts[-1], set()).add(speaker_id)

    def lookup(self, name: str) -> Speaker | None:
        sid = self.by_alias.get(alias_key(name))
        if sid is None and _CYR.search(name):
            sid = self.by_alias.get(alias_key(transliterate(name)))
        if sid:
            return self.by_id.get(sid)
        return self.world_lookup(name)

    def by_surname_only(self, surname: str) -> Speaker | None:
        ids = self.by_surname.get(alias_key(surname), set())
        if len(ids) == 1:
            return self.by_id[next(iter(ids))]
        if ids:
            return None
        return self.world_surname(surname)

    # --- world registry: people and bodies outside Russia's (world.py) -------
    def world_lookup(self, name: str) -> Speaker | None:
        from . import world

        if self.world is None:
            return None
        b = world.body(name) or world.country(name)
        if b is not None:
            return self.by_id.get(b.speaker_id) or Speaker(b.speaker_id, b.name, name_ru=b.name_ru, kind="body",
                                                          in_registry=True, country=b.country)
        return _world_speaker(self.world.lookup(name))

    def world_surname(self, surname: str) -> Speaker | None:
        return _world_speaker(self.world.surname(surname)) if self.world is not None else None

    def world_known(self, speaker_id: str) -> bool:
        return self.world is not None and self.world.get(speaker_id) is not None

    def anonymous(self, words: list[str], lang: str) -> str | None:
        """The anonymous role a mention names, from its (lemmatised) words."""
        have = {w.lower().replace("ё", "е") for w in words}
        text = " ".join(w.lower() for w in words)
        for role, patterns in self.anon_roles.items():
            for pattern in patterns.get(lang, []):
                need = pattern.lower().replace("ё", "е").split()
                if lang == "en" and _english_pattern(" ".join(need)).search(text):
                    return role
                if all(w in have for w in need):
                    return role
        return None

    def person(self, name_latin: str, name_ru: str | None = None) -> Speaker:
        """A speaker for a name: the registry's entry or a new transliterated one."""
        known = self.lookup(name_ru or name_latin) or self.lookup(name_latin)
        if known:
            return known
        sid = slug(name_latin)
        return Speaker(sid, name_latin, name_ru=name_ru, aliases={a for a in (name_latin, name_ru) if a})


@lru_cache(maxsize=1000)
def _english_pattern(phrase: str) -> "re.Pattern":
    """Whole words, plurals too: "expert" finds "experts", "an official" not "American officials"."""
    return re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?:s|es)?(?![\w-])")


@lru_cache(maxsize=1)
def registry() -> Registry:
    data = resources.files("shiftwatch") / "data"
    entries = yaml.safe_load((data / "speakers.yaml").read_text(encoding="utf-8")) or []
    roles = yaml.safe_load((data / "anon_roles.yaml").read_text(encoding="utf-8")) or {}
    from .world import world

    return Registry(entries, roles, world())


def _world_speaker(e) -> Speaker | None:
    """A world.WorldEntry as a Speaker (the same id in every language)."""
    if e is None:
        return None
    return Speaker(e.speaker_id, e.name, name_ru=e.names_ru[0] if e.names_ru else None, kind=e.kind, role=e.role,
                   wikidata=e.wikidata, in_registry=True, aliases={e.name, *e.names_ru}, country=e.country)


def anon_speaker(role: str) -> Speaker:
    return Speaker(f"anon:{role}", None, kind="anonymous", role=role.replace("-", " "))


def registry_aliases(reg: Registry) -> list[tuple[str, str, str]]:
    """(speaker_id, alias, alias_key) rows of the registry, for the store."""
    return sorted({(sp.speaker_id, a, alias_key(a)) for sp in reg.by_id.values() for a in sp.aliases})
