"""The trained layer: logistic regression on a multilingual sentence embedding
(``encoder.py``) of the statement, plus the rule layer's hits as features.
The embedding is the same for a statement and its
translation, where the word n-grams of the previous model were not, so the two
language versions get the same label; it also carries what the words mean
beyond the lexicons, which is what real news needs.

Modes: ``encoder`` (the embedding alone), ``combined`` (the embedding and the
rule features; the shipped one). about_migration also sees how much the
paragraph and the document speak of migration (``CONTEXT``). Saved with
joblib; needs scikit-learn and the encoder package at run time.
"""

from __future__ import annotations

import math

import numpy as np

from ..records import FRAMES, STANCES
from . import encoder
from .rules import (
    STANCE_CATS,
    Analysis,
    frame_counts,
    rule_about,
    rule_stance,
    stance_scores,
)

MODES = ("rules", "encoder", "combined")
FORMAT = 3
# how much each part of the features weighs against the L2 penalty (picked on the real dev split)
WEIGHTS = {"emb_weight": 2.0, "dense_weight": 1.0, "ctx_weight": 2.0}
C_DEFAULT = 0.3
# what about_migration sees beyond the statement: the embedding of the words of its
# paragraph either side of it (None: the whole paragraph; 0: none, the paragraph
# and the document count through their topic words in the rule features only) and
# the document's topic words. 0 because the embedding bought nothing on the real
# dev sets (about F1 0.904 without, 0.907 with the whole paragraph, 0.899 with 12
# words) and cost most of the time (labels with a paragraph: 806 statements per
# CPU-s without, 220 with the whole paragraph, 334 with 12 words)
CONTEXT = {"context_words": 0, "doc_features": True}


def dense_features(a: Analysis, lang: str) -> list[float]:
    """The rule layer's hits, counted by category, quote and negation."""
    f: list[float] = []
    c = a.count
    f += [c("topic", None), c("topic_ambiguous", None), c("not_topic", None), a.context_topic, a.context_not_topic]
    for cat in STANCE_CATS:
        f += [c(cat, False, False), c(cat, False, True), c(cat, True)]
    f += [c("harm"), c("advocate"), c("balance"), c("distance")]
    r, w, _, _ = stance_scores(a)
    st, _ = rule_stance(a)
    about, _ = rule_about(a)
    f += [r, w, float(st == "restrictive" and r > 0), float(st == "welcoming" and w > 0), float(about)]
    fc = frame_counts(a)
    f += [fc[x] for x in FRAMES]
    f += [float(a.question)]
    return [math.log1p(x) for x in f]


def document_features(a: Analysis) -> list[float]:
    """Whether the document around the paragraph speaks of migrants (about_migration only):
    log counts (yes/no alone: real dev about F1 0.867 against 0.896)."""
    return [math.log1p(a.doc_topic), math.log1p(a.doc_head_topic), float(a.doc_topic > 0 and not a.context_not_topic)]


def neighbours(text: str, context: str | None, words: int | None) -> str:
    """What is embedded as a statement's context: the whole paragraph (``words``
    None), or the ``words`` words either side of the statement in it (the
    encoder's time grows with the words it reads), or the statement itself
    when there is no context or ``words`` is 0 (embedded once for both)."""
    if not context or words == 0:
        return text
    if words is None:
        return context
    i = context.find(text)
    if i < 0:
        return " ".join(context.split()[: 2 * words]) or text
    before, after = context[:i].split()[-words:], context[i + len(text):].split()[:words]
    return " ".join(before + ["…"] + after) if before or after else text


def features(model: dict, items: list[dict], analyses: list[Analysis]) -> tuple[np.ndarray, np.ndarray]:
    """(stance/frames matrix, about matrix) for items with text, lang, context."""
    texts = [it["text"] for it in items]
    cw = model.get("context_words")
    ctxs = [neighbours(it["text"], it.get("context"), cw) for it in items]
    emb = encoder.embed(texts + ctxs)
    e_text, e_ctx = emb[: len(items)], emb[len(items):]
    parts = [e_text * model["emb_weight"]]
    if model["mode"] == "combined":
        d = np.asarray([dense_features(a, it["lang"]) for a, it in zip(analyses, items)], dtype=np.float32)
        parts.append(d * model["dense_weight"])
    X = np.hstack(parts)
    about = [X, e_ctx * model["ctx_weight"]]
    if model.get("doc_features"):
        about.append(np.asarray([document_features(a) for a in analyses], dtype=np.float32) * model["dense_weight"])
    return X, np.hstack(about)


def fit(rows: list[dict], analyses: list[Analysis], mode: str = "combined", C: float = C_DEFAULT,
        emb_weight: float = WEIGHTS["emb_weight"], dense_weight: float = WEIGHTS["dense_weight"],
        ctx_weight: float = WEIGHTS["ctx_weight"],
        weights: list[float] | None = None, stance_weights: list[float] | None = None, X=None,
        head: str = "lr", hidden: int = 64, alpha: float = 1.0, context_words: int | None = CONTEXT["context_words"],
        doc_features: bool = CONTEXT["doc_features"]) -> dict:
    """Fit the three heads on labelled rows (with their rule analyses).
    ``weights``: one per row for about_migration, ``stance_weights`` for stance
    and frames (real news sentences teach the topic well; most of them are
    neutral narration, which would teach stance to stay neutral)."""
    from sklearn.linear_model import LogisticRegression

    model = {"format": FORMAT, "mode": mode, "encoder": encoder.NAME, "emb_weight": emb_weight,
             "dense_weight": dense_weight, "ctx_weight": ctx_weight, "context_words": context_words,
             "doc_features": doc_features}
    Xs, Xa = X if X is not None else features(model, rows, analyses)
    w = np.asarray(weights if weights is not None else [1.0] * len(rows))
    ws = np.asarray(stance_weights) if stance_weights is not None else w

    def lr():
        if head == "mlp":
            from sklearn.neural_network import MLPClassifier

            return _Balanced(MLPClassifier(hidden_layer_sizes=(hidden,), alpha=alpha, max_iter=400, random_state=0))
        return LogisticRegression(C=C, class_weight="balanced", max_iter=3000)

    idx = [i for i, r in enumerate(rows) if r.get("about_migration") is not None]
    model["about"] = lr().fit(Xa[idx], [bool(rows[i]["about_migration"]) for i in idx], sample_weight=w[idx])
    idx = [i for i, r in enumerate(rows) if r.get("about_migration") is not False and r.get("stance") in STANCES]
    model["stance"] = lr().fit(Xs[idx], [rows[i]["stance"] for i in idx], sample_weight=ws[idx])
    idx = [i for i, r in enumerate(rows) if r.get("about_migration") and r.get("frames")]
    model["frames"] = {}
    for fr in FRAMES:
        y = [fr in rows[i]["frames"] for i in idx]
        if 0 < sum(y) < len(y):
            model["frames"][fr] = lr().fit(Xs[idx], y, sample_weight=ws[idx])
    return model


class _Balanced:
    """A classifier fitted with class-balanced sample weights (MLP has no class_weight)."""

    def __init__(self, clf):
        self.clf = clf

    def fit(self, X, y, sample_weight=None):
        y = np.asarray(y)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        for c in np.unique(y):
            w[y == c] *= len(y) / (len(np.unique(y)) * max((y == c).sum(), 1))
        self.clf.fit(X, y, sample_weight=w)
        self.classes_ = self.clf.classes_
        return self

    def predict_proba(self, X):
        return self.clf.predict_proba(X)


def predict(model: dict, items: list[dict], analyses: list[Analysis], X=None) -> list[dict]:
    """about/stance/frames per item, with the probabilities the combination needs."""
    if not items:
        return []
    Xs, Xa = X if X is not None else features(model, items, analyses)
    about_p = model["about"].predict_proba(Xa)[:, list(model["about"].classes_).index(True)]
    stance_p = model["stance"].predict_proba(Xs)
    classes = list(model["stance"].classes_)
    frame_p = {fr: m.predict_proba(Xs)[:, list(m.classes_).index(True)] for fr, m in model["frames"].items()}
    out = []
    for i in range(len(items)):
        stance = classes[int(np.argmax(stance_p[i]))]
        probs = {fr: p[i] for fr, p in frame_p.items()}
        frames = [fr for fr in FRAMES if probs.get(fr, 0) >= 0.5]
        if not frames and probs:
            frames = [max(probs, key=probs.get)]
        frames = sorted(frames, key=lambda f: -probs[f])[:3]
        out.append({"about_migration": bool(about_p[i] >= 0.5), "about_p": float(about_p[i]), "stance": str(stance),
                    "stance_p": {str(c): float(stance_p[i][j]) for j, c in enumerate(classes)},
                    "frames": frames})
    return out
