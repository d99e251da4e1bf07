"""The ``enumerations`` of spec/myenergi.yaml: the coded values of the zappi status fields
(pst, sta, zmo, zsh, lck, cmt), each rendered as an enum class in ``generated/myenergi.py``.

Checks: the enumeration describes a field of ``fields`` whose JSON type fits its kind, class
names and values are unique, a value has the kind's type, and a flag is a single bit.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from codegen.errors import SpecErrors
from codegen.yamlsource import LineMap
from rows.myenergi import ZappiField
from rows.status import Code

#: an enumeration's kind → the JSON type its field must accept
_ENUM_FIELD_TYPE = {"integer": "integer", "flags": "integer", "string": "string"}
#: an enumeration's kind → the base of its class in generated/myenergi.py
_BASE_CLASS = {"integer": "enum.IntEnum", "flags": "enum.IntFlag", "string": "enum.StrEnum"}


@dataclass(frozen=True, slots=True)
class EnumValue:
    value: int | str
    name: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Enumeration:
    """The coded values of one field; ``kind`` is integer, string or flags (bit masks)."""

    field: str
    class_name: str
    kind: str
    values: tuple[EnumValue, ...]
    line: int

    @property
    def base_class(self) -> str:
        return _BASE_CLASS[self.kind]

    def codes(self) -> frozenset[int | str]:
        return frozenset(v.value for v in self.values)

    def by_name(self) -> Mapping[str, EnumValue]:
        return {v.name: v for v in self.values}

    def resolve(self, token: Code) -> Code | LookupError:
        """A coded value written as its value (``C2``, ``29``) or its name
        (``EVSE_FAULT_RCD_TRIP``); a LookupError with a hint when it is neither."""
        for value in self.values:
            if token == value.value or token == value.name:
                return value.value
        names = [v.name for v in self.values] + [str(v.value) for v in self.values]
        guess = difflib.get_close_matches(str(token), names, n=1)
        return LookupError(f"did you mean {guess[0]!r}?" if guess else "see spec/myenergi.yaml")


def check(
    rows: LineMap, fields: Mapping[str, ZappiField], path: Path, errors: SpecErrors
) -> dict[str, Enumeration]:
    result: dict[str, Enumeration] = {}
    classes: dict[str, str] = {}
    for key in sorted(rows):
        row: LineMap = rows[key]
        line = rows.line_of(key)
        kind: str = row["kind"]
        field = fields.get(key)
        if field is None:
            errors.add(path, line, f"enumeration {key!r} names no field in 'fields'")
        elif _ENUM_FIELD_TYPE[kind] not in field.json_types:
            errors.add(
                path,
                row.line_of("kind"),
                f"enumeration {key!r} is {kind} but field {key!r} is {', '.join(field.json_types)}",
            )
        if row["class"] in classes:
            errors.add(
                path,
                row.line_of("class"),
                f"enumeration {key!r}: class {row['class']} is already used by "
                f"{classes[row['class']]!r}",
            )
        classes.setdefault(row["class"], key)
        values: list[EnumValue] = []
        seen_values: set[int | str] = set()
        seen_names: set[str] = set()
        for index, item in enumerate(row["values"]):
            item_line = row["values"].item_lines[index]
            value = item["value"]
            want = str if kind == "string" else int
            if not isinstance(value, want) or isinstance(value, bool):
                errors.add(path, item_line, f"enumeration {key!r}: value {value!r} is not {kind}")
            elif kind == "flags" and isinstance(value, int) and (value <= 0 or value & (value - 1)):
                errors.add(
                    path,
                    item_line,
                    f"enumeration {key!r}: flag {value!r} is not a single bit",
                    hint="flags are bit masks: 1, 2, 4, 8, ...",
                )
            if value in seen_values:
                errors.add(path, item_line, f"enumeration {key!r}: value {value!r} twice")
            if item["name"] in seen_names:
                errors.add(path, item_line, f"enumeration {key!r}: name {item['name']} twice")
            seen_values.add(value)
            seen_names.add(item["name"])
            values.append(EnumValue(value, item["name"], item["meaning"]))
        result[key] = Enumeration(key, row["class"], kind, tuple(values), line)
    return result
