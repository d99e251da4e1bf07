"""The rows of the myenergi table (spec/myenergi.yaml): zappi status fields, the attributes of
a parsed status, and the cgi commands with their parameters.

``generated/myenergi.py`` holds the rows; ``runtime/myenergi`` scales field values
(``fields.py``), builds a ``ZappiStatus`` from the attribute rows (``status.py``) and checks
command arguments (``commands.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Command",
    "CommandParameter",
    "Conversion",
    "IfBad",
    "Scalar",
    "StatusAttribute",
    "ZappiField",
]

Scalar = int | float | str | bool


class IfBad(StrEnum):
    """What a value that breaks its field's row (type, range, enumeration, pattern) does to
    the zappi object it came in."""

    #: the whole object is malformed: its zappi keeps its last good object
    MALFORMED = "malformed"
    #: the key is read as missing (its default); the rest of the object stands
    DEFAULT = "default"


@dataclass(frozen=True, slots=True)
class ZappiField:
    """One key of a zappi object (or of a command reply) as the cloud sends it."""

    name: str
    json_types: tuple[str, ...]  #: JSON Schema type names accepted on the wire
    unit: str  #: raw unit as sent, "" when dimensionless
    si_unit: str  #: unit after scaling
    scale: float  #: raw × scale = value in si_unit
    scale_when_float: float | None  #: replaces scale when the value is a JSON float
    default: Scalar | None  #: assumed when the key is missing; None = stays unknown
    required: bool
    meaning: str
    source: str
    if_bad: IfBad = IfBad.MALFORMED
    minimum: float | None = None  #: lowest value accepted, in the raw unit
    maximum: float | None = None  #: highest value accepted, in the raw unit
    pattern: str | None = None  #: a string value must match (JSON Schema ``pattern``)


class Conversion(StrEnum):
    """How a status attribute is made from its field's value (missing: the field's default)."""

    #: ``str()`` of the value; only for a required field
    STR = "str"
    #: the value when it is a string, else None
    OPTIONAL_STR = "optional_str"
    #: the value when it is an integer, else 0
    INT = "int"
    #: the number in the field's si_unit, rounded to 6 places; 0.0 when it is not a number
    SI = "si"
    #: True when the value is 1
    IS_ONE = "is_one"
    #: the member of the field's enumeration; None when the value is not one, or is unknown
    ENUM = "enum"
    #: the flags of the field's (flags) enumeration that are set; other bits are dropped
    FLAGS = "flags"


@dataclass(frozen=True, slots=True)
class StatusAttribute:
    """One attribute of a parsed zappi status and the field it is made from."""

    attribute: str
    field: str
    conversion: Conversion
    #: coded values an enum attribute reads as None (zmo 0 is startup, not a charge mode)
    unknown: tuple[int | str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommandParameter:
    name: str
    type: str  #: "integer" or "string"
    minimum: int | None
    maximum: int | None
    allowed: tuple[int | str, ...]  #: empty = any value within minimum..maximum / pattern
    pattern: str | None
    default: int | str | None  #: used when the caller gives no value
    meaning: str


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    url_template: str  #: {serial} and one {placeholder} per parameter
    parameters: tuple[CommandParameter, ...]
    reply: str  #: "status" or the zappi field whose value the reply echoes
    meaning: str
    source: str
