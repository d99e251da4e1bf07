"""``zappi-ocpp``: one console script, one subcommand per job.

Each subcommand lives with the code it drives; this module only parses the first word and
imports lazily, so ``zappi-ocpp generate`` never imports trio and a broken optional part
cannot break the others.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

#: subcommand -> (module, function, one-line help). The function takes the remaining argv
#: and returns the process exit code.
SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "generate": ("codegen.cli", "main", "check spec/ and regenerate generated/ and the docs page"),
    "simulate": ("runtime.myenergi.simulator.cli", "main", "serve the myenergi cloud simulator"),
    "run": ("runtime.bridge.run_cli", "main", "run the bridge for the chargers in a config file"),
    "status": ("runtime.observe.status_cli", "main", "summarise a running bridge (metrics.listen)"),
    "demo": ("runtime.demo.main", "main", "play a scripted session on loopback, print a timeline"),
}


def _load(name: str) -> Callable[[Sequence[str]], int]:
    module_name, func_name, _ = SUBCOMMANDS[name]
    module = importlib.import_module(module_name)
    func: Callable[[Sequence[str]], int] = getattr(module, func_name)
    return func


def build_parser() -> argparse.ArgumentParser:
    """The first word: which subcommand (its own parser reads the rest)."""
    parser = argparse.ArgumentParser(
        prog="zappi-ocpp",
        description="OCPP 1.6J bridge for myenergi zappi chargers.",
        epilog="Run 'zappi-ocpp COMMAND --help' for the options of one command.",
    )
    parser.add_argument(
        "command",
        choices=sorted(SUBCOMMANDS),
        metavar="COMMAND",
        help="; ".join(f"{k}: {v[2]}" for k, v in sorted(SUBCOMMANDS.items())),
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args or args[0] in ("-h", "--help"):
        parser.print_help()
        return 0 if args else 2
    ns = parser.parse_args(args[:1])
    return _load(ns.command)(args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
