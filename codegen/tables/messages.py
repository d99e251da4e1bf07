"""Checker for spec/messages.yaml: one row per OCPP 1.6 action, checked against OCPP 1.6 itself.

The format schema only knows the shape of a row. This module knows what the rows mean: the action
must be one of the 28 of OCPP 1.6 edition 2, its origin and feature profile must be the ones the
specification gives it (§3.3, §4, §5), every action appears exactly once, ``since_firmware``
names a release of spec/releases.yaml (the shared check in :mod:`codegen.tables.releases`), and
the mapping names only myenergi commands and fields that spec/myenergi.yaml
defines, configuration keys that spec/config_keys.yaml defines, and fixed fields that the
official JSON schema of the message has, with values that schema allows
(:mod:`codegen.tables.message_fields`, which checks ``while_pending`` too). What TriggerMessage
may request follows from the rows (:mod:`codegen.tables.triggers`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from codegen.errors import SpecErrors
from codegen.model import ConfigKeysModel, MessagesModel
from codegen.ocpp_schemas import OfficialSchemas
from codegen.output import Output
from codegen.render import render, template_source
from codegen.tables import message_fields, triggers
from codegen.tables.format_check import check_format, line_at, load_table
from codegen.tables.since_firmware import SinceFirmware
from codegen.yamlsource import LineList, LineMap
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
#: the gates of since_firmware come from the releases table
RELEASES = "spec/releases.yaml"

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
    releases: SinceFirmware | None,
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
        since = _check_firmware(path, raw, errors, releases)
        mapping = _mapping(path, raw, schemas, myenergi, errors)
        while_pending = message_fields.while_pending(path, raw, facts.response, errors)
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
    triggerable = triggers.triggerable(rows, schemas)
    triggers.check_builders(path, first_line, triggerable, schemas, errors)
    if len(errors) != before:
        return None
    return MessagesModel(rows=tuple(rows), triggerable=triggerable)


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


def _check_firmware(
    path: Path, raw: LineMap, errors: SpecErrors, releases: SinceFirmware | None
) -> tuple[int, ...] | None:
    """The firmware gate of the row's release; None when it has none (or, after an error,
    names none). ``releases`` is None when spec/releases.yaml has errors of its own."""
    name, status, text = raw["action"], raw["status"], raw.get("since_firmware")
    line = raw.line_of("since_firmware")
    if text is None:
        if status == "supported":
            errors.add(
                path,
                raw.line,
                f"{name} is supported but has no since_firmware",
                hint='name the release it shipped in, e.g. since_firmware: "5.114"',
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
    if releases is None:
        return None
    release = releases.name_release(
        path, line, text, table="messages", row=name, errors=errors, planned=status == "planned"
    )
    return None if release is None else release.gate


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
        for kind, known in (("commands", myenergi.commands), ("documents_reads", myenergi.fields)):
            what = "command" if kind == "commands" else "zappi status field"
            for item, line in _names(mapping, kind):
                if item not in known:
                    errors.add(
                        path,
                        line,
                        f"{name}: unknown myenergi {what} {item!r}",
                        hint=suggest(item, known) or "spec/myenergi.yaml defines them",
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
            problem = message_fields.fixed_field_problem(produced, field, value)
            if problem:
                errors.add(
                    path,
                    fixed_map.line_of(field),
                    f"{name}: fixed field {field}: {problem} in the {kind} schema",
                    hint=message_fields.properties_hint(produced),
                )
    return ActionMapping(
        commands=tuple(mapping.get("commands") or ()),
        documents_reads=tuple(mapping.get("documents_reads") or ()),
        documents_config=tuple(mapping.get("documents_config") or ()),
        fixed_fields=MappingProxyType(dict(sorted(fixed.items()))),
        note=" ".join(mapping["note"].split()),
    )


def check_config_references(
    spec_dir: Path, messages: MessagesModel, config_keys: ConfigKeysModel, errors: SpecErrors
) -> None:
    """Every ``mapping.documents_config`` name must be a key of spec/config_keys.yaml, spelt the
    same."""
    path = spec_dir / FILE
    source = load_table(path, errors)
    if source is None:
        return
    table: LineList = source.data["actions"]
    for index, raw in enumerate(table):
        for item, line in _names(raw["mapping"], "documents_config"):
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
    sources = (
        SOURCE,
        RELEASES,
        "codegen/tables/messages.py",
        "codegen/tables/message_fields.py",
        "codegen/tables/triggers.py",
        *ROWS_SOURCES,
    )
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
