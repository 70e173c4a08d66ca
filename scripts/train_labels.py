"""Build the shipped labels model from the gold:

    .venv/bin/python scripts/train_labels.py [GOLD.jsonl ...] [--out PATH]

Defaults: tests/data/gold/labels_{en,ru}.jsonl ->
src/shiftwatch/data/labels/model.joblib. Prints the 5-fold figures of the
rules alone, the classifier alone and the two combined (the shipped mode)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    from shiftwatch.labels import train

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", default=[str(ROOT / "tests/data/gold/labels_en.jsonl"),
                                                str(ROOT / "tests/data/gold/labels_ru.jsonl")])
    ap.add_argument("--out", default=str(ROOT / "src/shiftwatch/data/labels/model.joblib"))
    args = ap.parse_args(argv)
    result = train(args.gold, args.out)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
