"""The simulator's control interface: script a scenario against a running simulator.

Reachable over HTTP on the simulator's own port, without digest auth (the real cloud has no
such endpoints, so nothing a real client sends can hit them):

===========================================  ===============================================
``GET  /_control/state``                     the fleet as JSON (no API keys)
``GET  /_control/zappi/{sn}``                 one zappi, as in ``state`` (found by index)
``GET  /_control/stats``                     connections opened/open, requests by status
``GET  /_control/stats/hubs``                cloud requests naming each hub, by hub serial
``POST /_control/hubs``                      ``{"hubs": [...]}``: add hubs, rows as in a
                                             fleet file (``fleet_config.hub_from_config``)
``POST /_control/hub/{serial}/remove``       ``{}``: the hub and its zappis leave
``POST /_control/zappi/{sn}/plug``           ``{"ev_wants_kwh": 20, "ev_ready": true}``
``POST /_control/zappi/{sn}/unplug``         ``{}``
``POST /_control/zappi/{sn}/pin``            ``{"pin": "44444"}`` → ``{"accepted": bool}``
``POST /_control/zappi/{sn}/fault``          ``{"zsh": 25}`` (EVSE_FAULT_PE): pst becomes F
``POST /_control/zappi/{sn}/clear-fault``    ``{}``
``POST /_control/zappi/{sn}/firmware-update``  ``{"firmware": "3562S5.800", "duration_s": 60}``
``POST /_control/zappi/{sn}/set``            any of ``generation_w``, ``house_load_w``,
                                             ``ev_ready``, ``ev_wants_kwh``, ``lock``
``POST /_control/hub/{serial}/outage``       ``{"kind": "http500", "count": 3}``: kinds are
                                             ``OutageKind`` values; ``"none"`` clears; no
                                             count = until cleared; ``bad-field`` takes
                                             ``zappi``, ``field``, ``value`` / ``remove``
                                             (``bad_field.py``)
``POST /_control/hub/{serial}/set``          any of ``command_delay_s``,
                                             ``fail_next_commands``, ``api_key``
``POST /_control/asn``                       ``{"asn": "127.0.0.1:8001"}`` (null = own
                                             host:port) and/or ``{"on_401": false}``
``POST /_control/time``                      ``{"factor": 60}`` and/or ``{"skip_s": 3600}``
===========================================  ===============================================

Every operation is also a plain function of the ``Fleet``
(``apply_control(fleet, method, path, body)``), which is how in-process tests use it.
Replies are ``{"ok": true, ...}`` or ``{"error": "..."}`` with 4xx. Each operation touches
only the hubs it names (found through the fleet's index), so it costs the same at any fleet
size; only ``state`` walks the whole fleet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from generated.myenergi import LockBits
from runtime.myenergi.simulator.bad_field import BadField
from runtime.myenergi.simulator.fleet import Fleet, Outage, OutageKind, zappi_snapshot
from runtime.myenergi.simulator.fleet_config import hub_from_config
from runtime.myenergi.simulator.zappi import ZappiModel

PREFIX = "/_control"

_ZAPPI = re.compile(r"^/_control/zappi/(?P<sn>\d+)/(?P<op>[a-z-]+)$")
_ZAPPI_STATE = re.compile(r"^/_control/zappi/(?P<sn>\d+)$")
_HUB = re.compile(r"^/_control/hub/(?P<serial>[^/]+)/(?P<op>[a-z-]+)$")


class ControlError(Exception):
    """A control request that cannot be carried out; the text goes back to the caller."""


def apply_control(fleet: Fleet, method: str, path: str, body: object) -> tuple[int, object]:
    """Carry out one control request; returns (HTTP status, JSON reply)."""
    if not isinstance(body, Mapping):
        return 400, {"error": "the body must be a JSON object"}
    try:
        if method == "GET":
            return 200, _read(fleet, path)
        if method != "POST":
            return 405, {"error": f"{method} is not allowed here"}
        reply = _dispatch(fleet, path, body)
    except (ControlError, ValueError) as exc:
        return 400, {"error": str(exc)}
    except KeyError as exc:
        return 404, {"error": str(exc.args[0]) if exc.args else "not found"}
    return 200, {"ok": True, **reply}


def _read(fleet: Fleet, path: str) -> object:
    if path == f"{PREFIX}/state":
        return fleet.snapshot()
    if path == f"{PREFIX}/stats":
        return fleet.traffic.as_json()
    if path == f"{PREFIX}/stats/hubs":
        return {"hubs": dict(fleet.traffic.by_hub)}
    match = _ZAPPI_STATE.match(path)
    if match is None:
        raise KeyError(f"no control endpoint GET {path}")
    return zappi_snapshot(fleet.zappi(int(match["sn"])))


def _dispatch(fleet: Fleet, path: str, body: Mapping[str, object]) -> dict[str, object]:
    if path == f"{PREFIX}/time":
        if "factor" in body:
            fleet.set_time_factor(_number(body, "factor"))
        if "skip_s" in body:
            fleet.skip(_number(body, "skip_s"))
        return {"sim_time_s": fleet.now()}
    if path == f"{PREFIX}/hubs":
        return _add_hubs(fleet, body)
    if path == f"{PREFIX}/asn":
        if "asn" in body:
            asn = body["asn"]
            if asn is not None and not isinstance(asn, str):
                raise ControlError("asn must be a string or null")
            fleet.asn = asn
        if "on_401" in body:
            fleet.asn_on_401 = _bool(body, "on_401", True)
        return {}
    match = _ZAPPI.match(path)
    if match is not None:
        return _zappi_op(fleet, int(match["sn"]), match["op"], body)
    match = _HUB.match(path)
    if match is not None:
        return _hub_op(fleet, match["serial"], match["op"], body)
    raise KeyError(f"no control endpoint {path}")


def _zappi_op(fleet: Fleet, serial: int, op: str, body: Mapping[str, object]) -> dict[str, object]:
    zappi = fleet.zappi(serial)
    if op == "plug":
        wants = _number(body, "ev_wants_kwh") if "ev_wants_kwh" in body else None
        zappi.plug_in(wants, ev_ready=_bool(body, "ev_ready", True))
    elif op == "unplug":
        zappi.unplug()
    elif op == "pin":
        return {"accepted": zappi.enter_pin(str(body.get("pin", "")))}
    elif op == "fault":
        zappi.set_fault(int(_number(body, "zsh")))
    elif op == "clear-fault":
        zappi.set_fault(None)
    elif op == "firmware-update":
        firmware = body.get("firmware")
        if not isinstance(firmware, str):
            raise ControlError("firmware must be a string such as 3562S5.800")
        duration = _number(body, "duration_s") if "duration_s" in body else 30.0
        zappi.start_firmware_update(firmware, duration)
    elif op == "set":
        _set_zappi(zappi, body)
    else:
        raise KeyError(f"no zappi operation {op}")
    return {}


def _set_zappi(zappi: ZappiModel, body: Mapping[str, object]) -> None:
    for key in ("generation_w", "house_load_w"):
        if key in body:
            setattr(zappi, key, int(_number(body, key)))
    if "ev_ready" in body:
        zappi.ev_ready = _bool(body, "ev_ready", True)
    if "ev_wants_kwh" in body:
        zappi.ev_wants_kwh = _number(body, "ev_wants_kwh")
    if "lock" in body:
        zappi.lock_settings = LockBits(int(_number(body, "lock")) & 0b1110)
    unknown = set(body) - {"generation_w", "house_load_w", "ev_ready", "ev_wants_kwh", "lock"}
    if unknown:
        raise ControlError(f"unknown zappi settings: {', '.join(sorted(unknown))}")


def _add_hubs(fleet: Fleet, body: Mapping[str, object]) -> dict[str, object]:
    """All or nothing: every row is checked before the first hub joins."""
    rows = body.get("hubs")
    if not isinstance(rows, list) or not rows:
        raise ControlError("hubs must be a non-empty list of hub rows")
    try:
        hubs = [hub_from_config(row) for row in rows]
    except KeyError as exc:
        raise ControlError(f"a hub row lacks {exc}") from None
    hub_serials = [hub.serial for hub in hubs]
    zappi_serials = [serial for hub in hubs for serial in hub.zappis]
    taken = [s for s in hub_serials if s in fleet.hubs]
    taken += [str(s) for s in zappi_serials if fleet.has_zappi(s)]
    if taken:
        raise ControlError(f"serials already in the fleet: {', '.join(taken[:10])}")
    if len(set(hub_serials)) < len(hubs) or len(set(zappi_serials)) < len(zappi_serials):
        raise ControlError("a serial is repeated in the body")
    for hub in hubs:
        fleet.add_hub(hub)
    return {"added": len(hubs)}


def _hub_op(fleet: Fleet, serial: str, op: str, body: Mapping[str, object]) -> dict[str, object]:
    if op == "remove":
        removed = fleet.remove_hub(serial)
        return {"removed_zappis": sorted(removed.zappis)}
    hub = fleet.hub(serial)
    if op == "outage":
        kind = body.get("kind")
        if kind == "none":
            hub.outage = None
            return {}
        try:
            outage_kind = OutageKind(str(kind))
        except ValueError:
            names = ", ".join(k.value for k in OutageKind)
            raise ControlError(f"outage kind must be one of none, {names}") from None
        count = body.get("count")
        if count is not None and (not isinstance(count, int) or count < 1):
            raise ControlError("count must be a positive integer or absent")
        if outage_kind is OutageKind.BAD_FIELD:
            try:
                hub.bad_field = BadField.from_control(body)
            except ValueError as exc:
                raise ControlError(str(exc)) from None
        hub.outage = Outage(outage_kind, count)
    elif op == "set":
        if "command_delay_s" in body:
            hub.command_delay_s = _number(body, "command_delay_s")
        if "fail_next_commands" in body:
            hub.fail_next_commands = int(_number(body, "fail_next_commands"))
        if "api_key" in body:
            hub.api_key = str(body["api_key"])
    else:
        raise KeyError(f"no hub operation {op}")
    return {}


def _number(body: Mapping[str, object], key: str) -> float:
    value = body.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ControlError(f"{key} must be a number")
    return float(value)


def _bool(body: Mapping[str, object], key: str, default: bool) -> bool:
    value = body.get(key, default)
    if not isinstance(value, bool):
        raise ControlError(f"{key} must be true or false")
    return value
