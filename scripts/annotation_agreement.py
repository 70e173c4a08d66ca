"""Agreement between the first annotation of real sentences and an independent
second pass over a sample of them (tests/data/real/labels_second_pass/).

    python scripts/annotation_agreement.py

Figures for all second-pass files together, then for each file (one second
pass may re-label a unit another one also holds: each is its own pair).
Cohen's kappa for about_migration (all units) and stance (units both passes
call about migration), and frame agreement as micro-F1 of one pass against the
other. Needs no text: the units are matched by (set, doc, char_start, char_end)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"


def kappa(pairs: list[tuple]) -> float:
    n = len(pairs)
    if not n:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def key(u: dict) -> tuple:
    return (u["set"], u["doc"], u["char_start"], u["char_end"])


def load(folder: Path) -> dict:
    out = {}
    for f in sorted(folder.glob("*.jsonl")):
        for line in f.open(encoding="utf-8"):
            if line.strip():
                u = json.loads(line)
                out[key(u)] = u
    return out


def load_files(folder: Path) -> dict[str, list[dict]]:
    """Each second-pass file's units, kept apart."""
    return {f.name: [json.loads(line) for line in f.open(encoding="utf-8") if line.strip()]
            for f in sorted(folder.glob("*.jsonl"))}


def figures(both: list[tuple[dict, dict]]) -> dict:
    about = [(a["about_migration"], b["about_migration"]) for a, b in both]
    stance = [(a["stance"], b["stance"]) for a, b in both if a["about_migration"] and b["about_migration"]]
    tp = fp = fn = 0
    for a, b in both:
        if a["about_migration"] and b["about_migration"]:
            fa, fb = set(a["frames"]), set(b["frames"])
            tp, fp, fn = tp + len(fa & fb), fp + len(fb - fa), fn + len(fa - fb)
    result = {
        "units": len(both),
        "about_agreement": round(sum(x == y for x, y in about) / len(about), 3),
        "about_kappa": round(kappa(about), 3),
        "stance_units": len(stance),
        "stance_agreement": round(sum(x == y for x, y in stance) / max(1, len(stance)), 3),
        "stance_kappa": round(kappa(stance), 3),
        "frames_micro_f1": round(2 * tp / max(1, 2 * tp + fp + fn), 3),
        "stance_confusion (first -> second)": {f"{x}->{y}": c for (x, y), c in sorted(Counter(stance).items())},
    }
    return result


def main() -> int:
    first = load(HERE / "labels")
    per_file = {name: [(first[key(u)], u) for u in units if key(u) in first]
                for name, units in load_files(HERE / "labels_second_pass").items()}
    both = [pair for pairs in per_file.values() for pair in pairs]
    if not both:
        print("no units in both passes")
        return 1
    result = {"all": figures(both)} | {name: figures(pairs) for name, pairs in per_file.items() if pairs}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
