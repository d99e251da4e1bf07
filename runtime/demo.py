"""``zappi-ocpp demo``. Until the bridge exists: regenerate and print the support matrix."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str]) -> int:
    from codegen.cli import main as generate_main

    return generate_main(["--print-matrix", *argv])
