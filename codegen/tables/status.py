"""The status decision table (``spec/status.yaml``): zappi state + bridge state → the
StatusNotification the bridge sends for connector 1.

Checks beyond the format: statuses and error codes are OCPP 1.6's own (the StatusNotification
schema's enums), texts fit the schema's maxLength, EVCommunicationError only appears with the
statuses OCPP allows it for, every condition names a myenergi field or bridge input that exists
and values that field can take, the last row catches everything, and no row is hidden behind an
earlier one that already matches every situation it describes. A vendor_error_code may name the
field that made the zappi's object malformed (``{field}``), only in a row that requires
``zappi_data: [malformed]``; ``malformed_data.grace_polls`` says for how many replies a
malformed object is not reported.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.errors import SpecErrors
from codegen.ocpp_schemas import OfficialSchemas, enum_values
from codegen.output import Output
from codegen.render import render, template_source
from codegen.tables.format_check import check_format, load_table
from codegen.tables.myenergi import MyenergiModel
from codegen.tables.status_conditions import FAULT_KEY, ConditionReader, InputSpec, covers
from codegen.yamlsource import LineMap
from rows.myenergi import IfBad
from rows.status import FIELD_PLACEHOLDER, Condition, Fault, InputIn, IsFault, StatusRow

TABLE = "status.yaml"
TEMPLATE = "status_table.py.j2"
ROWS_SOURCE = "rows/status.py"

#: OCPP 1.6 §4.9 / errata 3.19: EVCommunicationError only accompanies these statuses
#: (ocpp16-charge-point.md §3.3)
EV_COMMUNICATION_STATUSES = frozenset({"Preparing", "SuspendedEV", "SuspendedEVSE", "Finishing"})
#: the condition a row whose vendor_error_code holds FIELD_PLACEHOLDER needs: the bridge knows
#: a field to put there only while the zappi's object is malformed
MALFORMED = InputIn("zappi_data", frozenset({"malformed"}))
_PLACEHOLDERS = re.compile(r"\{[^}]*\}")

@dataclass(frozen=True, slots=True)
class StatusModel:
    inputs: Mapping[str, InputSpec]
    connector_zero: Mapping[str, str]  #: connector 1 status → connector 0 status; "otherwise"
    faults: Mapping[int, Fault]
    rows: tuple[StatusRow, ...]  #: in table order
    lines: tuple[int, ...]  #: the line of each row in spec/status.yaml
    #: replies with a malformed object during which a zappi's last good object stands
    grace_polls: int

    def placed(self) -> tuple[tuple[int, StatusRow], ...]:
        """(line, row) for each row, in table order."""
        return tuple(zip(self.lines, self.rows, strict=True))


class _Checker:
    def __init__(
        self, path: Path, errors: SpecErrors, schemas: OfficialSchemas, myenergi: MyenergiModel
    ) -> None:
        self.path = path
        self.errors = errors
        self.myenergi = myenergi
        request = schemas.actions["StatusNotification"].request
        self.statuses = enum_values(request, "status")
        self.error_codes = enum_values(request, "errorCode")
        self.max_len = {
            k: int(request["properties"][k]["maxLength"]) for k in ("info", "vendorErrorCode")
        }

    def add(self, line: int, message: str, hint: str = "") -> None:
        self.errors.add(self.path, line, message, hint)

    def official(self, value: str, allowed: tuple[str, ...], what: str, line: int) -> None:
        if value not in allowed:
            guess = difflib.get_close_matches(value, allowed, n=1)
            hint = f"did you mean {guess[0]!r}? " if guess else ""
            self.add(line, f"{value!r} is not an OCPP 1.6 {what}", hint + ", ".join(allowed))

    def text(self, row: LineMap, key: str, schema_key: str) -> None:
        value = row.get(key)
        if value is not None and len(value) > self.max_len[schema_key]:
            self.add(
                row.line_of(key),
                f"{key} is {len(value)} characters; StatusNotification allows "
                f"{self.max_len[schema_key]}",
            )

    def inputs(self, data: LineMap) -> dict[str, InputSpec]:
        result: dict[str, InputSpec] = {}
        for name in sorted(data):
            if name in self.myenergi.fields or name == FAULT_KEY:
                self.add(data.line_of(name), f"input {name!r} clashes with a condition name")
            row = data[name]
            result[name] = InputSpec(name, row["class"], dict(sorted(row["values"].items())))
        return result

    def connector_zero(self, data: LineMap) -> dict[str, str]:
        for status in data:
            if status != "otherwise":
                self.official(status, self.statuses, "ChargePointStatus", data.line_of(status))
        return {k: data[k] for k in sorted(data, key=lambda k: (k == "otherwise", k))}

    def faults(self, data: LineMap) -> dict[int, Fault]:
        zsh = self.myenergi.enumerations.get("zsh")
        result: dict[int, Fault] = {}
        for name, row in data.items():
            line = data.line_of(name)
            if zsh is None:
                self.add(line, "faults need the zsh enumeration in spec/myenergi.yaml")
                continue
            code = zsh.resolve(name)
            if isinstance(code, Exception) or not isinstance(code, int):
                self.add(line, f"{name!r} is not a zsh code in spec/myenergi.yaml", str(code))
                continue
            self.official(row["error_code"], self.error_codes, "ChargePointErrorCode", line)
            if row["error_code"] in ("NoError", "EVCommunicationError"):
                self.add(line, f"a Faulted report cannot carry {row['error_code']}")
            self.text(row, "vendor_error_code", "vendorErrorCode")
            result[code] = Fault(code, name, row["error_code"], row["vendor_error_code"])
        return dict(sorted(result.items()))

    def row(self, row: LineMap, inputs: Mapping[str, InputSpec]) -> StatusRow:
        when: LineMap = row["when"]
        reader = ConditionReader(self.path, self.errors, self.myenergi, inputs)
        conditions = [reader.read(key, when[key], when.line_of(key)) for key in when]
        status: str = row["status"]
        self.official(status, self.statuses, "ChargePointStatus", row.line_of("status"))
        error_code: str = row.get("error_code", "NoError")
        from_faults = row.get("error_from") == "faults"
        if "error_code" in row:
            self.official(
                error_code, self.error_codes, "ChargePointErrorCode", row.line_of("error_code")
            )
        if from_faults and IsFault(True) not in conditions:
            self.add(row.line_of("error_from"), "error_from: faults needs 'fault: true' in when")
        if status == "Faulted" and error_code == "NoError" and not from_faults:
            self.add(
                row.line_of("status"),
                "a Faulted row must say which error",
                "set error_code, or error_from: faults",
            )
        if from_faults and status != "Faulted":
            self.add(row.line_of("error_from"), "fault error codes go with status Faulted")
        if error_code == "EVCommunicationError" and status not in EV_COMMUNICATION_STATUSES:
            self.add(
                row.line_of("error_code"),
                f"EVCommunicationError is not allowed with {status}",
                f"OCPP 1.6 §4.9: only with {', '.join(sorted(EV_COMMUNICATION_STATUSES))}",
            )
        self.text(row, "info", "info")
        names_field = self.placeholder(row, conditions)
        if not names_field:
            self.text(row, "vendor_error_code", "vendorErrorCode")
        return StatusRow(
            conditions=tuple(c for c in conditions if c is not None),
            status=status,
            error_code=error_code,
            error_from_faults=from_faults,
            vendor_error_code=row.get("vendor_error_code"),
            info=row.get("info"),
            why=" ".join(row["why"].split()),
            names_field=names_field,
        )

    def placeholder(self, row: LineMap, conditions: list[Condition | None]) -> bool:
        """Whether the row's vendor_error_code names the malformed field (``{field}``); only
        a row that holds only while the object is malformed may, and the longest field it can
        name must fit the schema's maxLength."""
        text = row.get("vendor_error_code") or ""
        found = _PLACEHOLDERS.findall(text)
        if not found:
            return False
        line = row.line_of("vendor_error_code")
        if set(found) != {FIELD_PLACEHOLDER}:
            self.add(line, f"vendor_error_code: unknown placeholder {found[0]}",
                     f"the only one is {FIELD_PLACEHOLDER}")
            return False
        if MALFORMED not in conditions:
            self.add(line, f"vendor_error_code: {FIELD_PLACEHOLDER} needs when: "
                     f"{{{MALFORMED.name}: [malformed]}} (only then is a field malformed)")
            return False
        named = [n for n, f in self.myenergi.fields.items() if f.if_bad is IfBad.MALFORMED]
        longest = text.replace(FIELD_PLACEHOLDER, max(named, key=len, default=""))
        limit = self.max_len["vendorErrorCode"]
        if len(longest) > limit:
            self.add(line, f"vendor_error_code can be {len(longest)} characters "
                     f"({longest!r}); StatusNotification allows {limit}")
        return True

    def order(self, placed: list[tuple[int, StatusRow]]) -> None:
        if placed and placed[-1][1].conditions:
            self.add(
                placed[-1][0],
                "the last row must match everything",
                "end the table with a catch-all row: when: {}",
            )
        for index, (line, later) in enumerate(placed):
            for earlier_index, (earlier_line, earlier) in enumerate(placed[:index]):
                if covers(earlier, later):
                    self.add(
                        line,
                        f"row {index + 1} can never match: row "
                        f"{earlier_index + 1} (line {earlier_line}) matches first",
                        "move it up or narrow the earlier row",
                    )
                    break


def check(
    spec_dir: Path,
    errors: SpecErrors,
    *,
    schemas: OfficialSchemas,
    myenergi: MyenergiModel | None,
) -> StatusModel | None:
    """Load and check ``spec/status.yaml``; None when it (or the myenergi table) has errors."""
    path = spec_dir / TABLE
    source = load_table(path, errors)
    if source is None or not check_format(
        source, spec_dir / "schemas" / "status.schema.json", errors
    ):
        return None
    if myenergi is None:
        return None  # its own errors are reported; conditions cannot be checked without it
    before = len(errors)
    checker = _Checker(path, errors, schemas, myenergi)
    data: Any = source.data
    inputs = checker.inputs(data["inputs"])
    connector_zero = checker.connector_zero(data["connector_zero"])
    faults = checker.faults(data["faults"])
    placed = [
        (data["rows"].item_lines[i], checker.row(row, inputs)) for i, row in enumerate(data["rows"])
    ]
    if len(errors) == before:
        checker.order(placed)
    if len(errors) > before:
        return None
    rows = tuple(row for _, row in placed)
    lines = tuple(line for line, _ in placed)
    grace = int(data["malformed_data"]["grace_polls"])
    return StatusModel(inputs, connector_zero, faults, rows, lines, grace)


def outputs(model: StatusModel) -> list[Output]:
    # the generated module imports the row classes and the condition classes its rows use
    used = {type(c).__name__ for row in model.rows for c in row.conditions}
    imports = sorted({"Fault", "StatusRow", *used})
    text = render(TEMPLATE, model=model, imports=imports)
    sources = (f"spec/{TABLE}", "spec/myenergi.yaml", ROWS_SOURCE, template_source(TEMPLATE))
    return [Output("generated/status_table.py", text, sources)]
