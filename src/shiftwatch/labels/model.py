"""The trained layer: TF-IDF word n-grams over lemmas (character n-grams are
optional: they cost 3x the time for no gain in cross-validation) plus the rule layer's
hits as features, with logistic regression for about_migration, stance and
each frame. Trained by ``train`` (or scripts/train_labels.py) on the labels
gold; saved with joblib; needs only scikit-learn and numpy at run time.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import sparse

from ..records import FRAMES, STANCES
from .rules import STANCE_CATS, Analysis, frame_counts, rule_about, rule_stance, stance_scores

MODES = ("rules", "lr", "combined")
FORMAT = 1
NEG_SPAN = 3


def lemma_text(a: Analysis, lang: str) -> str:
    """The statement as lemmas for the word n-grams: quoted words get q_,
    words right after a negator get a neg_ twin, so 'not a threat' and
    'a threat' are different features."""
    neg_until = -1
    neg_starts = {h.end for h in a.hits if h.cat == "negator"}
    out = [f"lang_{lang}"]
    for i, t in enumerate(a.tokens):
        if i in neg_starts:
            neg_until = i + NEG_SPAN
        w = ("q_" if t.quoted else "") + t.lemma
        out.append(w)
        if i < neg_until:
            out.append("neg_" + w)
    return " ".join(out)


def dense_features(a: Analysis, lang: str) -> list[float]:
    f: list[float] = []
    c = a.count
    f += [c("topic", None), c("topic_ambiguous", None), c("not_topic", None), a.context_topic, a.context_not_topic]
    for cat in STANCE_CATS:
        f += [c(cat, False, False), c(cat, False, True), c(cat, True)]
    f += [c("harm"), c("advocate"), c("balance")]
    r, w, _, _ = stance_scores(a)
    st, _ = rule_stance(a)
    about, _ = rule_about(a)
    f += [r, w, float(st == "restrictive"), float(st == "welcoming"), float(st == "neutral"), float(about)]
    fc = frame_counts(a)
    f += [fc[x] for x in FRAMES]
    f += [float(a.question), float(any(t.text.isdigit() for t in a.tokens)), float(lang == "ru")]
    return [math.log1p(x) for x in f]


def _vectorizers():
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, max_features=60000)
    return word, char


def _matrix(model: dict, lemmas, chars, dense, fit: bool = False):
    mode = model["mode"]
    parts = []
    if mode in ("lr", "combined"):
        vecs = [(model["word"], lemmas)] + ([(model["char"], chars)] if model.get("char") else [])
        parts += [v.fit_transform(x) if fit else v.transform(x) for v, x in vecs]
    if mode in ("combined", "dense"):
        parts.append(sparse.csr_matrix(np.asarray(dense, dtype=np.float64) * model["dense_weight"]))
    return sparse.hstack(parts, format="csr")


def fit(rows: list[dict], analyses: list[Analysis], mode: str = "combined", C: float = 10.0,
        dense_weight: float = 1.0, char: bool = False, about_C: float | None = None) -> dict:
    """Fit the three heads on gold rows (with their rule analyses)."""
    from sklearn.linear_model import LogisticRegression

    word, char_vec = _vectorizers()
    model = {"format": FORMAT, "mode": mode, "word": word, "char": char_vec if char else None,
             "dense_weight": dense_weight}
    lemmas = [lemma_text(a, r["lang"]) for a, r in zip(analyses, rows)]
    chars = [r["text"].lower() for r in rows]
    dense = [dense_features(a, r["lang"]) for a, r in zip(analyses, rows)]
    X = _matrix(model, lemmas, chars, dense, fit=True)
    model["word_names"] = list(word.get_feature_names_out()) if mode != "dense" else []

    def lr(c: float = C):
        return LogisticRegression(C=c, class_weight="balanced", max_iter=2000)

    idx = [i for i, r in enumerate(rows) if r.get("about_migration") is not None]
    model["about"] = lr(about_C or C).fit(X[idx], [bool(rows[i]["about_migration"]) for i in idx])
    idx = [i for i, r in enumerate(rows) if r.get("stance") in STANCES]
    model["stance"] = lr().fit(X[idx], [rows[i]["stance"] for i in idx])
    idx = [i for i, r in enumerate(rows) if r.get("about_migration") and r.get("frames") is not None]
    model["frames"] = {}
    for fr in FRAMES:
        y = [fr in rows[i]["frames"] for i in idx]
        if 0 < sum(y) < len(y):
            model["frames"][fr] = lr().fit(X[idx], y)
    return model


def predict(model: dict, items: list[dict], analyses: list[Analysis]) -> list[dict]:
    """about/stance/frames per item, plus the stance head's top n-grams present."""
    if not items:
        return []
    lemmas = [lemma_text(a, it["lang"]) for a, it in zip(analyses, items)]
    chars = [it["text"].lower() for it in items]
    dense = [dense_features(a, it["lang"]) for a, it in zip(analyses, items)]
    X = _matrix(model, lemmas, chars, dense)
    about_p = model["about"].predict_proba(X)[:, list(model["about"].classes_).index(True)]
    stance_p = model["stance"].predict_proba(X)
    classes = list(model["stance"].classes_)
    frame_p = {fr: m.predict_proba(X)[:, list(m.classes_).index(True)] for fr, m in model["frames"].items()}
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
                    "frames": frames, "X": X, "i": i})
    return out


def top_ngrams(model: dict, X, i: int, stance: str, k: int = 3) -> list[str]:
    """The word n-grams present in a statement that pushed most toward ``stance``."""
    if model["mode"] not in ("lr", "combined"):
        return []
    clf = model["stance"]
    ci = list(clf.classes_).index(stance)
    names = model["word_names"]
    nword = len(names)
    coef = clf.coef_[ci][:nword]
    a, b = X.indptr[i], X.indptr[i + 1]
    scored = sorted(((coef[c] * v, c) for c, v in zip(X.indices[a:b], X.data[a:b]) if c < nword), reverse=True)
    out = []
    for s, c in scored[:k]:
        if s <= 0:
            break
        name = names[c]
        if name.startswith(("lang_", "neg_", "q_")) or " neg_" in name or " q_" in name:
            continue
        out.append(name)
    return out
