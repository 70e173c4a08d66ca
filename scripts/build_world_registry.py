"""Build src/shiftwatch/data/world_speakers.tsv.gz: public figures outside
Russia's own registry, with English and Russian names.

Sources (both CC0):
- EveryPolitician's data repository (a git directory, read with ``git show``,
  no work tree needed): for every legislature the Wikidata-derived
  ``sources/morph/wikidata.csv`` (Q-id, name__en, name__ru, ...) and the
  Popolo file's persons (their ``identifiers`` with scheme wikidata and
  ``other_names`` with ``lang``), whichever the snapshot has;
- ``scripts/world_famous.tsv``: heads of state and government, foreign and
  interior ministers, EU and UN officials and party leaders with the Russian
  spelling Russian media use; these carry the ``famous`` flag that lets a bare
  surname («Трамп») find them.

Only people listed there as holders of public office are kept; no private
persons. Usage:

    python scripts/build_world_registry.py /work/.mirror/<owner>+everypolitician-data/repo

Not run in tests; the output is committed.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from shiftwatch.speakers import slug  # noqa: E402

OUT = ROOT / "src" / "shiftwatch" / "data" / "world_speakers.tsv.gz"
FAMOUS = ROOT / "scripts" / "world_famous.tsv"
COLUMNS = ["id", "name", "names_ru", "aliases", "wikidata", "kind", "country", "role", "famous"]
_CYR = re.compile(r"[а-яё]", re.I)
_LATIN = re.compile(r"^[A-Za-zÀ-ɏḀ-ỿ'’.\- ]+$")

COUNTRY_NAMES = {"United States of America": "United States", "UK": "United Kingdom"}

csv.field_size_limit(10**9)


def git(gitdir: str, *args: str) -> bytes:
    """A file of the snapshot; empty where its blob is missing (snapshots lack the largest files)."""
    r = subprocess.run(["git", "--git-dir", gitdir, *args], capture_output=True)
    return r.stdout if r.returncode == 0 else b""


def clean(name: str | None) -> str | None:
    """«Хайнеман, Густав» -> «Густав Хайнеман»; parentheses and titles dropped."""
    if not name:
        return None
    s = unicodedata.normalize("NFC", name).strip()
    s = re.sub(r"\s*\([^)]*\)", "", s)
    if s.count(",") == 1 and _CYR.search(s):
        last, first = [x.strip() for x in s.split(",")]
        if last and first and " " not in last:
            s = f"{first} {last}"
    s = re.sub(r"^(Sir|Dame|Dr\.?|Lord|Baroness|Rt Hon\.?|Hon\.?)\s+", "", s)
    s = re.sub(r"\s+", " ", s).strip(" ,")
    return s if 3 <= len(s) <= 60 and "," not in s else None


def legislatures(gitdir: str):
    countries = json.loads(git(gitdir, "show", "HEAD:countries.json"))
    for c in countries:
        for leg in c.get("legislatures", []):
            yield c["name"], c.get("code", ""), leg["name"], leg["popolo"], leg["sources_directory"]


def from_everypolitician(gitdir: str) -> dict[str, dict]:
    files = set(git(gitdir, "ls-tree", "-r", "HEAD", "--name-only").decode().split("\n"))
    people: dict[str, dict] = {}

    def add(q, en, ru, country, role):
        en, ru = clean(en), [r for r in map(clean, ru) if r and _CYR.search(r)]
        if not q or not en or not _LATIN.match(en) or len(en.split()) < 2:
            return
        p = people.setdefault(q, {"name": en, "names_ru": [], "aliases": [], "wikidata": q,
                                  "kind": "person", "country": country, "role": role, "famous": 0})
        for r in ru:
            if r not in p["names_ru"]:
                p["names_ru"].append(r)
        if en != p["name"] and en not in p["aliases"]:
            p["aliases"].append(en)

    for country, code, leg_name, popolo, sources in legislatures(gitdir):
        country = COUNTRY_NAMES.get(country, country)
        role = f"member of {leg_name}"
        wd = f"{sources}/morph/wikidata.csv"
        if wd in files:
            text = git(gitdir, "show", f"HEAD:{wd}").decode("utf-8", "replace")
            for r in csv.DictReader(io.StringIO(text)):
                add(r.get("id"), r.get("name__en") or r.get("name"), [r.get("name__ru")], country, role)
        if popolo in files:
            data = json.loads(git(gitdir, "show", f"HEAD:{popolo}") or b"{}")
            for p in data.get("persons", []):
                q = next((i["identifier"] for i in p.get("identifiers", []) if i.get("scheme") == "wikidata"), None)
                others = p.get("other_names", [])
                en = next((o["name"] for o in others if o.get("lang") == "en"), None) or p.get("name")
                ru = [o["name"] for o in others if o.get("lang") == "ru"]
                add(q, en, ru, country, role)
    return people


def from_famous() -> list[dict]:
    rows = []
    with FAMOUS.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, names_ru, role, country, *rest = line.rstrip("\n").split("\t")
            kind = rest[1] if len(rest) > 1 and rest[1] else "person"
            aliases = rest[2].split("|") if len(rest) > 2 and rest[2] else []
            rows.append({"name": name, "names_ru": names_ru.split("|"), "aliases": aliases, "wikidata": rest[0] if rest else "",
                         "kind": kind, "country": country, "role": role, "famous": 1})
    return rows


def main(gitdir: str) -> None:
    people = from_everypolitician(gitdir)
    famous = from_famous()
    by_name = {p["name"].lower(): q for q, p in people.items()}
    for f in famous:
        q = f["wikidata"] or by_name.get(f["name"].lower())
        if q and q in people:
            p = people[q]
            p.update(name=f["name"], role=f["role"], country=f["country"], famous=1, kind=f["kind"])
            p["names_ru"] = f["names_ru"] + [r for r in p["names_ru"] if r not in f["names_ru"]]
            p["aliases"] = sorted(set(p["aliases"] + f["aliases"]) - {f["name"]})
        else:
            people[q or f"famous:{f['name']}"] = {**f, "wikidata": q or ""}
    rows, used = [], {}
    # famous people first, so they get the bare slug of their name
    for p in sorted(people.values(), key=lambda p: (-p["famous"], p["name"])):
        sid = slug(p["name"])
        if sid in used:
            sid = f"{sid}-{slug(p['country'])}"
            if sid in used:
                sid = f"{sid}-{p['wikidata'].lower()}"
        used[sid] = True
        rows.append([sid, p["name"], "|".join(p["names_ru"]), "|".join(p["aliases"]), p["wikidata"],
                     p["kind"], p["country"], p["role"], str(p["famous"])])
    buf = io.StringIO()
    buf.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        buf.write("\t".join(x.replace("\t", " ") for x in r) + "\n")
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(buf.getvalue())
    n_ru = sum(1 for r in rows if r[2])
    print(f"{len(rows)} entries ({n_ru} with Russian names, {sum(r[8] == '1' for r in rows)} famous) -> {OUT}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: build_world_registry.py <everypolitician-data git dir>")
    main(sys.argv[1])
