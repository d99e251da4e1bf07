"""The CALLERROR table checker refuses codes that are not OCPP-J 1.6 and schema keywords
without a row, reporting file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ocpp_schema_examples import schemas

from codegen.errors import SpecErrors
from codegen.tables.callerror_codes import OCPP_J16_CODES, CallErrorTable, check

REPO = Path(__file__).resolve().parents[2]
TABLE = REPO / "spec" / "callerror_codes.yaml"


def _spec_copy(tmp_path: Path, old: str, new: str) -> Path:
    spec = tmp_path / "spec"
    (spec / "schemas").mkdir(parents=True)
    shutil.copy(REPO / "spec" / "schemas" / "callerror_codes.schema.json", spec / "schemas")
    text = TABLE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (spec / "callerror_codes.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return spec


def _line_of(spec: Path, fragment: str) -> int:
    lines = (spec / "callerror_codes.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if fragment in line)


def _errors(spec: Path) -> list[str]:
    errors = SpecErrors()
    assert check(spec, errors, schemas()) is None
    return [str(e) for e in errors]


def test_the_repository_table_is_complete(callerror_table: CallErrorTable) -> None:
    assert [c.code for c in callerror_table.codes] == list(OCPP_J16_CODES)
    for keyword in ("type", "required", "additionalProperties", "enum", "maxLength",
                    "multipleOf", "minItems", "format", "payload-not-object", "not-a-frame"):
        assert callerror_table.failures[keyword].reason


def test_a_later_spelling_is_refused_with_the_16_one_as_hint(tmp_path: Path) -> None:
    old = "  - kind: additionalProperties\n    code: FormationViolation"
    spec = _spec_copy(tmp_path, old, "  - kind: additionalProperties\n    code: FormatViolation")
    [error] = _errors(spec)
    line = _line_of(spec, "code: FormatViolation")
    assert error.startswith(f"{spec / 'callerror_codes.yaml'}:{line}: additionalProperties:")
    assert "'FormatViolation' is not an OCPP-J 1.6 CALLERROR code" in error
    assert "hint: OCPP-J 1.6 spells it FormationViolation" in error


def test_a_code_list_entry_outside_table_7_is_refused(tmp_path: Path) -> None:
    spec = _spec_copy(tmp_path, "  - code: OccurenceConstraintViolation\n",
                      "  - code: OccurrenceConstraintViolation\n")
    errors = _errors(spec)
    line = _line_of(spec, "code: OccurrenceConstraintViolation")
    assert any(f":{line}: 'OccurrenceConstraintViolation' is not an OCPP-J 1.6" in e
               and "spells it OccurenceConstraintViolation" in e for e in errors), errors
    assert any("'OccurenceConstraintViolation' of Table 7 is missing" in e for e in errors)


def test_a_schema_keyword_without_a_row_is_refused(tmp_path: Path) -> None:
    spec = _spec_copy(tmp_path, "  - kind: enum\n", "  - kind: enumeration\n")
    errors = _errors(spec)
    assert len(errors) == 1
    assert "the official schemas use keyword 'enum'" in errors[0]
    assert f":{_line_of(spec, 'failures:')}:" in errors[0]


def test_a_frame_kind_without_a_row_is_refused(tmp_path: Path) -> None:
    spec = _spec_copy(tmp_path, "  - kind: not-a-frame\n", "  - kind: not-a-frames\n")
    assert any("no row for failure kind 'not-a-frame'" in e for e in _errors(spec))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    enforced: false\n", "    enforced: no-thanks\n", "is not of type 'boolean'"),
        ("  - keyword: title\n", "  - keyword: title\n    why: x\n", "Additional properties"),
    ],
)
def test_format_errors_name_the_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    spec = _spec_copy(tmp_path, old, new)
    errors = _errors(spec)
    assert len(errors) == 1 and message in errors[0], errors
    assert f":{_line_of(spec, new.strip().splitlines()[-1])}:" in errors[0]
