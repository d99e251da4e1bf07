"""The ``enumerations`` of spec/myenergi.yaml: the coded values of the zappi status fields
(pst, sta, zmo, zsh, lck, cmt), each rendered as an enum class in ``generated/myenergi.py``.

Checks: the enumeration describes a field of ``fields`` whose JSON type fits its kind, class
names and values are unique, a value has the kind's type, and a flag is a single bit.

An enumeration is closed unless it says ``open: true``: a value outside a closed one breaks its
field's row (``if_bad`` decides what that does), a value outside an open one is kept and reads
as unknown (zsh: firmware adds codes; cmt counts 1-10 while a command is delivered). A flags
enumeration is always open (the bits it does not name are dropped), and the default of a closed
enumeration's field is one of its values.
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
    open: bool = False  #: values outside the list are kept (and read as unknown)

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
        is_open = bool(row.get("open", False))
        if kind == "flags" and not is_open:
            errors.add(
                path,
                row.line_of("open") if "open" in row else row.line_of("kind"),
                f"enumeration {key!r}: a flags enumeration is open (unnamed bits are dropped)",
                hint="add open: true",
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
        default = None if field is None else field.default
        if not is_open and default is not None and default not in seen_values:
            errors.add(
                path,
                line,
                f"enumeration {key!r} is closed, but its field's default "
                f"{default!r} is not one of its values",
                hint="add the value, or open: true",
            )
        result[key] = Enumeration(key, row["class"], kind, tuple(values), line, is_open)
    return result
