"""The writer's in-memory view of what deduplication asks the store at each batch.

Every ingest batch asks which of its documents are stored already (id or
text hash) and which stored originals share an LSH band with them. Asked of
DuckDB, both are scans of the whole ``documents`` and ``doc_bands`` tables,
whose cost grows with the store. This index answers from memory instead: it
is loaded from the store once (on the first batch), follows every batch the
store commits, and is checked against the store whenever the connection was
given up meanwhile (another process may have written): a store that changed
is loaded again.

It holds 64-bit keys in sorted numpy runs (merged like a binary counter, so a
batch costs a few ``searchsorted`` calls, not a scan): the ids' and text
hashes' fingerprints (8 bytes a document: a hit is confirmed by the store,
so a fingerprint collision changes nothing) and each original's band hashes
(16 x 12 bytes), which name the original by its position in a list of ids.
"""

from __future__ import annotations

import hashlib

import numpy as np


class SortedRuns:
    """A multiset of uint64 keys, each with a uint32 value, as sorted runs:
    a run is merged into the one before it while that one is no longer, so
    there are at most log2(n) runs and each key is moved log2(n) times."""

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []

    def __len__(self) -> int:
        return sum(len(k) for k, _ in self.runs)

    def add(self, keys: np.ndarray, values: np.ndarray | None = None) -> None:
        if not len(keys):
            return
        keys = np.asarray(keys, dtype=np.uint64)
        values = np.zeros(len(keys), np.uint32) if values is None else np.asarray(values, dtype=np.uint32)
        order = np.argsort(keys, kind="stable")
        run = (keys[order], values[order])
        while self.runs and len(self.runs[-1][0]) <= 2 * len(run[0]):
            k, v = self.runs.pop()
            keys, values = np.concatenate([k, run[0]]), np.concatenate([v, run[1]])
            order = np.argsort(keys, kind="stable")  # two sorted runs: timsort merges them in one pass
            run = (keys[order], values[order])
        self.runs.append(run)

    def find(self, keys: np.ndarray) -> list[tuple[int, int]]:
        """(position in ``keys``, value) of every stored key equal to one of ``keys``."""
        keys = np.asarray(keys, dtype=np.uint64)
        out: list[tuple[int, int]] = []
        for k, v in self.runs:
            lo = np.searchsorted(k, keys, "left")
            hi = np.searchsorted(k, keys, "right")
            for i in np.nonzero(hi > lo)[0]:
                out.extend((int(i), int(x)) for x in v[lo[i] : hi[i]])
        return out

    def contains(self, keys: np.ndarray) -> np.ndarray:
        """For each of ``keys``, whether it is stored."""
        keys = np.asarray(keys, dtype=np.uint64)
        hit = np.zeros(len(keys), bool)
        for k, _ in self.runs:
            pos = np.minimum(np.searchsorted(k, keys, "left"), len(k) - 1)
            hit |= k[pos] == keys
        return hit


def fingerprint(value: str) -> int:
    """64 bits of a string: the first 16 hex digits of a hex hash as they are, else blake2b."""
    if len(value) >= 16:
        try:
            return int(value[:16], 16)
        except ValueError:
            pass
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "little")


def fingerprints(values: list[str]) -> np.ndarray:
    try:  # hex hashes (every id and text hash ingest makes): their first 64 bits, at C speed
        if all(len(v) >= 16 for v in values):
            return np.frombuffer(bytes.fromhex("".join(v[:16] for v in values)), dtype=">u8").astype(np.uint64)
    except ValueError:
        pass
    return np.array([fingerprint(v) for v in values], dtype=np.uint64)


def band_table(rows: list[list[int]]) -> np.ndarray:
    """Documents' band hashes as one (documents x bands) array; a short row is padded with
    a value no band hash takes (they are 63-bit), which is never looked up or stored."""
    width = max((len(r) for r in rows), default=0)
    if all(len(r) == width for r in rows):
        return np.array(rows, dtype=np.uint64).reshape(len(rows), width)
    return np.array([list(r) + [NO_BAND] * (width - len(r)) for r in rows], dtype=np.uint64)


NO_BAND = (1 << 64) - 1


class DocumentIndex:
    """Ids, text hashes and LSH bands of the stored documents, for deduplication."""

    def __init__(self) -> None:
        self.ids = SortedRuns()
        self.hashes = SortedRuns()
        self.bands: list[SortedRuns] = []  # one per band number
        self.originals: list[str] = []  # the band index's values: position -> doc_id
        self.documents = 0  # rows of ``documents`` this index has seen

    def add(self, doc_ids: list[str], text_hashes: list[str], original_ids: list[str],
            band_rows: list[list[int]]) -> None:
        """Documents just stored; ``original_ids`` are those in the band index, with their bands."""
        self.ids.add(fingerprints(doc_ids))
        self.hashes.add(fingerprints(text_hashes))
        self.documents += len(doc_ids)
        if not original_ids:
            return
        first = len(self.originals)
        self.originals.extend(original_ids)
        table = band_table(band_rows)
        self._grow(table.shape[1])
        positions = np.arange(first, first + len(original_ids), dtype=np.uint32)
        for b in range(table.shape[1]):
            keep = table[:, b] != NO_BAND
            self.bands[b].add(table[keep, b], positions[keep])

    def add_bands(self, bands: np.ndarray, hashes: np.ndarray, positions: np.ndarray) -> None:
        """Stored band rows (band, hash, position of the doc_id in ``originals``), as the store loads them."""
        if len(bands):
            self._grow(int(bands.max()) + 1)
        for b, index in enumerate(self.bands):
            mine = bands == b
            index.add(hashes[mine], positions[mine])

    def _grow(self, n: int) -> None:
        while len(self.bands) < n:
            self.bands.append(SortedRuns())

    def maybe_known(self, doc_ids: list[str], text_hashes: list[str]) -> tuple[list[str], list[str]]:
        """The ids and hashes of these that may be stored (the store confirms them)."""
        ids = self.ids.contains(fingerprints(doc_ids)) if doc_ids else []
        hashes = self.hashes.contains(fingerprints(text_hashes)) if text_hashes else []
        return ([d for d, hit in zip(doc_ids, ids) if hit], [h for h, hit in zip(text_hashes, hashes) if hit])

    def band_hits(self, probes: list[tuple[str, list[int]]]) -> dict[str, set[str]]:
        """probe id -> the stored originals sharing a band with it."""
        out: dict[str, set[str]] = {}
        if not probes:
            return out
        table = band_table([row for _, row in probes])
        for b in range(min(table.shape[1], len(self.bands))):
            for i, position in self.bands[b].find(table[:, b]):
                out.setdefault(probes[i][0], set()).add(self.originals[position])
        return out
