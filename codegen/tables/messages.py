"""Checker for spec/messages.yaml: one row per OCPP 1.6 action, checked against OCPP 1.6 itself.

The format schema only knows the shape of a row. This module knows what the rows mean: the action
must be one of the 28 of OCPP 1.6 edition 2, its origin and feature profile must be the ones the
specification gives it (§3.3, §4, §5), every action appears exactly once, firmware versions are
dotted numbers, and the mapping names only myenergi commands and fields that spec/myenergi.yaml
defines, configuration keys that spec/config_keys.yaml defines, and fixed fields that the
official JSON schema of the message has, with values that schema allows. A ``while_pending``
answer (sent instead of calling the handler before the registration is Accepted) belongs to a
supported action the central system sends and must validate against its official response
schema.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

import jsonschema

from codegen.errors import SpecErrors
from codegen.model import ConfigKeysModel, MessagesModel
from codegen.ocpp_schemas import OfficialSchemas, enum_values
from codegen.output import Output
from codegen.render import render, template_source
from codegen.tables.format_check import check_format, line_at, load_table
from codegen.yamlsource import LineList, LineMap
from rows.firmware import parse_version
from rows.messages import (
    ActionMapping,
    ActionRow,
    FeatureProfile,
    FieldValue,
    Origin,
    SupportStatus,
)

FILE = "messages.yaml"
SOURCE = f"spec/{FILE}"
SCHEMA = "schemas/messages.schema.json"

#: Names people write for an action that difflib would not find; the first is the published
#: myenergi page's own mistake.
ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "FirmwareUpdate": "UpdateFirmware",
        "RemoteStart": "RemoteStartTransaction",
        "RemoteStop": "RemoteStopTransaction",
        "Unlock": "UnlockConnector",
        "GetConfig": "GetConfiguration",
        "ChangeConfig": "ChangeConfiguration",
        "GetLocalList": "GetLocalListVersion",
        "DiagnosticsUpload": "GetDiagnostics",
    }
)

_ORIGIN_WORDS = {"ChargePoint": "the charge point", "CentralSystem": "the central system"}
_SECTION = {"ChargePoint": "§4", "CentralSystem": "§5", "Both": "§4.3 and §5.6"}
_JSON_TYPES: Mapping[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "boolean": bool,
}


class MyenergiNames(Protocol):
    """What this checker needs of the myenergi table's model: its field and command names."""

    @property
    def fields(self) -> Mapping[str, object]: ...

    @property
    def commands(self) -> Mapping[str, object]: ...


def suggest(name: str, candidates: Iterable[str]) -> str:
    """A "did you mean" hint: the alias table first, then the closest spelling."""
    names = sorted(candidates)
    if name in ALIASES and ALIASES[name] in names:
        return f"did you mean {ALIASES[name]!r}?"
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    lowered = {n.lower(): n for n in names}
    if name.lower() in lowered:
        return f"did you mean {lowered[name.lower()]!r}? names are case-sensitive"
    return ""


def check(
    spec_dir: Path,
    errors: SpecErrors,
    *,
    schemas: OfficialSchemas,
    myenergi: MyenergiNames | None,
) -> MessagesModel | None:
    """Load and check spec/messages.yaml; None when it has errors (they are in ``errors``)."""
    path = spec_dir / FILE
    source = load_table(path, errors)
    if source is None or not check_format(source, spec_dir / SCHEMA, errors):
        return None
    before = len(errors)
    table: LineList = source.data["actions"]
    rows: list[ActionRow] = []
    first_line: dict[str, int] = {}
    suggested: set[str] = set()  # actions an unknown row probably meant
    for index, raw in enumerate(table):
        row_line = table.item_lines[index]
        name = raw["action"]
        if name in first_line:
            errors.add(
                path,
                row_line,
                f"duplicate row for {name}",
                hint=f"the first row for {name} is at line {first_line[name]}; keep one",
            )
            continue
        first_line[name] = row_line
        facts = schemas.actions.get(name)
        if facts is None:
            hint = suggest(name, schemas.names)
            suggested.update(a for a in schemas.names if hint == f"did you mean {a!r}?")
            errors.add(
                path,
                raw.line_of("action"),
                f"unknown OCPP 1.6 action {name!r}",
                hint=hint or "see OCPP 1.6 §4 and §5 for the 28 actions",
            )
            continue
        _check_facts(path, raw, facts.origin, facts.profile, errors)
        since = _check_firmware(path, raw, errors)
        mapping = _mapping(path, raw, schemas, myenergi, errors)
        while_pending = _while_pending(path, raw, facts.response, errors)
        rows.append(
            ActionRow(
                action=name,
                origin=Origin(raw["origin"]),
                profile=FeatureProfile(raw["profile"]),
                status=SupportStatus(raw["status"]),
                since_firmware=since,
                comment=" ".join(raw["comment"].split()),
                mapping=mapping,
                while_pending=while_pending,
            )
        )
    # an action that an unknown row's suggestion names is not reported again as missing
    for missing in sorted(set(schemas.names) - set(first_line) - suggested):
        errors.add(
            path,
            source.data.line_of("actions"),
            f"no row for {missing}",
            hint="every OCPP 1.6 action needs a row; use status: unsupported to refuse it",
        )
    if len(errors) != before:
        return None
    return MessagesModel(rows=tuple(rows), triggerable=_triggerable(rows, schemas))


def _triggerable(rows: list[ActionRow], schemas: OfficialSchemas) -> tuple[str, ...]:
    """What TriggerMessage may request: the schema's requestedMessage values (OCPP 1.6 §7.44)
    whose action the table supports; nothing when TriggerMessage itself is not supported."""
    supported = {row.action for row in rows if row.supported}
    if "TriggerMessage" not in supported:
        return ()
    requested = enum_values(schemas.actions["TriggerMessage"].request, "requestedMessage")
    return tuple(sorted(m for m in requested if m in supported))


def _check_facts(path: Path, raw: LineMap, origin: str, profile: str, errors: SpecErrors) -> None:
    name = raw["action"]
    if raw["origin"] != origin:
        sender = _ORIGIN_WORDS.get(origin, "either side")
        errors.add(
            path,
            raw.line_of("origin"),
            f"{name} is sent by {sender} (OCPP 1.6 {_SECTION[origin]}), not {raw['origin']}",
            hint=f"origin: {origin}",
        )
    if raw["profile"] != profile:
        errors.add(
            path,
            raw.line_of("profile"),
            f"{name} is in the {profile} feature profile (OCPP 1.6 §3.3), not {raw['profile']}",
            hint=f"profile: {profile}",
        )


def _check_firmware(path: Path, raw: LineMap, errors: SpecErrors) -> tuple[int, ...] | None:
    name, status, text = raw["action"], raw["status"], raw.get("since_firmware")
    line = raw.line_of("since_firmware")
    if text is None:
        if status == "supported":
            errors.add(
                path,
                raw.line,
                f"{name} is supported but has no since_firmware",
                hint='give the myenergi firmware it shipped in, e.g. since_firmware: "5.114"',
            )
        return None
    if not isinstance(text, str):
        errors.add(
            path,
            line,
            f"since_firmware of {name} must be quoted: YAML reads it as the number {text!r}",
            hint='write it in quotes, e.g. since_firmware: "5.120"; unquoted, 5.120 reads as 5.12',
        )
        return None
    if status == "unsupported":
        errors.add(
            path,
            line,
            f"{name} is unsupported but names a firmware version",
            hint="remove since_firmware, or change the status",
        )
        return None
    version = parse_version(text)
    if version is None:
        errors.add(
            path,
            line,
            f"malformed firmware version {text!r} for {name}",
            hint='write dotted numbers in quotes, e.g. since_firmware: "5.114"',
        )
    return version


def _while_pending(
    path: Path, raw: LineMap, response: Mapping[str, Any], errors: SpecErrors
) -> Mapping[str, FieldValue] | None:
    """The fixed answer sent while Pending: only a supported action the central system sends
    has one (the charge point answers nothing else, and an unsupported action is answered
    NotSupported whatever the registration), and it is a whole, valid response."""
    answer: LineMap | None = raw.get("while_pending")
    if answer is None:
        return None
    name, line = raw["action"], raw.line_of("while_pending")
    if raw["origin"] == "ChargePoint":
        errors.add(
            path,
            line,
            f"{name} is sent by the charge point: there is no answer of ours to fix while Pending",
            hint="remove while_pending; only actions the central system sends have it",
        )
        return None
    if raw["status"] != "supported":
        errors.add(
            path,
            line,
            f"{name} is {raw['status']}: it is answered NotSupported, Pending or not",
            hint="remove while_pending, or make the action supported",
        )
        return None
    problems = sorted(
        jsonschema.Draft4Validator(response).iter_errors(dict(answer)), key=_error_order
    )
    for problem in problems:
        field = "/".join(map(str, problem.path))
        where = f"{field}: " if field else ""
        errors.add(
            path,
            answer.line_of(field) if field in answer else line,
            f"{name}: while_pending is not a valid {name}.conf: {where}{problem.message}",
            hint=_properties_hint(response),
        )
    if problems:
        return None
    return MappingProxyType(dict(sorted(answer.items())))


def _error_order(error: jsonschema.ValidationError) -> tuple[str, str]:
    return ("/".join(map(str, error.path)), error.message)


def _names(raw: LineMap, key: str) -> list[tuple[str, int]]:
    items: LineList | None = raw.get(key)
    if items is None:
        return []
    return list(zip(items, items.item_lines, strict=True))


def _mapping(
    path: Path,
    raw: LineMap,
    schemas: OfficialSchemas,
    myenergi: MyenergiNames | None,
    errors: SpecErrors,
) -> ActionMapping:
    name = raw["action"]
    mapping: LineMap = raw["mapping"]
    if myenergi is not None:
        for kind, known in (("commands", myenergi.commands), ("reads", myenergi.fields)):
            what = "command" if kind == "commands" else "zappi status field"
            for item, line in _names(mapping, kind):
                if item not in known:
                    errors.add(
                        path,
                        line,
                        f"{name}: unknown myenergi {what} {item!r}",
                        hint=suggest(item, known) or f"spec/myenergi.yaml defines the {kind}",
                    )
    fixed: dict[str, FieldValue] = dict(mapping.get("fixed_fields") or {})
    if fixed:
        facts = schemas.actions[name]
        # The bridge produces the response to what the central system sends, and the request
        # of what the charge point sends; DataTransfer (Both) is only ever answered.
        produced = facts.request if raw["origin"] == "ChargePoint" else facts.response
        kind = "request" if raw["origin"] == "ChargePoint" else "response"
        fixed_map: LineMap = mapping["fixed_fields"]
        for field, value in sorted(fixed.items()):
            problem = _fixed_field_problem(produced, field, value)
            if problem:
                errors.add(
                    path,
                    fixed_map.line_of(field),
                    f"{name}: fixed field {field}: {problem} in the {kind} schema",
                    hint=_properties_hint(produced),
                )
    return ActionMapping(
        commands=tuple(mapping.get("commands") or ()),
        reads=tuple(mapping.get("reads") or ()),
        config=tuple(mapping.get("config") or ()),
        fixed_fields=MappingProxyType(dict(sorted(fixed.items()))),
        note=" ".join(mapping["note"].split()),
    )


def _fixed_field_problem(schema: Mapping[str, Any], field: str, value: FieldValue) -> str:
    prop = schema.get("properties", {}).get(field)
    if prop is None:
        return "no such property"
    wanted = _JSON_TYPES.get(prop.get("type", ""))
    ok_type = wanted is not None and isinstance(value, wanted)
    if wanted is int and isinstance(value, bool):
        ok_type = False
    if not ok_type:
        return f"{value!r} is not of type {prop.get('type')}"
    if "enum" in prop and value not in prop["enum"]:
        return f"{value!r} is not one of {', '.join(prop['enum'])}"
    if isinstance(value, str) and len(value) > prop.get("maxLength", len(value)):
        return f"{value!r} is longer than {prop['maxLength']} characters"
    return ""


def _properties_hint(schema: Mapping[str, Any]) -> str:
    return "properties: " + ", ".join(sorted(schema.get("properties", {})))


def check_config_references(
    spec_dir: Path, messages: MessagesModel, config_keys: ConfigKeysModel, errors: SpecErrors
) -> None:
    """Every ``mapping.config`` name must be a key of spec/config_keys.yaml, spelt the same."""
    path = spec_dir / FILE
    source = load_table(path, errors)
    if source is None:
        return
    table: LineList = source.data["actions"]
    for index, raw in enumerate(table):
        for item, line in _names(raw["mapping"], "config"):
            if item not in config_keys.names:
                errors.add(
                    path,
                    line or line_at(table, [index]),
                    f"{raw['action']}: unknown configuration key {item!r}",
                    hint=suggest(item, config_keys.names) or "spec/config_keys.yaml lists the keys",
                )


MESSAGES_TEMPLATE = "messages.py.j2"
HANDLERS_TEMPLATE = "handlers.py.j2"
#: the row types both generated modules import, and the firmware parser that reads since_firmware
ROWS_SOURCES = ("rows/messages.py", "rows/firmware.py")


def outputs(model: MessagesModel) -> list[Output]:
    """``generated/messages.py`` (rows, routes, profiles) and ``generated/handlers.py``."""
    rows = tuple(model.by_action.values())
    routes = {
        row.action: ("Handle" if row.supported and row.sent_by_central_system else "NotSupported")
        for row in rows
    }
    handled, sent = model.handled(), model.sent()
    messages_text = render(
        MESSAGES_TEMPLATE,
        rows=rows,
        routes=routes,
        supported_profiles=model.supported_profiles,
        handled=tuple(r.action for r in handled),
        triggerable=model.triggerable,
        sent=tuple(r.action for r in sent),
    )
    imports = sorted(
        {f"{row.action}{kind}" for row in (*handled, *sent) for kind in ("Request", "Response")}
    )
    handlers_text = render(HANDLERS_TEMPLATE, handled=handled, sent=sent, imports=imports)
    sources = (SOURCE, "codegen/tables/messages.py", *ROWS_SOURCES)
    return [
        Output(
            "generated/messages.py",
            messages_text,
            (*sources, template_source(MESSAGES_TEMPLATE)),
        ),
        Output(
            "generated/handlers.py",
            handlers_text,
            (*sources, template_source(HANDLERS_TEMPLATE)),
        ),
    ]
