"""`shiftwatch eval quotes`: pairwise precision, recall and F1 of the quotes
grouping, and how often the first report is the right one.

Two gold formats (one JSON object a line):

- reports: ``{quote, doc_id, outlet, published, time, lang, speaker_id, text}``,
  one line per report, ``quote`` the gold cluster (a report alone in its
  cluster is a statement nobody repeated: a distractor);
- clusters (shared/data/measures-ru/dev_quotes.jsonl):
  ``{quote_id, speaker_id, members: [{doc_id, text}]}`` beside the posts they
  cite (``dev.jsonl``, or ``--docs``); every statement the pipeline finds in
  those posts that is not a gold member is a distractor of its own.

The score is over pairs of reports: a gold pair is two reports of one gold
quote; a predicted pair two reports the stage put in one quote.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from pathlib import Path
from typing import Callable

from ..errors import ShiftwatchError
from ..jsonl import objects, open_file


def load(path: str | Path) -> list[dict]:
    with open_file(path, "gold file") as f:
        rows = [obj for _, obj in objects(f, str(path))]
    if not rows:
        raise ShiftwatchError(f"{path}: no gold lines")
    return rows


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _time(value) -> dt.datetime | None:
    if not value or len(str(value)) <= 10:
        return None
    t = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t


def reports_from_lines(rows: list[dict], path) -> tuple[list, dict[str, str]]:
    """(QuoteReports, statement_id -> gold cluster) of a reports gold file."""
    from ..quotes import QuoteReport

    reports, gold = [], {}
    for n, r in enumerate(rows, 1):
        missing = [k for k in ("quote", "doc_id", "text", "lang") if not r.get(k)]
        if missing:
            raise ShiftwatchError(f"{path}:{n}: a quotes gold line needs {', '.join(missing)}")
        sid = r.get("statement_id") or f"{r['doc_id']}#{n}"
        reports.append(QuoteReport(sid, r["doc_id"], r.get("speaker_id"), r["text"], r["lang"], _date(r.get("published")),
                                   r.get("outlet"), _time(r.get("time")), anonymous=bool(r.get("anonymous"))))
        gold[sid] = str(r["quote"])
    return reports, gold


def reports_from_clusters(rows: list[dict], docs_path: Path, progress=None) -> tuple[list, dict[str, str]]:
    """Gold members, and every other statement the pipeline finds in the posts as distractors."""
    from ..pipeline import Models, statements_of
    from ..quotes import QuoteReport
    from ..store import statement_id

    with open_file(docs_path, "posts file") as f:
        docs = {d["doc_id"]: d for _, d in objects(f, str(docs_path))}
    reports, gold, spans = [], {}, {}
    for q in rows:
        for i, m in enumerate(q.get("members") or []):
            d = docs.get(m["doc_id"])
            if d is None:
                raise ShiftwatchError(f"{docs_path}: no post {m['doc_id']!r} (cited by {q.get('quote_id')})")
            start = d["text"].find(m["text"])
            if start < 0:
                raise ShiftwatchError(f"{q.get('quote_id')}: member text is not in post {m['doc_id']}")
            sid = f"{m['doc_id']}#gold{i}"
            spans.setdefault(m["doc_id"], []).append((start, start + len(m["text"])))
            reports.append(QuoteReport(sid, m["doc_id"], q["speaker_id"], m["text"], d.get("lang") or "ru",
                                       _date(d.get("published")), d.get("outlet"), _time(d.get("time"))))
            gold[sid] = q["quote_id"]
    models = Models.load()
    for n, (doc_id, d) in enumerate(docs.items(), 1):
        for s in statements_of(d["text"], d.get("lang") or "ru", models):
            if any(min(b, s.char_end) > max(a, s.char_start) for a, b in spans.get(doc_id, [])):
                continue  # the gold member stands for it
            sid = statement_id(doc_id, s)
            reports.append(QuoteReport(sid, doc_id, s.speaker_id, s.text, d.get("lang") or "ru",
                                       _date(d.get("published")), d.get("outlet"), _time(d.get("time")),
                                       anonymous=s.speaker_kind == "anonymous"))
            gold[sid] = f"distractor:{sid}"
        if progress:
            progress("statements", n, len(docs))
    return reports, gold


def score(predicted: dict[str, str], gold: dict[str, str], first: dict[str, str], gold_first: dict[str, str]) -> dict:
    """Pairwise precision, recall, F1; first-report accuracy over gold quotes of two or more reports."""
    def pairs(assign: dict[str, str]) -> set:
        by: dict[str, list[str]] = {}
        for sid, c in assign.items():
            by.setdefault(c, []).append(sid)
        return {tuple(sorted(p)) for ms in by.values() for p in itertools.combinations(ms, 2)}

    gp, pp = pairs(gold), pairs({k: predicted[k] for k in gold})
    tp = len(gp & pp)
    p = tp / len(pp) if pp else 1.0
    r = tp / len(gp) if gp else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    right = total = 0
    clusters: dict[str, list[str]] = {}
    for sid, c in gold.items():
        clusters.setdefault(c, []).append(sid)
    for c, members in clusters.items():
        if len(members) < 2:
            continue
        total += 1
        votes: dict[str, int] = {}
        for sid in members:
            votes[predicted[sid]] = votes.get(predicted[sid], 0) + 1
        main = max(votes, key=lambda q: (votes[q], q))
        right += first.get(main) == gold_first[c]
    return {"gold_pairs": len(gp), "predicted_pairs": len(pp), "matched_pairs": tp,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "gold_quotes": total, "first_right": right, "first_accuracy": round(right / total, 4) if total else 1.0}


def evaluate(path: str | Path, docs: str | Path | None = None, embed: Callable | None = None,
             use_embeddings: bool = True, progress=None) -> dict:
    from .. import quotes

    path = Path(path)
    rows = load(path)
    if "members" in rows[0]:
        reports, gold = reports_from_clusters(rows, Path(docs) if docs else path.parent / "dev.jsonl", progress)
    else:
        reports, gold = reports_from_lines(rows, path)
    if embed is None and use_embeddings:
        from ..pipeline import load_embedder

        embed = load_embedder()
    start = time.perf_counter()
    found = quotes.group(reports, embed=embed)
    seconds = time.perf_counter() - start
    predicted = quotes.assignments(found)
    first = {q.quote_id: q.first.statement_id for q in found}
    by_sid = {r.statement_id: r for r in reports}
    gold_first: dict[str, str] = {}
    for sid, c in gold.items():
        if c not in gold_first or by_sid[sid].order() < by_sid[gold_first[c]].order():
            gold_first[c] = sid
    out = {"gold": str(path), "reports": len(reports), "quotes": len(found), "embeddings": embed is not None,
           **score(predicted, gold, first, gold_first),
           "seconds": round(seconds, 3), "reports_per_second": round(len(reports) / seconds, 1) if seconds else None}
    out["errors"] = _errors(predicted, gold, by_sid)
    return out


def end_to_end(path: str | Path, docs: str | Path | None = None, progress=None) -> dict:
    """A clusters gold through the whole pipeline: the posts ingested into a fresh
    store (statements, speakers, labels, quotes), each gold member matched to the
    stored statement its span overlaps most. A member the statements stage missed
    stays alone (recall pays for it); every stored statement counts for precision."""
    import tempfile

    from ..pipeline import ingest
    from ..store import Store

    path = Path(path)
    rows = load(path)
    if "members" not in rows[0]:
        raise ShiftwatchError(f"{path}: end to end needs a clusters gold (quote_id, speaker_id, members)")
    docs_path = Path(docs) if docs else path.parent / "dev.jsonl"
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "eval.duckdb") as store:
        start = time.perf_counter()
        ingest(store, [str(docs_path)], fields={"id": "doc_id"}, progress=progress)
        seconds = time.perf_counter() - start
        stored = store.con.execute(
            """SELECT d.source_id, d.text, s.statement_id, s.char_start, s.char_end, s.quote_id
               FROM statements s JOIN documents d USING (doc_id)""").fetchall()
        texts = dict(store.con.execute("SELECT source_id, text FROM documents").fetchall())
        firsts = dict(store.con.execute("SELECT quote_id, first_statement_id FROM quotes").fetchall())
    with open_file(docs_path, "posts file") as f:
        when = {d["doc_id"]: (_date(d.get("published")) or dt.date.max, _time(d.get("time")) or dt.datetime.max)
                for _, d in objects(f, str(docs_path))}
    predicted = {sid: q for _, _, sid, _, _, q in stored}
    gold = {sid: f"distractor:{sid}" for sid in predicted}
    earliest: dict[str, tuple] = {}
    gold_first: dict[str, str] = {}
    found = missed = 0
    for q in rows:
        for i, m in enumerate(q.get("members") or []):
            text = texts.get(m["doc_id"]) or ""
            a = text.find(m["text"])
            best = None
            if a >= 0:
                b = a + len(m["text"])
                overlaps = [(min(b, e) - max(a, s), sid) for src, _, sid, s, e, _ in stored
                            if src == m["doc_id"] and min(b, e) > max(a, s)]
                best = max(overlaps)[1] if overlaps else None
            if best is None or not gold[best].startswith("distractor:"):
                missed += 1
                best = f"{m['doc_id']}#missed{i}"
                predicted[best] = best
            else:
                found += 1
            gold[best] = q["quote_id"]
            key = when.get(m["doc_id"], (dt.date.max, dt.datetime.max))
            if q["quote_id"] not in earliest or key < earliest[q["quote_id"]]:
                earliest[q["quote_id"]], gold_first[q["quote_id"]] = key, best
    out = {"gold": str(path), "end_to_end": True, "statements": len(stored), "members_found": found,
           "members_missed": missed, **score(predicted, gold, firsts, gold_first),
           "seconds_ingest": round(seconds, 2)}
    return out


def _errors(predicted: dict[str, str], gold: dict[str, str], by_sid: dict) -> list[dict]:
    """Pairs split that gold joins, and pairs joined that gold splits."""
    out = []
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold, same_pred = gold[a] == gold[b], predicted[a] == predicted[b]
        if same_gold != same_pred:
            out.append({"error": "split" if same_gold else "joined", "a": by_sid[a].text[:120], "b": by_sid[b].text[:120],
                        "speaker": [by_sid[a].speaker_id, by_sid[b].speaker_id]})
    return out
