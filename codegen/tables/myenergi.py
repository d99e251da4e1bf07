"""The myenergi cloud table (``spec/myenergi.yaml``): zappi status fields, command URLs, error
codes and the coded values of pst/sta/zmo/zsh/lck/cmt.

The format schema already guarantees the shape; this module checks meaning (the field rows in
``myenergi_fields.py``: defaults, ranges, patterns, what a bad value does), URL placeholders
that match the declared parameters, ranges that contain their allowed values, enumerations that
describe a known field of the right kind, status attributes made from a known field by a
conversion that fits it, and exactly one busy error code, which is retried. The model it builds
is what the status and measurand checkers cross-reference ("a mapping or measurand that names an
unknown myenergi field or command", issue 2) and what ``generated/myenergi.py`` and
``generated/myenergi_validators.py`` are rendered from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen import myenergi_validators
from codegen.errors import SpecErrors
from codegen.output import Output
from codegen.render import render, template_source
from codegen.tables import enumerations as enumerations_table
from codegen.tables import myenergi_fields, status_attributes
from codegen.tables.enumerations import Enumeration
from codegen.tables.format_check import check_format, load_table
from codegen.tables.myenergi_fields import json_schema, type_ok
from codegen.yamlsource import LineMap
from rows.myenergi import Command, CommandParameter, StatusAttribute, ZappiField

TABLE = "myenergi.yaml"
TEMPLATE = "myenergi.py.j2"
SOURCE = f"spec/{TABLE}"
ROWS_SOURCE = "rows/myenergi.py"

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class ErrorCode:
    code: int  #: positive; the cloud replies status = -code
    text: str
    retry: bool
    busy: bool  #: "a command is already being delivered"


@dataclass(frozen=True, slots=True)
class MyenergiModel:
    fields: Mapping[str, ZappiField]
    reply_fields: Mapping[str, ZappiField]
    enumerations: Mapping[str, Enumeration]  #: keyed by the field they describe
    zappi_status: tuple[StatusAttribute, ...]  #: in table order
    commands: Mapping[str, Command]
    error_codes: Mapping[int, ErrorCode]

    @property
    def busy_code(self) -> int:
        return next(code.code for code in self.error_codes.values() if code.busy)



def _default_ok(default: object, kind: str, lo: int | None, hi: int | None, row: LineMap) -> bool:
    if not type_ok(default, (kind,)):
        return False
    if isinstance(default, int) and (
        (lo is not None and default < lo) or (hi is not None and default > hi)
    ):
        return False
    if "allowed" in row and default not in row["allowed"]:
        return False
    try:
        return "pattern" not in row or re.fullmatch(row["pattern"], str(default)) is not None
    except re.error:
        return True  # the bad pattern itself is reported


def _parameter(
    command: str, name: str, row: LineMap, path: Path, errors: SpecErrors
) -> CommandParameter:
    kind: str = row["type"]
    lo, hi = row.get("min"), row.get("max")
    where = f"command {command!r}, parameter {name!r}"
    if (lo is not None or hi is not None) and kind != "integer":
        errors.add(path, row.line, f"{where}: min/max only apply to integer parameters")
    if lo is not None and hi is not None and lo > hi:
        errors.add(path, row.line_of("min"), f"{where}: min {lo} is greater than max {hi}")
    for value in row.get("allowed", []):
        if not type_ok(value, (kind,)):
            errors.add(path, row.line_of("allowed"), f"{where}: allowed {value!r} is not {kind}")
        elif kind == "integer" and (
            (lo is not None and value < lo) or (hi is not None and value > hi)
        ):
            errors.add(
                path, row.line_of("allowed"), f"{where}: allowed {value!r} is outside min..max"
            )
    if "pattern" in row:
        try:
            re.compile(row["pattern"])
        except re.error as exc:
            errors.add(path, row.line_of("pattern"), f"{where}: bad pattern: {exc}")
    default = row.get("default")
    if default is not None and not _default_ok(default, kind, lo, hi, row):
        errors.add(
            path,
            row.line_of("default"),
            f"{where}: default {default!r} breaks the parameter's own rules",
            hint="it must have the type, lie in min..max, be allowed and match the pattern",
        )
    return CommandParameter(
        name=name,
        type=kind,
        minimum=lo,
        maximum=hi,
        allowed=tuple(row.get("allowed", ())),
        pattern=row.get("pattern"),
        default=default,
        meaning=row["meaning"],
    )


def _commands(
    rows: LineMap, fields: Mapping[str, ZappiField], path: Path, errors: SpecErrors
) -> dict[str, Command]:
    result: dict[str, Command] = {}
    for name in sorted(rows):
        row: LineMap = rows[name]
        params_row: LineMap = row.get("parameters") or LineMap()
        parameters = tuple(_parameter(name, p, params_row[p], path, errors) for p in params_row)
        placeholders = _PLACEHOLDER.findall(row["url"])
        declared = [p.name for p in parameters]
        for missing in sorted(set(placeholders) - {"serial"} - set(declared)):
            errors.add(
                path,
                row.line_of("url"),
                f"command {name!r}: URL placeholder {{{missing}}} is not a declared parameter",
                hint=f"declared: {', '.join(declared) or '(none)'}",
            )
        for unused in sorted(set(declared) - set(placeholders)):
            errors.add(
                path,
                params_row.line_of(unused),
                f"command {name!r}: parameter {unused!r} does not appear in the URL",
            )
        if row["reply"] != "status" and row["reply"] not in fields:
            errors.add(
                path,
                row.line_of("reply"),
                f"command {name!r}: reply {row['reply']!r} is neither 'status' nor a zappi field",
            )
        result[name] = Command(
            name=name,
            url_template=row["url"],
            parameters=parameters,
            reply=row["reply"],
            meaning=row["meaning"],
            source=row["source"],
        )
    return result


def _error_codes(rows: LineMap, line: int, path: Path, errors: SpecErrors) -> dict[int, ErrorCode]:
    """The error code rows; exactly one is the busy code, and it is retried (ref §1.3: the
    cloud answers -26 while a command is in flight, and retrying is the cure)."""
    result: dict[int, ErrorCode] = {}
    for key, row in sorted(rows.items(), key=lambda item: int(item[0])):
        code = ErrorCode(int(key), row["text"], bool(row.get("retry")), bool(row.get("busy")))
        if code.busy and not code.retry:
            errors.add(
                path,
                row.line_of("busy"),
                f"error code {code.code}: the busy code must be retried",
                "add retry: true",
            )
        result[code.code] = code
    busy = [rows.line_of(key) for key in rows if rows[key].get("busy")]
    if not busy:
        errors.add(
            path,
            line,
            "no error code is marked busy: true",
            "mark the code the cloud sends while a command is in flight (26, ref §1.3)",
        )
    for second in busy[1:]:
        errors.add(path, second, "a second error code is marked busy: true", "only one is busy")
    return result


def check(spec_dir: Path, errors: SpecErrors) -> MyenergiModel | None:
    """Load and check ``spec/myenergi.yaml``; None when it has errors (they are in ``errors``)."""
    path = spec_dir / TABLE
    source = load_table(path, errors)
    if source is None:
        return None
    schema_path = spec_dir / "schemas" / "myenergi.schema.json"
    if not check_format(source, schema_path, errors):
        return None
    before = len(errors)
    data: Any = source.data
    fields = myenergi_fields.fields(data["fields"], path, errors)
    reply_fields = myenergi_fields.fields(data["reply_fields"], path, errors)
    enumerations = enumerations_table.check(data["enumerations"], fields, path, errors)
    zappi_status = status_attributes.check(data["zappi_status"], fields, enumerations, path, errors)
    commands = _commands(data["commands"], fields, path, errors)
    error_codes = _error_codes(data["error_codes"], data.line_of("error_codes"), path, errors)
    if len(errors) > before:
        return None
    return MyenergiModel(fields, reply_fields, enumerations, zappi_status, commands, error_codes)


#: a cgi-jstatus-* reply: an array of one-key objects in any order (ref §2.1); the zappi
#: objects of a ``zappi`` array are checked one by one against the zappi object schema
JSTATUS_ALL_ENVELOPE: Mapping[str, object] = {
    "type": "array",
    "items": {"type": "object", "properties": {"zappi": {"type": "array"}}},
}
#: a cgi-jstatus-Z / cgi-jstatus-Z{serial} reply
JSTATUS_ZAPPI_ENVELOPE: Mapping[str, object] = {
    "type": "object",
    "required": ["zappi"],
    "properties": {"zappi": {"type": "array"}},
}


def outputs(model: MyenergiModel) -> list[Output]:
    """``generated/myenergi.py`` (the rows and the reply schemas) and
    ``generated/myenergi_validators.py`` (the same schemas compiled)."""
    zappi_schema = json_schema(model.fields, model.enumerations)
    reply_schema = json_schema(model.reply_fields)
    text = render(
        TEMPLATE,
        model=model,
        zappi_schema=zappi_schema,
        reply_schema=reply_schema,
        jstatus_all=JSTATUS_ALL_ENVELOPE,
        jstatus_zappi=JSTATUS_ZAPPI_ENVELOPE,
        retry_codes=[c.code for c in model.error_codes.values() if c.retry],
    )
    sources = (SOURCE, ROWS_SOURCE, template_source(TEMPLATE))
    validators = myenergi_validators.outputs(
        {"zappi": zappi_schema},
        {
            "jstatus_all": JSTATUS_ALL_ENVELOPE,
            "jstatus_zappi": JSTATUS_ZAPPI_ENVELOPE,
            "command_reply": reply_schema,
        },
        (SOURCE,),
    )
    return [Output("generated/myenergi.py", text, sources), *validators]
