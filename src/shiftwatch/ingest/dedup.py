"""Which new documents are copies: exact ones are dropped, near ones linked.

Pure decisions over what the caller gives: the ids and hashes already
stored, and the stored originals that share an LSH band with each new
document. The pipeline asks the store for those and writes the outcome.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

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
    earlier = _shared_bands(fresh)
    for i, d in enumerate(fresh):
        cands = list(candidates.get(d.doc_id, []))
        # earlier originals of the batch that share a band with it (a linked copy is not an original)
        cands.extend((fresh[j].doc_id, fresh[j].minhash) for j in earlier.get(i, ()) if fresh[j].doc_id not in linked)
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
    return linked


def _shared_bands(docs: list[Document]) -> dict[int, set[int]]:
    """i -> the positions j < i of the documents that share an LSH band (same band, same
    hash) with document i: a sort per band, not a dictionary of every band of the batch."""
    earlier: dict[int, set[int]] = {}
    width = len(docs[0].bands) if docs else 0
    if not all(len(d.bands) == width for d in docs):  # not as parse makes them: the plain way
        seen: dict[tuple[int, int], list[int]] = {}
        for i, d in enumerate(docs):
            for b, h in enumerate(d.bands):
                others = seen.setdefault((b, h), [])
                if others:
                    earlier.setdefault(i, set()).update(others)
                others.append(i)
        return earlier
    table = np.array([d.bands for d in docs], dtype=np.uint64).reshape(len(docs), width)
    for b in range(width):
        column = table[:, b]
        order = np.argsort(column, kind="stable")  # equal hashes together, in batch order
        ranked = column[order]
        same = np.nonzero(ranked[1:] == ranked[:-1])[0]
        if not len(same):
            continue
        # runs of equal hashes: each member after the first has the run's earlier members
        starts = same[np.r_[True, same[1:] != same[:-1] + 1]]
        for start in starts:
            end = start + 1
            while end < len(ranked) and ranked[end] == ranked[start]:
                end += 1
            run = [int(x) for x in order[start:end]]
            for k in range(1, len(run)):
                earlier.setdefault(run[k], set()).update(run[:k])
    return earlier
