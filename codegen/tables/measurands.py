"""The measurands table (``spec/measurands.yaml``): OCPP measurand ← myenergi value.

Checks beyond the format: measurand, unit, phase and location are OCPP 1.6's own (the MeterValues
schema's enums); every myenergi field named exists, is numeric, and is in the unit the row
claims; no (measurand, phase, location) is sent twice; and every OCPP measurand is accounted
for, either sent or left out with a reason, so the docs page can say which and why.
"""

from __future__ import annotations

import difflib
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
from codegen.tables.myenergi_fields import DECIDING_FIELD_HINT, deciding_field_problem
from codegen.yamlsource import LineMap
from rows.measurands import FromField, FromPilotDuty, FromRatio, FromRegister, MeasurandRow, Source

TABLE = "measurands.yaml"
TEMPLATE = "measurands.py.j2"
ROWS_SOURCE = "rows/measurands.py"

#: spec/myenergi.yaml writes units as people do; OCPP's UnitOfMeasure spells some differently
_OCPP_UNIT = {"%": "Percent", "Hz": "Hertz"}


@dataclass(frozen=True, slots=True)
class MeasurandsModel:
    rows: tuple[MeasurandRow, ...]  #: in table order
    lines: tuple[int, ...]  #: the line of each row in spec/measurands.yaml
    left_out: Mapping[str, str]  #: measurand → reason, sorted

    def placed(self) -> tuple[tuple[int, MeasurandRow], ...]:
        """(line, row) for each row, in table order."""
        return tuple(zip(self.lines, self.rows, strict=True))

    def docs_sent(self) -> tuple[tuple[str, str], ...]:
        """(measurand, detail) for the docs page, in table order; the detail names the
        phase, location and unit, then where the value comes from."""
        lines = []
        for row in self.rows:
            where = ", ".join(p for p in (row.phase, row.location, row.unit) if p)
            lines.append((row.measurand, f"{where}: {row.why}" if where else row.why))
        return tuple(lines)

    def docs_left_out(self) -> tuple[tuple[str, str], ...]:
        """(measurand, reason) for the docs page."""
        return tuple((name, " ".join(why.split())) for name, why in self.left_out.items())


class _Checker:
    def __init__(
        self, path: Path, errors: SpecErrors, schemas: OfficialSchemas, myenergi: MyenergiModel
    ) -> None:
        self.path = path
        self.errors = errors
        self.myenergi = myenergi
        request = schemas.actions["MeterValues"].request
        self.enums = {
            key: enum_values(request, "meterValue", "sampledValue", key)
            for key in ("measurand", "unit", "phase", "location")
        }

    def add(self, line: int, message: str, hint: str = "") -> None:
        self.errors.add(self.path, line, message, hint)

    def official(self, key: str, value: str, line: int) -> None:
        allowed = self.enums[key]
        if value not in allowed:
            guess = difflib.get_close_matches(value, allowed, n=1)
            self.add(
                line,
                f"{value!r} is not an OCPP 1.6 {key}",
                f"did you mean {guess[0]!r}?" if guess else ", ".join(allowed),
            )

    def numeric_field(self, name: str, line: int) -> str | None:
        """The field's si_unit, or None (after an error) when it is unknown or not numeric."""
        field = self.myenergi.fields.get(name)
        if field is None:
            guess = difflib.get_close_matches(name, list(self.myenergi.fields), n=1)
            self.add(
                line,
                f"{name!r} is not a myenergi field",
                f"did you mean {guess[0]!r}?" if guess else "see spec/myenergi.yaml fields",
            )
            return None
        if not {"integer", "number"} & set(field.json_types):
            self.add(line, f"myenergi field {name!r} is not numeric")
            return None
        problem = deciding_field_problem(field, "the measurand")
        if problem is not None:
            self.add(line, problem, DECIDING_FIELD_HINT)
        return _OCPP_UNIT.get(field.si_unit, field.si_unit)

    def unit_matches(self, row: LineMap, want: str | None, line: int) -> None:
        unit = row.get("unit")
        if unit is not None and want is not None and unit != want:
            self.add(line, f"unit {unit!r} does not match the source, which gives {want!r}")

    def source(self, row: LineMap) -> Source:
        spec: LineMap = row["from"]
        line = row.line_of("from")
        if "field" in spec:
            si_unit = self.numeric_field(spec["field"], line)
            self.unit_matches(row, si_unit, line)
            lo, hi = spec.get("min"), spec.get("max")
            if lo is not None and hi is not None and lo > hi:
                self.add(line, f"min {lo} is greater than max {hi}")
            return FromField(spec["field"], float(spec.get("factor", 1)), lo, hi)
        if "register" in spec:
            self.unit_matches(row, "Wh", line)
            return FromRegister(spec["register"])
        if "ratio" in spec:
            numerator, denominator = spec["ratio"]
            units = (self.numeric_field(numerator, line), self.numeric_field(denominator, line))
            if units == ("W", "V"):
                self.unit_matches(row, "A", line)
            return FromRatio(numerator, denominator)
        si_unit = self.numeric_field(spec["pilot_duty"], line)
        if si_unit is not None and si_unit != "Percent":
            self.add(
                line, f"pilot_duty needs a duty cycle in %, {spec['pilot_duty']!r} is {si_unit!r}"
            )
        self.unit_matches(row, "A", line)
        return FromPilotDuty(spec["pilot_duty"])

    def register_source(self, measurand: str, source: Source, line: int) -> None:
        """The runtime averages clock-aligned values of every row except registers, and knows a
        register by its source; an OCPP ``*.Register`` measurand from anything else would be
        averaged (and a register source behind another measurand would not be)."""
        if measurand.endswith(".Register") != isinstance(source, FromRegister):
            self.add(
                line,
                f"{measurand}: a *.Register measurand must come from a register, and a "
                "register may feed only a *.Register measurand",
                "clock-aligned values average every row except registers (OCPP 1.6 §3.16)",
            )

    def row(self, row: LineMap) -> MeasurandRow:
        for key in ("measurand", "unit", "phase", "location"):
            if key in row:
                self.official(key, row[key], row.line_of(key))
        source = self.source(row)
        self.register_source(row["measurand"], source, row.line_of("from"))
        return MeasurandRow(
            measurand=row["measurand"],
            phase=row.get("phase"),
            location=row.get("location"),
            unit=row.get("unit"),
            source=source,
            decimals=int(row.get("decimals", 0)),
            why=" ".join(row["why"].split()),
        )

    def coverage(
        self, placed: list[tuple[int, MeasurandRow]], left_out: LineMap, line: int
    ) -> None:
        seen: dict[tuple[str, str | None, str | None], int] = {}
        for row_line, spec in placed:
            key = (spec.measurand, spec.phase, spec.location)
            if key in seen:
                self.add(
                    row_line,
                    f"{spec.measurand} at phase {spec.phase}, location "
                    f"{spec.location} is already sent by the row at line "
                    f"{seen[key]}",
                )
            seen.setdefault(key, row_line)
            if spec.measurand in left_out:
                self.add(
                    left_out.line_of(spec.measurand), f"{spec.measurand} is both sent and left out"
                )
        for name in left_out:
            self.official("measurand", name, left_out.line_of(name))
        sent = {spec.measurand for _, spec in placed}
        for name in self.enums["measurand"]:
            if name not in sent and name not in left_out:
                self.add(
                    line,
                    f"measurand {name} is neither sent nor listed in left_out",
                    "the docs page must say why the zappi cannot report it",
                )


def check(
    spec_dir: Path,
    errors: SpecErrors,
    *,
    schemas: OfficialSchemas,
    myenergi: MyenergiModel | None,
) -> MeasurandsModel | None:
    """Load and check ``spec/measurands.yaml``; None when it (or the myenergi table) has errors."""
    path = spec_dir / TABLE
    source = load_table(path, errors)
    schema_path = spec_dir / "schemas" / "measurands.schema.json"
    if source is None or not check_format(source, schema_path, errors):
        return None
    if myenergi is None:
        return None  # its own errors are reported; fields cannot be checked without it
    before = len(errors)
    checker = _Checker(path, errors, schemas, myenergi)
    data: Any = source.data
    placed = [(data["rows"].item_lines[i], checker.row(row)) for i, row in enumerate(data["rows"])]
    checker.coverage(placed, data["left_out"], data.line_of("left_out"))
    if len(errors) > before:
        return None
    lines = tuple(line for line, _ in placed)
    rows = tuple(row for _, row in placed)
    return MeasurandsModel(rows, lines, dict(sorted(data["left_out"].items())))


def outputs(model: MeasurandsModel) -> list[Output]:
    # the generated module imports the row class and the source classes its rows use
    imports = sorted({"MeasurandRow", *(type(row.source).__name__ for row in model.rows)})
    text = render(TEMPLATE, model=model, imports=imports)
    sources = (f"spec/{TABLE}", "spec/myenergi.yaml", ROWS_SOURCE, template_source(TEMPLATE))
    return [Output("generated/measurands.py", text, sources)]
