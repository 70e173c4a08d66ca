"""`shiftwatch eval measures GOLD.jsonl`: measures against hand-coded gold
(the format of shared/data/measures-ru/dev.jsonl).

A predicted measure matches a gold one when their spans overlap by at least
half of the shorter (one to one, largest overlap first). On matched pairs:
accuracy of kind, status, direction and authority. Events: pairwise F1 over
the matched gold measures (two gold measures in one gold event should share
a predicted event, and no others), and the same over all gold measures
(a missed measure loses its pairs)."""

from __future__ import annotations

import datetime as dt
import json
import time
from itertools import combinations
from pathlib import Path
from typing import Callable

from .events import group_events
from .model import Measure, MeasureReport

FIELDS = ("kind", "status", "direction", "authority")


def read_gold(path: str | Path) -> list[dict]:
    p = Path(path)
    if not p.exists():
        raise ValueError(f"eval measures: no such file: {p}")
    docs = []
    with p.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"eval measures: {p}:{n}: not JSON ({e.msg})") from None
            for k in ("doc_id", "text", "measures"):
                if k not in d:
                    raise ValueError(f"eval measures: {p}:{n}: missing field {k!r}")
            docs.append(d)
    return docs


def _date(s) -> dt.date | None:
    if not s:
        return None
    try:
        return dt.date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


def _f1(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def match(gold: list[dict], pred: list[Measure]) -> list[tuple[int, int]]:
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = min(g["char_end"], p.char_end) - max(g["char_start"], p.char_start)
            short = min(g["char_end"] - g["char_start"], p.char_end - p.char_start)
            if ov > 0 and short > 0 and ov >= 0.5 * short:
                cands.append((ov / max(g["char_end"] - g["char_start"], p.char_end - p.char_start), gi, pi))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in sorted(cands, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _pair_f1(groups_gold: dict, groups_pred: dict) -> dict:
    items = sorted(groups_gold)
    gp = {(a, b) for a, b in combinations(items, 2) if groups_gold[a] == groups_gold[b]}
    pp = {(a, b) for a, b in combinations(items, 2) if groups_pred.get(a) is not None and groups_pred.get(a) == groups_pred.get(b)}
    tp = len(gp & pp)
    res = _f1(tp, len(pp - gp), len(gp - pp))
    res["gold_pairs"] = len(gp)
    return res


def evaluate(gold_path: str | Path, extract_fn: Callable | None = None) -> dict:
    """Scores per language and overall, with the error lists (ids and offsets only)."""
    if extract_fn is None:
        from . import extract as extract_fn  # type: ignore[assignment]
    docs = read_gold(gold_path)
    by_lang: dict[str, dict] = {}
    t0 = time.perf_counter()
    preds: list[tuple[dict, list[Measure]]] = []
    for d in docs:
        lang = d.get("lang", "ru")
        preds.append((d, extract_fn(d["text"], lang, _date(d.get("published")))))
    elapsed = time.perf_counter() - t0
    errors = {"missed": [], "spurious": [], "wrong": []}
    for lang in sorted({d.get("lang", "ru") for d in docs}):
        tp = fp = fn = 0
        acc = {k: [0, 0] for k in FIELDS}
        reports: list[MeasureReport] = []
        gold_event: dict[str, str] = {}
        gold_of_pred: dict[str, str] = {}
        for d, pred in preds:
            if d.get("lang", "ru") != lang:
                continue
            gold = d["measures"]
            pairs = match(gold, pred)
            mg = {gi for gi, _ in pairs}
            mp = {pi for _, pi in pairs}
            tp += len(pairs)
            fp += len(pred) - len(mp)
            fn += len(gold) - len(mg)
            for gi, g in enumerate(gold):
                gid = f"{d['doc_id']}#{gi}"
                gold_event[gid] = g.get("event_id") or gid
                if gi not in mg:
                    errors["missed"].append({"doc_id": d["doc_id"], "char_start": g["char_start"], "char_end": g["char_end"], "kind": g.get("kind")})
            for pi, p in enumerate(pred):
                mid = f"{d['doc_id']}@{pi}"
                reports.append(MeasureReport(mid, d["doc_id"], _date(d.get("published")), d.get("outlet", ""), lang, p))
                if pi not in mp:
                    errors["spurious"].append({"doc_id": d["doc_id"], "char_start": p.char_start, "char_end": p.char_end, "kind": p.kind})
            for gi, pi in pairs:
                g, p = gold[gi], pred[pi]
                gold_of_pred[f"{d['doc_id']}@{pi}"] = f"{d['doc_id']}#{gi}"
                for k in FIELDS:
                    gv = g.get(k)
                    pv = p.authority_id if k == "authority" else getattr(p, k)
                    acc[k][1] += 1
                    if gv == pv:
                        acc[k][0] += 1
                    else:
                        errors["wrong"].append({"doc_id": d["doc_id"], "char_start": g["char_start"], "char_end": g["char_end"], "field": k, "gold": gv, "pred": pv})
        events = group_events(reports)
        pred_event_of_gold = {}
        for ev in events:
            for mid in ev.measure_ids:
                if mid in gold_of_pred:
                    pred_event_of_gold[gold_of_pred[mid]] = ev.event_id
        matched_gold = {g: e for g, e in gold_event.items() if g in pred_event_of_gold}
        res = _f1(tp, fp, fn)
        res.update({f"{k}_accuracy": round(v[0] / v[1], 3) if v[1] else None for k, v in acc.items()})
        res["event_pairs"] = _pair_f1(matched_gold, pred_event_of_gold)
        res["event_pairs_all"] = _pair_f1(gold_event, pred_event_of_gold)
        res["docs"] = sum(1 for d, _ in preds if d.get("lang", "ru") == lang)
        res["gold_measures"] = tp + fn
        res["events"] = len(events)
        by_lang[lang] = res
    n = len(docs) or 1
    return {
        "by_lang": by_lang,
        "ms_per_doc": round(1000 * elapsed / n, 2),
        "errors": errors,
    }


# ----------------------------------------------------------------------
# a naive baseline: any sentence naming migrants and a policy word
_NAIVE = {
    "ru": {"закон", "законопроект", "запрет", "запретить", "штраф", "депортация", "выдворение", "патент", "квота",
           "ограничение", "проверка", "рейд", "указ", "правило", "мера", "ужесточить", "ввести"},
    "en": {"law", "bill", "ban", "order", "program", "polic", "deport", "quota", "rule", "legisl", "amnesty", "visa", "raid", "border"},
}


def naive_extract(text: str, lang: str, published=None, resolve_authority=None) -> list[Measure]:
    from . import lexicon, segment
    from .lemma import tokens

    lex = lexicon.load(lang)
    out = []
    for u in segment.units(text, lang):
        toks = tokens(text, lang, u.start, u.end)
        lem = {t.lemma for t in toks}
        if lex.target.find(toks) and lem & _NAIVE[lang]:
            out.append(Measure(u.start, u.end, text[u.start:u.end], "other", "", None, "federal", None, [],
                               "proposed", "restrictive", None, [], "", frozenset(t.lemma for t in toks)))
    return out
