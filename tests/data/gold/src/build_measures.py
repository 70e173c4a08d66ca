#!/usr/bin/env python3
"""Build tests/data/gold/measures_{ru,en}.jsonl from src/measures_{ru,en}.txt.

The sources hold invented news documents (no real text) with inline markup:

    ### DOC_ID | OUTLET | YYYY-MM-DD
    text of the document, several lines allowed, where a measure is marked
    ⟦as the clause that reports it⟧{KIND|STATUS|DIRECTION|AUTHORITY|LEVEL|REGION|SECTORS|EFFECTIVE|EVENT}

    KIND, STATUS, DIRECTION, LEVEL per spec/measures.md; AUTHORITY a speaker-style
    id; REGION a Latin name or -; SECTORS a comma list or -; EFFECTIVE YYYY-MM-DD
    or -; EVENT the event id (the same act at the same stage shares it).

Documents without marks are hard negatives (demands, crimes, single cases,
figures, laws on other topics): exhaustive, with `measures: []`.
Run:  python tests/data/gold/src/build_measures.py [--stats]
"""
from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"⟦(.*?)⟧\{([^}]*)\}", re.S)
KINDS = {"ban", "restriction", "registry", "identification", "check", "expulsion", "penalty", "fee", "quota", "integration", "easing", "other"}
STATUSES = {"proposed", "adopted", "in_force", "lifted"}


def _null(v: str):
    return None if v.strip() in ("-", "") else v.strip()


def build(lang: str) -> list[dict]:
    src = (HERE / f"measures_{lang}.txt").read_text(encoding="utf-8")
    docs = []
    for block in re.split(r"^### ", src, flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        doc_id, outlet, published = [x.strip() for x in head.split("|")]
        body = body.strip("\n")
        text, measures, pos = [], [], 0
        out_len = 0
        for m in MARK.finditer(body):
            pre = body[pos:m.start()]
            text.append(pre)
            out_len += len(pre)
            start = out_len
            text.append(m.group(1))
            out_len += len(m.group(1))
            f = m.group(2).split("|")
            if len(f) != 9:
                raise SystemExit(f"{doc_id}: 9 fields expected in {{{m.group(2)}}}")
            kind, status, direction, authority, level, region, sectors, effective, event = f
            if kind not in KINDS or status not in STATUSES or direction not in ("restrictive", "welcoming"):
                raise SystemExit(f"{doc_id}: bad kind/status/direction in {{{m.group(2)}}}")
            measures.append({
                "char_start": start, "char_end": out_len, "text": m.group(1), "kind": kind,
                "authority": _null(authority), "level": level, "region": _null(region),
                "sectors": [s for s in (sectors.split(",") if _null(sectors) else [])],
                "status": status, "direction": direction, "effective": _null(effective), "event_id": event.strip(),
            })
            pos = m.end()
        text.append(body[pos:])
        full = "".join(text)
        for x in measures:
            assert full[x["char_start"]:x["char_end"]] == x["text"], (doc_id, x["text"])
        docs.append({"doc_id": doc_id, "lang": lang, "outlet": outlet, "published": published,
                     "text": full, "exhaustive": True, "measures": measures})
    return docs


def main(argv: list[str]) -> int:
    for lang in ("ru", "en"):
        docs = build(lang)
        out = HERE.parent / f"measures_{lang}.jsonl"
        with out.open("w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        if "--stats" in argv:
            ms = [m for d in docs for m in d["measures"]]
            ev = collections.Counter(m["event_id"] for m in ms)
            print(lang, len(docs), "docs", len(ms), "measures", len(ev), "events",
                  sum(1 for v in ev.values() if v > 1), "multi-report",
                  dict(collections.Counter(m["kind"] for m in ms)), dict(collections.Counter(m["status"] for m in ms)),
                  dict(collections.Counter(m["direction"] for m in ms)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
