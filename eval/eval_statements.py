"""Statements on real news nobody on the team wrote.

PolNeAR (English) and ADAQ (Russian) through `eval statements`; the WMT
Russian/English document pairs through the whole pipeline (ingest,
statements, labels), reporting how often the two language versions of a
statement get the same speaker id and the same stance."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

from shiftwatch.evaluate.statements import align_by_lines, evaluate

SW = str(Path(sys.executable).parent / "shiftwatch")


def _summary(result: dict) -> dict:
    out = {k: v for k, v in result["groups"].items()}
    if result.get("stance"):
        out["stance"] = result["stance"]
    out["error_kinds"] = result["error_kinds"]
    return out


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
            """SELECT d.source_id, d.lang, d.text, s.char_start, s.char_end, s.speaker_id, s.stance, s.about_migration
               FROM statements s JOIN documents d USING (doc_id) ORDER BY d.source_id, s.char_start"""
        ).fetchall()
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        con.close()
    by_doc: dict[str, dict[str, list[dict]]] = {}
    for source_id, lang, text, start, end, sid, stance, about in rows:
        key = source_id.rsplit("-", 1)[0]
        first, last = text.count("\n", 0, start), text.count("\n", 0, max(start, end - 1))
        by_doc.setdefault(key, {"ru": [], "en": []})[lang].append(
            {"lines": set(range(first, last + 1)), "speaker_id": sid, "stance": stance, "about": about})
    pairs = [p for d in by_doc.values() for p in align_by_lines(d["ru"], d["en"])]
    # also: of the named speakers of a Russian document, how many appear under
    # the same id in its English version
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
    either = [(a, b) for a, b in pairs if a["about"] or b["about"]]
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
        "about_agreement": round(sum(1 for a, b in either if a["about"] and b["about"]) / len(either), 3) if either else None,
        "about_pairs": len(either),
    }


def run(shared: Path) -> dict:
    out = {}
    for name, path in [("telegram_ru", shared / "telegram-ru" / "dev.jsonl"),
                       ("polnear", shared / "polnear-migration" / "dev.jsonl"), ("adaq", shared / "adaq-ru" / "dev.jsonl")]:
        out[name] = _summary(evaluate(path)) if path.exists() else {"skipped": f"no {path}"}
    out["wmt"] = wmt(shared)
    return out
