"""The conditions of a status table row (``when`` in spec/status.yaml), read and compared.

A condition names a bridge input (its values), ``fault`` (true/false: zsh is one of the fault
codes), or a myenergi field: coded values (by value or name, ``null`` for missing), a numeric
range in the field's si_unit, or lock bits set and clear. :func:`covers` tells when an earlier
row already matches every situation a later row describes, so the later row can never match.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.errors import SpecErrors
from codegen.tables.myenergi import MyenergiModel
from codegen.tables.myenergi_fields import DECIDING_FIELD_HINT, deciding_field_problem
from rows.status import Bits, Code, Condition, FieldIn, FieldRange, InputIn, IsFault, StatusRow

#: the condition on zsh being a fault code, and the field it reads
FAULT_KEY = "fault"
FAULT_FIELD = "zsh"


@dataclass(frozen=True, slots=True)
class InputSpec:
    name: str
    class_name: str
    values: Mapping[str, str]  #: value → meaning


class ConditionReader:
    """Reads the conditions of rows against the myenergi table and the bridge's inputs,
    reporting every problem to ``errors``."""

    def __init__(
        self,
        path: Path,
        errors: SpecErrors,
        myenergi: MyenergiModel,
        inputs: Mapping[str, InputSpec],
    ) -> None:
        self.path = path
        self.errors = errors
        self.myenergi = myenergi
        self.inputs = inputs

    def add(self, line: int, message: str, hint: str = "") -> None:
        self.errors.add(self.path, line, message, hint)

    def deciding(self, name: str, line: int) -> None:
        """A condition reads the field ``name``: it must not stand in its default for a bad
        value."""
        field = self.myenergi.fields.get(name)
        problem = None if field is None else deciding_field_problem(field, "the condition")
        if problem is not None:
            self.add(line, problem, DECIDING_FIELD_HINT)

    def read(self, key: str, spec: Any, line: int) -> Condition | None:
        """The condition ``key: spec`` of a row's ``when`` (at ``line``); None after an error."""
        inputs = self.inputs
        if key == FAULT_KEY:
            if not isinstance(spec, bool):
                self.add(line, "fault: takes true or false")
                return None
            self.deciding(FAULT_FIELD, line)
            return IsFault(spec)
        if key in inputs:
            known = inputs[key].values
            bad = [v for v in spec if v not in known] if isinstance(spec, list) else [spec]
            if bad:
                self.add(line, f"{key}: {bad[0]!r} is not a value of this input", ", ".join(known))
                return None
            return InputIn(key, frozenset(spec))
        field = self.myenergi.fields.get(key)
        if field is None:
            names = [*inputs, FAULT_KEY, *self.myenergi.fields]
            guess = difflib.get_close_matches(key, names, n=1)
            self.add(
                line,
                f"condition {key!r} is neither a bridge input nor a myenergi field",
                f"did you mean {guess[0]!r}?" if guess else "see spec/myenergi.yaml fields",
            )
            return None
        self.deciding(key, line)
        enumeration = self.myenergi.enumerations.get(key)
        if isinstance(spec, list):
            if enumeration is None:
                self.add(line, f"field {key!r} has no enumeration to take values from")
                return None
            values: list[Code | None] = []
            for token in spec:
                if token is None:
                    if field.default is not None:
                        self.add(
                            line, f"{key}: null never matches; a missing {key} is {field.default!r}"
                        )
                    values.append(None)
                    continue
                code = enumeration.resolve(token)
                if isinstance(code, Exception):
                    self.add(line, f"{key}: {token!r} is not a known {key} value", str(code))
                else:
                    values.append(code)
            return FieldIn(key, frozenset(values))
        if isinstance(spec, dict) and ("set" in spec or "clear" in spec):
            if enumeration is None or enumeration.kind != "flags":
                self.add(line, f"field {key!r} is not a bit field; set/clear need flags")
                return None
            masks = []
            for part in ("set", "clear"):
                mask = 0
                for token in spec.get(part, []):
                    code = enumeration.resolve(token)
                    if isinstance(code, int):
                        mask |= code
                    else:
                        self.add(line, f"{key}: {token!r} is not a {key} bit", str(code))
                masks.append(mask)
            if masks[0] & masks[1]:
                self.add(line, f"{key}: a bit cannot be both set and clear")
            return Bits(key, masks[0], masks[1])
        if isinstance(spec, dict):
            if not {"integer", "number"} & set(field.json_types):
                self.add(line, f"field {key!r} is not numeric; min/max need a number")
                return None
            lo, hi = spec.get("min"), spec.get("max")
            if lo is not None and hi is not None and lo > hi:
                self.add(line, f"{key}: min {lo} is greater than max {hi}")
            return FieldRange(key, lo, hi)
        self.add(line, f"{key}: true/false only applies to 'fault'")
        return None


def _key(condition: Condition) -> tuple[str, str]:
    if isinstance(condition, InputIn):
        return ("input", condition.name)
    if isinstance(condition, IsFault):
        return ("fault", "")
    return ("field", condition.field)


def covers(earlier: StatusRow, later: StatusRow) -> bool:
    """True when every situation ``later`` matches is matched by ``earlier`` already.
    Conservative: a pair it cannot compare is reported as not covered."""
    mine = {_key(c): c for c in later.conditions}
    for condition in earlier.conditions:
        other = mine.get(_key(condition))
        if isinstance(condition, FieldIn | InputIn) and isinstance(other, FieldIn | InputIn):
            if not other.values <= condition.values:
                return False
        elif isinstance(condition, FieldRange) and isinstance(other, FieldRange):
            lo_ok = condition.minimum is None or (
                other.minimum is not None and other.minimum >= condition.minimum
            )
            hi_ok = condition.maximum is None or (
                other.maximum is not None and other.maximum <= condition.maximum
            )
            if not (lo_ok and hi_ok):
                return False
        elif isinstance(condition, Bits) and isinstance(other, Bits):
            if condition.set_mask & ~other.set_mask or condition.clear_mask & ~other.clear_mask:
                return False
        elif isinstance(condition, IsFault) and isinstance(other, IsFault):
            if condition.expected != other.expected:
                return False
        else:
            return False
    return True
