"""The StatusNotification for a situation, from the status decision table (spec/status.yaml):
no I/O.

:func:`decide` walks ``generated.status_table.ROWS`` top to bottom and returns the first row
whose conditions all hold; the compiler guarantees that the last row matches everything and
that no row is unreachable. A field missing from the zappi object takes its spec/myenergi.yaml
default. A row may name the field that made the zappi's object malformed in its
vendorErrorCode (``{field}``). Connector 0 (the whole charge point) reports what
:func:`connector_zero` derives from connector 1 (OCPP 1.6 §4.9).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generated.myenergi import ZAPPI_FIELDS
from generated.status_table import (
    CONNECTOR_ZERO,
    CONNECTOR_ZERO_OTHERWISE,
    FAULTS,
    ROWS,
    Situation,
)
from rows.status import FIELD_PLACEHOLDER, Bits, Condition, FieldIn, InputIn, IsFault
from runtime.myenergi.fields import field_value, to_si

__all__ = ["Decision", "connector_zero", "decide", "holds"]


@dataclass(frozen=True, slots=True)
class Decision:
    """What to report in StatusNotification for a connector."""

    status: str
    error_code: str
    vendor_error_code: str | None
    info: str | None
    row: int  #: 1-based number of the row that decided, for logs


def holds(condition: Condition, situation: Situation) -> bool:
    """Whether one condition of a row holds in ``situation``."""
    if isinstance(condition, InputIn):
        return str(getattr(situation, condition.name)) in condition.values
    if isinstance(condition, IsFault):
        return (field_value(situation.zappi, "zsh") in FAULTS) == condition.expected
    value = field_value(situation.zappi, condition.field)
    if isinstance(condition, FieldIn):
        return value in condition.values
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(condition, Bits):
        if not isinstance(value, int):
            return False
        return value & condition.set_mask == condition.set_mask and not (
            value & condition.clear_mask
        )
    scaled = to_si(ZAPPI_FIELDS[condition.field], value)
    if condition.minimum is not None and scaled < condition.minimum:
        return False
    return condition.maximum is None or scaled <= condition.maximum


def decide(situation: Situation) -> Decision:
    """The StatusNotification content for connector 1 in this situation (first matching row)."""
    for number, row in enumerate(ROWS, start=1):
        if all(holds(condition, situation) for condition in row.conditions):
            error_code, vendor_error_code = row.error_code, row.vendor_error_code
            zsh = field_value(situation.zappi, "zsh")
            fault = FAULTS.get(zsh) if isinstance(zsh, int) else None
            if row.error_from_faults and fault is not None:
                error_code, vendor_error_code = fault.error_code, fault.vendor_error_code
            if row.names_field and vendor_error_code is not None:
                field = situation.malformed_field or "?"
                vendor_error_code = vendor_error_code.replace(FIELD_PLACEHOLDER, field)
            return Decision(row.status, error_code, vendor_error_code, row.info, number)
    raise AssertionError("spec/status.yaml has no catch-all row")  # the compiler forbids it


def connector_zero(decision: Decision) -> Decision:
    """What connector 0 (the whole charge point) reports when connector 1 reports
    ``decision``; a Faulted charge point keeps connector 1's error."""
    status = CONNECTOR_ZERO.get(decision.status, CONNECTOR_ZERO_OTHERWISE)
    if status == "Faulted":
        return replace(decision, status=status)
    return replace(decision, status=status, error_code="NoError", vendor_error_code=None, info=None)
