"""The payload and validator compilers are deterministic (whether the committed files are
theirs is the one drift check, tests/codegen/test_drift.py)."""

from __future__ import annotations

from ocpp_schema_examples import schemas

from codegen import payloads, validators
from codegen.tables.callerror_codes import CallErrorTable


def test_outputs_are_the_same_text_twice(callerror_table: CallErrorTable) -> None:
    first = payloads.outputs(schemas()) + validators.outputs(schemas(), callerror_table)
    second = payloads.outputs(schemas()) + validators.outputs(schemas(), callerror_table)
    assert first == second
    assert [o.path for o in first] == [
        "generated/payloads.py", "generated/errors.py", "generated/validators.py"
    ]

