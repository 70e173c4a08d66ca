"""Statements on real news nobody on the team wrote.

PolNeAR (English) and ADAQ (Russian) through `eval statements`; the WMT
Russian/English document pairs through the whole pipeline (ingest,
statements, labels), reporting how often the two language versions of a
statement get the same speaker id and the same stance."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

from shiftwatch.statements.evaluate import evaluate

SW = str(Path(sys.executable).parent / "shiftwatch")


def _summary(result: dict) -> dict:
    return {k: v for k, v in result["groups"].items()}


def align(ru: list[dict], en: list[dict]) -> list[tuple[dict, dict]]:
    """Pair the statements of a document and its translation by relative
    position in the text (translations keep the order of what was said),
    preferring a candidate with the same speaker id."""
    pairs, used = [], set()
    for r in ru:
        best = None
        for j, e in enumerate(en):
            if j in used:
                continue
            d = abs(r["pos"] - e["pos"])
            if d > 0.12:
                continue
            if r["speaker_id"] and r["speaker_id"] == e["speaker_id"]:
                d -= 0.05  # the same speaker near the same place: most likely the same statement
            if best is None or d < best[0]:
                best = (d, j)
        if best is not None:
            used.add(best[1])
            pairs.append((r, en[best[1]]))
    return pairs


def wmt(shared: Path) -> dict:
    ru_path, en_path = shared / "wmt-ruen-migration" / "ru.jsonl", shared / "wmt-ruen-migration" / "en.jsonl"
    if not ru_path.exists():
        return {"skipped": "no wmt-ruen-migration"}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "wmt.duckdb"
        r = subprocess.run([SW, "ingest", str(ru_path), str(en_path), "--db", str(db), "--workers", "2"],
                           capture_output=True, text=True)
        con = duckdb.connect(str(db), read_only=True)
        rows = con.execute(
            """SELECT d.source_id, d.lang, length(d.text) AS n, s.char_start, s.speaker_id, s.stance, s.about_migration
               FROM statements s JOIN documents d USING (doc_id) ORDER BY d.source_id, s.char_start"""
        ).fetchall()
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        con.close()
    by_doc: dict[str, dict[str, list[dict]]] = {}
    for source_id, lang, n, start, sid, stance, about in rows:
        key = source_id.rsplit("-", 1)[0]
        by_doc.setdefault(key, {"ru": [], "en": []})[lang].append(
            {"pos": start / max(n, 1), "speaker_id": sid, "stance": stance, "about": about})
    pairs = [p for d in by_doc.values() for p in align(d["ru"], d["en"])]
    # alignment by position is rough; also: of the named speakers of a Russian
    # document, how many appear under the same id in its English version
    in_both = total = 0
    for d in by_doc.values():
        ru_ids = {s["speaker_id"] for s in d["ru"] if s["speaker_id"]}
        en_ids = {s["speaker_id"] for s in d["en"] if s["speaker_id"]}
        total += len(ru_ids)
        in_both += len(ru_ids & en_ids)
    named = [(a, b) for a, b in pairs if a["speaker_id"] or b["speaker_id"]]
    same_speaker = sum(1 for a, b in named if a["speaker_id"] == b["speaker_id"])
    stanced = [(a, b) for a, b in pairs if a["about"] and b["about"]]
    same_stance = sum(1 for a, b in stanced if a["stance"] == b["stance"])
    return {
        "ingest": r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "",
        "documents": docs,
        "statements_ru": sum(len(d["ru"]) for d in by_doc.values()),
        "statements_en": sum(len(d["en"]) for d in by_doc.values()),
        "aligned_pairs": len(pairs),
        "speaker_id_agreement": round(same_speaker / len(named), 3) if named else None,
        "speaker_pairs": len(named),
        "speaker_ids_shared_per_document": round(in_both / total, 3) if total else None,
        "speaker_ids_ru": total,
        "stance_agreement": round(same_stance / len(stanced), 3) if stanced else None,
        "stance_pairs": len(stanced),
    }


def run(shared: Path) -> dict:
    out = {}
    for name, path in [("polnear", shared / "polnear-migration" / "dev.jsonl"), ("adaq", shared / "adaq-ru" / "dev.jsonl")]:
        out[name] = _summary(evaluate(path)) if path.exists() else {"skipped": f"no {path}"}
    out["wmt"] = wmt(shared)
    return out
