"""`shiftwatch eval statements`: precision, recall, F1 and speaker accuracy
against a statements gold file (spec/gold.md)."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from ..errors import ShiftwatchError
from ..jsonl import objects, open_file

KINDS = ("direct", "partial", "indirect")


def load_gold(path: str | Path) -> list[dict]:
    docs = []
    with open_file(path, "gold file") as f:
        for n, doc in objects(f, str(path)):
            if "text" not in doc or "statements" not in doc:
                raise ShiftwatchError(f"{path}:{n}: a statements gold line needs 'text' and 'statements'")
            docs.append(doc)
    return docs


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one, greedily by overlap; a pair needs half of the shorter span."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            gs, ps = (g["char_start"], g["char_end"]), (p["char_start"], p["char_end"])
            ov = overlap(gs, ps)
            shorter = min(gs[1] - gs[0], ps[1] - ps[0])
            if shorter > 0 and ov >= shorter / 2:
                pairs.append((ov, gi, pi))
    pairs.sort(key=lambda t: -t[0])
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def align_by_lines(ru: list[dict], en: list[dict]) -> list[tuple[dict, dict]]:
    """Pair the statements of a document and its translation by the lines they
    cover: the WMT texts are translated line by line, so the same statement
    spans the same line numbers in both. Most overlap first, one to one."""
    cands = []
    for i, r in enumerate(ru):
        for j, e in enumerate(en):
            common = len(r["lines"] & e["lines"])
            if common:
                same = 0.01 if r.get("speaker_id") and r.get("speaker_id") == e.get("speaker_id") else 0.0
                cands.append((common / len(r["lines"] | e["lines"]) + same, i, j))
    pairs, used_ru, used_en = [], set(), set()
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_ru and j not in used_en:
            used_ru.add(i)
            used_en.add(j)
            pairs.append((ru[i], en[j]))
    return pairs


def speaker_ok(g: dict, p: dict, text: str) -> bool | None:
    """Same speaker id; where gold has no id, the mention spans must meet."""
    if g.get("speaker_id"):
        return p.get("speaker_id") == g["speaker_id"]
    gs, ge = g.get("speaker_start"), g.get("speaker_end")
    if gs is None or ge is None:
        return None
    ps, pe = p.get("speaker_start"), p.get("speaker_end")
    if ps is None or pe is None:
        return False
    if overlap((gs, ge), (ps, pe)) > 0:
        return True
    words = text[gs:ge].split()
    return bool(words) and words[-1].lower().strip(",.") in text[ps:pe].lower()


def predict(doc: dict) -> list[dict]:
    """The statements ingest would store for the gold text, with their labels."""
    from ..pipeline import statements_of

    lang = doc.get("lang") or "en"
    out = []
    for s in statements_of(doc["text"], lang, label=True):
        row = {k: v for k, v in s.__dict__.items() if k != "label"}
        row["about_migration"] = s.label.about_migration if s.label else None
        row["stance"] = s.label.stance if s.label else None
        out.append(row)
    return out


def speaker_error(g: dict, p: dict) -> str:
    """What kind of speaker error a matched pair shows."""
    gold, pred = g.get("speaker_id"), p.get("speaker_id")
    if not gold:
        return "speaker: mention elsewhere"
    if not pred:
        return "speaker: none found"
    if gold.startswith("anon:") != pred.startswith("anon:"):
        return "speaker: named as anonymous" if pred.startswith("anon:") else "speaker: anonymous as named"
    if not gold.startswith("anon:") and gold.split("-")[-1] == pred.split("-")[-1]:
        return "speaker: same surname, other id"
    return "speaker: another speaker"


def stored_predictions(db: str, docs: list[dict]) -> dict[int, list[dict]]:
    """Statements an earlier ingest stored for documents with the gold's exact text."""
    from ..store import Store

    out: dict[int, list[dict]] = {}
    with Store(db, read_only=True) as store:
        for i, doc in enumerate(docs):
            rows = store.con.execute(
                """SELECT s.* FROM statements s JOIN documents d USING (doc_id) WHERE d.text = ?""",
                [doc["text"]],
            ).df()
            out[i] = rows.to_dict("records")
    return out


def evaluate(path: str | Path, db: str | None = None, progress=None) -> dict:
    docs = load_gold(path)
    stored = stored_predictions(db, docs) if db else None
    counts = defaultdict(lambda: defaultdict(int))
    errors = []
    kinds: Counter = Counter()
    stance_confusion: Counter = Counter()
    for i, doc in enumerate(docs):
        lang = doc.get("lang") or "en"
        text = doc["text"]
        preds = stored[i] if stored is not None else predict(doc)
        ignore = doc.get("ignore") or []
        if ignore:
            preds = [
                p for p in preds
                if not any(overlap((p["char_start"], p["char_end"]), (z["char_start"], z["char_end"])) >= (p["char_end"] - p["char_start"]) / 2 for z in ignore)
            ]
        gold = doc["statements"]
        pairs = match(gold, preds)
        exhaustive = bool(doc.get("exhaustive", True))
        for group in ("all", f"lang:{lang}"):
            c = counts[group]
            c["gold"] += len(gold)
            c["matched"] += len(pairs)
            if exhaustive:
                c["predicted"] += len(preds)
                c["matched_exh"] += sum(1 for _ in pairs)
        for g in gold:
            counts[f"kind:{g.get('kind') or 'unknown'}"]["gold"] += 1
        if exhaustive:
            for p in preds:
                counts[f"kind:{p['kind']}"]["predicted"] += 1
        for gi, pi in pairs:
            g, p = gold[gi], preds[pi]
            counts[f"kind:{g.get('kind') or 'unknown'}"]["matched"] += 1
            if exhaustive:
                counts[f"kind:{p['kind']}"]["matched_exh"] += 1
            ok = speaker_ok(g, p, text)
            if ok is not None:
                for group in ("all", f"lang:{lang}", f"kind:{g.get('kind') or 'unknown'}"):
                    counts[group]["speaker_scored"] += 1
                    counts[group]["speaker_ok"] += int(ok)
                if not ok:
                    kinds[speaker_error(g, p)] += 1
                    errors.append({"doc_id": doc.get("doc_id"), "error": "speaker", "text": g.get("text", "")[:80],
                                   "gold": g.get("speaker_id") or g.get("speaker_mention"), "predicted": p.get("speaker_id")})
            if g.get("stance") and "stance" in p:
                got = p.get("stance") if p.get("about_migration") else "not about"
                stance_confusion[(g["stance"], got or "none")] += 1
                if got != g["stance"]:
                    kinds[f"stance: {g['stance']} as {got or 'none'}"] += 1
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for gi, g in enumerate(gold):
            if gi not in matched_g:
                kinds[f"missed {g.get('kind') or 'statement'}"] += 1
                errors.append({"doc_id": doc.get("doc_id"), "error": "missed", "kind": g.get("kind"), "text": g.get("text", "")[:80]})
        if exhaustive:
            for pi, p in enumerate(preds):
                if pi not in matched_p:
                    kinds[f"spurious {p['kind']}"] += 1
                    errors.append({"doc_id": doc.get("doc_id"), "error": "spurious", "kind": p["kind"], "text": p["text"][:80]})
        if progress:
            progress("eval", i + 1, len(docs))
    rows = {}
    for group, c in sorted(counts.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        p = c["matched_exh"] / c["predicted"] if c["predicted"] else None
        r = c["matched"] / c["gold"] if c["gold"] else None
        f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        rows[group] = {
            "gold": c["gold"], "predicted": c["predicted"], "matched": c["matched"],
            "precision": _r(p), "recall": _r(r), "f1": _r(f),
            "speaker_accuracy": _r(c["speaker_ok"] / c["speaker_scored"]) if c["speaker_scored"] else None,
        }
    scored = sum(stance_confusion.values())
    stance = None
    if scored:
        right = sum(n for (g, p), n in stance_confusion.items() if g == p)
        matrix: dict[str, dict[str, int]] = {}
        for (g, p), n in sorted(stance_confusion.items()):
            matrix.setdefault(g, {})[p] = n
        stance = {"scored": scored, "accuracy": _r(right / scored), "confusion (gold -> predicted)": matrix}
    return {"gold_file": str(path), "documents": len(docs), "groups": rows, "stance": stance,
            "error_kinds": dict(kinds.most_common(10)), "errors": errors}


def _r(x):
    return None if x is None else round(x, 4)
