"""The rows of the status decision table (spec/status.yaml): zappi state + bridge state → the
StatusNotification the bridge sends.

A :class:`StatusRow` holds when its conditions all hold; ``generated/status_table.py`` holds the
rows in table order, and ``runtime/bridge/status_decision.py`` walks them (the first row that
holds decides).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FIELD_PLACEHOLDER",
    "Bits",
    "Code",
    "Condition",
    "Fault",
    "FieldIn",
    "FieldRange",
    "InputIn",
    "IsFault",
    "StatusRow",
]

#: a coded value of a myenergi field (spec/myenergi.yaml enumerations)
Code = int | str
#: what a row's vendor_error_code holds where the bridge names the field that made the zappi's
#: object malformed (``StatusRow.names_field``)
FIELD_PLACEHOLDER = "{field}"


@dataclass(frozen=True, slots=True)
class FieldIn:
    """The zappi field has one of these coded values (None: missing, no default)."""

    field: str
    values: frozenset[Code | None]


@dataclass(frozen=True, slots=True)
class FieldRange:
    """The zappi field, scaled to its si_unit, lies in minimum..maximum (inclusive)."""

    field: str
    minimum: float | None
    maximum: float | None


@dataclass(frozen=True, slots=True)
class Bits:
    """Every bit of set_mask is set and every bit of clear_mask is clear."""

    field: str
    set_mask: int
    clear_mask: int


@dataclass(frozen=True, slots=True)
class InputIn:
    """A bridge input has one of these values."""

    name: str
    values: frozenset[str]


@dataclass(frozen=True, slots=True)
class IsFault:
    """zsh is (expected=True) or is not one of the fault codes."""

    expected: bool


Condition = FieldIn | FieldRange | Bits | InputIn | IsFault


@dataclass(frozen=True, slots=True)
class Fault:
    zsh: int
    name: str
    error_code: str  #: OCPP ChargePointErrorCode
    vendor_error_code: str


@dataclass(frozen=True, slots=True)
class StatusRow:
    conditions: tuple[Condition, ...]
    status: str  #: OCPP ChargePointStatus
    error_code: str  #: OCPP ChargePointErrorCode; replaced by the fault's when error_from_faults
    error_from_faults: bool
    vendor_error_code: str | None
    info: str | None
    why: str
    #: vendor_error_code holds ``{field}``: the field that made the zappi's object malformed
    names_field: bool = False
