"""Agreement between the first annotation of real sentences and an independent
second pass over a sample of them (tests/data/real/labels_second_pass/).

    python scripts/annotation_agreement.py                         # every second-pass file
    python scripts/annotation_agreement.py i_second_pass_en.jsonl  # one of them

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


def load(folder: Path, pattern: str = "*.jsonl") -> dict:
    out = {}
    for f in sorted(folder.glob(pattern)):
        for line in f.open(encoding="utf-8"):
            u = json.loads(line)
            out[(u["set"], u["doc"], u["char_start"], u["char_end"])] = u
    return out


def main() -> int:
    pattern = sys.argv[1] if len(sys.argv) > 1 else "*.jsonl"
    first, second = load(HERE / "labels"), load(HERE / "labels_second_pass", pattern)
    both = [(first[k], second[k]) for k in second if k in first]
    if not both:
        print("no units in both passes")
        return 1
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
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
