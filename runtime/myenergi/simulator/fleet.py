"""The simulated myenergi estate: hubs (the digest-auth identities), their zappis, cloud outages.

A ``Fleet`` is what the HTTP server serves and what the control interface scripts. It owns the
simulated clock. Time is brought up to date per hub and lazily: a request or a control call
advances only the zappis of the hub it touches (``bring_up_to_date``), so a request costs the
same with 10 hubs or 10,000. Hubs are independent (no zappi model reads another hub's state),
so advancing one hub later, over the whole span at once, gives what advancing it eagerly would.
A zappi is found by serial through an index kept by ``add_hub``/``add_zappi``/``remove_*``.
"""

from __future__ import annotations

import collections
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

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
    CLOSE = "close"  # answer with Connection: close, then close the kept-alive connection
    DROP = "drop"  # close the connection without answering (a server that went away)


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
    #: simulated time its zappis were last advanced to; None = the fleet's start
    synced_to: float | None = None

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


@dataclass(slots=True)
class Traffic:
    """Counters of what the servers saw: how many connections (keep-alive shows as few)."""

    connections_opened: int = 0
    connections_open: int = 0
    requests: int = 0
    by_status: collections.Counter[int] = field(default_factory=collections.Counter)
    #: cloud requests naming each hub (any status): ``GET /_control/stats/hubs``
    by_hub: collections.Counter[str] = field(default_factory=collections.Counter)

    def as_json(self) -> dict[str, object]:
        return {
            "connections_opened": self.connections_opened,
            "connections_open": self.connections_open,
            "requests": self.requests,
            "by_status": {str(k): v for k, v in sorted(self.by_status.items())},
        }


class Fleet:
    """Hubs by serial, the simulated clock, the advertised ASN host and a request log."""

    def __init__(self, hubs: Sequence[Hub], clock: SimClock | None = None) -> None:
        self._hubs: dict[str, Hub] = {}
        self._hub_of_zappi: dict[int, Hub] = {}
        self.clock = clock or SimClock()
        #: ``X_MYENERGI-asn`` value; None means "the host:port of the server that answers".
        self.asn: str | None = None
        #: Send ``X_MYENERGI-asn`` on 401 replies too. Sources disagree (ref §1.2): pymyenergi
        #: takes a missing header for bad credentials, a community doc says it is always there.
        self.asn_on_401 = True
        self.requests: collections.deque[RequestRecord] = collections.deque(maxlen=1000)
        self.traffic = Traffic()
        self._started_at: float | None = None
        for hub in hubs:
            self.add_hub(hub)

    @property
    def hubs(self) -> Mapping[str, Hub]:
        """Hubs by serial; add and remove them through the fleet so the index stays right."""
        return self._hubs

    # ---- time -------------------------------------------------------------------------

    def now(self) -> float:
        """The simulated now; the first call (inside trio) is the fleet's start."""
        now = self.clock.now()
        if self._started_at is None:
            self._started_at = now
        return now

    def bring_up_to_date(self, hub: Hub) -> float:
        """Advance ``hub``'s zappis to the simulated now; returns that time."""
        now = self.now()
        since = self._started_at if hub.synced_to is None else hub.synced_to
        assert since is not None
        if now > since:
            for zappi in hub.zappis.values():
                zappi.advance(now - since)
            hub.synced_to = now
        return now

    def sync(self) -> float:
        """Bring every hub up to date (for a whole-fleet snapshot); returns the time."""
        now = self.now()
        for hub in self._hubs.values():
            self.bring_up_to_date(hub)
        return now

    def skip(self, seconds: float) -> None:
        # Hubs are advanced over the skipped span when next touched.
        self.now()
        self.clock.skip(seconds)

    def set_time_factor(self, factor: float) -> None:
        self.now()
        self.clock.set_factor(factor)

    # ---- membership -------------------------------------------------------------------

    def add_hub(self, hub: Hub) -> None:
        """Add a hub with its zappis; refused (ValueError) if a serial is already in use."""
        if hub.serial in self._hubs:
            raise ValueError(f"hub {hub.serial} is already in the fleet")
        taken = [serial for serial in hub.zappis if serial in self._hub_of_zappi]
        if taken:
            raise ValueError(f"zappi {taken[0]} is already in the fleet")
        if self._started_at is not None and hub.synced_to is None:
            hub.synced_to = self.clock.now()  # a hub added while running starts now
        self._hubs[hub.serial] = hub
        for serial in hub.zappis:
            self._hub_of_zappi[serial] = hub

    def remove_hub(self, serial: str) -> Hub:
        hub = self.hub(serial)
        del self._hubs[serial]
        for zappi in hub.zappis:
            del self._hub_of_zappi[zappi]
        return hub

    def add_zappi(self, hub_serial: str, zappi: ZappiModel) -> None:
        if zappi.serial in self._hub_of_zappi:
            raise ValueError(f"zappi {zappi.serial} is already in the fleet")
        hub = self.hub(hub_serial)
        hub.zappis[zappi.serial] = zappi
        self._hub_of_zappi[zappi.serial] = hub

    def remove_zappi(self, serial: int) -> ZappiModel:
        hub = self.hub_of(serial)
        self.bring_up_to_date(hub)
        del self._hub_of_zappi[serial]
        return hub.zappis.pop(serial)

    # ---- look-ups ---------------------------------------------------------------------

    def hub(self, serial: str) -> Hub:
        """The hub, brought up to date; KeyError names the serial."""
        try:
            hub = self._hubs[serial]
        except KeyError:
            raise KeyError(f"no hub {serial} in the fleet") from None
        self.bring_up_to_date(hub)
        return hub

    def has_zappi(self, zappi_serial: int) -> bool:
        return zappi_serial in self._hub_of_zappi

    def hub_of(self, zappi_serial: int) -> Hub:
        try:
            return self._hub_of_zappi[zappi_serial]
        except KeyError:
            raise KeyError(f"no zappi {zappi_serial} in the fleet") from None

    def zappi(self, zappi_serial: int) -> ZappiModel:
        """The zappi, brought up to date, so what the caller reads or changes is current."""
        hub = self.hub_of(zappi_serial)
        self.bring_up_to_date(hub)
        return hub.zappis[zappi_serial]

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
                    "zappis": {str(serial): zappi_snapshot(z) for serial, z in hub.zappis.items()},
                }
                for hub in self._hubs.values()
            },
        }


def zappi_snapshot(zappi: ZappiModel) -> dict[str, object]:
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
