"""The simulated myenergi estate: hubs (the digest-auth identities), their zappis, cloud outages.

A ``Fleet`` is what the HTTP server serves and what the control interface scripts. It owns the
simulated clock and brings every zappi up to date (``sync``) before anything reads or changes
it, so state is always consistent with simulated time.
"""

from __future__ import annotations

import collections
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generated.myenergi import ChargeMode, LockBits
from runtime.myenergi.simulator.bad_field import BadField
from runtime.myenergi.simulator.clock import SimClock
from runtime.myenergi.simulator.zappi import ZappiModel

DEFAULT_HUB = "21000001"
DEFAULT_API_KEY = "demo-key"


class OutageKind(enum.StrEnum):
    """Cloud failures the control interface can inject (issue 4: 500s, timeouts, 401s...)."""

    HTTP_500 = "http500"  # 500 Internal Server Error
    HTTP_503 = "http503"
    TIMEOUT = "timeout"  # accept the request, never answer
    UNAUTHORIZED = "unauthorized"  # 401 with a fresh challenge even for a correct key
    MALFORMED_JSON = "malformed-json"  # 200 with a body that is not JSON
    BAD_FIELD = "bad-field"  # 200 with a status whose zappi object breaks the schema
    NO_ASN = "no-asn"  # leave out the X_MYENERGI-asn header


@dataclass(slots=True)
class Outage:
    kind: OutageKind
    remaining: int | None = None  # requests still affected; None = until cleared


@dataclass(slots=True)
class Hub:
    """A hub (or vHub zappi): the user name of digest auth and the unit of command queueing."""

    serial: str
    api_key: str
    firmware: str = "3402S5.782"
    site_name: str = "Simulated site"
    zappis: dict[int, ZappiModel] = field(default_factory=dict)
    command_delay_s: float = 3.0
    fail_next_commands: int = 0
    #: what the next bad-field outage does to a status reply
    bad_field: BadField = field(default_factory=BadField)
    outage: Outage | None = None

    def busy(self) -> bool:
        """The hub delivers one command at a time (ref §2.4); another gets -26."""
        return any(z.pending is not None for z in self.zappis.values())

    def take_outage(self) -> OutageKind | None:
        outage = self.outage
        if outage is None:
            return None
        if outage.remaining is not None:
            outage.remaining -= 1
            if outage.remaining <= 0:
                self.outage = None
        return outage.kind


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the server answered: for tests that count retries or follow discovery."""

    server: str
    path: str
    hub: str | None
    status: int


class Fleet:
    """Hubs by serial, the simulated clock, the advertised ASN host and a request log."""

    def __init__(self, hubs: Sequence[Hub], clock: SimClock | None = None) -> None:
        self.hubs: dict[str, Hub] = {hub.serial: hub for hub in hubs}
        self.clock = clock or SimClock()
        #: ``X_MYENERGI-asn`` value; None means "the host:port of the server that answers".
        self.asn: str | None = None
        #: Send ``X_MYENERGI-asn`` on 401 replies too. Sources disagree (ref §1.2): pymyenergi
        #: takes a missing header for bad credentials, a community doc says it is always there.
        self.asn_on_401 = True
        self.requests: collections.deque[RequestRecord] = collections.deque(maxlen=1000)
        self._synced_to: float | None = None

    # ---- time -------------------------------------------------------------------------

    def sync(self) -> float:
        """Advance every zappi to the clock's simulated now; returns that time."""
        now = self.clock.now()
        if self._synced_to is None:
            self._synced_to = now
        elapsed = now - self._synced_to
        if elapsed > 0:
            for hub in self.hubs.values():
                for zappi in hub.zappis.values():
                    zappi.advance(elapsed)
            self._synced_to = now
        return now

    def skip(self, seconds: float) -> None:
        self.sync()
        self.clock.skip(seconds)
        self.sync()

    def set_time_factor(self, factor: float) -> None:
        self.sync()
        self.clock.set_factor(factor)

    # ---- look-ups ---------------------------------------------------------------------

    def hub_of(self, zappi_serial: int) -> Hub:
        for hub in self.hubs.values():
            if zappi_serial in hub.zappis:
                return hub
        raise KeyError(f"no zappi {zappi_serial} in the fleet")

    def zappi(self, zappi_serial: int) -> ZappiModel:
        return self.hub_of(zappi_serial).zappis[zappi_serial]

    def snapshot(self) -> dict[str, object]:
        """The whole fleet as JSON-ready data (``GET /_control/state``); no API keys."""
        now = self.sync()
        return {
            "sim_time_s": now,
            "time_factor": self.clock.factor,
            "hubs": {
                hub.serial: {
                    "firmware": hub.firmware,
                    "busy": hub.busy(),
                    "outage": None if hub.outage is None else str(hub.outage.kind),
                    "zappis": {str(serial): _zappi_snapshot(z) for serial, z in hub.zappis.items()},
                }
                for hub in self.hubs.values()
            },
        }


def _zappi_snapshot(zappi: ZappiModel) -> dict[str, object]:
    pst, sta, zsh = zappi.state()
    return {
        "firmware": zappi.firmware,
        "mode": zappi.mode.name,
        "plugged": zappi.plugged,
        "pst": pst,
        "sta": sta,
        "zsh": zsh,
        "lck": zappi.lck,
        "power_w": zappi.power_w(),
        "che_kwh": round(zappi.che_kwh, 3),
        "cmt": zappi.cmt,
        "log": list(zappi.log[-10:]),
    }


# ---- configuration ------------------------------------------------------------------------

_ZAPPI_KEYS = {
    "serial", "firmware", "name", "mode", "lock", "pin", "min_green", "phases",
    "max_current_a", "voltage_dv", "house_load_w", "generation_w", "ct_types", "vhub",
    "plugged", "ev_wants_kwh", "transition_s",
}  # fmt: skip


def zappi_from_config(row: Mapping[str, object]) -> ZappiModel:
    unknown = set(row) - _ZAPPI_KEYS
    if unknown:
        raise ValueError(f"unknown zappi settings: {', '.join(sorted(unknown))}")
    zappi = ZappiModel(serial=int(str(row["serial"])))
    if "firmware" in row:
        zappi.firmware = str(row["firmware"])
    zappi.name = str(row.get("name", f"Zappi {zappi.serial}"))
    if "mode" in row:
        zappi.mode = ChargeMode[str(row["mode"]).upper().replace("+", "_PLUS")]
    if "lock" in row:
        zappi.lock_settings = LockBits(_int(row["lock"]) & 0b1110)
    if "pin" in row:
        zappi.pin = str(row["pin"])
    for key, attr in (
        ("min_green", "min_green_pct"),
        ("phases", "phases"),
        ("voltage_dv", "voltage_dv"),
        ("house_load_w", "house_load_w"),
        ("generation_w", "generation_w"),
    ):
        if key in row:
            setattr(zappi, attr, _int(row[key]))
    if "max_current_a" in row:
        zappi.max_current_a = float(str(row["max_current_a"]))
    if "ct_types" in row:
        types = row["ct_types"]
        assert isinstance(types, list)
        zappi.ct_types = tuple(str(t) for t in types)
    zappi.vhub = bool(row.get("vhub", False))
    if "ev_wants_kwh" in row:
        zappi.ev_wants_kwh = float(str(row["ev_wants_kwh"]))
    if "transition_s" in row:
        zappi.transition_s = float(str(row["transition_s"]))
    if row.get("plugged"):
        zappi.plug_in()
        zappi.transition_remaining_s = 0.0  # plugged in before the simulator started
    return zappi


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def fleet_from_config(config: Mapping[str, object]) -> Fleet:
    """Build a fleet from a mapping: the ``--config`` file. ``DEFAULT_FLEET_CONFIG`` below is a
    complete example. Top level: ``time_factor`` (simulated seconds per real second) and
    ``hubs``. A hub: ``serial``, ``api_key``, optional ``firmware`` (decides the reply era of
    ``cgi-jstatus-*``), ``site_name``, ``command_delay_s``, ``zappis``. A zappi: ``serial`` and
    any of ``firmware``, ``name``, ``mode`` (fast/eco/eco+/stop), ``lock`` (lck setting bits,
    e.g. 6 = lock when plugged and unplugged), ``pin``, ``min_green``, ``phases``,
    ``max_current_a``, ``voltage_dv``, ``house_load_w``, ``generation_w``, ``ct_types``,
    ``vhub``, ``plugged``, ``ev_wants_kwh``, ``transition_s``."""
    hubs: list[Hub] = []
    rows = config.get("hubs")
    if not isinstance(rows, list) or not rows:
        raise ValueError("a fleet needs a non-empty 'hubs' list")
    for row in rows:
        if not isinstance(row, dict):
            raise ValueError("each hub must be a mapping")
        hub = Hub(serial=str(row["serial"]), api_key=str(row["api_key"]))
        if "firmware" in row:
            hub.firmware = str(row["firmware"])
        hub.site_name = str(row.get("site_name", hub.site_name))
        hub.command_delay_s = float(row.get("command_delay_s", hub.command_delay_s))
        for zrow in row.get("zappis", []):
            zappi = zappi_from_config(zrow)
            hub.zappis[zappi.serial] = zappi
        hubs.append(hub)
    factor = config.get("time_factor", 1.0)
    assert isinstance(factor, (int, float))
    return Fleet(hubs, SimClock(float(factor)))


def load_fleet(path: Path) -> Fleet:
    """Read a fleet from a YAML (or JSON) file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a fleet file must hold a mapping")
    return fleet_from_config(data)


#: The fleet ``zappi-ocpp simulate`` and ``make demo`` serve when no ``--config`` is given.
DEFAULT_FLEET_CONFIG: Mapping[str, object] = {
    "time_factor": 1.0,
    "hubs": [
        {
            "serial": DEFAULT_HUB,
            "api_key": DEFAULT_API_KEY,
            "firmware": "3402S5.782",
            "site_name": "Demo site",
            "zappis": [
                {
                    "serial": 21000001,
                    "firmware": "3562S5.782",
                    "name": "Driveway",
                    "vhub": True,
                    "generation_w": 1800,
                },
                {"serial": 21000002, "firmware": "3562S5.782", "name": "Garage", "lock": 6},
            ],
        }
    ],
}


def default_fleet() -> Fleet:
    return fleet_from_config(DEFAULT_FLEET_CONFIG)
