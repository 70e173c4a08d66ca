"""Speakers across documents: one id for a bare surname and for a name in both scripts.

The extractors resolve mentions within one document; here a batch of
documents' statements meets what the store already knows (``Known``, which
the store implements), and their speaker fields are rewritten in place.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Protocol

from ..records import Speaker, Statement
from . import Registry, alias_key, name_skeleton
from ..names import _CYR
from .world import NearNames, WorldIndex, latin_spellings, nominatives


class Known(Protocol):
    """What linking asks of the store."""

    def people_by_alias_key(self, keys: list[str]) -> list[tuple[str, str]]: ...
    def unregistered_speakers(self) -> list[tuple[str, str, str | None, str]]: ...
    def speaker_names(self, speaker_id: str) -> tuple[str | None, str | None, str | None]: ...
    def rename_speaker(self, old: str, new: str, name: str) -> None: ...
    def mark_person(self, speaker_id: str) -> None: ...


def _is_person(s: Statement) -> bool:
    return (s.speaker_kind or "person") == "person"


def _is_named(sid: str | None) -> bool:
    return bool(sid) and not sid.startswith("anon:")


def _looks_like_name(name: str) -> bool:
    """A Latin-script body that may be a person the tagger took for an
    organisation ("Navarrette says …"): one to three capitalised words, no acronym."""
    words = name.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words) and not _CYR.search(name)


def _name_like(name: str | None, name_ru: str | None, kind: str | None) -> bool:
    """A person, or a body whose name may be a person's."""
    return (kind or "person") == "person" or (kind == "body" and name_ru is None and bool(name) and _looks_like_name(name))


class _Stored:
    """What the store knows of speakers outside the registries, read once per batch."""

    def __init__(self, known: Known, skip: set[str]):
        rows = [r for r in known.unregistered_speakers() if r[0] not in skip]
        self.people = [(sid, name, name_ru, kind) for sid, name, name_ru, kind in rows if _name_like(name, name_ru, kind)]


def link_across_documents(statements: list[Statement], known: Known, registry: Registry) -> None:
    """Rewrite the batch's speaker fields so a person has one id whichever
    document, language and batch named them first."""
    link_surnames(statements, known, registry)
    link_spellings(statements, known, registry)


@lru_cache(maxsize=200_000)
def _surname_keys(name: str) -> tuple[str, str]:
    last = alias_key(name.split()[-1])
    return last, name_skeleton(last)


def link_surnames(statements: list[Statement], known: Known, registry: Registry | None = None) -> None:
    """A bare surname that no full name in its document explains («Воронин» in a
    feed post) joins the one known speaker with that surname, if there is one;
    and a bare surname stored before joins the full name when it arrives."""
    named = {s.speaker_id: (s.speaker, s.speaker_name_ru, s.speaker_kind) for s in statements
             if _is_named(s.speaker_id) and s.speaker}
    bare = {sid for sid, (name, ru, kind) in named.items()
            if "-" not in sid and " " not in name and _name_like(name, ru, kind)
            and not (registry is not None and registry.world_known(sid))}
    stored = _Stored(known, set(named))
    # full names by surname and by the surname's skeleton: the batch's, then those stored
    # and the registry's with a surname some bare name here may mean
    full: dict[str, set[str]] = {}
    by_skeleton: dict[str, set[str]] = {}  # "Navarrette" meets «Наваретте» (Navarette) on its skeleton

    def add_full(sid: str, name: str, wanted: set[str] | None = None) -> None:
        key, skel = _surname_keys(name)
        if wanted is None or key in wanted or skel in wanted:
            full.setdefault(key, set()).add(sid)
            by_skeleton.setdefault(skel, set()).add(sid)

    for sid, (name, ru, kind) in named.items():
        if (kind or "person") == "person" and " " in name:
            for n in (name, ru):
                if n:
                    add_full(sid, n)
    keys: dict[str, str] = {}  # bare names of the batch
    for sid in bare:
        for n in named[sid][:2]:
            if n:
                keys[alias_key(n)] = sid
    stored_bare = [(sid, [alias_key(n) for n in (name, ru) if n]) for sid, name, ru, kind in stored.people
                   if "-" not in sid and " " not in name]
    stored_bare = [(sid, ks) for sid, ks in stored_bare if any(k in full or name_skeleton(k) in by_skeleton for k in ks)]
    wanted = set(keys) | {name_skeleton(k) for k in keys} | {k for _, ks in stored_bare for k in ks} \
        | {name_skeleton(k) for _, ks in stored_bare for k in ks}
    for sid, name, ru, kind in stored.people:
        if kind == "person" and "-" in sid and " " in name:
            for n in (name, ru):
                if n:
                    add_full(sid, n, wanted)
    for key, sid in known.people_by_alias_key(list(keys)):
        full.setdefault(key, set()).add(sid)

    def the_one(key: str, besides: str) -> str | None:
        ids = (full.get(key) or by_skeleton.get(name_skeleton(key)) or set()) - {besides}
        return next(iter(ids)) if len(ids) == 1 else None

    remap = {}
    for key, bare_id in sorted(keys.items()):
        target = the_one(key, bare_id)
        if target:
            remap[bare_id] = target
    # stored bare surnames that a full name of this batch explains
    for sid, ks in stored_bare:
        targets = {the_one(k, sid) for k in ks} - {None}
        if len(targets) == 1 and (target := next(iter(targets))) in named:
            known.rename_speaker(sid, target, named[target][0])
    names = {sid: v for sid, v in named.items() if sid not in remap}
    for s in statements:
        target = remap.get(s.speaker_id)
        if target:
            s.speaker_id = target
            s.speaker, s.speaker_name_ru, s.speaker_kind = names[target] if target in names else known.speaker_names(target)
            s.speaker_kind = s.speaker_kind or "person"


@lru_cache(maxsize=200_000)
def _latin_surnames(name: str) -> frozenset[str]:
    return frozenset(_last(name_skeleton(spelling)) for spelling in latin_spellings(name))


def _last(words: str) -> str:
    return words.split()[-1] if words.split() else ""


@lru_cache(maxsize=200_000)
def _surname_skeletons(name: str, name_ru: str) -> frozenset[str]:
    """The skeletons a Cyrillic-born name's surname may have in the nominative."""
    last = _last(name_ru)
    return frozenset(_last(name_skeleton(w)) for w in (_last(name), last, *nominatives(last)) if w)


def cyrillic_keys(name: str, name_ru: str) -> list[str]:
    """The skeletons a name that reached us through Cyrillic can meet a Latin
    spelling on: as given, then with its words brought back to the nominative
    (a translator's «Хуана Мануэля Сантоса», «в Скотланд-Ярде»)."""
    keys = [name_skeleton(name), name_skeleton(name_ru)]
    keys += [name_skeleton(f) for f in nominative_forms(name_ru)]
    return list(dict.fromkeys(keys))


def nominative_forms(name_ru: str) -> list[str]:
    """Candidate nominatives of an inflected Russian name, not the name itself.
    A woman's name in the nominative has none: «Анна Петрова» is not Анна Петров."""
    words = name_ru.split()
    if not words or len(words) > 4 or (len(words) > 1 and _woman_in_nominative(words[0])):
        return []
    return [f for f in WorldIndex._forms(words)[1:16] if f != name_ru]


@lru_cache(maxsize=20_000)
def _woman_in_nominative(given: str) -> bool:
    from .world import _morph

    tags = [p.tag for p in _morph().parse(given) if "Name" in p.tag]
    return bool(tags) and "femn" in tags[0] and "nomn" in tags[0]


def link_spellings(statements: list[Statement], known: Known, registry: Registry) -> None:
    """One id for a foreign name spelled in both scripts (Корреа / Correa).

    A name that reached us through Cyrillic joins a speaker whose name was
    written in Latin script when their skeletons meet (its nominative's, if it
    came inflected); when the Latin spelling arrives second it takes over the
    transliterated id, since it is how the person spells their own name. An
    inflected Cyrillic name joins its nominative the same way («Георгия Полина»
    / «Георгий Полин»), so the ids do not depend on which document came first.
    Registry speakers (Russia's and the world's, whose ids are the same in both
    scripts already) are left as they are."""
    new: dict[str, tuple[str, str | None]] = {}
    bodies: set[str] = set()  # Latin names the tagger called organisations
    for s in statements:
        sid = s.speaker_id or ""
        if not _is_named(sid) or not s.speaker or registry.world_known(sid):
            continue
        if _is_person(s):
            new.setdefault(sid, (s.speaker, s.speaker_name_ru))  # bare names too: «Эрик» / "Eric"
        elif _name_like(s.speaker, s.speaker_name_ru, s.speaker_kind) and registry.lookup(s.speaker) is None:
            new.setdefault(sid, (s.speaker, None))
            bodies.add(sid)
    bodies -= {sid for sid, (n, r) in new.items() if r is not None}
    if not new:
        return
    stored = _Stored(known, set(new)).people
    stored_bodies = {sid for sid, _, _, kind in stored if kind == "body"}
    # Latin spellings, of the batch and stored, by key
    latin: dict[str, set[str]] = {}
    near = NearNames()
    cyr_surnames = frozenset().union(*(_surname_skeletons(n, r) for n, r in new.values() if r is not None))
    for sid, name, name_ru in [(x, n, r) for x, (n, r) in new.items()] + [r[:3] for r in stored]:
        if name_ru is None and (sid in new or _latin_surnames(name) & cyr_surnames):
            for spelling in latin_spellings(name):
                latin.setdefault(name_skeleton(spelling), set()).add(sid)
                near.add(spelling, sid)
    cyr = {sid: (n, r) for sid, (n, r) in new.items() if r is not None}
    stored_cyr = {sid: (n, r) for sid, n, r, kind in stored if r is not None}

    def latin_match(name: str, name_ru: str) -> str | None:
        for key in cyrillic_keys(name, name_ru):  # exact first, the name as written before its nominatives
            hit = latin.get(key, set())
            if len(hit) == 1:
                return next(iter(hit))
        for form in [name, name_ru, *nominative_forms(name_ru)]:
            hit = near.find(form)
            if len(hit) == 1:
                return hit[0]
        return None

    remap: dict[str, str] = {}
    renames: dict[str, str] = {}  # stored id -> the batch's id that takes it over
    # within the batch, Latin spellings of one skeleton: the smallest id stands for them
    groups: dict[str, list[str]] = {}
    for sid, (name, name_ru) in new.items():
        if name_ru is None and sid not in bodies:
            groups.setdefault(name_skeleton(name), []).append(sid)
    for sids in groups.values():
        head = min(sids)
        remap.update({x: head for x in sids if x != head})
    # a Cyrillic-born name joins the Latin spelling it meets, of the batch or stored
    persons: set[str] = set()  # Latin "bodies" a Cyrillic person met
    for sid, (name, name_ru) in cyr.items():
        hit = latin_match(name, name_ru)
        if hit is not None and hit != sid:
            remap[sid] = remap.get(hit, hit)
            persons.add(remap[sid])
    # a stored Cyrillic-born name that a Latin spelling of the batch meets: the Latin one wins
    # (only names whose surname could meet one of the batch's are looked at: the store is large)
    new_latin_surnames = frozenset().union(*(_latin_surnames(n) for n, r in new.values() if r is None))
    for sid, (name, name_ru) in stored_cyr.items():
        if not _surname_skeletons(name, name_ru) & new_latin_surnames:
            continue
        hit = latin_match(name, name_ru)
        if hit is not None and hit in new:
            renames[sid] = remap.get(hit, hit)
            persons.add(renames[sid])
    # an inflected Cyrillic name joins its nominative (batch or stored), whichever came first
    by_ru: dict[str, str] = {}
    for sid, (name, name_ru) in sorted(list(cyr.items()) + list(stored_cyr.items())):
        if len(name_ru.split()) >= 2:
            by_ru.setdefault(alias_key(name_ru), sid)
    new_surnames = {alias_key(r.split()[-1]) for r in (r for _, r in cyr.values()) if len(r.split()) >= 2}
    for sid, (name, name_ru) in sorted(list(cyr.items()) + list(stored_cyr.items())):
        if len(name_ru.split()) < 2 or sid in remap or sid in renames:
            continue
        if sid not in new and not any(alias_key(f) in new_surnames for f in nominatives(name_ru.split()[-1])[1:]):
            continue
        base = {by_ru[k] for k in map(alias_key, nominative_forms(name_ru)) if k in by_ru} - {sid}
        if len(base) != 1:
            continue
        target = next(iter(base))
        target = remap.get(target, renames.get(target, target))
        if sid in new:
            remap[sid] = target
        elif target in new:
            renames[sid] = target
    for old, target in sorted(renames.items()):
        name = new[target][0] if target in new else known.speaker_names(target)[0]
        known.rename_speaker(old, target, name)
    for sid in persons & stored_bodies:
        known.mark_person(sid)
    for s in statements:
        if s.speaker_id in remap:
            target = remap[s.speaker_id]
            name, name_ru = new[target] if target in new else known.speaker_names(target)[:2]
            s.speaker_id, s.speaker = target, name
            s.speaker_name_ru = s.speaker_name_ru or name_ru
            s.speaker_kind = "person"
        elif s.speaker_id in persons:
            s.speaker_kind = "person"  # a Cyrillic person met it: it was a person's name


PRONOUNS = {"he", "she", "they", "он", "она", "они", "его", "её", "ее", "их", "i", "we", "я", "мы"}


def speaker_records(statements: list[Statement], has_role_word: Callable[[str], bool],
                    registry: Registry | None = None) -> tuple[list[Speaker], list[tuple[str, str, str]]]:
    """The speakers these statements name, and their aliases (speaker_id, alias, alias_key).

    A mention that is just a name («Воронина», "A. Voronin") is an alias; a
    mention with a role («Пресс-секретарь Аркадий Воронин») is not: the
    caller's ``has_role_word`` knows the role words of each language."""
    speakers: dict[str, Speaker] = {}
    aliases: set[tuple[str, str, str]] = set()
    for s in statements:
        sid = s.speaker_id
        if not sid:
            continue
        anonymous = sid.startswith("anon:")
        if sid not in speakers:
            speakers[sid] = Speaker(
                sid, None if anonymous else s.speaker, s.speaker_name_ru,
                "anonymous" if anonymous else (s.speaker_kind or "person"),
                sid[5:].replace("-", " ") if anonymous else None,
            )
            entry = registry.world.get(sid) if registry is not None and registry.world is not None else None
            if entry is not None:  # a world-registry figure: its own name, role and Q-id
                sp = speakers[sid]
                sp.speaker, sp.name_ru, sp.role = entry.name, (entry.names_ru or (sp.name_ru,))[0], entry.role
                sp.wikidata, sp.in_registry = entry.wikidata, True
        if anonymous:
            continue
        for name in (s.speaker, s.speaker_name_ru):
            if name:
                aliases.add((sid, name, alias_key(name)))
                if _is_person(s) and " " in name:
                    surname = name.split()[-1]  # «Петров», "Petrov": what people type
                    aliases.add((sid, surname, alias_key(surname)))
        mention = (s.speaker_mention or "").strip()
        if (
            mention and len(mention.split()) <= 3 and mention.lower() not in PRONOUNS
            and all(w[:1].isupper() for w in mention.split()) and not has_role_word(mention)
        ):
            aliases.add((sid, mention, alias_key(mention)))
    return list(speakers.values()), sorted(aliases)
