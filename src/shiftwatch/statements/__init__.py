"""Statements: who said what, as labels.md defines it.

``extract(text, lang)`` finds direct, partial and indirect statements and
their speakers in one document's clean text; ``analyze_pending`` runs it
(and the labels stage) over every stored document not analysed yet, one
transaction per batch, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from dataclasses import dataclass
from typing import Callable

import pyarrow as pa

from ..store import first


@dataclass
class Statement:
    kind: str  # direct | partial | indirect
    char_start: int
    char_end: int
    text: str
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_id: str | None = None
    speaker: str | None = None
    speaker_name_ru: str | None = None
    speaker_kind: str | None = None


def extract(text: str, lang: str) -> list[Statement]:
    if lang == "ru":
        from . import ru

        return ru.extract(text)
    from . import en

    return en.extract(text)


def extract_many(texts: list[str], lang: str) -> list[list[Statement]]:
    """``extract`` of several texts in one language; English ones are parsed
    as one batch, which is faster than one by one."""
    if lang == "ru":
        return [extract(text, lang) for text in texts]
    from . import en

    return en.extract_many(texts)


def statement_id(doc_id: str, st: Statement) -> str:
    return hashlib.sha1(f"{doc_id}:{st.char_start}:{st.char_end}".encode()).hexdigest()[:16]


def context_of(text: str, start: int, end: int, limit: int = 600) -> str:
    """What the labeller sees around a statement: its paragraph, and for a
    paragraph shorter than 200 characters (sentence-per-line text, feed posts)
    the lines before and after it too. The same as labels.context_of (the
    stages do not import each other)."""
    a = text.rfind("\n", max(0, start - limit), start)
    a = max(0, start - limit) if a < 0 else a + 1
    b = text.find("\n", end, end + limit)
    b = min(len(text), end + limit) if b < 0 else b
    if b - a < 200:
        lo = max(0, a - limit)
        head = text[lo:a].rstrip()
        a = lo + head.rfind("\n") + 1
        tail = text[b : b + limit]
        rest = tail.lstrip()
        nl = rest.find("\n")
        b += len(tail) - len(rest) + (len(rest) if nl < 0 else nl)
    return text[a:b].strip()


# -- the stage over the store --------------------------------------------

_LABELLER = {}


def _labeller(model_path: str | None):
    if model_path not in _LABELLER:
        from ..labels import Labeller

        _LABELLER[model_path] = Labeller.load(model_path)
    return _LABELLER[model_path]


def _analyze_docs(chunk: list[tuple[str, str, str, str | None]]) -> list[tuple[str, list[dict]]]:
    """A few documents, the English ones extracted as one batch; should that
    fail, one by one, so that only the odd document is rejected."""
    english = [text for _, text, lang, _ in chunk if lang != "ru"]
    try:
        found = iter(extract_many(english, "en") if english else [])
    except Exception:
        return [_analyze_doc(args) for args in chunk]
    return [_analyze_doc(args, next(found) if args[2] != "ru" else None) for args in chunk]


def _analyze_doc(
    args: tuple[str, str, str, str | None], found: list[Statement] | None = None
) -> tuple[str, list[dict]]:
    doc_id, text, lang, model_path = args
    if found is None:
        try:
            found = extract(text, lang)
        except Exception as e:  # one odd document must not stop the run
            return doc_id, [{"error": f"{type(e).__name__}: {e}"}]
    labeller = _labeller(model_path)
    labels = labeller.label_many(
        [{"text": s.text, "lang": lang, "context": context_of(text, s.char_start, s.char_end)} for s in found]
    )
    rows = []
    for s, lab in zip(found, labels):
        rows.append(
            {
                "statement_id": statement_id(doc_id, s),
                "doc_id": doc_id,
                "kind": s.kind,
                "text": s.text,
                "char_start": s.char_start,
                "char_end": s.char_end,
                "speaker_mention": s.speaker_mention,
                "speaker_start": s.speaker_start,
                "speaker_end": s.speaker_end,
                "speaker_id": s.speaker_id,
                "speaker": s.speaker,
                "speaker_name_ru": s.speaker_name_ru,
                "speaker_kind": s.speaker_kind,
                "about_migration": bool(lab["about_migration"]),
                "stance": lab["stance"],
                "frames": list(lab["frames"]),
                "cues": list(lab["cues"]),
                "label_model": labeller.version,
            }
        )
    return doc_id, rows


def analyze_pending(
    store,
    *,
    workers: int = 1,
    batch_size: int = 200,
    model_path: str | None = None,
    progress: Callable | None = None,
) -> int:
    """Extract and label statements of every document not analysed yet."""
    con = store.con
    total = first(con, "SELECT count(*) FROM documents WHERE NOT analyzed AND duplicate_of IS NULL")[0]
    if total == 0:
        return 0
    seed_registry(store)
    done = 0
    added = 0
    pool = None
    if workers > 1:
        pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        while True:
            batch = con.execute(
                """SELECT doc_id, text, lang FROM documents
                   WHERE NOT analyzed AND duplicate_of IS NULL ORDER BY doc_id LIMIT ?""",
                [batch_size],
            ).fetchall()
            if not batch:
                break
            args = [(d, t, l, model_path) for d, t, l in batch]
            chunks = [args[i : i + 16] for i in range(0, len(args), 16)]
            done_chunks = pool.map(_analyze_docs, chunks, chunksize=1) if pool else map(_analyze_docs, chunks)
            results = [r for rs in done_chunks for r in rs]
            added += _store_statements(store, results)
            done += len(batch)
            if progress:
                progress("analyze", done, total)
    finally:
        if pool:
            pool.close()
            pool.join()
    return added


def _store_statements(store, results: list[tuple[str, list[dict]]]) -> int:
    rows = [r for _, rs in results for r in rs if "error" not in r]
    errors = [(d, rs[0]["error"]) for d, rs in results if rs and "error" in rs[0]]
    doc_ids = [d for d, _ in results]
    con = store.con
    with store.transaction():
        for doc_id, err in errors:
            store.reject(f"document {doc_id}", f"statement extraction failed ({err[:160]})")
        con.execute(
            "DELETE FROM statements WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids]
        )
        if rows:
            _link_surnames(con, rows)
            _link_spellings(con, rows)
            _upsert_speakers(store, rows)
            table = pa.table(
                {
                    k: pa.array([r[k] for r in rows], type=t)
                    for k, t in [
                        ("statement_id", pa.string()), ("doc_id", pa.string()), ("kind", pa.string()),
                        ("text", pa.string()), ("char_start", pa.int32()), ("char_end", pa.int32()),
                        ("speaker_mention", pa.string()), ("speaker_start", pa.int32()),
                        ("speaker_end", pa.int32()), ("speaker_id", pa.string()),
                        ("about_migration", pa.bool_()), ("stance", pa.string()),
                        ("frames", pa.list_(pa.string())), ("cues", pa.list_(pa.string())),
                        ("label_model", pa.string()),
                    ]
                }
            )
            con.register("_batch_statements", table)
            con.execute(
                """INSERT OR REPLACE INTO statements
                   (statement_id, doc_id, kind, text, char_start, char_end, speaker_mention,
                    speaker_start, speaker_end, speaker_id, about_migration, stance, frames, cues, label_model,
                    published, outlet, lang)
                   SELECT b.*, d.published, d.outlet, d.lang FROM _batch_statements b JOIN documents d USING (doc_id)"""
            )
            con.unregister("_batch_statements")
        con.execute(
            "UPDATE documents SET analyzed = TRUE WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids]
        )
    return len(rows)


def _link_surnames(con, rows: list[dict]) -> None:
    """A bare surname that no full name in its document explains («Воронин» in a
    feed post) joins the one known speaker with that surname, if there is one."""
    from ..speakers import alias_key

    bare = {r["speaker_id"] for r in rows if r["speaker_id"] and "-" not in r["speaker_id"] and ":" not in r["speaker_id"]
            and (r["speaker_kind"] or "person") == "person"}
    if not bare:
        return
    full: dict[str, set[str]] = {}
    for r in rows:
        if r["speaker_id"] and r["speaker"] and " " in r["speaker"] and not r["speaker_id"].startswith("anon:"):
            for name in (r["speaker"], r["speaker_name_ru"]):
                if name:
                    full.setdefault(alias_key(name.split()[-1]), set()).add(r["speaker_id"])
    keys = {}
    for r in rows:
        if r["speaker_id"] in bare:
            for name in (r["speaker"], r["speaker_name_ru"]):
                if name:
                    keys[alias_key(name)] = r["speaker_id"]
    stored = con.execute(
        """SELECT a.alias_key, a.speaker_id FROM speaker_aliases a JOIN speakers s USING (speaker_id)
           WHERE a.alias_key IN (SELECT unnest(?::VARCHAR[])) AND s.kind = 'person' AND s.speaker_id LIKE '%-%'""",
        [list(keys)],
    ).fetchall()
    for key, sid in stored:
        full.setdefault(key, set()).add(sid)
    remap = {}
    for key, bare_id in keys.items():
        ids = full.get(key, set()) - {bare_id}
        if len(ids) == 1:
            remap[bare_id] = next(iter(ids))
    names = {r["speaker_id"]: (r["speaker"], r["speaker_name_ru"], r["speaker_kind"]) for r in rows if r["speaker_id"]}
    for r in rows:
        target = remap.get(r["speaker_id"])
        if target:
            r["speaker_id"] = target
            if target in names:
                r["speaker"], r["speaker_name_ru"], r["speaker_kind"] = names[target]
            else:
                row = first(con, "SELECT speaker, name_ru, kind FROM speakers WHERE speaker_id = ?", [target])
                r["speaker"], r["speaker_name_ru"], r["speaker_kind"] = row


def _link_spellings(con, rows: list[dict]) -> None:
    """One id for a foreign name spelled in both scripts (Корреа / Correa).

    A name that reached us through Cyrillic joins a speaker whose name was
    written in Latin script when their skeletons meet; when the Latin spelling
    arrives second it takes over the transliterated id, since it is how the
    person spells their own name. Registry speakers are left as they are."""
    from ..speakers import name_skeleton

    new = {}
    for r in rows:
        sid = r["speaker_id"]
        if sid and r["speaker"] and " " in r["speaker"] and ":" not in sid and (r["speaker_kind"] or "person") == "person":
            new.setdefault(sid, (r["speaker"], r["speaker_name_ru"]))
    if not new:
        return
    stored = con.execute(
        "SELECT speaker_id, speaker, name_ru FROM speakers WHERE kind = 'person' AND NOT in_registry AND speaker LIKE '% %'"
    ).fetchall()
    by_key: dict[str, tuple[str, bool]] = {}
    for sid, name, name_ru in stored:
        by_key.setdefault(name_skeleton(name), (sid, name_ru is not None))
    remap = {}
    # within the batch: the Latin spelling, else the first one, stands for the group
    groups: dict[str, list[str]] = {}
    for sid, (name, name_ru) in new.items():
        groups.setdefault(name_skeleton(name), []).append(sid)
    for key, sids in groups.items():
        if len(sids) > 1:
            head = next((x for x in sids if new[x][1] is None), sids[0])
            for x in sids:
                if x != head:
                    remap[x] = head
    for sid, (name, name_ru) in new.items():
        if sid in remap:
            continue
        hit = by_key.get(name_skeleton(name))
        if hit is None or hit[0] == sid:
            continue
        other, other_cyrillic = hit
        if name_ru is not None:
            remap[sid] = other  # transliterated: join the stored spelling
        elif other_cyrillic:
            _rename_speaker(con, other, sid, name)  # Latin spelling arrives: it wins
    for r in rows:
        if r["speaker_id"] in remap:
            target = remap[r["speaker_id"]]
            if target in new:
                name, name_ru = new[target]
            else:
                name, name_ru = first(con, "SELECT speaker, name_ru FROM speakers WHERE speaker_id = ?", [target])
            r["speaker_id"], r["speaker"] = target, name
            r["speaker_name_ru"] = r["speaker_name_ru"] or name_ru


def _rename_speaker(con, old: str, new: str, name: str) -> None:
    name_ru = first(con, "SELECT name_ru FROM speakers WHERE speaker_id = ?", [old])[0]
    con.execute(
        "INSERT OR IGNORE INTO speakers (speaker_id, speaker, name_ru, kind, in_registry) VALUES (?, ?, ?, 'person', FALSE)",
        [new, name, name_ru],
    )
    con.execute("UPDATE statements SET speaker_id = ? WHERE speaker_id = ?", [new, old])
    con.execute(
        """INSERT OR IGNORE INTO speaker_aliases SELECT ?, alias, alias_key FROM speaker_aliases WHERE speaker_id = ?""",
        [new, old],
    )
    con.execute("DELETE FROM speaker_aliases WHERE speaker_id = ?", [old])
    con.execute("DELETE FROM speakers WHERE speaker_id = ?", [old])


def _upsert_speakers(store, rows: list[dict]) -> None:
    con = store.con
    speakers = {}
    aliases = set()
    for r in rows:
        sid = r["speaker_id"]
        if not sid:
            continue
        if sid not in speakers:
            anonymous = sid.startswith("anon:")
            speakers[sid] = (
                sid, None if anonymous else r["speaker"], r["speaker_name_ru"],
                "anonymous" if anonymous else (r["speaker_kind"] or "person"),
                sid[5:].replace("-", " ") if anonymous else None,
            )
        for name in (r["speaker"], r["speaker_name_ru"]):
            if name and not sid.startswith("anon:"):
                from ..speakers import alias_key

                aliases.add((sid, name, alias_key(name)))
                if (r["speaker_kind"] or "person") == "person" and " " in name:
                    surname = name.split()[-1]  # «Петров», "Petrov": what people type
                    aliases.add((sid, surname, alias_key(surname)))
        mention = (r["speaker_mention"] or "").strip()
        # a mention that is just a name («Воронина», "A. Voronin") is an alias; roles are not
        if (
            mention and len(mention.split()) <= 3 and mention.lower() not in _PRONOUN_ALIASES
            and all(w[:1].isupper() for w in mention.split()) and not sid.startswith("anon:")
            and not _has_role_word(mention)
        ):
            from ..speakers import alias_key

            aliases.add((sid, mention, alias_key(mention)))
    for sid, name, name_ru, kind, role in speakers.values():
        con.execute(
            """INSERT INTO speakers (speaker_id, speaker, name_ru, kind, role, in_registry)
               VALUES (?, ?, ?, ?, ?, FALSE) ON CONFLICT DO NOTHING""",
            [sid, name, name_ru, kind, role],
        )
    if aliases:
        _insert_aliases(con, sorted(aliases))


def _has_role_word(mention: str) -> bool:
    """«Пресс-секретарь Аркадий Воронин», "Governor Sorokoumov": a role, not an alias."""
    from .en import ROLE_NOUNS, TITLES
    from .ru import ROLE_LEMMAS, lemma

    for w in mention.split():
        low = w.lower().strip(".,")
        if low in ROLE_NOUNS or low in TITLES or low in ROLE_LEMMAS or lemma(low) in ROLE_LEMMAS:
            return True
    return False


_PRONOUN_ALIASES = {"he", "she", "they", "он", "она", "они", "его", "её", "ее", "их", "i", "we", "я", "мы"}


def seed_registry(store) -> None:
    """Copy the shipped registry into the store once, so any alias finds its speaker."""
    from ..speakers import alias_key, registry

    con = store.con
    reg = registry()
    have = first(con, "SELECT count(*) FROM speakers WHERE in_registry")[0]
    if have >= len(reg.by_id):
        return
    with store.transaction():
        for sp in reg.by_id.values():
            con.execute(
                """INSERT INTO speakers VALUES (?, ?, ?, ?, ?, ?, TRUE)
                   ON CONFLICT (speaker_id) DO UPDATE SET speaker = excluded.speaker, name_ru = excluded.name_ru,
                   kind = excluded.kind, role = excluded.role, wikidata = excluded.wikidata, in_registry = TRUE""",
                [sp.speaker_id, sp.speaker, sp.name_ru, sp.kind, sp.role, sp.wikidata],
            )
        rows = sorted({(sp.speaker_id, a, alias_key(a)) for sp in reg.by_id.values() for a in sp.aliases})
        _insert_aliases(con, rows)


def _insert_aliases(con, rows: list[tuple[str, str, str]]) -> None:
    table = pa.table({"speaker_id": [r[0] for r in rows], "alias": [r[1] for r in rows], "alias_key": [r[2] for r in rows]})
    con.register("_aliases", table)
    con.execute("INSERT OR IGNORE INTO speaker_aliases SELECT * FROM _aliases")
    con.unregister("_aliases")
