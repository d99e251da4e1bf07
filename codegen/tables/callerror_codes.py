"""The CALLERROR table (``spec/callerror_codes.yaml``): which OCPP-J 1.6 error code answers
which kind of invalid payload.

The checker enforces the two facts a wrong edit would silently break: every code is one of
the ten codes of OCPP-J 1.6 Table 7 in its 1.6 spelling (``FormatViolation`` is 2.0.1 and
``OccurrenceConstraintViolation`` is 2.1; a 1.6 central system may not know them), and every
keyword the official 1.6 schemas use has a row, so the generated validators never meet a
failure they cannot name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.errors import SpecErrors
from codegen.ocpp_schemas import OfficialSchemas, load_official_schemas
from codegen.tables.format_check import check_format, line_at, load_table

TABLE_SOURCE = "spec/callerror_codes.yaml"

#: OCPP-J 1.6 §4.2.3 Table 7, in order, with the spec's own spellings.
OCPP_J16_CODES = (
    "NotImplemented",
    "NotSupported",
    "InternalError",
    "ProtocolError",
    "SecurityError",
    "FormationViolation",
    "PropertyConstraintViolation",
    "OccurenceConstraintViolation",
    "TypeConstraintViolation",
    "GenericError",
)

#: spellings from later OCPP versions that a maintainer may type by habit
_LATER_SPELLINGS = {
    "FormatViolation": "FormationViolation",
    "OccurrenceConstraintViolation": "OccurenceConstraintViolation",
}

#: failure kinds that are not schema keywords but that the runtime and validators name
FRAME_KINDS = ("payload-not-object", "not-a-frame", "unknown-action")


@dataclass(frozen=True, slots=True)
class CodeRow:
    code: str
    meaning: str  #: OCPP-J 1.6 Table 7 description


@dataclass(frozen=True, slots=True)
class FailureRow:
    kind: str  #: a JSON Schema keyword or one of FRAME_KINDS
    code: str
    reason: str
    enforced: bool  #: false: the validators do not check this keyword (``format``)


@dataclass(frozen=True, slots=True)
class CallErrorTable:
    codes: tuple[CodeRow, ...]  #: Table 7 order
    failures: Mapping[str, FailureRow]  #: keyed by kind, sorted
    structural: tuple[str, ...]  #: keywords that never fail on their own

    def code_for(self, kind: str) -> str:
        return self.failures[kind].code

    def enforced(self, kind: str) -> bool:
        return self.failures[kind].enforced


def schema_keywords(schemas: OfficialSchemas) -> dict[str, str]:
    """Every keyword used in the official schemas → one place it is used (for messages)."""
    found: dict[str, str] = {}

    def walk(node: Mapping[str, Any], where: str) -> None:
        for key, value in node.items():
            found.setdefault(key, where)
            if key == "properties":
                for name, sub in value.items():
                    walk(sub, f"{where}/{name}")
            elif key == "items":
                walk(value, f"{where}/items")

    for action in schemas.actions.values():
        walk(action.request, action.action)
        walk(action.response, f"{action.action}Response")
    return found


def _rows(data: Any, key: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    yield from enumerate(data.get(key, []))


def _spelling_hint(code: str, otherwise: str) -> str:
    later = _LATER_SPELLINGS.get(code)
    return f"OCPP-J 1.6 spells it {later}" if later else otherwise


def check(
    spec_dir: Path, errors: SpecErrors, schemas: OfficialSchemas | None = None
) -> CallErrorTable | None:
    """Load and check ``spec/callerror_codes.yaml``; None (with errors added) when it is wrong."""
    path = spec_dir / "callerror_codes.yaml"
    source = load_table(path, errors)
    if source is None:
        return None
    before = len(errors)
    if not check_format(source, spec_dir / "schemas" / "callerror_codes.schema.json", errors):
        return None
    data = source.data

    codes: list[CodeRow] = []
    for index, row in _rows(data, "codes"):
        line = line_at(data, ["codes", index, "code"])
        code = row["code"]
        if code not in OCPP_J16_CODES:
            hint = _spelling_hint(code, f"OCPP-J 1.6 Table 7 has: {', '.join(OCPP_J16_CODES)}")
            errors.add(path, line, f"{code!r} is not an OCPP-J 1.6 CALLERROR code", hint)
        elif any(c.code == code for c in codes):
            errors.add(path, line, f"code {code!r} is listed twice")
        codes.append(CodeRow(code, row["meaning"]))
    listed = {c.code for c in codes}
    for code in OCPP_J16_CODES:
        if code not in listed:
            errors.add(path, line_at(data, ["codes"]), f"code {code!r} of Table 7 is missing")

    failures: dict[str, FailureRow] = {}
    for index, row in _rows(data, "failures"):
        kind, code = row["kind"], row["code"]
        if kind in failures:
            errors.add(path, line_at(data, ["failures", index, "kind"]), f"kind {kind!r} twice")
        if code not in listed:
            hint = _spelling_hint(code, "use one of the codes listed under `codes`")
            errors.add(
                path,
                line_at(data, ["failures", index, "code"]),
                f"{kind}: {code!r} is not an OCPP-J 1.6 CALLERROR code",
                hint,
            )
        failures[kind] = FailureRow(kind, code, row["reason"], bool(row.get("enforced", True)))

    structural = tuple(row["keyword"] for _, row in _rows(data, "structural"))
    for index, keyword in enumerate(structural):
        if keyword in failures:
            errors.add(
                path,
                line_at(data, ["structural", index, "keyword"]),
                f"{keyword!r} is both a failure kind and structural",
            )

    for kind in FRAME_KINDS:
        if kind not in failures:
            errors.add(path, line_at(data, ["failures"]), f"no row for failure kind {kind!r}")
    official = schemas if schemas is not None else load_official_schemas()
    for keyword, where in sorted(schema_keywords(official).items()):
        if keyword not in failures and keyword not in structural:
            errors.add(
                path,
                line_at(data, ["failures"]),
                f"the official schemas use keyword {keyword!r} (e.g. {where}) but it has no row",
                hint="add a `failures` row with its CALLERROR code, or a `structural` row",
            )
    if len(errors) > before:
        return None
    return CallErrorTable(
        codes=tuple(codes),
        failures=dict(sorted(failures.items())),
        structural=structural,
    )
