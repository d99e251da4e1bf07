"""One zappi object of a ``cgi-jstatus`` reply that broke its schema: repaired, read without its
bad fields, or malformed.

``generated.myenergi_validators.zappi_faults`` (compiled from spec/myenergi.yaml) lists every
field that breaks its row; most objects have none and never come here. For the others:

1. A numeric field sent as a JSON string (``"sta": "3"``) becomes the number it spells and is
   checked again. The cloud sends command statuses both as ``0`` and ``"0"`` (ref §1.3), so we
   accept the same for every numeric field rather than guess which ones a firmware may quote.
2. Each field still bad acts as its row's ``if_bad`` says: ``default`` leaves the key out, so it
   reads as missing; one ``malformed`` field makes the whole object unusable. The required
   fields are named first (``sno``: without it the object belongs to no zappi).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generated.myenergi import ZAPPI_FIELDS, ZAPPI_STATUS_ATTRIBUTES
from generated.myenergi_validators import ZAPPI_CHECKS, Fault
from rows.json_values import json_type
from rows.myenergi import IfBad

__all__ = ["Examined", "ObjectProblem", "examine"]

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
#: the field a zappi is known by: the one its ``serial`` attribute is made from (sno)
_SERIAL_FIELD = next(row.field for row in ZAPPI_STATUS_ATTRIBUTES if row.attribute == "serial")


@dataclass(frozen=True, slots=True)
class ObjectProblem:
    """Why one zappi object of a reply cannot stand for its zappi."""

    field: str  #: the field that broke its row; "" when the item is not a JSON object
    problem: str
    where: str  #: its place in the reply, e.g. ``[3].zappi[0].sta``

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


@dataclass(frozen=True, slots=True)
class Examined:
    """A zappi object after the slow path: what to read, or why it cannot be read."""

    zappi: Mapping[str, object] | None  #: None when malformed
    serial: str | None  #: None when sno itself is unusable: the object has no zappi
    ignored: tuple[str, ...]  #: bad fields read as missing (if_bad: default)
    problem: ObjectProblem | None


def _number(name: str, value: object) -> object:
    """The number a numeric field's text spells, or the value unchanged."""
    row = ZAPPI_FIELDS.get(name)
    if row is None or not isinstance(value, str) or "string" in row.json_types:
        return value
    if "integer" in row.json_types and _INTEGER.fullmatch(value):
        return int(value)
    if "number" in row.json_types and _NUMBER.fullmatch(value):
        return float(value)
    return value


def _repaired(
    zappi: dict[str, object], faults: Sequence[Fault]
) -> tuple[dict[str, object], list[Fault]]:
    """The object with its quoted numbers read as numbers, and the faults that remain."""
    fixes: dict[str, object] = {}
    remaining: list[Fault] = []
    for name, problem in faults:
        value = _number(name, zappi.get(name))
        check = ZAPPI_CHECKS.get(name)
        if value is not zappi.get(name) and check is not None and check(value) is None:
            fixes[name] = value
        else:
            remaining.append((name, problem))
    return ({**zappi, **fixes} if fixes else zappi), remaining


def _fatal(name: str) -> bool:
    row = ZAPPI_FIELDS.get(name)
    return row is None or row.if_bad is IfBad.MALFORMED


def examine(item: object, where: str, faults: Sequence[Fault] | None) -> Examined:
    """The verdict on one item of a reply's zappi list at ``where`` (e.g. ``[3].zappi[0]``),
    given what ``zappi_faults`` found in it (None: it was not an object)."""
    if not isinstance(item, dict) or faults is None:
        not_object = ObjectProblem("", f"expected object, got {json_type(item)}", where)
        return Examined(None, None, (), not_object)
    zappi, remaining = _repaired(item, faults)
    bad = {name for name, _ in remaining}
    serial = None if _SERIAL_FIELD in bad else str(zappi[_SERIAL_FIELD])
    fatal = sorted(
        (fault for fault in remaining if _fatal(fault[0])),
        key=lambda fault: not ZAPPI_FIELDS[fault[0]].required,
    )
    if fatal:
        name, problem = fatal[0]
        return Examined(None, serial, (), ObjectProblem(name, problem, f"{where}.{name}"))
    if not bad:
        return Examined(zappi, serial, (), None)
    kept = {key: value for key, value in zappi.items() if key not in bad}
    return Examined(kept, serial, tuple(sorted(bad)), None)
