"""Build src/shiftwatch/data/world_places.tsv.gz: the English names of towns
outside the Cyrillic-script countries by their Cyrillic spellings, so that
«власти Кале» and "Calais authorities" get one id (government-of-calais)
where transliterating the Russian (Kale) would not meet the English.

Source: GeoNames ``cities15000.txt`` (towns of 15,000 people or more;
CC BY 4.0, https://www.geonames.org), read from any git directory holding it:
its ``alternatenames`` column lists the Cyrillic forms without a language, all
kept (Russian, Ukrainian, Bulgarian, Serbian forms of one town name the same
town). A form several towns share goes to the most populous one. Towns in
countries written in Cyrillic, or in the former Soviet Union, keep the
transliteration the extractor already uses, so nothing is built for them.
Usage:

    python scripts/build_world_places.py /work/.mirror/<owner>+<repo>/repo [path in repo]

Not run in tests; the output is committed.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "shiftwatch" / "data" / "world_places.tsv.gz"
_CYR_WORD = re.compile(r"^[А-ЯЁа-яёІіЇїЄєЎўЈјЉљЊњЋћЏџЂђ' -]+$")
# Cyrillic-script and former Soviet countries: their towns are named by transliteration
SKIP_COUNTRIES = {"RU", "UA", "BY", "KZ", "KG", "TJ", "UZ", "TM", "AZ", "AM", "GE", "MD", "MN", "BG", "RS", "MK",
                  "ME", "BA", "EE", "LV", "LT", "XK"}


def russian_word(key: str, morph) -> bool:
    """A word of the Russian dictionary that is no place name («дума», not «кале»):
    `Думы` after a body's name is the Duma, not Syria's Douma."""
    if " " in key or "-" in key:
        return False
    return any(p.is_known and "Geox" not in p.tag and p.normal_form == key for p in morph.parse(key))


def main(gitdir: str, path: str = "cities15000.txt") -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from shiftwatch.speakers.world import _morph

    morph = _morph()
    raw = subprocess.run(["git", "--git-dir", gitdir, "show", f"HEAD:{path}"], capture_output=True, check=True).stdout
    best: dict[str, tuple[int, str]] = {}
    for line in raw.decode("utf-8").split("\n"):
        cols = line.split("\t")
        if len(cols) < 15 or cols[8] in SKIP_COUNTRIES:
            continue
        name, alternates, population = cols[1], cols[3], int(cols[14] or 0)
        if not re.fullmatch(r"[A-Za-z' .-]+", cols[2]):
            continue
        for alt in alternates.split(","):
            alt = alt.strip()
            if not alt or not _CYR_WORD.match(alt) or len(alt) < 3:
                continue
            key = alt.lower().replace("ё", "е")
            if key not in best or best[key][0] < population:
                best[key] = (population, cols[2] if name != cols[2] else name)
    rows = sorted((k, v[1]) for k, v in best.items() if not russian_word(k, morph))
    with gzip.open(OUT, "wt", encoding="utf-8") as f:
        f.write("# Cyrillic town name (lowercase)\tEnglish name; GeoNames cities15000, CC BY 4.0\n")
        for k, v in rows:
            f.write(f"{k}\t{v}\n")
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    main(*sys.argv[1:])
