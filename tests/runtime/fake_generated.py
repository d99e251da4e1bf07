"""Stand-ins for ``generated.errors/messages/validators`` while the compiler is being built.

:func:`install` puts them into ``sys.modules`` only when the real modules cannot be imported,
so the runtime tests run against the real compiled tables as soon as they exist. The fake
validators are honest: jsonschema over the official OCPP 1.6 schemas shipped in ``ocpp``.
"""

from __future__ import annotations

import enum
import importlib
import json
import sys
import types
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jsonschema

_CENTRAL_SYSTEM_ACTIONS = {
    "CancelReservation", "ChangeAvailability", "ChangeConfiguration", "ClearCache",
    "ClearChargingProfile", "DataTransfer", "GetCompositeSchedule", "GetConfiguration",
    "GetDiagnostics", "GetLocalListVersion", "RemoteStartTransaction", "RemoteStopTransaction",
    "ReserveNow", "Reset", "SendLocalList", "SetChargingProfile", "TriggerMessage",
    "UnlockConnector", "UpdateFirmware",
}
_UNSUPPORTED = {"CancelReservation", "ReserveNow", "ClearChargingProfile",
                "GetCompositeSchedule", "SetChargingProfile"}
_CHARGE_POINT_ACTIONS = {
    "Authorize", "BootNotification", "DataTransfer", "DiagnosticsStatusNotification",
    "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StartTransaction",
    "StatusNotification", "StopTransaction",
}


class CallErrorCode(enum.StrEnum):
    NOT_IMPLEMENTED = "NotImplemented"
    NOT_SUPPORTED = "NotSupported"
    INTERNAL_ERROR = "InternalError"
    PROTOCOL_ERROR = "ProtocolError"
    SECURITY_ERROR = "SecurityError"
    FORMATION_VIOLATION = "FormationViolation"
    PROPERTY_CONSTRAINT_VIOLATION = "PropertyConstraintViolation"
    OCCURENCE_CONSTRAINT_VIOLATION = "OccurenceConstraintViolation"
    TYPE_CONSTRAINT_VIOLATION = "TypeConstraintViolation"
    GENERIC_ERROR = "GenericError"


class Route(enum.StrEnum):
    HANDLE = "handle"
    NOT_SUPPORTED = "not_supported"
    NOT_IMPLEMENTED = "not_implemented"


def route(action: str) -> Route:
    if action in _UNSUPPORTED:
        return Route.NOT_SUPPORTED
    if action in _CENTRAL_SYSTEM_ACTIONS:
        return Route.HANDLE
    if action in _CHARGE_POINT_ACTIONS:
        return Route.NOT_SUPPORTED
    return Route.NOT_IMPLEMENTED


@dataclass(frozen=True, slots=True)
class Violation:
    code: CallErrorCode
    path: str
    message: str


_KIND_CODES = {
    "type": CallErrorCode.TYPE_CONSTRAINT_VIOLATION,
    "required": CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION,
    "additionalProperties": CallErrorCode.FORMATION_VIOLATION,
    "maxLength": CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
    "enum": CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
}
_validators: dict[str, Any] = {}


def _validate(name: str, payload: object) -> Violation | None:
    validator = _validators.get(name)
    if validator is None:
        path = resources.files("ocpp") / "v16" / "schemas" / f"{name}.json"
        try:
            schema = json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            return Violation(CallErrorCode.NOT_IMPLEMENTED, "", f"no schema {name}")
        validator = _validators[name] = jsonschema.Draft4Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(payload))
    if error is None:
        return None
    code = _KIND_CODES.get(str(error.validator), CallErrorCode.FORMATION_VIOLATION)
    return Violation(code, "/" + "/".join(str(p) for p in error.absolute_path), error.message)


def validate_request(action: str, payload: object) -> Violation | None:
    return _validate(action, payload)


def validate_response(action: str, payload: object) -> Violation | None:
    return _validate(f"{action}Response", payload)


async def dispatch(handler: Any, action: str, payload: Any) -> dict[str, object]:
    snake = "".join("_" + c.lower() if c.isupper() else c for c in action).lstrip("_")
    result: dict[str, object] = await getattr(handler, f"on_{snake}")(payload)
    return result


FAILURE_CODES = {
    "not-a-frame": CallErrorCode.FORMATION_VIOLATION,
    "unknown-action": CallErrorCode.NOT_IMPLEMENTED,
}


def install() -> list[str]:
    """Install a fake for each generated module that does not import; returns their names."""
    faked = []
    this = sys.modules[__name__]
    for name, attrs in {
        "errors": ["CallErrorCode", "FAILURE_CODES"],
        "messages": ["Route", "route"],
        "validators": ["Violation", "validate_request", "validate_response"],
        "handlers": ["dispatch"],
    }.items():
        try:
            importlib.import_module(f"generated.{name}")
            continue
        except ImportError:
            faked.append(name)
        module = types.ModuleType(f"generated.{name}")
        for attr in attrs:
            setattr(module, attr, getattr(this, attr))
        sys.modules[f"generated.{name}"] = module
    return faked


@dataclass(frozen=True, slots=True)
class FakeConfigKey:
    """A ``generated.config_keys.ConfigKey`` stand-in, read from ``spec/config_keys.yaml``."""

    name: str
    type: str
    access: str
    default: str | None
    allowed: tuple[str, ...]
    minimum: int | None
    maximum: int | None
    reboot_required: bool


def _ocpp_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def config_keys() -> Any:
    """``generated.config_keys.CONFIG_KEYS`` when compiled, else rows from the spec table."""
    try:
        return importlib.import_module("generated.config_keys").CONFIG_KEYS
    except ImportError:
        pass
    import pathlib

    import yaml

    spec = pathlib.Path(__file__).resolve().parents[2] / "spec" / "config_keys.yaml"
    rows = yaml.safe_load(spec.read_text())["keys"]
    return {
        row["name"].lower(): FakeConfigKey(
            name=row["name"],
            type=row["type"],
            access=row["access"],
            default=_ocpp_text(row.get("default", "Core" if row["type"] == "csl" else None)),
            allowed=tuple(str(a) for a in row.get("allowed", ())),
            minimum=row.get("min"),
            maximum=row.get("max"),
            reboot_required=row["reboot_required"],
        )
        for row in rows
    }
