"""`shiftwatch eval measures`: the measures stage as the pipeline runs it (authorities
resolved through the speaker registry), scored by the stage's own evaluation."""

from __future__ import annotations

from pathlib import Path

from ..errors import ShiftwatchError


def evaluate(path: str | Path) -> dict:
    from .. import measures
    from ..pipeline import Models

    if not Path(path).is_file():
        raise ShiftwatchError(f"no such gold file: {path}")
    models = Models.load()
    try:
        result = measures.evaluate(path, lambda text, lang, published: measures.extract(
            text, lang, published, models.resolve_authority))
    except ValueError as e:  # the stage's reader names the file and line
        raise ShiftwatchError(str(e)) from None
    groups = {}
    for lang, r in result["by_lang"].items():
        groups[f"lang:{lang}"] = {
            "gold": r["gold_measures"], "predicted": r["tp"] + r["fp"], "matched": r["tp"],
            "precision": r["precision"], "recall": r["recall"], "f1": r["f1"],
            **{k: r.get(k) for k in ("kind_accuracy", "status_accuracy", "direction_accuracy", "authority_accuracy")},
            "event_pair_f1": r["event_pairs"]["f1"], "event_pair_f1_all": r["event_pairs_all"]["f1"],
        }
    errors = [{"error": kind, **e} for kind, es in result["errors"].items() for e in es]
    return {"gold_file": str(path), "documents": sum(r["docs"] for r in result["by_lang"].values()),
            "groups": groups, "ms_per_doc": result["ms_per_doc"], "errors": errors}
