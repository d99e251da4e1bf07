"""How each attribute of a parsed zappi status is made from its field: the ``zappi_status``
rows of spec/myenergi.yaml (``generated.myenergi.ZAPPI_STATUS_ATTRIBUTES``), each turned once
into a converter with its field's name, default and enumeration bound.

A missing key takes the field's default (ref §2.2: "clients must treat missing numeric fields
as 0"); a value of the wrong kind reads as the conversion's empty value (0, 0.0, None), because
the schema already refused a wrong JSON type and only firmware quirks get this far.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from generated.myenergi import FIELD_ENUMERATIONS, ZAPPI_FIELDS, ZAPPI_STATUS_ATTRIBUTES
from rows.myenergi import Conversion, StatusAttribute, ZappiField
from runtime.myenergi.fields import to_si

__all__ = ["ATTRIBUTES", "attribute_values"]

_E = TypeVar("_E", bound=enum.Enum)


def _enum(cls: type[_E], value: object) -> _E | None:
    try:
        return cls(value)
    except ValueError:
        return None


def _integer(raw: object) -> int:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else 0


#: makes one attribute's value from a zappi object that passed the schema
_Convert = Callable[[Mapping[str, object]], object]


def _converter(row: StatusAttribute) -> _Convert:
    """The conversion of one ``zappi_status`` row (spec/myenergi.yaml), with the field's name,
    default and enumeration bound once: this runs for every zappi of every poll."""
    name, field = row.field, ZAPPI_FIELDS[row.field]
    default = field.default
    if row.conversion is Conversion.STR:
        return lambda zappi: str(zappi[name])  # a required field: the schema saw it
    if row.conversion is Conversion.OPTIONAL_STR:
        return lambda zappi: _text(zappi.get(name, default))
    if row.conversion is Conversion.INT:
        missing = 0 if default is None else default
        return lambda zappi: _integer(zappi.get(name, missing))
    if row.conversion is Conversion.IS_ONE:
        missing = 0 if default is None else default
        return lambda zappi: _integer(zappi.get(name, missing)) == 1
    if row.conversion is Conversion.SI:
        return lambda zappi: _si(field, zappi.get(name, default))
    enumeration = FIELD_ENUMERATIONS[name]
    if row.conversion is Conversion.FLAGS:
        if not issubclass(enumeration, enum.IntFlag):
            raise TypeError(f"zappi_status {row.attribute}: {name} has no flags enumeration")
        flags, known = enumeration, sum(int(flag) for flag in enumeration)
        return lambda zappi: flags(_integer(zappi.get(name, default)) & known)
    unknown = frozenset(row.unknown)
    return lambda zappi: _member(enumeration, zappi.get(name, default), unknown)


def _text(raw: object) -> str | None:
    return raw if isinstance(raw, str) else None


def _si(field: ZappiField, raw: object) -> float:
    if not isinstance(raw, (int, float)) or isinstance(raw, bool):
        return 0.0
    return round(to_si(field, raw), 6)  # 2286 × 0.1 is 228.60000000000002


def _member(enumeration: type[enum.Enum], raw: object, unknown: frozenset[object]) -> object:
    member = _enum(enumeration, raw)
    return None if member is None or member.value in unknown else member


#: the attribute names, in table order
ATTRIBUTES: tuple[str, ...] = tuple(row.attribute for row in ZAPPI_STATUS_ATTRIBUTES)
_CONVERTERS: tuple[_Convert, ...] = tuple(_converter(row) for row in ZAPPI_STATUS_ATTRIBUTES)


def attribute_values(zappi: Mapping[str, object]) -> list[Any]:
    """Every ``zappi_status`` attribute of one zappi object that passed the schema, in the
    order of :data:`ATTRIBUTES` (positional: this runs for every zappi of every poll)."""
    return [convert(zappi) for convert in _CONVERTERS]
