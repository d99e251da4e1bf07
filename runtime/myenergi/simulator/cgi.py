"""The ``cgi-*`` endpoints of the simulated myenergi cloud, for one authenticated hub.

``answer(hub, path, ...)`` maps a request path to ``(http status, JSON body)``. URL templates
and reply shapes follow ref §2.1 and §3; application errors are carried in a 200 body with a
negative ``status`` (ref §1.3), sent as a string as in the recording ``command-error.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generated.myenergi import ChargeMode
from runtime.myenergi.simulator import shapes
from runtime.myenergi.simulator.clock import SimClock
from runtime.myenergi.simulator.fleet import Hub
from runtime.myenergi.simulator.zappi import PendingCommand, ZappiModel
from runtime.myenergi.simulator.zappi_values import zappi_values

Json = object

#: Negated ``status`` codes the simulator answers with (ref §1.3, MEC ``E_CODES``).
E_SERIAL_NOT_FOUND = 13
E_BAD_PARAMETER = 14
E_BUSY = 26

#: The two ``cgi-jlock`` flag strings public clients send; both are said to work (ref §3).
UNLOCK_FLAGS = frozenset({"01000000", "00000010"})

_STATUS = re.compile(r"^/cgi-jstatus-(?P<cls>[*ZEHL])(?P<sn>\d*)$")
_MODE = re.compile(
    r"^/cgi-zappi-mode-Z(?P<sn>\d+)-(?P<mode>\d+)-(?P<cmd>\d+)(?:-(?P<kwh>\d+)-(?P<hhmm>\d+))?$"
)
_MIN_GREEN = re.compile(r"^/cgi-set-min-green-Z(?P<sn>\d+)-(?P<pct>\d+)$")
_PHASE = re.compile(r"^/cgi-zappi-phase-setting-Z(?P<sn>\d+)-(?P<phase>\d)$")
_PRIORITY = re.compile(r"^/cgi-set-priority-Z(?P<sn>\d+)-(?P<pri>\d+)$")
_UNLOCK = re.compile(r"^/cgi-jlock-(?P<sn>\d+)-(?P<flags>[01]{8})$")
_BOOST_TIMES = re.compile(r"^/cgi-boost-time-Z(?P<sn>\d+)$")
_HISTORY = re.compile(r"^/cgi-jday(?:hour)?-Z(?P<sn>\d+)(?:-\d+)*$")

_CLASS_KEYS = {"Z": "zappi", "E": "eddi", "H": "harvi", "L": "libbi"}
_PHASE_SETTINGS = {"0": "SINGLE_PHASE", "1": "THREE_PHASE", "2": "AUTO"}


def error(code: int) -> dict[str, Json]:
    return {"status": f"-{code}", "statustext": ""}


def _ok(hub: Hub, asn: str) -> dict[str, Json]:
    if shapes.generation_of(hub.firmware) in (shapes.Generation.G2019, shapes.Generation.G2021):
        return {"status": 0, "statustext": ""}
    return {"status": 0, "statustext": "", "asn": asn}  # command-ok.json carries asn


def zappi_object(zappi: ZappiModel, clock: SimClock, now: float) -> dict[str, Json]:
    return shapes.render(zappi_values(zappi, now, clock.epoch), zappi.firmware)


def status_reply(hub: Hub, clock: SimClock, now: float, asn: str, path: str) -> Json | None:
    """A ``cgi-jstatus-*`` family reply, or None when ``path`` is not one."""
    match = _STATUS.match(path)
    if match is None:
        return None
    zappis = [zappi_object(z, clock, now) for z in hub.zappis.values()]
    cls, sn = match["cls"], match["sn"]
    if cls == "*":
        generation = shapes.generation_of(hub.firmware)
        reply: list[Json] = [
            {key: zappis if key == "zappi" else []} for key in shapes.CLASS_ORDER[generation]
        ]
        trailer_values: dict[str, Json] = {"asn": asn, "fwv": hub.firmware, "vhub": 1}
        reply.append({k: trailer_values[k] for k in shapes.TRAILER_KEYS[generation]})
        return reply
    key = _CLASS_KEYS[cls]
    if key != "zappi":
        return {key: []}  # the simulator has no eddi/harvi/libbi
    if not sn:
        return {"zappi": zappis}
    zappi = hub.zappis.get(int(sn))
    if zappi is None:
        return error(E_SERIAL_NOT_FOUND)
    return {"zappi": [zappi_object(zappi, clock, now)]}


def _queue(
    hub: Hub, zappi: ZappiModel, description: str, apply: Callable[[ZappiModel], None]
) -> int | None:
    """Queue a command for delivery; returns an error code instead when it is refused."""
    if hub.busy():
        return E_BUSY
    fail = hub.fail_next_commands > 0
    if fail:
        hub.fail_next_commands -= 1
    zappi.queue(PendingCommand(description, apply, hub.command_delay_s, fail=fail))
    return None


def command_reply(hub: Hub, asn: str, path: str) -> Json | None:
    """Reply to a command path (and queue the command), or None when ``path`` is not one."""
    for pattern, handler in _COMMANDS:
        match = pattern.match(path)
        if match is None:
            continue
        zappi = hub.zappis.get(int(match["sn"]))
        if zappi is None:
            return error(E_SERIAL_NOT_FOUND)
        return handler(hub, zappi, match, asn)
    return None


def _mode(hub: Hub, zappi: ZappiModel, m: re.Match[str], asn: str) -> Json:
    mode, cmd = int(m["mode"]), int(m["cmd"])
    kwh = int(m["kwh"] or 0)
    hhmm = m["hhmm"] or "0000"
    code: int | None
    if mode in (1, 2, 3, 4) and cmd == 0:
        new_mode = ChargeMode(mode)
        code = _queue(hub, zappi, f"mode {new_mode.name}", lambda z: z.apply_mode(new_mode))
    elif mode == 0 and cmd == 10 and 1 <= kwh <= 99:
        code = _queue(hub, zappi, f"boost {kwh} kWh", lambda z: z.apply_manual_boost(kwh))
    elif mode == 0 and cmd == 11 and 1 <= kwh <= 99 and len(hhmm) == 4:
        hour, minute = int(hhmm[:2]), int(hhmm[2:])
        if hour > 23 or minute > 59:
            return error(E_BAD_PARAMETER)
        code = _queue(
            hub,
            zappi,
            f"smart boost {kwh} kWh by {hhmm}",
            lambda z: z.apply_smart_boost(kwh, hour, minute),
        )
    elif mode == 0 and cmd == 2:
        code = _queue(hub, zappi, "stop boost", lambda z: z.apply_stop_boost())
    else:
        return error(E_BAD_PARAMETER)
    return _ok(hub, asn) if code is None else error(code)


def _min_green(hub: Hub, zappi: ZappiModel, m: re.Match[str], asn: str) -> Json:
    pct = int(m["pct"])
    if pct > 100:
        return error(E_BAD_PARAMETER)

    def apply(z: ZappiModel) -> None:
        z.min_green_pct = pct

    code = _queue(hub, zappi, f"min green {pct}%", apply)
    return {"mgl": pct} if code is None else error(code)  # the reply echoes the level (ref §3)


def _phase(hub: Hub, zappi: ZappiModel, m: re.Match[str], asn: str) -> Json:
    setting = _PHASE_SETTINGS.get(m["phase"])
    if setting is None:
        return error(E_BAD_PARAMETER)

    def apply(z: ZappiModel) -> None:
        z.phase_setting = setting

    code = _queue(hub, zappi, f"phase setting {setting}", apply)
    # This reply carries status as a string even on success (2019-16_...phase-setting...json).
    return {"status": "0", "statustext": ""} if code is None else error(code)


def _priority(hub: Hub, zappi: ZappiModel, m: re.Match[str], asn: str) -> Json:
    zappi.priority = int(m["pri"])
    return _ok(hub, asn)


def _unlock(hub: Hub, zappi: ZappiModel, m: re.Match[str], asn: str) -> Json:
    if m["flags"] not in UNLOCK_FLAGS:
        return error(E_BAD_PARAMETER)
    code = _queue(hub, zappi, "unlock", lambda z: z.apply_unlock())
    return _ok(hub, asn) if code is None else error(code)


def _boost_times(hub: Hub, zappi: ZappiModel, m: re.Match[str], asn: str) -> Json:
    slots = [
        {"slt": slot, "bsh": 0, "bsm": 0, "bdh": 0, "bdm": 0, "bdd": "00000000"}
        for slot in (11, 12, 13, 14)
    ]
    return {"boost_times": slots}


def _history(hub: Hub, zappi: ZappiModel, m: re.Match[str], asn: str) -> Json:
    return {f"U{zappi.serial}": []}  # an empty day (2019-12_cgi-jdayhour-...json)


_Handler = Callable[[Hub, ZappiModel, "re.Match[str]", str], Json]
_COMMANDS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_MODE, _mode),
    (_MIN_GREEN, _min_green),
    (_PHASE, _phase),
    (_PRIORITY, _priority),
    (_UNLOCK, _unlock),
    (_BOOST_TIMES, _boost_times),
    (_HISTORY, _history),
)


def app_keys_reply(hub: Hub) -> Json:
    """``cgi-get-app-key-``: device and site names (pymyenergi reads it first, ref §2.1)."""
    entries: list[Json] = [{"key": f"Z{z.serial}", "val": z.name} for z in hub.zappis.values()]
    entries.append({"key": "siteName", "val": hub.site_name})
    return {f"H{hub.serial}": entries}


def answer(hub: Hub, clock: SimClock, now: float, asn: str, path: str) -> tuple[int, Json]:
    """(HTTP status, JSON body) for an authenticated request for ``path``."""
    reply = status_reply(hub, clock, now, asn, path)
    if reply is None:
        reply = command_reply(hub, asn, path)
    if reply is None and path.startswith("/cgi-get-app-key-"):
        reply = app_keys_reply(hub)
    if reply is None:
        return 404, {"status": "-1", "statustext": "unknown endpoint"}
    return 200, reply
