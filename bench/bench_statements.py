"""Statement extraction speed on 1,000 Russian documents (~2,000 characters),
against a bare natasha NER pass over the same documents (target: extraction
costs at most 2x the NER pass and runs >= 25 documents/s on one core)."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def documents(n: int = 1000) -> list[str]:
    """Our own Russian texts (gold and demo), cut and recombined to ~2,000 characters."""
    paras = []
    for line in open(ROOT / "tests" / "data" / "gold" / "statements_ru.jsonl", encoding="utf-8"):
        paras.extend(p for p in json.loads(line)["text"].split("\n") if len(p) > 40)
    for line in open(ROOT / "demo" / "corpus" / "articles.jsonl", encoding="utf-8"):
        rec = json.loads(line)
        if rec.get("lang") == "ru":
            paras.extend(p for p in rec["text"].split("\n") if len(p) > 40)
    rng = random.Random(1000)
    docs = []
    for _ in range(n):
        parts, size = [], 0
        while size < 2000:
            p = rng.choice(paras)
            parts.append(p)
            size += len(p) + 2
        docs.append("\n\n".join(parts))
    return docs


def run(work: Path) -> dict:
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    from shiftwatch.pipeline import statements_of

    def extract(text):
        return statements_of(text, "ru")

    docs = documents()
    segmenter, ner = Segmenter(), NewsNERTagger(NewsEmbedding())
    extract(docs[0])  # load dictionaries once, as a long run would
    d = Doc(docs[0]); d.segment(segmenter); d.tag_ner(ner)

    t = time.process_time()
    for text in docs:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(ner)
    ner_s = time.process_time() - t

    t = time.process_time()
    statements = sum(len(extract(text)) for text in docs)
    ext_s = time.process_time() - t
    return {
        "documents": len(docs),
        "mean_chars": round(sum(map(len, docs)) / len(docs)),
        "natasha_ner_docs_per_cpu_s": round(len(docs) / ner_s, 1),
        "extraction_docs_per_cpu_s": round(len(docs) / ext_s, 1),
        "extraction_cost_vs_ner": round(ext_s / ner_s, 2),
        "statements": statements,
        "note": "CPU seconds of one process (time.process_time), so other load on the machine does not count",
    }
