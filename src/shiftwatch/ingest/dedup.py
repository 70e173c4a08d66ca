"""Which new documents are copies: exact ones are dropped, near ones linked.

Pure decisions over what the caller gives: the ids and hashes already
stored, and the stored originals that share an LSH band with each new
document. The pipeline asks the store for those and writes the outcome.
"""

from __future__ import annotations

from typing import Callable

from ..records import Document
from .parse import jaccard, similarity

NEAR_DUPLICATE = 0.7  # Jaccard of word 3-grams


def drop_exact(docs: list[Document], stored_ids: set[str], stored_hashes: set[str]) -> tuple[list[Document], int, int]:
    """The documents that are neither stored already (same id) nor an exact copy
    (same normalised text) of a stored one or of an earlier one in the batch;
    and how many were already stored, how many were copies."""
    ids, hashes = set(stored_ids), set(stored_hashes)
    fresh, already, copies = [], 0, 0
    for d in docs:
        if d.doc_id in ids:
            already += 1
        elif d.text_hash in hashes:
            copies += 1
        else:
            ids.add(d.doc_id)
            hashes.add(d.text_hash)
            fresh.append(d)
    return fresh, already, copies


def link_near(fresh: list[Document], candidates: dict[str, list[tuple[str, bytes]]],
              text_of: Callable[[str], str]) -> dict[str, tuple[str, float]]:
    """doc_id -> (first copy, Jaccard) for each new document that is a near
    duplicate of a stored original or of an earlier original in the batch."""
    texts = {d.doc_id: d.text for d in fresh}

    def text(doc_id: str) -> str:
        if doc_id not in texts:
            texts[doc_id] = text_of(doc_id)
        return texts[doc_id]

    linked: dict[str, tuple[str, float]] = {}
    batch_index: dict[tuple[int, int], list[Document]] = {}
    for d in fresh:
        cands = list(candidates.get(d.doc_id, []))
        for b, h in enumerate(d.bands):
            cands.extend((o.doc_id, o.minhash) for o in batch_index.get((b, h), []))
        # MinHash with 64 permutations estimates within about ±0.06: it picks
        # the candidates, the exact shingle overlap decides
        best = (0.0, None)
        for doc_id, sig in sorted(set(cands)):
            if similarity(d.minhash, sig) >= NEAR_DUPLICATE - 0.15:
                exact = jaccard(d.text, text(doc_id))
                if exact > best[0]:
                    best = (exact, doc_id)
        if best[1] is not None and best[0] >= NEAR_DUPLICATE:
            linked[d.doc_id] = (best[1], round(best[0], 3))
            continue
        for b, h in enumerate(d.bands):
            batch_index.setdefault((b, h), []).append(d)
    return linked
