"""The payload and validator compilers are deterministic, and the committed files are theirs."""

from __future__ import annotations

from pathlib import Path

from ocpp_schema_examples import schemas

from codegen import payloads, validators
from codegen.tables.callerror_codes import CallErrorTable

REPO = Path(__file__).resolve().parents[2]


def _body(text: str) -> str:
    """A committed file without the generated-file header line that codegen.emit adds."""
    first, _, rest = text.partition("\n")
    return rest if first.startswith("# @generated") else text


def test_outputs_are_the_same_text_twice(callerror_table: CallErrorTable) -> None:
    first = payloads.outputs(schemas()) + validators.outputs(schemas(), callerror_table)
    second = payloads.outputs(schemas()) + validators.outputs(schemas(), callerror_table)
    assert first == second
    assert [o.path for o in first] == [
        "generated/payloads.py", "generated/errors.py", "generated/validators.py"
    ]


def test_committed_files_match_the_compiler(callerror_table: CallErrorTable) -> None:
    for output in payloads.outputs(schemas()) + validators.outputs(schemas(), callerror_table):
        committed = (REPO / output.path).read_text(encoding="utf-8")
        assert _body(committed) == output.text, f"{output.path} is stale: run zappi-ocpp generate"
