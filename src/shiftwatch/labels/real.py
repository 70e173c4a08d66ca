"""Labels of real sentences, kept as offsets: the annotations under
tests/data/real/labels/ hold no text (the sets they point at may not be
copied into the repository), so the text is resolved from the shared data
folder and checked against the sha1 of the slice.

    rows, skipped = load_real("tests/data/real/labels", "/work/shared/data")
    train = [r for r in rows if r["split"] == "train"]

The split is by document, so no document has statements on both sides; a
WMT document and its translation (ids ``…-ru``/``…-en``) share one.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from collections import Counter
from pathlib import Path

from ..errors import ShiftwatchError
from ..records import context_of  # what the pipeline passes as context

log = logging.getLogger(__name__)

DEV_SHARE = 3  # one document in DEV_SHARE goes to the held-out dev split
LABEL_FIELDS = ("about_migration", "stance", "frames")


def pair_id(doc: str) -> str:
    """A WMT document and its translation are one document for the split."""
    for suffix in ("-ru", "-en"):
        if doc.endswith(suffix):
            return doc[: -len(suffix)]
    return doc


def split_of(set_name: str, doc: str) -> str:
    """'train' or 'dev', fixed by a hash of the set's folder and the (pair) document
    id: the folder, not the file, so wmt-ruen-migration/ru.jsonl and en.jsonl agree."""
    folder = set_name.rsplit("/", 1)[0] if "/" in set_name else set_name
    h = hashlib.sha1(f"{folder}:{pair_id(doc)}".encode()).hexdigest()
    return "dev" if int(h[:8], 16) % DEV_SHARE == 0 else "train"


def _read_set(path: Path) -> dict[str, str]:
    """id -> text of every record of one shared set (.jsonl or .jsonl.gz)."""
    opener = gzip.open if path.suffix == ".gz" else open
    out = {}
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                key = r.get("id") or r.get("doc_id")
                if key is not None and isinstance(r.get("text"), str):
                    out[str(key)] = r["text"]
    return out


def _annotations(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                log.warning("%s:%d: not JSON, skipped (the file may still be being written)", path.name, n)
                continue
            if isinstance(r, dict):
                r["_file"] = path.name
                rows.append(r)
    return rows


def load_real(folder: str | Path, shared: str | Path) -> tuple[list[dict], Counter]:
    """Annotated units with their text, context, split and majority labels.

    Returns (rows, skipped reasons). Several annotators on one unit: the
    majority label (ties: the first annotator's). Without ``shared`` there is
    nothing to resolve the offsets against: an error that says so."""
    folder, shared = Path(folder), Path(shared)
    if not shared.is_dir():
        raise ShiftwatchError(f"no shared data at {shared}: the real labels hold offsets only, not text")
    if not folder.is_dir():
        raise ShiftwatchError(f"no real labels folder at {folder}")
    sets: dict[str, dict[str, str] | None] = {}
    skipped: Counter = Counter()
    units: dict[tuple, list[dict]] = {}
    for r in _annotations(folder):
        try:
            set_name, doc, a, b = r["set"], str(r["doc"]), int(r["char_start"]), int(r["char_end"])
        except (KeyError, TypeError, ValueError):
            skipped["malformed"] += 1
            continue
        if set_name not in sets:
            path = shared / set_name
            sets[set_name] = _read_set(path) if path.is_file() else None
        texts = sets[set_name]
        if texts is None:
            skipped["set not found"] += 1
            continue
        text = texts.get(doc)
        if text is None or not 0 <= a < b <= len(text):
            skipped["doc or offsets not found"] += 1
            continue
        if hashlib.sha1(text[a:b].encode()).hexdigest()[:8] != r.get("sha"):
            skipped["sha mismatch"] += 1
            continue
        if r.get("about_migration") not in (True, False) or (r["about_migration"] and r.get("stance") is None):
            skipped["no label"] += 1
            continue
        units.setdefault((set_name, doc, a, b), []).append(r | {"_text": text})
    rows = []
    for (set_name, doc, a, b), anns in units.items():
        first = anns[0]
        about = Counter(bool(x["about_migration"]) for x in anns).most_common()
        about_v = about[0][0] if len(about) == 1 or about[0][1] > about[1][1] else bool(first["about_migration"])
        on = [x for x in anns if bool(x["about_migration"]) == about_v]
        stance = Counter(x.get("stance") for x in on).most_common(1)[0][0] if about_v else None
        frames = sorted({f for x in on for f in (x.get("frames") or [])
                         if sum(f in (y.get("frames") or []) for y in on) * 2 >= len(on)}) if about_v else []
        text = first["_text"]
        rows.append({
            "set": set_name, "doc": doc, "char_start": a, "char_end": b,
            "lang": "ru" if first.get("lang") == "ru" else "en", "unit": first.get("unit"),
            "text": text[a:b], "context": context_of(text, a, b), "document": text,
            "about_migration": about_v, "stance": stance, "frames": frames,
            "annotators": sorted({str(x.get("annotator")) for x in anns}),
            "split": split_of(set_name, doc),
        })
    return rows, skipped
