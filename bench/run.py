"""`make bench`: run every bench/bench_*.py and write bench/results.json.

Each module has ``run(work: Path) -> dict`` and measures one stage; results
are merged under the module's name with the machine they ran on."""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def main(argv: list[str]) -> int:
    only = set(argv)
    work = HERE / "work"
    work.mkdir(exist_ok=True)
    out = HERE / "results.json"
    results = json.loads(out.read_text()) if out.exists() else {}
    results["machine"] = machine()
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem[len("bench_"):]
        if only and name not in only:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== bench {name}", flush=True)
        started = time.time()
        results[name] = module.run(work)
        results[name]["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        results[name]["seconds"] = round(time.time() - started, 1)
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(json.dumps(results[name], indent=2, ensure_ascii=False), flush=True)
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
