"""Run every `benchmarks/bench_*.py` module's `run() -> dict`, or those named on the command line.

    python -m benchmarks              # all of them
    python -m benchmarks evaluate     # benchmarks/bench_evaluate.py only

Each benchmark prints one JSON object on its own line: {"benchmark": name, ...its figures}.
"""

from __future__ import annotations

import json
import pkgutil
import sys
from importlib import import_module
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(
        info.name[len("bench_") :]
        for info in pkgutil.iter_modules([str(HERE)])
        if info.name.startswith("bench_")
    )


def main(argv: list[str]) -> int:
    names = [name.removeprefix("bench_").removesuffix(".py") for name in argv] or available()
    unknown = [name for name in names if name not in available()]
    if unknown:
        print(f"没有这些基准测试：{', '.join(unknown)}；可选：{', '.join(available())}", file=sys.stderr)
        return 2
    for name in names:
        figures = import_module(f"benchmarks.bench_{name}").run()
        print(json.dumps({"benchmark": name, **figures}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
