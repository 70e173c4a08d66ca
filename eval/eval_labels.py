"""Labels on real text: restrictive recall on HatEval tweets, stance and
about_migration on UK 2010 manifesto sentences. The shipped model is trained
on the project's own gold only, so these figures are out-of-sample."""

from __future__ import annotations

from pathlib import Path


def run(shared: Path) -> dict:
    from shiftwatch.labels import Labeller, evaluate

    labeller = Labeller.load()
    rules = Labeller()
    out: dict = {"model": labeller.version}
    hateval = shared / "hateval-en" / "train_restrictive.jsonl"
    if hateval.exists():
        for name, lab in (("model", labeller), ("rules", rules)):
            r = evaluate(hateval, lab)
            out[f"hateval_{name}"] = {
                "lines": r["stance"]["lines"],
                "restrictive_recall": r["stance"]["per_class"]["restrictive"]["recall"],
                "predicted": r["stance"]["confusion"]["restrictive"],
            }
    else:
        out["hateval"] = f"skipped: {hateval} not found"
    manifestos = shared / "uk-manifestos-2010" / "dev.jsonl"
    if manifestos.exists():
        for name, lab in (("model", labeller), ("rules", rules)):
            r = evaluate(manifestos, lab)
            out[f"manifestos_{name}"] = {
                "stance_macro_f1": r["stance"]["macro_f1"],
                "stance_accuracy": r["stance"]["accuracy"],
                "stance_confusion": r["stance"]["confusion"],
                "about_migration": r["about_migration"],
            }
    else:
        out["manifestos"] = f"skipped: {manifestos} not found"
    return out
