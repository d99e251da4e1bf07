"""The ``fields`` and ``reply_fields`` rows of spec/myenergi.yaml, and the JSON Schema of one
object they describe.

A zappi field row says what the cloud may send for its key (JSON types, a numeric range in the
raw unit, a pattern for text, the values of its enumeration unless that is open) and what a
value that breaks those rules does (``if_bad``): ``malformed``, the whole object is unusable
and its zappi keeps its last good object; or ``default``, the key is read as missing. Checks:
a default of the right JSON type that keeps the field's own rules, min/max only on numbers and
in order, a pattern only on text and one that compiles, and a required field (``sno``) never
falls back to a default: it has none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from codegen.errors import SpecErrors
from codegen.tables.enumerations import Enumeration
from codegen.yamlsource import LineMap
from rows.myenergi import IfBad, ZappiField

__all__ = ["DECIDING_FIELD_HINT", "deciding_field_problem", "fields", "json_schema", "type_ok"]

#: JSON Schema type name → the Python types a parsed JSON value of that type has
#: (bool is a subclass of int in Python, so it is excluded from the numbers explicitly)
_PY_TYPES: Mapping[str, tuple[type, ...]] = {
    "integer": (int,),
    "number": (int, float),
    "string": (str,),
    "boolean": (bool,),
}
_NUMERIC = frozenset({"integer", "number"})


def type_ok(value: object, json_types: tuple[str, ...]) -> bool:
    if isinstance(value, bool):
        return "boolean" in json_types
    return any(isinstance(value, _PY_TYPES[t]) for t in json_types if t != "boolean")


class _FieldChecker:
    def __init__(self, path: Path, errors: SpecErrors) -> None:
        self.path = path
        self.errors = errors

    def add(self, line: int, message: str, hint: str = "") -> None:
        self.errors.add(self.path, line, message, hint)

    def field(self, name: str, row: LineMap) -> ZappiField:
        json_types = tuple(row["json"])
        default = row.get("default")
        where = f"field {name!r}"
        if default is not None and not type_ok(default, json_types):
            self.add(
                row.line_of("default"),
                f"{where}: default {default!r} is not one of its JSON types "
                f"{', '.join(json_types)}",
                hint="ref §2.2: a missing numeric field is 0; use null for 'unknown'",
            )
        if "scale_when_float" in row and "number" not in json_types:
            self.add(
                row.line_of("scale_when_float"),
                f"{where}: scale_when_float needs 'number' among its JSON types",
            )
        required = bool(row.get("required", False))
        if required and default is not None:
            self.add(row.line_of("default"), f"{where}: a required field cannot have a default")
        if_bad = IfBad(row.get("if_bad", IfBad.MALFORMED.value))
        if required and if_bad is IfBad.DEFAULT:
            self.add(
                row.line_of("if_bad"),
                f"{where}: a required field cannot fall back to a default (it has none)",
                "use if_bad: malformed",
            )
        lo, hi = row.get("min"), row.get("max")
        self.bounds(where, row, json_types, lo, hi, default)
        pattern = self.pattern(where, row, json_types, default)
        return ZappiField(
            name=name,
            json_types=json_types,
            unit=row.get("unit", ""),
            si_unit=row.get("si_unit", row.get("unit", "")),
            scale=float(row.get("scale", 1)),
            scale_when_float=(
                float(row["scale_when_float"]) if "scale_when_float" in row else None
            ),
            default=default,
            required=required,
            meaning=row["meaning"],
            source=row["source"],
            if_bad=if_bad,
            minimum=lo,
            maximum=hi,
            pattern=pattern,
        )

    def bounds(
        self,
        where: str,
        row: LineMap,
        json_types: tuple[str, ...],
        lo: float | None,
        hi: float | None,
        default: object,
    ) -> None:
        if lo is None and hi is None:
            return
        key = "min" if lo is not None else "max"
        if not _NUMERIC & set(json_types):
            self.add(row.line_of(key), f"{where}: min/max need an integer or number field")
            return
        if lo is not None and hi is not None and lo > hi:
            self.add(row.line_of("min"), f"{where}: min {lo} is greater than max {hi}")
        if isinstance(default, int | float) and not isinstance(default, bool) and (
            (lo is not None and default < lo) or (hi is not None and default > hi)
        ):
            self.add(row.line_of("default"), f"{where}: default {default!r} is outside min..max")

    def pattern(
        self, where: str, row: LineMap, json_types: tuple[str, ...], default: object
    ) -> str | None:
        pattern: str | None = row.get("pattern")
        if pattern is None:
            return None
        line = row.line_of("pattern")
        if "string" not in json_types:
            self.add(line, f"{where}: a pattern needs a string field")
            return pattern
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            self.add(line, f"{where}: bad pattern: {exc}")
            return pattern
        if isinstance(default, str) and compiled.search(default) is None:
            self.add(row.line_of("default"), f"{where}: default {default!r} breaks the pattern")
        return pattern


#: the hint of :func:`deciding_field_problem`
DECIDING_FIELD_HINT = "set if_bad: malformed on the field in spec/myenergi.yaml"


def deciding_field_problem(field: ZappiField, what: str) -> str | None:
    """Why ``what`` (a status condition, a measurand) may not read ``field``, or None: a field
    that falls back to its default when bad would make it report a value the zappi never
    sent."""
    if field.if_bad is not IfBad.DEFAULT:
        return None
    return (
        f"{what} reads {field.name!r}, which falls back to its default when bad "
        "(if_bad: default): it would report a value the zappi never sent"
    )


def fields(rows: LineMap, path: Path, errors: SpecErrors) -> dict[str, ZappiField]:
    """Every row of a field table, by name (sorted); problems go to ``errors``."""
    checker = _FieldChecker(path, errors)
    return {name: checker.field(name, rows[name]) for name in sorted(rows)}


def _property(field: ZappiField, enumeration: Enumeration | None) -> dict[str, object]:
    types = list(field.json_types)
    schema: dict[str, object] = {"type": types[0] if len(types) == 1 else types}
    if enumeration is not None and not enumeration.open:
        schema["enum"] = sorted(enumeration.codes(), key=lambda code: (str(type(code)), code))
    if field.minimum is not None:
        schema["minimum"] = field.minimum
    if field.maximum is not None:
        schema["maximum"] = field.maximum
    if field.pattern is not None:
        schema["pattern"] = field.pattern
    return schema


def json_schema(
    fields: Mapping[str, ZappiField], enumerations: Mapping[str, Enumeration] | None = None
) -> dict[str, object]:
    """A JSON Schema of one object with these fields: strict about the known keys (type, range,
    pattern, the values of a closed enumeration), open to extra keys because every firmware
    generation adds some (ref §5)."""
    found = enumerations or {}
    return {
        "type": "object",
        "required": sorted(n for n, f in fields.items() if f.required),
        "properties": {
            name: _property(field, found.get(name)) for name, field in sorted(fields.items())
        },
        "additionalProperties": True,
    }
