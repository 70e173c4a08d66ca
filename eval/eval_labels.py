"""Labels on real text nobody on the team wrote, for the shipped labeller and
the rules alone:

- manifestos: stance (3-way, confusion) and about_migration on UK 2010 manifesto sentences;
- hateval: restrictive recall on hostile tweets;
- wmt: each WMT line and its translation labelled apart (line pairs), and the
  statements extracted from both versions, aligned by line: same stance share;
- negatives: the share of statements in posts that mention no migrants
  (telegram-ru/negatives_dev) called about migration;
- telegram: stance on the telegram-ru gold statements, on the gold spans and
  on the extracted statements that match one;
- real_dev: the held-out documents of the real labels (tests/data/real/labels).

Sets that the real labels train on are also scored on their held-out
documents only (``…_heldout``): the whole-set figure then includes training
documents and is not out-of-sample. The telegram posts are also labelled
3-fold by post (``telegram.kfold``: each post by a model fitted with the
shipped recipe on everything but its fold), the out-of-sample headline."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real" / "labels"


def run(shared: Path) -> dict:
    from shiftwatch.labels import Labeller

    labellers = {"model": Labeller.load(), "rules": Labeller()}
    out: dict = {"model": labellers["model"].version}
    for name, lab in labellers.items():
        out[name] = measure(lab, shared)
    return out


def measure(labeller, shared: Path, real_dir: Path = REAL) -> dict:
    """Every real-data figure of one labeller."""
    real, trained = _real(shared, real_dir)
    out = {
        "manifestos": manifestos(shared, labeller, trained),
        "hateval": hateval(shared, labeller, trained),
        "wmt_lines": wmt_lines(shared, labeller, trained),
        "wmt_statements": wmt_statements(shared, labeller, trained),
        "negatives": negatives(shared, labeller, trained),
        "telegram": telegram(shared, labeller, trained, real),
    }
    if real:
        from shiftwatch.labels import score

        dev = [r for r in real if r["split"] == "dev"]
        pred = labeller.label_many(dev)
        out["real_dev"] = _brief(score(dev, pred)) | {"by_set": {
            s: _brief(score([r for r in dev if r["set"] == s], [p for r, p in zip(dev, pred) if r["set"] == s]))
            for s in sorted({r["set"] for r in dev})}}
    else:
        out["real_dev"] = {"skipped": f"no real labels under {real_dir}"}
    return out


def _brief(r: dict) -> dict:
    out = {"lines": r["lines"]}
    if "about_migration" in r:
        out["about_migration"] = r["about_migration"]
    if "stance" in r:
        s = r["stance"]
        out["stance"] = {"lines": s["lines"], "accuracy": s["accuracy"], "macro_f1": s["macro_f1"],
                         "confusion": s["confusion"]}
    if "frames" in r:
        out["frames_micro_f1"] = r["frames"]["micro"]["f1"]
    return out


_REAL_CACHE: dict = {}


def _real(shared: Path, real_dir: Path) -> tuple[list[dict], dict[str, set[str]]]:
    """The real labels and, per set, the documents the shipped model trained on."""
    key = (str(shared), str(real_dir))
    if key not in _REAL_CACHE:
        from shiftwatch.labels.real import load_real

        rows: list[dict] = []
        if real_dir.is_dir() and any(real_dir.glob("*.jsonl")):
            rows, _ = load_real(real_dir, shared)
        trained: dict[str, set[str]] = {}
        for r in rows:
            if r["split"] == "train":
                trained.setdefault(r["set"], set()).add(r["doc"])
        _REAL_CACHE[key] = (rows, trained)
    return _REAL_CACHE[key]


def _gold(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def manifestos(shared: Path, labeller, trained: dict) -> dict:
    from shiftwatch.labels import score

    set_name = "uk-manifestos-2010/dev.jsonl"
    path = shared / set_name
    if not path.exists():
        return {"skipped": f"{path} not found"}
    gold = _gold(path)
    pred = labeller.label_many(_manifesto_items(gold))
    out = _brief(score(gold, pred))
    if set_name in trained:
        keep = [i for i, g in enumerate(gold) if g["id"] not in trained[set_name]]
        out["heldout"] = _brief(score([gold[i] for i in keep], [pred[i] for i in keep]))
    return out


def _manifesto_items(gold: list[dict], before: int = 2) -> list[dict]:
    """Each manifesto sentence with, as ``context``, the sentences of the set that
    come just before it in the same manifesto (ids ``<manifesto>_<n>``): what
    the pipeline passes as a paragraph for news, so "this process" sees the
    immigration of the sentence before. None when none of them is in the set."""
    at = {}
    for i, g in enumerate(gold):
        doc, _, n = str(g.get("id", "")).rpartition("_")
        if doc and n.isdigit():
            at[(doc, int(n))] = i
    items = []
    for g in gold:
        doc, _, n = str(g.get("id", "")).rpartition("_")
        near = [gold[at[(doc, m)]]["text"] for m in range(int(n) - before, int(n) + 1)
                if (doc, m) in at] if doc and n.isdigit() else []
        items.append({"text": g["text"], "lang": g.get("lang", "en"),
                      "context": " ".join(near) if len(near) > 1 else None})
    return items


def hateval(shared: Path, labeller, trained: dict) -> dict:
    set_name = "hateval-en/train_restrictive.jsonl"
    path = shared / set_name
    if not path.exists():
        return {"skipped": f"{path} not found"}
    gold = [g for g in _gold(path) if g["id"] not in trained.get(set_name, set())]
    pred = labeller.label_many(gold)
    got = Counter(p["stance"] or "none" for p in pred)
    return {"lines": len(gold), "restrictive_recall": round(got["restrictive"] / len(gold), 4),
            "predicted": dict(got), "excluded_trained_docs": len(trained.get(set_name, ()))}


def _wmt_docs(shared: Path) -> dict:
    folder = shared / "wmt-ruen-migration"
    docs: dict = {}
    for lang in ("ru", "en"):
        for d in _gold(folder / f"{lang}.jsonl"):
            docs.setdefault(d["id"].rsplit("-", 1)[0], {})[lang] = d["text"]
    return docs


def _wmt_trained(trained: dict) -> set[str]:
    from shiftwatch.labels.real import pair_id

    return {pair_id(d) for s, docs in trained.items() if s.startswith("wmt-ruen-migration/") for d in docs}


def wmt_lines(shared: Path, labeller, trained: dict) -> dict:
    """Each WMT line and its translation labelled separately (no statement
    extraction in between); of the pairs both sides call about migration, how
    many get the same stance."""
    if not (shared / "wmt-ruen-migration" / "ru.jsonl").exists():
        return {"skipped": "wmt-ruen-migration not found"}
    pairs, keys = [], []
    for key, d in _wmt_docs(shared).items():
        ru, en = d.get("ru", "").split("\n"), d.get("en", "").split("\n")
        if len(ru) == len(en):
            for r, e in zip(ru, en):
                if r.strip() and e.strip():
                    pairs.append((r, e))
                    keys.append(key)
    labels = labeller.label_many([{"text": t, "lang": lang} for r, e in pairs for t, lang in ((r, "ru"), (e, "en"))])
    both = list(zip(labels[0::2], labels[1::2]))
    out = _agreement(both) | {"line_pairs": len(pairs)}
    seen = _wmt_trained(trained)
    if seen:
        held = [p for p, k in zip(both, keys) if k not in seen]
        out["heldout"] = _agreement(held) | {"line_pairs": len(held), "documents": len({k for k in keys if k not in seen})}
    return out


def _agreement(pairs: list[tuple[dict, dict]]) -> dict:
    both = [(a, b) for a, b in pairs if a["about_migration"] and b["about_migration"]]
    either = sum(1 for a, b in pairs if a["about_migration"] or b["about_migration"])
    confusion: dict = {}
    for a, b in both:
        confusion.setdefault(a["stance"], Counter())[b["stance"]] += 1
    return {
        "about_either": either,
        "about_both": len(both),
        "about_agreement": round(len(both) / either, 3) if either else None,
        "stance_agreement": round(sum(1 for a, b in both if a["stance"] == b["stance"]) / len(both), 3) if both else None,
        "stance_ru_by_en": {k: dict(v) for k, v in confusion.items()},
    }


_EXTRACTED: dict = {}


def _extract(key: str, docs: list[tuple[str, str, str]]) -> list[dict]:
    """Statements of (doc id, lang, text) documents, with their paragraph as context."""
    if key not in _EXTRACTED:
        from shiftwatch.pipeline import statements_of
        from shiftwatch.records import context_of

        rows = []
        for doc_id, lang, text in docs:
            for s in statements_of(text, lang):
                rows.append({"doc": doc_id, "lang": lang, "text": s.text, "char_start": s.char_start,
                             "char_end": s.char_end, "context": context_of(text, s.char_start, s.char_end),
                             "document": text,
                             "line_first": text.count("\n", 0, s.char_start),
                             "line_last": text.count("\n", 0, max(s.char_start, s.char_end - 1))})
        _EXTRACTED[key] = rows
    return _EXTRACTED[key]


def wmt_statements(shared: Path, labeller, trained: dict) -> dict:
    """The statements of each WMT document and its translation, aligned by the
    lines they cover (as eval_statements does): same about, same stance."""
    from shiftwatch.evaluate.statements import align_by_lines

    if not (shared / "wmt-ruen-migration" / "ru.jsonl").exists():
        return {"skipped": "wmt-ruen-migration not found"}
    docs = _wmt_docs(shared)
    rows = _extract("wmt", [(f"{k}-{lang}", lang, t) for k, d in docs.items() for lang, t in d.items()])
    labels = labeller.label_many(rows)
    by_doc: dict = {}
    for r, lab in zip(rows, labels):
        key, lang = r["doc"].rsplit("-", 1)
        by_doc.setdefault(key, {"ru": [], "en": []})[lang].append(
            {"lines": set(range(r["line_first"], r["line_last"] + 1)), **lab})
    pairs, held = [], []
    seen = _wmt_trained(trained)
    for key, d in by_doc.items():
        found = align_by_lines(d["ru"], d["en"])
        pairs += found
        if key not in seen:
            held += found
    out = _agreement(pairs) | {"aligned_pairs": len(pairs)}
    if seen:
        out["heldout"] = _agreement(held) | {"aligned_pairs": len(held)}
    return out


def negatives(shared: Path, labeller, trained: dict) -> dict:
    set_name = "telegram-ru/negatives_dev.jsonl"
    path = shared / set_name
    if not path.exists():
        return {"skipped": f"{path} not found"}
    docs = [(d["id"], d.get("lang") or "ru", d["text"]) for d in _gold(path)]
    rows = _extract("negatives", docs)
    labels = labeller.label_many(rows)
    about = [r["doc"] for r, lab in zip(rows, labels) if lab["about_migration"]]
    out = {"posts": len(docs), "statements": len(rows), "about_migration": len(about),
           "false_about_rate": round(len(about) / len(rows), 4) if rows else None}
    if set_name in trained:
        seen = trained[set_name]
        held = [lab for r, lab in zip(rows, labels) if r["doc"] not in seen]
        n = sum(1 for lab in held if lab["about_migration"])
        out["heldout"] = {"statements": len(held), "about_migration": n,
                          "false_about_rate": round(n / len(held), 4) if held else None}
    return out


TELEGRAM = "telegram-ru/dev.jsonl"
KFOLD = 3  # folds by document when the real labels train on the telegram posts


def telegram(shared: Path, labeller, trained: dict, real: list[dict] | None = None) -> dict:
    """Stance on the telegram-ru gold: labelling the gold spans themselves, and
    the statements extraction finds that match a gold one (as the pipeline sees them).

    When the real labels hold telegram posts, the shipped model has seen some of
    them: ``kfold`` then labels each post with a model fitted by the same recipe
    (``labels.fit_model``) on everything but its fold of posts, which is the
    out-of-sample figure; the plain figures are for the shipped model."""
    from shiftwatch.records import context_of

    path = shared / "telegram-ru" / "dev.jsonl"
    if not path.exists():
        return {"skipped": f"{path} not found"}
    docs = _gold(path)
    items = {d["doc_id"]: [{"text": g["text"], "lang": "ru", "document": d["text"],
                            "context": context_of(d["text"], g["char_start"], g["char_end"])} for g in d["statements"]]
             for d in docs}
    rows = _extract("telegram", [(d["doc_id"], "ru", d["text"]) for d in docs])
    by_doc: dict = {}
    for r in rows:
        by_doc.setdefault(r["doc"], []).append(r)
    out = _telegram_scores(docs, items, by_doc, {d["doc_id"]: labeller for d in docs})
    seen = trained.get(TELEGRAM)
    if seen:
        spans = _telegram_scores([d for d in docs if d["doc_id"] not in seen], items, by_doc,
                                 {d["doc_id"]: labeller for d in docs})["gold_spans"]
        out["gold_spans_heldout"] = spans
    if real and labeller.model and any(r["set"] == TELEGRAM for r in real):
        out["kfold"] = _telegram_scores(docs, items, by_doc, _fold_labellers(docs, labeller, real)) | {"folds": KFOLD}
    return out


def _telegram_scores(docs: list[dict], items: dict, by_doc: dict, labellers: dict) -> dict:
    from shiftwatch.evaluate.statements import match
    from shiftwatch.labels import score

    gold, span_labels, mg, mp = [], [], [], []
    for d in docs:
        lab = labellers[d["doc_id"]]
        gold += d["statements"]
        span_labels += lab.label_many(items[d["doc_id"]])
        preds = by_doc.get(d["doc_id"], [])
        labels = lab.label_many(preds)
        for gi, pi in match(d["statements"], preds):
            mg.append(d["statements"][gi])
            mp.append(labels[pi])
    return {"gold_spans": _brief(score(gold, span_labels)) if gold else {"lines": 0},
            "extracted_matched": _brief(score(mg, mp)) if mg else {"lines": 0}}


def fold_of(doc: str, k: int = KFOLD) -> int:
    import hashlib

    return int(hashlib.sha1(f"kfold:{doc}".encode()).hexdigest()[:8], 16) % k


def _fold_labellers(docs: list[dict], labeller, real: list[dict]) -> dict:
    """doc id -> a labeller whose model never saw that post (nor its fold)."""
    from shiftwatch.labels import Labeller, fit_model, read_gold

    m = labeller.model
    params = {k: m[k] for k in ("emb_weight", "dense_weight", "ctx_weight", "context_words", "doc_features") if k in m}
    gold = [r for f in sorted((ROOT / "tests" / "data" / "gold").glob("labels_*.jsonl")) for r in read_gold(f)]
    out = {}
    for f in range(KFOLD):
        held = {d["doc_id"] for d in docs if fold_of(d["doc_id"]) == f}
        model, _ = fit_model(gold, [r for r in real if not (r["set"] == TELEGRAM and r["doc"] in held)], m["mode"], **params)
        lab = Labeller(model, f"{labeller.version}-fold{f}")
        out.update({doc: lab for doc in held})
    return out
