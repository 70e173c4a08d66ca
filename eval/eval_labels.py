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
    out["wmt_lines"] = wmt_lines(shared, labeller)
    return out


def wmt_lines(shared: Path, labeller) -> dict:
    """The labeller alone on translations: each WMT line and its translation
    labelled separately (no statement extraction in between); of the pairs
    both sides call about migration, how many get the same stance. The
    statement-level figure is in eval_statements (wmt.stance_agreement)."""
    import json

    folder = shared / "wmt-ruen-migration"
    if not (folder / "ru.jsonl").exists():
        return {"skipped": f"{folder} not found"}
    docs = {}
    for lang in ("ru", "en"):
        for line in (folder / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            docs.setdefault(d["id"].rsplit("-", 1)[0], {})[lang] = d["text"].split("\n")
    pairs = [(r, e) for d in docs.values() if len(d.get("ru", [])) == len(d.get("en", []))
             for r, e in zip(d["ru"], d["en"]) if r.strip() and e.strip()]
    labels = labeller.label_many([{"text": t, "lang": lang} for r, e in pairs for t, lang in ((r, "ru"), (e, "en"))])
    both = [(a, b) for a, b in zip(labels[0::2], labels[1::2]) if a["about_migration"] and b["about_migration"]]
    either = sum(1 for a, b in zip(labels[0::2], labels[1::2]) if a["about_migration"] or b["about_migration"])
    return {
        "line_pairs": len(pairs),
        "about_either": either,
        "about_both": len(both),
        "about_agreement": round(len(both) / either, 3) if either else None,
        "stance_agreement": round(sum(1 for a, b in both if a["stance"] == b["stance"]) / len(both), 3) if both else None,
    }
