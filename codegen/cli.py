"""``zappi-ocpp generate`` (also ``python -m codegen``): check spec/ and regenerate.

    zappi-ocpp generate                 check the tables, report, write what changed, delete orphans
    zappi-ocpp generate --check         write nothing; exit 1 listing stale/missing/orphan files
    zappi-ocpp generate --report-only   write nothing; print the change report (for a PR)
    zappi-ocpp generate --print-matrix  regenerate, then print the support matrix
    zappi-ocpp generate --root DIR      work on another checkout (tests use a temporary copy)

Before writing, ``generate`` prints the change report: what operators will notice, one line per
change, against the manifest the committed generated files came from (codegen/change_report.py);
``--check`` prints it too when the files are stale.

Exit codes: 0 success, 1 spec errors or (with --check) out-of-date files, 2 bad arguments.
Spec errors are printed one per line as ``file:line: message`` with a hint, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from codegen import change_report, emit, manifest
from codegen.errors import SpecCheckFailed, SpecError
from codegen.model import MessagesModel
from codegen.pipeline import SPEC_DIR, build


def default_root() -> Path:
    """The checkout this codegen package lives in, when it has spec/; else the working directory."""
    checkout = Path(__file__).resolve().parent.parent
    return checkout if (checkout / SPEC_DIR).is_dir() else Path.cwd()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="zappi-ocpp generate",
        description="Check the spec/ tables and regenerate generated/ and the docs page.",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list every stale, missing or orphan file",
    )
    mode.add_argument(
        "--report-only",
        action="store_true",
        help="write nothing; print what operators will notice (for a pull-request description)",
    )
    mode.add_argument(
        "--print-matrix",
        action="store_true",
        help="regenerate, then print the support matrix of the 28 OCPP 1.6 actions",
    )
    p.add_argument(
        "--root", type=Path, default=None, help="repository root (default: this checkout)"
    )
    return p


def support_matrix(messages: MessagesModel) -> str:
    """The 28 actions as a plain-text table, in the table's order."""
    header = ("Origin", "Action", "Profile", "Status", "Since")
    rows = [
        (r.origin, r.action, r.profile, r.status, r.since_firmware_text or "-")
        for r in messages.rows
    ]
    widths = [max(len(cells[i]) for cells in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    supported = sum(r.supported for r in messages.rows)
    footer = (
        f"{supported} of {len(rows)} actions supported; "
        f"SupportedFeatureProfiles = {','.join(messages.supported_profiles)}"
    )
    return "\n".join([line(header), rule, *(line(r) for r in rows), "", footer])


def _relative(error: SpecError, root: Path) -> SpecError:
    """Name the file as the maintainer sees it in the checkout: ``spec/messages.yaml:41``."""
    if error.path.is_relative_to(root):
        return replace(error, path=error.path.relative_to(root))
    return error


def run(
    root: Path,
    *,
    check: bool,
    print_matrix: bool,
    out: TextIO,
    err: TextIO,
    report_only: bool = False,
) -> int:
    try:
        result = build(root)
    except SpecCheckFailed as failure:
        print(SpecCheckFailed([_relative(e, root) for e in failure.errors]).report(), file=err)
        return 1
    report = change_report.text(manifest.read(root), result.facts)
    if report_only:
        print(report, file=out)
        return 0
    files = emit.finalise(result.outputs, root, result.schemas.digest)
    if check:
        drift = emit.compare(files, root)
        if drift:
            print(report, file=err)
            print("\n".join(drift.lines()), file=err)
            print("generated files are out of date; run `zappi-ocpp generate`", file=err)
            return 1
        print(f"{len(files)} generated files are up to date", file=out)
        return 0
    print(report, file=out)
    drift = emit.write(files, root)
    for line in drift.lines():
        print(
            line.replace("stale:  ", "updated:")
            .replace("missing:", "created:")
            .replace("orphan: ", "deleted:"),
            file=out,
        )
    if not print_matrix:
        print(
            f"{len(files)} generated files, {len(drift.stale) + len(drift.missing)} written, "
            f"{len(drift.orphans)} deleted",
            file=out,
        )
    else:
        print(support_matrix(result.spec.messages), file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    root = (args.root or default_root()).resolve()
    if not (root / SPEC_DIR).is_dir():
        print(f"{root} has no {SPEC_DIR}/ directory; pass --root", file=sys.stderr)
        return 2
    return run(
        root,
        check=args.check,
        print_matrix=args.print_matrix,
        report_only=args.report_only,
        out=sys.stdout,
        err=sys.stderr,
    )
