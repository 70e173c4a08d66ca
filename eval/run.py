"""`make eval`: run every eval/eval_*.py on the real data in ../shared/data.

Each module has ``run(shared: Path) -> dict``; results go to
eval/results.json. Without ../shared/data it says so and exits 0."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("SHIFTWATCH_SHARED") or HERE.parent.parent / "shared" / "data")  # SHIFTWATCH_SHARED: elsewhere


def main(argv: list[str]) -> int:
    shared = Path(argv[0]) if argv else SHARED
    if not shared.is_dir():
        print(f"skipped: no shared data at {shared} (real-data evaluation needs ../shared/data)")
        return 0
    out = HERE / "results.json"
    results = json.loads(out.read_text()) if out.exists() else {}
    for path in sorted(HERE.glob("eval_*.py")):
        name = path.stem[len("eval_"):]
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== eval {name}", flush=True)
        results[name] = module.run(shared)
        results[name]["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(json.dumps(results[name], indent=2, ensure_ascii=False), flush=True)
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
