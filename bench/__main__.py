"""`make bench`: run every benchmark module in bench/ that defines main()."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def main(argv: list[str]) -> int:
    wanted = set(argv)
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(bench.__path__)
        if info.name.startswith("bench_") and (not wanted or info.name in wanted)
    )
    if not names:
        print("no benchmarks found" + (f" named {sorted(wanted)}" if wanted else ""))
        return 1
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"\n== {name} ==", flush=True)
        module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
