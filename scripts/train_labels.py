"""Build the shipped labels model from the gold and the real labels:

    .venv/bin/python scripts/train_labels.py [GOLD.jsonl ...] [--out PATH] [--real DIR] [--shared DIR]

Defaults: tests/data/gold/labels_{en,ru}.jsonl and the training split of
tests/data/real/labels/ (offsets into ../shared/data, resolved there) ->
src/shiftwatch/data/labels/model.joblib. The thresholds that combine the
classifier with the rules are picked on the real labels' held-out dev split.
Without the shared data it trains on the gold alone and says so. Prints the
5-fold figures of the rules alone, the classifier alone and the two combined,
and the real-dev figures."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    from shiftwatch.labels import train
    from shiftwatch.labels.real import load_real

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", default=[str(ROOT / "tests/data/gold/labels_en.jsonl"),
                                                str(ROOT / "tests/data/gold/labels_ru.jsonl")])
    ap.add_argument("--out", default=str(ROOT / "src/shiftwatch/data/labels/model.joblib"))
    ap.add_argument("--real", default=str(ROOT / "tests/data/real/labels"))
    ap.add_argument("--shared", default=os.environ.get("SHIFTWATCH_SHARED") or str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--context-words", type=int, default=None,
                    help="words of the paragraph either side of a statement embedded for about_migration "
                         "(default: the shipped setting; -1: the whole paragraph)")
    ap.add_argument("--folds", type=int, default=5, help="k-fold figures on the gold (0: skip them)")
    ap.add_argument("--no-doc-features", action="store_true", help="about_migration without the document's topic words")
    args = ap.parse_args(argv)
    params = {}
    if args.context_words is not None:
        params["context_words"] = None if args.context_words < 0 else args.context_words
    if args.no_doc_features:
        params["doc_features"] = False
    real = []
    if Path(args.shared).is_dir() and Path(args.real).is_dir():
        real, skipped = load_real(args.real, args.shared)
        print(f"real labels: {len(real)} units ({sum(r['split'] == 'train' for r in real)} train), "
              f"skipped {dict(skipped) or 'none'}", file=sys.stderr)
    else:
        print(f"no real labels used: {args.shared} or {args.real} missing; training on the gold alone", file=sys.stderr)
    result = train(args.gold, args.out, folds=args.folds, real=real, **params)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
