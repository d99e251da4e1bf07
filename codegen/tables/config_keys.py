"""Checker for spec/config_keys.yaml: the configuration keys GetConfiguration reports.

Beyond the format schema: names are unique regardless of case (keys are CiString50, OCPP 1.6
§7.17), every key OCPP 1.6 §9.1 requires of a Core charge point is present, a default has the
key's type and lies inside its allowed values or range, a CSL default fits its ``<Key>MaxLength``,
and what a change does (``effect``, ``reaction``, ``command``, ``zappi_modes``) names code and
tables that exist (:mod:`codegen.tables.config_effects`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

from codegen.errors import SpecErrors
from codegen.model import ConfigKeysModel, MessagesModel
from codegen.output import Output
from codegen.render import render, template_source
from codegen.tables.config_effects import Fail, MyenergiModes, check_effect
from codegen.tables.format_check import check_format, load_table
from codegen.tables.messages import SOURCE as MESSAGES_SOURCE
from codegen.yamlsource import LineList, LineMap
from rows.config_keys import Access, ChangeEffect, ConfigKey, ConfigType, ConfigValue
from rows.hooks import REACTIONS

FILE = "config_keys.yaml"
SOURCE = f"spec/{FILE}"
SCHEMA = "schemas/config_keys.schema.json"

#: The keys OCPP 1.6 §9.1 marks required for the Core profile (errata 3.80 made
#: StopTransactionOnEVSideDisconnect optional, so it is not in this list).
REQUIRED_CORE_KEYS: tuple[str, ...] = (
    "AuthorizeRemoteTxRequests",
    "ClockAlignedDataInterval",
    "ConnectionTimeOut",
    "ConnectorPhaseRotation",
    "GetConfigurationMaxKeys",
    "HeartbeatInterval",
    "LocalAuthorizeOffline",
    "LocalPreAuthorize",
    "MeterValueSampleInterval",
    "MeterValuesAlignedData",
    "MeterValuesSampledData",
    "NumberOfConnectors",
    "ResetRetries",
    "StopTransactionOnInvalidId",
    "StopTxnAlignedData",
    "StopTxnSampledData",
    "SupportedFeatureProfiles",
    "TransactionMessageAttempts",
    "TransactionMessageRetryInterval",
    "UnlockConnectorOnEVSideDisconnect",
)

_PYTHON_TYPE: dict[str, type] = {"bool": bool, "int": int, "csl": list, "string": str}


def check(
    spec_dir: Path,
    errors: SpecErrors,
    *,
    messages: MessagesModel | None,
    myenergi: MyenergiModes | None,
) -> ConfigKeysModel | None:
    """Load and check spec/config_keys.yaml; None when it has errors (they are in ``errors``)."""
    path = spec_dir / FILE
    source = load_table(path, errors)
    if source is None or not check_format(source, spec_dir / SCHEMA, errors):
        return None
    before = len(errors)
    table: LineList = source.data["keys"]
    first_line: dict[str, tuple[str, int]] = {}
    keys: list[ConfigKey] = []
    for index, raw in enumerate(table):
        line = table.item_lines[index]
        name: str = raw["name"]
        if name.lower() in first_line:
            other, other_line = first_line[name.lower()]
            errors.add(
                path,
                raw.line_of("name"),
                f"duplicate configuration key {name!r} (same as {other!r} at line {other_line})",
                hint="keys are case-insensitive (OCPP 1.6 §7.17); keep one row",
            )
            continue
        first_line[name.lower()] = (name, line)
        key = _check_key(path, raw, messages, myenergi, errors)
        if key is not None:
            keys.append(key)
    for required in REQUIRED_CORE_KEYS:
        if required.lower() not in first_line:
            errors.add(
                path,
                source.data.line_of("keys"),
                f"the Core configuration key {required} is missing",
                hint="OCPP 1.6 §9.1 requires it of every charge point",
            )
    by_name = {k.name: k for k in keys}
    for key in keys:
        _check_max_length(path, table, key, by_name, errors)
    return ConfigKeysModel(keys=tuple(keys)) if len(errors) == before else None


def _check_key(
    path: Path,
    raw: LineMap,
    messages: MessagesModel | None,
    myenergi: MyenergiModes | None,
    errors: SpecErrors,
) -> ConfigKey | None:
    name, kind, access, effect = raw["name"], raw["type"], raw["access"], raw["effect"]
    before = len(errors)

    def fail(key: str, message: str, hint: str = "") -> None:
        errors.add(path, raw.line_of(key), f"{name}: {message}", hint)

    has_default = raw.get("default") is not None
    if effect != "derived":  # a derived key's default is checked with its effect
        if access == "W" and has_default:
            fail("default", "a write-only key has no default to report", "remove the default")
        elif access != "W" and not has_default:
            fail("default", "the key has no default", f"add a default of type {kind}")
    reaction, zappi_modes = check_effect(raw, myenergi, fail)

    allowed = tuple(raw.get("allowed") or ())
    minimum, maximum = raw.get("min"), raw.get("max")
    if kind == "bool" and allowed:
        fail("allowed", "a bool key takes true or false; allowed does not apply", "remove allowed")
    if kind != "int" and (minimum is not None or maximum is not None):
        fail("min" if minimum is not None else "max", f"min and max apply to int keys, not {kind}")
    item_type = int if kind == "int" else str
    for item in allowed:
        if not isinstance(item, item_type) or isinstance(item, bool):
            fail("allowed", f"allowed value {item!r} is not of type {kind}")
    if minimum is not None and maximum is not None and minimum > maximum:
        fail("min", f"min {minimum} is greater than max {maximum}")

    default = raw.get("default")
    if has_default and len(errors) == before:
        _check_default(name, kind, default, allowed, minimum, maximum, fail)
    if len(errors) != before:
        return None
    if effect == "derived":
        default = list(messages.supported_profiles) if messages is not None else []
    value: ConfigValue | None = tuple(default) if isinstance(default, list) else default
    return ConfigKey(
        name=name,
        type=ConfigType(kind),
        access=Access(access),
        profile=raw["profile"],
        default=value,
        allowed=allowed,
        minimum=minimum,
        maximum=maximum,
        unit=raw.get("unit", ""),
        effect=ChangeEffect(effect),
        command=raw.get("command"),
        reaction=reaction,
        zappi_modes=MappingProxyType(dict(zappi_modes)),
        reboot_required=raw["reboot_required"],
        description=" ".join(raw["description"].split()),
    )


def _check_default(
    name: str,
    kind: str,
    default: object,
    allowed: tuple[object, ...],
    minimum: int | None,
    maximum: int | None,
    fail: Fail,
) -> None:
    wanted = _PYTHON_TYPE[kind]
    if not isinstance(default, wanted) or (kind == "int" and isinstance(default, bool)):
        example = {"bool": "true", "int": "60", "csl": "[Energy.Active.Import.Register]"}
        fail("default", f"default {default!r} is not of type {kind}", example.get(kind, ""))
        return
    items = list(default) if isinstance(default, list) else [default]
    for item in items:
        if allowed and item not in allowed:
            what = "item" if kind == "csl" else "default"
            fail(
                "default",
                f"{what} {item!r} is not one of the allowed values",
                "allowed: " + ", ".join(map(str, allowed)),
            )
    if isinstance(default, int) and not isinstance(default, bool):
        if minimum is not None and default < minimum:
            fail("default", f"default {default} is below min {minimum}", f"min: {minimum}")
        if maximum is not None and default > maximum:
            fail("default", f"default {default} is above max {maximum}", f"max: {maximum}")


def _check_max_length(
    path: Path, table: LineList, key: ConfigKey, by_name: dict[str, ConfigKey], errors: SpecErrors
) -> None:
    """A CSL default must fit the key's ``<Key>MaxLength`` (OCPP 1.6 §9.1: assume 1 if absent)."""
    limit = by_name.get(f"{key.name}MaxLength")
    if key.type != "csl" or limit is None or not isinstance(limit.default, int):
        return
    count = len(key.default) if isinstance(key.default, tuple) else 0
    if count > limit.default:
        line = next(
            (raw.line_of("default") for raw in table if raw["name"] == key.name), table.line
        )
        errors.add(
            path,
            line,
            f"{key.name}: default has {count} items but {limit.name} is {limit.default}",
            hint=f"raise {limit.name} or shorten the default",
        )


#: the CSL keys whose items are measurands (OCPP 1.6 §9.1: MeterValuesSampledData and friends)
MEASURAND_KEYS: tuple[str, ...] = (
    "MeterValuesAlignedData",
    "MeterValuesSampledData",
    "StopTxnAlignedData",
    "StopTxnSampledData",
)


def check_measurand_items(
    spec_dir: Path, model: ConfigKeysModel, sent: Iterable[str], errors: SpecErrors
) -> None:
    """The measurand keys allow exactly the measurands spec/measurands.yaml sends: a Central
    System that asks for an unsent measurand is Rejected (OCPP 1.6 §4.7), one that asks for a
    sent one is not."""
    path = spec_dir / FILE
    source = load_table(path, errors)
    if source is None:
        return
    lines = {raw["name"]: raw.line_of("allowed") for raw in source.data["keys"]}
    wanted = set(sent)
    for key in model.keys:
        if key.name not in MEASURAND_KEYS:
            continue
        allowed = {str(item) for item in key.allowed}
        extra, lacking = sorted(allowed - wanted), sorted(wanted - allowed)
        if extra or lacking:
            parts = []
            if extra:
                parts.append(f"allows {', '.join(extra)}, which spec/measurands.yaml does not send")
            if lacking:
                parts.append(f"leaves out {', '.join(lacking)}, which spec/measurands.yaml sends")
            errors.add(
                path,
                lines.get(key.name, 0),
                f"{key.name}: {'; '.join(parts)}",
                hint="allowed: " + ", ".join(sorted(wanted)),
            )


TEMPLATE = "config_keys.py.j2"


def outputs(model: ConfigKeysModel) -> list[Output]:
    """``generated/config_keys.py``; SupportedFeatureProfiles comes from the messages table."""
    keys = tuple(model.by_lower_name.values())
    reactions = _reaction_members(keys)
    return [
        Output(
            "generated/config_keys.py",
            render(
                TEMPLATE,
                keys=keys,
                reactions=reactions,
                reaction_classes=_classes(reactions),
            ),
            (
                SOURCE,
                MESSAGES_SOURCE,
                "codegen/tables/config_keys.py",
                "codegen/tables/config_effects.py",
                "rows/config_keys.py",
                template_source(TEMPLATE),
            ),
        )
    ]


def _reaction_members(keys: Iterable[ConfigKey]) -> dict[str, str]:
    """Reaction name → the Python member the generated row refers to, e.g.
    ``BridgeReaction.CHARGE_MODE`` (the enums are :mod:`rows.hooks`)."""
    members = (REACTIONS[key.reaction] for key in keys if key.reaction is not None)
    return {member.value: f"{type(member).__name__}.{member.name}" for member in members}


def _classes(reactions: dict[str, str]) -> list[str]:
    """What the generated module imports from rows.hooks."""
    return sorted({member.split(".")[0] for member in reactions.values()})
