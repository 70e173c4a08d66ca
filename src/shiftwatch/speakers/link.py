"""Speakers across documents: one id for a bare surname and for a name in both scripts.

The extractors resolve mentions within one document; here a batch of
documents' statements meets what the store already knows (``Known``, which
the store implements), and their speaker fields are rewritten in place.
"""

from __future__ import annotations

from typing import Callable, Protocol

from ..records import Speaker, Statement
from . import Registry, alias_key, name_skeleton
from .world import latin_skeletons, near_skeletons


class Known(Protocol):
    """What linking asks of the store."""

    def people_by_alias_key(self, keys: list[str]) -> list[tuple[str, str]]: ...
    def unregistered_people(self) -> list[tuple[str, str, str | None]]: ...
    def speaker_names(self, speaker_id: str) -> tuple[str | None, str | None, str | None]: ...
    def rename_speaker(self, old: str, new: str, name: str) -> None: ...


def _is_person(s: Statement) -> bool:
    return (s.speaker_kind or "person") == "person"


def _is_named(sid: str | None) -> bool:
    return bool(sid) and not sid.startswith("anon:")


def link_across_documents(statements: list[Statement], known: Known, registry: Registry) -> None:
    link_surnames(statements, known)
    link_spellings(statements, known, registry)


def link_surnames(statements: list[Statement], known: Known) -> None:
    """A bare surname that no full name in its document explains («Воронин» in a
    feed post) joins the one known speaker with that surname, if there is one."""
    bare = {s.speaker_id for s in statements
            if _is_named(s.speaker_id) and "-" not in s.speaker_id and _is_person(s)}
    if not bare:
        return
    full: dict[str, set[str]] = {}
    for s in statements:
        if _is_named(s.speaker_id) and s.speaker and " " in s.speaker:
            for name in (s.speaker, s.speaker_name_ru):
                if name:
                    full.setdefault(alias_key(name.split()[-1]), set()).add(s.speaker_id)
    keys = {}
    for s in statements:
        if s.speaker_id in bare:
            for name in (s.speaker, s.speaker_name_ru):
                if name:
                    keys[alias_key(name)] = s.speaker_id
    for key, sid in known.people_by_alias_key(list(keys)):
        full.setdefault(key, set()).add(sid)
    remap = {}
    by_skeleton: dict[str, set[str]] = {}  # "Navarrette" meets «Наваретте» (Navarette) on its skeleton
    for key, ids in full.items():
        by_skeleton.setdefault(name_skeleton(key), set()).update(ids)
    for key, bare_id in keys.items():
        ids = (full.get(key) or by_skeleton.get(name_skeleton(key)) or set()) - {bare_id}
        if len(ids) == 1:
            remap[bare_id] = next(iter(ids))
    names = {s.speaker_id: (s.speaker, s.speaker_name_ru, s.speaker_kind) for s in statements if s.speaker_id}
    for s in statements:
        target = remap.get(s.speaker_id)
        if target:
            s.speaker_id = target
            s.speaker, s.speaker_name_ru, s.speaker_kind = names[target] if target in names else known.speaker_names(target)


def link_spellings(statements: list[Statement], known: Known, registry: Registry) -> None:
    """One id for a foreign name spelled in both scripts (Корреа / Correa).

    A name that reached us through Cyrillic joins a speaker whose name was
    written in Latin script when their skeletons meet; when the Latin spelling
    arrives second it takes over the transliterated id, since it is how the
    person spells their own name. Registry speakers (Russia's and the world's,
    whose ids are the same in both scripts already) are left as they are."""
    new: dict[str, tuple[str, str | None]] = {}
    for s in statements:
        if registry.world_known(s.speaker_id or ""):
            continue
        if _is_named(s.speaker_id) and s.speaker and _is_person(s):
            new.setdefault(s.speaker_id, (s.speaker, s.speaker_name_ru))  # bare names too: «Эрик» / "Eric"
    if not new:
        return
    by_key: dict[str, tuple[str, bool]] = {}
    for sid, name, name_ru in known.unregistered_people():
        for key in (name_skeleton(name),) if name_ru is not None else latin_skeletons(name):
            by_key.setdefault(key, (sid, name_ru is not None))
    near = near_skeletons(by_key)
    remap: dict[str, str] = {}
    # within the batch: the Latin spelling, else the first one, stands for the group
    groups: dict[str, list[str]] = {}
    for sid, (name, _) in new.items():
        groups.setdefault(name_skeleton(name), []).append(sid)
    for sids in groups.values():
        if len(sids) > 1:
            head = next((x for x in sids if new[x][1] is None), sids[0])
            remap.update({x: head for x in sids if x != head})
    # a transliterated name one letter off a Latin one of the batch (Энджела / Angela)
    latin = {k: (x, False) for x, (n, ru) in new.items() if ru is None and x not in remap for k in latin_skeletons(n)}
    near_latin = near_skeletons(latin)
    for sid, (name, name_ru) in new.items():
        if sid not in remap and name_ru is not None:
            hit = latin.get(name_skeleton(name)) or near_latin(name_skeleton(name))
            if hit is not None and hit[0] != sid:
                remap[sid] = hit[0]
    for sid, (name, name_ru) in new.items():
        if sid in remap:
            continue
        hit = by_key.get(name_skeleton(name)) or near(name_skeleton(name))
        if hit is None or hit[0] == sid or registry.world_known(hit[0]):
            continue
        other, other_cyrillic = hit
        if name_ru is not None:
            remap[sid] = other  # transliterated: join the stored spelling
        elif other_cyrillic:
            known.rename_speaker(other, sid, name)  # the Latin spelling arrives: it wins
    for s in statements:
        if s.speaker_id in remap:
            target = remap[s.speaker_id]
            name, name_ru = new[target] if target in new else known.speaker_names(target)[:2]
            s.speaker_id, s.speaker = target, name
            s.speaker_name_ru = s.speaker_name_ru or name_ru


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
