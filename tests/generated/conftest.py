"""Shared fixtures for the tests of the generated payload classes and validators."""

from __future__ import annotations

from pathlib import Path

import pytest
from ocpp_schema_examples import schemas

from codegen.errors import SpecErrors
from codegen.tables.callerror_codes import CallErrorTable, check

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def callerror_table() -> CallErrorTable:
    errors = SpecErrors()
    table = check(REPO / "spec", errors, schemas())
    assert not errors, [str(e) for e in errors]
    assert table is not None
    return table
