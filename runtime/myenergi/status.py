"""Parse ``cgi-jstatus`` replies into typed, normalised ``ZappiStatus`` values.

Every reply is validated against the JSON Schemas generated from ``spec/myenergi.yaml``
(``generated.myenergi``); a reply that does not fit raises ``MalformedReply`` naming the field,
never a crash further down. Normalisation comes from the same table: each attribute of
``ZappiStatus`` is made from its field as the ``zappi_status`` rows say (``conversions.py``),
missing keys take the field's default and values are scaled to SI units by the field's row.
Devices are found by key, never by position: the order of the classes in a ``cgi-jstatus-*``
reply changed over time (ref §2.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType

import jsonschema

from generated.myenergi import (
    COMMAND_REPLY_SCHEMA,
    JSTATUS_ALL_SCHEMA,
    JSTATUS_ZAPPI_SCHEMA,
    ZAPPI_FIELDS,
    ChargeMode,
    ChargeStatus,
    LockBits,
    PlugState,
    ZappiState,
)
from runtime.myenergi.conversions import ATTRIBUTES, attribute_values
from runtime.myenergi.errors import CloudRejected, MalformedReply

_ALL = jsonschema.Draft202012Validator(JSTATUS_ALL_SCHEMA)
_ZAPPI = jsonschema.Draft202012Validator(JSTATUS_ZAPPI_SCHEMA)
_COMMAND_REPLY = jsonschema.Draft202012Validator(COMMAND_REPLY_SCHEMA)


@dataclass(frozen=True, slots=True)
class ZappiStatus:
    """One zappi as the cloud last reported it, in SI units. ``raw`` keeps the wire object."""

    serial: str
    firmware: str | None
    mode: ChargeMode | None  #: None for a value outside the table (e.g. 0 while starting)
    charge_status: ChargeStatus | None
    plug_state: PlugState | None  #: None when missing or not in the table
    state: ZappiState | None  #: zsh, the detailed state; None when not in the table
    state_code: int  #: zsh as sent, also when it is not in the table
    lock: LockBits
    command_timer: int  #: cmt: 1..10 in flight, 254 success, 253 failure, 255 none
    charge_power_w: float
    session_energy_wh: float
    voltage_v: float
    frequency_hz: float
    grid_power_w: float
    generation_power_w: float
    min_green_pct: float
    manual_boost: bool
    smart_boost: bool
    timed_boost: bool
    manual_boost_target_wh: float
    smart_boost_target_wh: float
    smart_boost_hour: int
    smart_boost_minute: int
    pilot_duty_pct: float
    device_date: str | None  #: DD-MM-YYYY, device-local
    device_time: str | None  #: HH:MM:SS, device-local
    raw: Mapping[str, object]

    @property
    def locked_now(self) -> bool:
        return bool(self.lock & LockBits.LOCKED_NOW)

    @property
    def session_allowed(self) -> bool:
        """lck bit 4: set by PIN entry or an unlock (7 → 23, ref §2.4)."""
        return bool(self.lock & LockBits.CHARGE_SESSION_ALLOWED)

    @property
    def charge_allowed(self) -> bool:
        """ref §2.4: not locked, or charge-when-locked, or a session allowed."""
        return (
            not self.locked_now
            or bool(self.lock & LockBits.CHARGE_WHEN_LOCKED)
            or self.session_allowed
        )

    @property
    def command_in_flight(self) -> bool:
        return 1 <= self.command_timer <= 10


def _where(path: Iterable[str | int]) -> str:
    """A jsonschema error path as ``[3].zappi[0].div``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


def _validate(
    validator: jsonschema.Draft202012Validator, reply: object, hub: str, endpoint: str
) -> None:
    error = jsonschema.exceptions.best_match(validator.iter_errors(reply))
    if error is not None:
        raise MalformedReply(hub, endpoint, _where(error.absolute_path), error.message)


def zappi_status(zappi: Mapping[str, object]) -> ZappiStatus:
    """Normalise one zappi object that already passed the schema: every attribute as its
    ``zappi_status`` row says, and the wire object as :attr:`ZappiStatus.raw`."""
    # positional, in ATTRIBUTES order then raw: _check_attributes below holds the class to it
    values = attribute_values(zappi)
    values.append(MappingProxyType(dict(zappi)))
    return ZappiStatus(*values)


def _check_attributes() -> None:
    """ZappiStatus declares exactly the attributes spec/myenergi.yaml's ``zappi_status`` makes,
    in its order, then ``raw``."""
    declared = tuple(f.name for f in fields(ZappiStatus))
    if declared != (*ATTRIBUTES, "raw"):
        raise RuntimeError(
            "ZappiStatus and spec/myenergi.yaml zappi_status disagree: only the class has "
            f"{sorted(set(declared) - {*ATTRIBUTES, 'raw'})}, only the table has "
            f"{sorted(set(ATTRIBUTES) - set(declared))} (the order must match too, raw last)"
        )


_check_attributes()

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _coerce_field(name: str, value: object) -> object:
    """A numeric field sent as a JSON string (``"sta": "3"``) becomes the number it spells.

    The cloud sends command statuses both as ``0`` and ``"0"`` (ref §1.3); we accept the same
    for every numeric field of the table rather than guess which ones a firmware may quote.
    Text that is not a number is left alone, so the schema still names the field.
    """
    row = ZAPPI_FIELDS.get(name)
    if row is None or not isinstance(value, str) or "string" in row.json_types:
        return value
    if "integer" in row.json_types and _INTEGER.fullmatch(value):
        return int(value)
    if "number" in row.json_types and _NUMBER.fullmatch(value):
        return float(value)
    return value


def _coerce_zappis(group: object) -> object:
    if not isinstance(group, Mapping) or not isinstance(group.get("zappi"), list):
        return group
    zappis = [
        {k: _coerce_field(k, v) for k, v in z.items()} if isinstance(z, Mapping) else z
        for z in group["zappi"]
    ]
    return {**group, "zappi": zappis}


def parse_status_reply(reply: object, hub: str, endpoint: str) -> dict[str, ZappiStatus]:
    """Every zappi in a ``cgi-jstatus-*`` / ``-Z`` / ``-Z{sn}`` reply, keyed by serial."""
    reply = [_coerce_zappis(g) for g in reply] if isinstance(reply, list) else _coerce_zappis(reply)
    if isinstance(reply, Mapping) and "status" in reply and "zappi" not in reply:
        code = error_code(reply.get("status"))
        if code:
            raise CloudRejected(hub, endpoint, code)
    zappis: list[object] = []
    if isinstance(reply, list):
        _validate(_ALL, reply, hub, endpoint)
        for group in reply:
            if isinstance(group, Mapping) and "zappi" in group:
                zappis.extend(group["zappi"])
    else:
        _validate(_ZAPPI, reply, hub, endpoint)
        assert isinstance(reply, Mapping)
        zappis.extend(reply["zappi"])
    result: dict[str, ZappiStatus] = {}
    for zappi in zappis:
        assert isinstance(zappi, Mapping)
        status = zappi_status(zappi)
        result[status.serial] = status
    return result


def error_code(status: object) -> int | None:
    """The positive error code of a reply's ``status`` (0 = success), which may be an int or a
    string such as ``"-14"`` (ref §1.3); None when it is neither."""
    if isinstance(status, bool):
        return None
    if isinstance(status, str):
        try:
            status = int(status.strip())
        except ValueError:
            return None
    return -status if isinstance(status, int) else None


def command_reply_code(reply: object, hub: str, endpoint: str) -> int:
    """The positive error code of a ``{"status": ..., "statustext": ...}`` reply (0 = ok)."""
    _validate(_COMMAND_REPLY, reply, hub, endpoint)
    assert isinstance(reply, Mapping)
    code = error_code(reply["status"])
    if code is None or code < 0:
        raise MalformedReply(hub, endpoint, "status", f"{reply['status']!r} is not a status code")
    return code
