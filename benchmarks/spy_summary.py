"""Where a py-spy recording (``--format raw``, e.g. from ``bench_fleet.py --py-spy DIR``)
spends its samples: by package, and the functions with the most inclusive and own samples.

    .venv/bin/python benchmarks/spy_summary.py /tmp/spy/10000-10000.txt [--top 25]

A package is the first two path parts of a frame's file (``runtime/ocpp``, ``trio/_core``,
``httpcore/_async``); a sample counts once for every package on its stack (inclusive), and
once for the package of its innermost frame (own).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^:()]+)(?::\d+)?\)$")


def _parse(frame: str) -> tuple[str, str]:
    match = _FRAME.match(frame)
    if match is None:
        return frame, "?"
    parts = match["file"].split("/")
    package = "/".join(parts[:2]) if len(parts) > 1 else parts[0]
    return f"{match['func']} ({match['file']})", package


def summarise(path: Path, top: int) -> str:
    inclusive_pkg: collections.Counter[str] = collections.Counter()
    own_pkg: collections.Counter[str] = collections.Counter()
    inclusive_fn: collections.Counter[str] = collections.Counter()
    own_fn: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        total += count
        frames = [_parse(f) for f in stack.split(";")]
        for package in {p for _, p in frames}:
            inclusive_pkg[package] += count
        for function in {f for f, _ in frames}:
            inclusive_fn[function] += count
        own_pkg[frames[-1][1]] += count
        own_fn[frames[-1][0]] += count
    out = [f"{path}: {total} samples"]
    for title, counter in (("packages, own", own_pkg), ("packages, inclusive", inclusive_pkg),
                           ("functions, own", own_fn), ("functions, inclusive", inclusive_fn)):
        out.append(f"-- {title} (% of samples)")
        out += [f"{n / total * 100:6.1f}  {name}" for name, n in counter.most_common(top)]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("recording", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    print(summarise(args.recording, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
