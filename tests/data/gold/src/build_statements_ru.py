#!/usr/bin/env python3
"""Build tests/data/gold/statements_ru.jsonl from src/statements_ru.txt.

The source file holds invented Russian news documents with inline markup:

    @person KEY = Имя Фамилия        (once, before the documents)

    === gold-ru-001
    title: ...
    published: 2025-01-31
    outlet: ...
    text:
    ...document text with markup...

Markup inside the text:

    <m LABEL TARGET>words naming the speaker</m>
        LABEL  a short label, unique within the document
        TARGET a @person KEY, an institution id (interior-ministry, ...),
               an anonymous id "anon:<key of anon_roles.yaml>", or "null"

    <s KIND LABEL STANCE FRAMES>statement text</s>
        KIND   d (direct) | p (partial) | i (indirect)
        LABEL  the mention label of the speaker, or "-" when none is found
        STANCE R (restrictive) | W (welcoming) | N (neutral) |
               - (not about migration: stance null, frames [])
        FRAMES comma list of eco,sec,ctl,int,rig,pol (omitted when STANCE is -)

A mention may lie inside a statement (split quotes); statements do not nest.
Run:  python tests/data/gold/src/build_statements_ru.py [--stats]
The speaker_id of a person is the lowercase slug of the iuliia WIKIPEDIA
transliteration of the nominative name, a word's first Е written E as
passports do (Елена -> Elena); iuliia is needed to build.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import iuliia

HERE = Path(__file__).resolve().parent
SRC = HERE / "statements_ru.txt"
OUT = HERE.parent / "statements_ru.jsonl"
ANON = HERE.parents[3] / "src" / "shiftwatch" / "data" / "anon_roles.yaml"

KINDS = {"d": "direct", "p": "partial", "i": "indirect"}
STANCES = {"R": "restrictive", "W": "welcoming", "N": "neutral"}
FRAMES = {"eco": "economy", "sec": "security", "ctl": "control",
          "int": "integration", "rig": "rights", "pol": "politics"}
INSTITUTIONS = {
    "interior-ministry": "Interior Ministry",
    "labour-ministry": "Labour Ministry",
    "foreign-ministry": "Foreign Ministry",
    "state-duma": "State Duma",
    "investigative-committee": "Investigative Committee",
    "kremlin": "Kremlin",
}
PRONOUNS = {"он", "она", "они", "его", "ее", "её", "ему", "ей", "им", "их",
            "него", "нее", "неё", "нему", "ней", "ним", "них"}
OPEN_Q = "«„“\""
CLOSE_Q = "»“”\""

TAG = re.compile(r"<(/?)([sm])(?:\s+([^>]*))?>")


def anon_keys() -> set[str]:
    keys = set()
    if ANON.exists():
        for line in ANON.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^([a-z0-9-]+):\s*$", line)
            if m:
                keys.add(m.group(1))
    return keys


def slug(name: str) -> str:
    latin = iuliia.WIKIPEDIA.translate(re.sub(r"(?<![а-яёА-ЯЁ])([Ее])", lambda m: "Э" if m.group(1) == "Е" else "э", name))
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-"), latin


class BuildError(Exception):
    pass


def parse_source(path: Path):
    people: dict[str, tuple[str, str, str]] = {}  # key -> (ru name, slug, latin)
    docs = []
    cur = None
    in_text = False
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if line.startswith("=== "):
            cur = {"doc_id": line[4:].strip(), "meta": {}, "lines": [], "line": lineno}
            docs.append(cur)
            in_text = False
            continue
        if cur is None:
            if line.startswith("@person "):
                key, _, name = line[len("@person "):].partition("=")
                key, name = key.strip(), name.strip()
                s, latin = slug(name)
                if key in people:
                    raise BuildError(f"line {lineno}: person {key} defined twice")
                people[key] = (name, s, latin)
            continue
        if in_text:
            cur["lines"].append(line)
            continue
        if line.startswith("text:"):
            in_text = True
            continue
        if line.strip() == "" or line.startswith("#"):
            continue
        k, _, v = line.partition(":")
        cur["meta"][k.strip()] = v.strip()
    for d in docs:
        lines = d["lines"]
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        d["raw"] = "\n".join(lines)
    return people, docs


def strip_markup(raw: str, doc_id: str):
    out = []
    pos = 0
    mentions = {}  # label -> dict
    statements = []
    open_s = None
    open_m = None
    last = 0
    for m in TAG.finditer(raw):
        out.append(raw[last:m.start()])
        pos += m.start() - last
        last = m.end()
        closing, kind, args = m.group(1), m.group(2), (m.group(3) or "").split()
        if kind == "m":
            if not closing:
                if open_m is not None:
                    raise BuildError(f"{doc_id}: nested <m>")
                if len(args) != 2:
                    raise BuildError(f"{doc_id}: bad <m {' '.join(args)}>")
                open_m = {"label": args[0], "target": args[1], "start": pos}
            else:
                if open_m is None:
                    raise BuildError(f"{doc_id}: stray </m>")
                open_m["end"] = pos
                if open_m["label"] in mentions:
                    raise BuildError(f"{doc_id}: mention label {open_m['label']} reused")
                mentions[open_m["label"]] = open_m
                open_m = None
        else:
            if not closing:
                if open_s is not None:
                    raise BuildError(f"{doc_id}: nested <s>")
                if open_m is not None:
                    raise BuildError(f"{doc_id}: <s> inside <m>")
                if len(args) not in (3, 4):
                    raise BuildError(f"{doc_id}: bad <s {' '.join(args)}>")
                open_s = {"args": args, "start": pos}
            else:
                if open_s is None:
                    raise BuildError(f"{doc_id}: stray </s>")
                if open_m is not None:
                    raise BuildError(f"{doc_id}: </s> inside <m>")
                open_s["end"] = pos
                statements.append(open_s)
                open_s = None
    out.append(raw[last:])
    if open_s or open_m:
        raise BuildError(f"{doc_id}: unclosed tag")
    text = "".join(out)
    if "<" in text or ">" in text:
        raise BuildError(f"{doc_id}: stray angle bracket in text")
    return text, mentions, statements


def resolve(target: str, people, anon):
    if target == "null":
        return None, None
    if target in people:
        _, s, latin = people[target]
        return s, latin
    if target in INSTITUTIONS:
        return target, INSTITUTIONS[target]
    if target.startswith("anon:"):
        if anon and target[5:] not in anon:
            raise BuildError(f"unknown anonymous role {target}")
        return target, None
    raise BuildError(f"unknown speaker target {target}")


def distance(a0, a1, b0, b1):
    if a1 <= b0:
        return b0 - a1
    if b1 <= a0:
        return a0 - b1
    return 0


def build(people, docs, anon):
    records = []
    warnings = []
    ids = set()
    for d in docs:
        doc_id = d["doc_id"]
        if doc_id in ids:
            raise BuildError(f"duplicate doc id {doc_id}")
        ids.add(doc_id)
        text, mentions, stmts = strip_markup(d["raw"], doc_id)
        if not 800 <= len(text) <= 2500:
            warnings.append(f"{doc_id}: length {len(text)} outside 800-2500")
        if text.count("«") != text.count("»"):
            warnings.append(f"{doc_id}: unbalanced «» ({text.count('«')}/{text.count('»')})")
        if text.count("„") != text.count("“"):
            warnings.append(f"{doc_id}: unbalanced „“")
        out = []
        prev_end = -1
        for s in sorted(stmts, key=lambda x: x["start"]):
            args = s["args"]
            kind, label, stance = args[0], args[1], args[2]
            frames = args[3].split(",") if len(args) == 4 else []
            cs, ce = s["start"], s["end"]
            st = text[cs:ce]
            where = f"{doc_id} @{cs} «{st[:40]}…»"
            if kind not in KINDS:
                raise BuildError(f"{where}: bad kind {kind}")
            if cs < prev_end:
                raise BuildError(f"{where}: overlaps previous statement")
            prev_end = ce
            if st != st.strip():
                raise BuildError(f"{where}: statement has outer whitespace")
            if stance == "-":
                about, stance_v, frames_v = False, None, []
                if frames:
                    raise BuildError(f"{where}: frames on a non-migration statement")
            else:
                if stance not in STANCES:
                    raise BuildError(f"{where}: bad stance {stance}")
                about, stance_v = True, STANCES[stance]
                if not frames:
                    raise BuildError(f"{where}: migration statement without frames")
                bad = [f for f in frames if f not in FRAMES]
                if bad:
                    raise BuildError(f"{where}: bad frames {bad}")
                frames_v = [FRAMES[f] for f in frames]
            if label == "-":
                mention = None
                sid, sname = None, None
            else:
                if label not in mentions:
                    raise BuildError(f"{where}: unknown mention label {label}")
                mention = mentions[label]
                sid, sname = resolve(mention["target"], people, anon)
            kind_v = KINDS[kind]
            # light checks on spans
            before = text[max(0, cs - 2):cs]
            after = text[ce:ce + 1]
            if kind_v == "direct":
                ok_before = ((before[-1:] in OPEN_Q) or before.endswith("— ") or before.endswith(": ")
                             or re.search(r"(^|\n)(\d\d:\d\d )?$", text[max(0, cs - 7):cs]) is not None)
                ok_after = (after in CLOSE_Q) or after in ("", "\n") or text[ce:ce + 3] == ", —"
                if not (ok_before and ok_after):
                    warnings.append(f"{where}: direct span edges look odd ({before!r} … {after!r})")
            if kind_v == "indirect":
                if st.lower().startswith("что "):
                    raise BuildError(f"{where}: indirect span starts with что")
                if any(q in st for q in "«»"):
                    warnings.append(f"{where}: indirect span contains «»")
            if kind_v == "partial" and not any(q in st for q in OPEN_Q):
                warnings.append(f"{where}: partial span has no quote mark")
            rec = {"char_start": cs, "char_end": ce, "text": st, "kind": kind_v}
            if mention is not None:
                ms, me = mention["start"], mention["end"]
                mtxt = text[ms:me]
                rec.update({"speaker_mention": mtxt, "speaker_start": ms, "speaker_end": me})
                # nearest-mention check: no other marked mention of the same
                # speaker, nor a bare surname occurrence, is closer
                dist = distance(cs, ce, ms, me)
                for other in mentions.values():
                    if other is mention or other["target"] != mention["target"]:
                        continue
                    od = distance(cs, ce, other["start"], other["end"])
                    if od < dist:
                        warnings.append(f"{where}: mention {text[other['start']:other['end']]!r} is nearer than {mtxt!r}")
                if mention["target"] in people:
                    surname = people[mention["target"]][0].split()[-1]
                    stem = surname[:-1] if surname[-1] in "аяйоеыь" else surname
                    for mm in re.finditer(re.escape(stem), text):
                        if ms <= mm.start() < me:
                            continue
                        if distance(cs, ce, mm.start(), mm.end()) < dist:
                            warnings.append(f"{where}: surname at {mm.start()} is nearer than {mtxt!r}")
                            break
            else:
                rec.update({"speaker_mention": None, "speaker_start": None, "speaker_end": None})
            rec.update({"speaker": sname, "speaker_id": sid, "about_migration": about,
                        "stance": stance_v, "frames": frames_v})
            out.append(rec)
        meta = d["meta"]
        for k in ("title", "published", "outlet"):
            if k not in meta:
                raise BuildError(f"{doc_id}: missing {k}")
        records.append({"doc_id": doc_id, "lang": "ru", "title": meta["title"],
                        "published": meta["published"], "outlet": meta["outlet"],
                        "exhaustive": True, "text": text, "statements": out})
    return records, warnings


def classify(rec, people_by_slug):
    """Return a set of hard-case tags for one statement (for --stats)."""
    tags = set()
    sid = rec["speaker_id"]
    mtxt = rec["speaker_mention"] or ""
    if sid is None:
        tags.add("null-speaker")
        return tags
    if sid.startswith("anon:"):
        tags.add("anonymous")
    if mtxt.lower() in PRONOUNS:
        tags.add("pronoun")
    elif sid in people_by_slug:
        surname = people_by_slug[sid].split()[-1]
        stem = surname[:-1] if surname[-1] in "аяйоеыь" else surname
        toks = re.findall(r"\w+", mtxt)
        if surname in toks:
            pass
        elif any(t.startswith(stem) for t in toks):
            tags.add("inflected")
        else:
            tags.add("role-noun")
    if rec["kind"] == "direct":
        if rec["speaker_start"] is not None and rec["char_start"] <= rec["speaker_start"] < rec["char_end"]:
            tags.add("split")
        if "\n" in rec["text"]:
            tags.add("multi-paragraph")
        if "„" in rec["text"]:
            tags.add("nested")
    if rec["speaker_start"] is not None:
        tags.add("speaker-after" if rec["speaker_start"] >= rec["char_start"] else "speaker-before")
    return tags


def stats(records, people):
    from collections import Counter
    by_slug = {s: name for name, s, _ in people.values()}
    c = Counter()
    ids = Counter()
    for r in records:
        c["documents"] += 1
        for s in r["statements"]:
            c["statements"] += 1
            c["kind:" + s["kind"]] += 1
            c["about_migration" if s["about_migration"] else "not_migration"] += 1
            if s["stance"]:
                c["stance:" + s["stance"]] += 1
            for t in classify(s, by_slug):
                c[t] += 1
            ids[s["speaker_id"]] += 1
        # quoted stretches outside every statement: scare quotes and titles
        spans = [(s["char_start"], s["char_end"]) for s in r["statements"]]
        for m in re.finditer(r"«[^«»]*»", r["text"]):
            if not any(a <= m.start() + 1 and m.end() - 1 <= b for a, b in spans):
                c["unattributed-quotes"] += 1
    for k in sorted(c):
        print(f"{k:24} {c[k]}")
    print("speaker ids:")
    for k, v in sorted(ids.items(), key=lambda kv: (str(kv[0]))):
        print(f"  {k}: {v}")


def main(argv):
    people, docs = parse_source(SRC)
    records, warnings = build(people, docs, anon_keys())
    for w in warnings:
        print("WARNING:", w, file=sys.stderr)
    with OUT.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {OUT} ({len(records)} documents, "
          f"{sum(len(r['statements']) for r in records)} statements)")
    if "--stats" in argv:
        stats(records, people)
    return 1 if ("--strict" in argv and warnings) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
