#!/usr/bin/env python3
"""Build tests/data/gold/statements_en.jsonl from src/statements_en.txt.

Source format (one block per document)::

    === gold-en-001
    title: ...
    published: 2025-01-14
    outlet: ...
    --- text
    Paragraph one with {m1:Kremlin spokesperson Arkady Voronin} and a
    [[s1:quoted statement]] ...            (one paragraph per line,
                                            blank line between paragraphs)
    --- ann
    s1 direct m1 arkady-voronin R control,security
    s2 indirect m2 anon:source -

Markup: ``[[sN:...]]`` marks a statement span, ``{mN:...}`` a speaker
mention (mentions may sit inside statement spans, e.g. split quotes).
Annotation line: label, kind, mention label (or ``-``), speaker id (or
``null``), stance code (R restrictive, W welcoming, N neutral, ``-`` not
about migration), then comma-separated frames (only when about migration).

Run:  python tests/data/gold/src/build_statements_en.py   (from anywhere)
It validates every document and statement and writes the JSONL file.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "statements_en.txt"
OUT = HERE.parent / "statements_en.jsonl"
ANON_YAML = HERE.parents[3] / "src" / "shiftwatch" / "data" / "anon_roles.yaml"

KINDS = {"direct", "partial", "indirect"}
STANCE = {"R": "restrictive", "W": "welcoming", "N": "neutral"}
FRAMES = {"economy", "security", "control", "integration", "rights", "politics"}
QUOTES = "\"“”‘’«»„"
PRONOUNS = {"he", "she", "they", "He", "She", "They"}

# Invented people: id -> (Cyrillic spelling or None, canonical Latin name).
# Russian names are checked against iuliia's WIKIPEDIA schema when available.
PEOPLE = {
    "arkady-voronin": ("Аркадий Воронин", "Arkady Voronin"),
    "yelena-markova": ("Елена Маркова", "Yelena Markova"),
    "gleb-tishkov": ("Глеб Тишков", "Gleb Tishkov"),
    "valentina-yegorova": ("Валентина Егорова", "Valentina Yegorova"),
    "yury-kashin": ("Юрий Кашин", "Yury Kashin"),
    "zarina-khamidova": ("Зарина Хамидова", "Zarina Khamidova"),
    "rostislav-mezentsev": ("Ростислав Мезенцев", "Rostislav Mezentsev"),
    "lidiya-shestakova": ("Лидия Шестакова", "Lidiya Shestakova"),
    "fyodor-yermolayev": ("Фёдор Ермолаев", "Fyodor Yermolayev"),
    "timur-sayfullin": ("Тимур Сайфуллин", "Timur Sayfullin"),
    "kseniya-dobrolyubova": ("Ксения Добролюбова", "Kseniya Dobrolyubova"),
    "pyotr-gusarov": ("Пётр Гусаров", "Pyotr Gusarov"),
    "miron-veshnyakov": ("Мирон Вешняков", "Miron Veshnyakov"),
    "anvar-rakhmatov": ("Анвар Рахматов", "Anvar Rakhmatov"),
    "dilshod-nurmatov": ("Дилшод Нурматов", "Dilshod Nurmatov"),
    "oleg-zverev": ("Олег Зверев", "Oleg Zverev"),
    "inna-golubkina": ("Инна Голубкина", "Inna Golubkina"),
    "stanislav-ogurtsov": ("Станислав Огурцов", "Stanislav Ogurtsov"),
    "vera-kolesnikova": ("Вера Колесникова", "Vera Kolesnikova"),
    "igor-laptev": ("Игорь Лаптев", "Igor Laptev"),
    "lyudmila-pozharskaya": ("Людмила Пожарская", "Lyudmila Pozharskaya"),
    "gennady-shulga": ("Геннадий Шульга", "Gennady Shulga"),
    "nodir-akhmedov": ("Нодир Ахмедов", "Nodir Akhmedov"),
    "natalya-belyayeva": ("Наталья Беляева", "Natalya Belyayeva"),
    "aleksey-ruchkin": ("Алексей Ручкин", "Aleksey Ruchkin"),
    "anastasiya-zhuravlyova": ("Анастасия Журавлёва", "Anastasiya Zhuravlyova"),
    "yevgeny-solomatin": ("Евгений Соломатин", "Yevgeny Solomatin"),
    "ildar-mukhametzyanov": ("Ильдар Мухаметзянов", "Ildar Mukhametzyanov"),
    "vyacheslav-podkopayev": ("Вячеслав Подкопаев", "Vyacheslav Podkopayev"),
    "tatyana-ledovskikh": ("Татьяна Ледовских", "Tatyana Ledovskikh"),
    "semyon-arzamastsev": ("Семён Арзамасцев", "Semyon Arzamastsev"),
    "maryam-yuldasheva": ("Марьям Юлдашева", "Maryam Yuldasheva"),
    "vsevolod-krechetov": ("Всеволод Кречетов", "Vsevolod Krechetov"),
    "darya-zaytseva": ("Дарья Зайцева", "Darya Zaytseva"),
    "elvira-nasibullina": ("Эльвира Насибуллина", "Elvira Nasibullina"),
    "boris-kudryashov": ("Борис Кудряшов", "Boris Kudryashov"),
    "kirill-yartsev": ("Кирилл Ярцев", "Kirill Yartsev"),
    "margarita-lykova": ("Маргарита Лыкова", "Margarita Lykova"),
    "denis-polozov": ("Денис Полозов", "Denis Polozov"),
    "ulyana-seleznyova": ("Ульяна Селезнёва", "Ulyana Seleznyova"),
    "roman-krutikov": ("Роман Крутиков", "Roman Krutikov"),
    "ravil-gimadiyev": ("Равиль Гимадиев", "Ravil Gimadiyev"),
    "arseny-klepikov": ("Арсений Клепиков", "Arseny Klepikov"),
    "sofya-uvarova": ("Софья Уварова", "Sofya Uvarova"),
    "matvey-glazunov": ("Матвей Глазунов", "Matvey Glazunov"),
    "olga-stupina": ("Ольга Ступина", "Olga Stupina"),
    "yaroslav-demchenko": ("Ярослав Демченко", "Yaroslav Demchenko"),
    # English / other invented names
    "helen-ashcombe": (None, "Helen Ashcombe"),
    "marcus-feld": (None, "Marcus Feld"),
    "joanna-pietrzak": (None, "Joanna Pietrzak"),
    "tobias-renwick": (None, "Tobias Renwick"),
    "claire-montvert": (None, "Claire Montvert"),
    "owen-tranter": (None, "Owen Tranter"),
}
ORGS = {
    "interior-ministry": "Interior Ministry",
    "labour-ministry": "Labour Ministry",
    "foreign-ministry": "Foreign Ministry",
    "state-duma": "State Duma",
    "investigative-committee": "Investigative Committee",
    "kremlin": "Kremlin",
    "open-door-centre": "Open Door Centre",
    "education-ministry": "Education Ministry",
}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def load_anon_roles() -> list[tuple[str, list[str]]]:
    """Tiny reader for anon_roles.yaml (key: / en: [..]) without PyYAML."""
    roles: list[tuple[str, list[str]]] = []
    key = None
    for line in ANON_YAML.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" ") and line.rstrip().endswith(":"):
            key = line.strip()[:-1]
        elif key and line.strip().startswith("en:"):
            pats = re.findall(r'"([^"]*)"', line)
            roles.append((key, pats))
    return roles


def anon_role_for(mention: str, roles) -> str | None:
    m = mention.lower()
    for key, pats in roles:
        for p in pats:
            if all(w in m for w in p.split()):
                return key
    return None


def parse_text(marked: str):
    """Strip markup; return clean text, statement spans, mention spans."""
    out: list[str] = []
    pos = 0
    stmts: dict[str, list[int]] = {}
    ments: dict[str, list[int]] = {}
    stack: list[tuple[str, str]] = []  # (type, label)
    i = 0
    while i < len(marked):
        m = re.match(r"\[\[(s\d+):", marked[i:])
        if m:
            lab = m.group(1)
            if lab in stmts:
                raise ValueError(f"duplicate statement label {lab}")
            stmts[lab] = [pos, -1]
            stack.append(("s", lab))
            i += m.end()
            continue
        m = re.match(r"\{(m\d+):", marked[i:])
        if m:
            lab = m.group(1)
            if lab in ments:
                raise ValueError(f"duplicate mention label {lab}")
            ments[lab] = [pos, -1]
            stack.append(("m", lab))
            i += m.end()
            continue
        if marked.startswith("]]", i) and stack and stack[-1][0] == "s":
            _, lab = stack.pop()
            stmts[lab][1] = pos
            i += 2
            continue
        if marked[i] == "}" and stack and stack[-1][0] == "m":
            _, lab = stack.pop()
            ments[lab][1] = pos
            i += 1
            continue
        if marked[i] in "[]{}":
            raise ValueError(f"stray markup char {marked[i]!r} near {marked[max(0, i-40):i+40]!r}")
        out.append(marked[i])
        pos += 1
        i += 1
    if stack:
        raise ValueError(f"unclosed markup {stack}")
    return "".join(out), stmts, ments


def parse_source(src: str):
    blocks = re.split(r"^=== ", src, flags=re.M)
    for block in blocks:
        if not block.strip() or block.lstrip().startswith("#"):
            continue
        head, rest = block.split("\n", 1)
        doc_id = head.strip()
        meta_part, rest = rest.split("--- text\n", 1)
        text_part, ann_part = rest.split("--- ann\n", 1)
        meta = {}
        for line in meta_part.splitlines():
            if line.strip():
                k, v = line.split(":", 1)
                meta[k.strip()] = v.strip()
        yield doc_id, meta, text_part.strip("\n"), ann_part


def build():
    roles = load_anon_roles()
    anon_keys = {k for k, _ in roles}
    try:
        import iuliia  # type: ignore
        schema = iuliia.WIKIPEDIA
    except Exception:  # pragma: no cover - optional check
        schema = None
    for pid, (cyr, lat) in PEOPLE.items():
        assert slug(lat) == pid, (pid, lat)
        if cyr and schema is not None:
            assert schema.translate(cyr) == lat, (cyr, schema.translate(cyr), lat)

    docs = []
    errors: list[str] = []
    for doc_id, meta, marked, ann in parse_source(SRC.read_text(encoding="utf-8")):
        def err(msg):
            errors.append(f"{doc_id}: {msg}")
        try:
            text, stmts, ments = parse_text(marked)
        except ValueError as e:
            err(str(e))
            continue
        if not (800 <= len(text) <= 2500):
            err(f"text length {len(text)} outside 800-2500")
        statements = []
        seen = set()
        for line in ann.splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            lab, kind, mlab, sid, st = parts[:5]
            frames = parts[5].split(",") if len(parts) > 5 else []
            seen.add(lab)
            if lab not in stmts:
                err(f"{lab} annotated but not marked")
                continue
            cs, ce = stmts[lab]
            stext = text[cs:ce]
            if kind not in KINDS:
                err(f"{lab} bad kind {kind}")
            if mlab == "-":
                mention, ms, me = None, None, None
            else:
                if mlab not in ments:
                    err(f"{lab} unknown mention {mlab}")
                    continue
                ms, me = ments[mlab]
                mention = text[ms:me]
            speaker_id = None if sid == "null" else sid
            if speaker_id is not None:
                if speaker_id.startswith("anon:"):
                    key = speaker_id[5:]
                    if key not in anon_keys:
                        err(f"{lab} unknown anon role {key}")
                elif speaker_id not in PEOPLE and speaker_id not in ORGS:
                    err(f"{lab} unknown speaker id {speaker_id}")
            if mention is not None and speaker_id and speaker_id.startswith("anon:") and mention not in PRONOUNS and not mention.lower().startswith("the "):
                derived = anon_role_for(mention, roles)
                if derived != speaker_id[5:]:
                    err(f"{lab} anon mention {mention!r} maps to {derived}, annotated {speaker_id}")
            if st == "-":
                about, stance = False, None
                if frames:
                    err(f"{lab} frames on a non-migration statement")
            else:
                about, stance = True, STANCE.get(st)
                if stance is None:
                    err(f"{lab} bad stance {st}")
                if not frames:
                    err(f"{lab} migration statement without frames")
            for f in frames:
                if f not in FRAMES:
                    err(f"{lab} bad frame {f}")
            # span shape checks
            if stext != stext.strip():
                err(f"{lab} span has outer whitespace: {stext!r}")
            if kind == "direct":
                if stext[:1] in QUOTES or (stext[-1:] in QUOTES and stext[-2:-1] not in QUOTES and not stext.endswith("’") ):
                    err(f"{lab} direct span includes quote mark: {stext[:30]!r}...{stext[-30:]!r}")
            if kind == "partial" and not any(q in stext for q in QUOTES):
                err(f"{lab} partial span without quote marks")
            if kind == "indirect":
                if stext.lower().startswith("that "):
                    err(f"{lab} indirect span starts with 'that'")
                if stext.endswith("."):
                    err(f"{lab} indirect span ends with period")
            if kind == "partial" and stext.endswith(".") and not stext.endswith(".”") :
                err(f"{lab} partial span ends with period")
            statements.append({
                "char_start": cs, "char_end": ce, "text": stext, "kind": kind,
                "speaker_mention": mention, "speaker_start": ms, "speaker_end": me,
                "speaker_id": speaker_id, "about_migration": about,
                "stance": stance, "frames": frames,
            })
        for lab in stmts:
            if lab not in seen:
                err(f"{lab} marked but not annotated")
        statements.sort(key=lambda s: s["char_start"])
        for a, b in zip(statements, statements[1:]):
            if b["char_start"] < a["char_end"]:
                err(f"overlapping statements {a['text'][:30]!r} / {b['text'][:30]!r}")
        for s in statements:
            assert text[s["char_start"]:s["char_end"]] == s["text"]
            if s["speaker_start"] is not None:
                assert text[s["speaker_start"]:s["speaker_end"]] == s["speaker_mention"]
        doc = {"doc_id": doc_id, "lang": "en"}
        for k in ("title", "published", "outlet"):
            if k in meta:
                doc[k] = meta[k]
        doc["exhaustive"] = True
        doc["text"] = text
        doc["statements"] = statements
        docs.append(doc)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    ids = [d["doc_id"] for d in docs]
    assert len(ids) == len(set(ids)), "duplicate doc ids"
    with OUT.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return docs


def report(docs):
    from collections import Counter
    sts = [s for d in docs for s in d["statements"]]
    kinds = Counter(s["kind"] for s in sts)
    anon = sum(1 for s in sts if (s["speaker_id"] or "").startswith("anon:"))
    pron = sum(1 for s in sts if (s["speaker_mention"] or "") in PRONOUNS)
    role = sum(1 for s in sts if (s["speaker_mention"] or "").lower().startswith("the ")
               and not (s["speaker_mention"] or "").lower().startswith(("the interior", "the labour", "the foreign", "the state", "the investigative", "the kremlin")))
    split = sum(1 for s in sts if s["kind"] == "direct" and s["speaker_start"] is not None
                and s["char_start"] <= s["speaker_start"] < s["char_end"])
    multi = sum(1 for s in sts if s["kind"] == "direct" and "\n" in s["text"])
    mig = Counter(s["stance"] for s in sts)
    print(f"documents: {len(docs)}  statements: {len(sts)}")
    print("kinds:", dict(kinds), {k: f"{v/len(sts):.0%}" for k, v in kinds.items()})
    print(f"anonymous: {anon}  pronoun speakers: {pron}  role-noun speakers: {role}  split: {split}  multi-paragraph: {multi}")
    print("stance:", dict(mig))
    print("frames:", dict(Counter(f for s in sts for f in s["frames"])))
    print("null speaker:", sum(1 for s in sts if s["speaker_id"] is None))
    print("lengths:", min(len(d["text"]) for d in docs), max(len(d["text"]) for d in docs))
    print("speaker ids:", ", ".join(sorted({s["speaker_id"] for s in sts if s["speaker_id"]})))


if __name__ == "__main__":
    report(build())
