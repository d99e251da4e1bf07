"""The rows of issue 13 (bad data from the cloud), each refused with file and line: the
myenergi field table's ``if_bad``, ``min``/``max`` and ``pattern`` columns and the ``open``
enumerations; the status table's ``malformed_data`` and the ``{field}`` placeholder; and the
cross-table rule that the status and measurand tables read only fields that are malformed
when bad."""

from __future__ import annotations

import pytest

from codegen.errors import SpecError
from tests.spec.conftest import Edit


def _in(errors: list[SpecError], file: str, contains: str) -> SpecError:
    found = [e for e in errors if e.path.name == file and contains in e.message]
    assert found, "\n".join(map(str, errors))
    return found[0]


def test_if_bad_takes_malformed_or_default(edit: Edit) -> None:
    broken = edit("myenergi.yaml", "    if_bad: default\n", "    if_bad: ignore\n")
    error = broken.error("'ignore' is not one of")
    assert "malformed, default" in error.hint


def test_a_required_field_cannot_fall_back_to_a_default(edit: Edit) -> None:
    broken = edit("myenergi.yaml", "    min: 1\n    if_bad: malformed\n",
                  "    min: 1\n    if_bad: default\n", at="if_bad")  # fmt: skip
    error = broken.error("a required field cannot fall back to a default")
    assert "if_bad: malformed" in error.hint


def test_a_range_needs_a_number(edit: Edit) -> None:
    old = "    pattern: '^[0-9]+S[0-9]+(\\.[0-9]+)+$'\n"
    broken = edit("myenergi.yaml", old, old + "    min: 0\n", at="    min: 0")
    broken.error("field 'fwv': min/max need an integer or number field")


def test_min_above_max(edit: Edit) -> None:
    broken = edit("myenergi.yaml", "    min: 0\n    max: 255\n", "    min: 300\n    max: 255\n")
    broken.error("field 'cmt': min 300 is greater than max 255")


def test_a_default_outside_the_range(edit: Edit) -> None:
    broken = edit("myenergi.yaml", "    min: 0\n    max: 100\n", "    min: 5\n    max: 100\n")
    error = broken.error("field 'mgl': default 0 is outside min..max", line=broken.line - 1)
    assert error.line < broken.line


def test_a_pattern_needs_text_and_must_compile(edit: Edit) -> None:
    old = "    pattern: '^[0-9]+S[0-9]+(\\.[0-9]+)+$'\n"
    edit("myenergi.yaml", old, "    pattern: '^[0-9+$'\n").error("field 'fwv': bad pattern")


def test_a_pattern_on_a_number_is_refused(edit: Edit) -> None:
    old = "    min: 0\n    max: 10000\n"
    broken = edit("myenergi.yaml", old, old + "    pattern: '^1$'\n", at="    pattern")
    broken.error("field 'pwm': a pattern needs a string field")


def test_flags_enumerations_are_open(edit: Edit) -> None:
    broken = edit("myenergi.yaml", "    kind: flags\n    open: true\n", "    kind: flags\n",
                  at="    kind: flags")  # fmt: skip
    error = broken.error("enumeration 'lck': a flags enumeration is open")
    assert error.hint == "add open: true"


def test_a_closed_enumeration_holds_its_field_s_default(edit: Edit) -> None:
    broken = edit("myenergi.yaml", "  sta:\n    json: [integer]\n    default: 0\n",
                  "  sta:\n    json: [integer]\n    default: 9\n")  # fmt: skip
    errors = broken.errors()
    error = _in(errors, "myenergi.yaml", "enumeration 'sta' is closed, but its field's default 9")
    assert error.line > broken.line  # at the enumeration, further down the file


def test_a_status_condition_may_not_read_a_field_that_falls_back(edit: Edit) -> None:
    broken = edit("myenergi.yaml", "    if_bad: malformed\n    meaning: charge mode",
                  "    if_bad: default\n    meaning: charge mode")  # fmt: skip
    errors = broken.errors()
    error = _in(errors, "status.yaml", "the condition reads 'zmo', which falls back to its default")
    assert "if_bad: malformed" in error.hint
    text = (broken.root / "spec" / "status.yaml").read_text(encoding="utf-8")
    assert "zmo: [STOP]" in text.splitlines()[error.line - 1]


def test_a_measurand_may_not_read_a_field_that_falls_back(edit: Edit) -> None:
    old = "    min: 0\n    if_bad: malformed\n    meaning: supply voltage"
    broken = edit("myenergi.yaml", old, "    min: 0\n    if_bad: default\n    meaning: supply voltage")
    error = _in(broken.errors(), "measurands.yaml", "the measurand reads 'vol'")
    text = (broken.root / "spec" / "measurands.yaml").read_text(encoding="utf-8")
    assert "vol" in text.splitlines()[error.line - 1]  # the first row that reads it


def test_the_field_placeholder_needs_the_malformed_condition(edit: Edit) -> None:
    broken = edit("status.yaml", "    vendor_error_code: pst F\n",
                  "    vendor_error_code: pst {field}\n")  # fmt: skip
    broken.error("vendor_error_code: {field} needs when: {zappi_data: [malformed]}")


def test_an_unknown_placeholder_is_refused(edit: Edit) -> None:
    broken = edit("status.yaml", '"malformed {field}"', '"malformed {name}"')
    error = broken.error("vendor_error_code: unknown placeholder {name}")
    assert "{field}" in error.hint


@pytest.mark.parametrize(("value", "message"), [("-1", "-1 is less than"), ("2.5", "not of type")])
def test_the_grace_period_is_a_count_of_replies(edit: Edit, value: str, message: str) -> None:
    edit("status.yaml", "  grace_polls: 2\n", f"  grace_polls: {value}\n").error(message)
