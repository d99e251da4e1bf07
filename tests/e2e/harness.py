"""The end-to-end harness: the simulator and the bridge as subprocesses, a TestCsms in a thread.

One simulator serves the whole session (``zappi-ocpp simulate --config e2e-fleet.yaml`` with a
fast clock); every test gets its own :class:`~tests.support.csms.TestCsms`, its own storage
and its own zappis, so tests never see each other's state. The bridge runs as
``python -m runtime.cli run --config FILE`` exactly as an operator runs it, with stderr in a
file the failure messages quote.

Rules (style anchors): loopback only, port 0 everywhere, every wait bounded; helpers raise
``AssertionError`` with what did arrive instead of hanging, and teardown kills every process
it started, by its own handle.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trio
import yaml

from tests.e2e.processes import (
    ALL_HUBS,
    AT_RELEASE_FIRMWARE,
    BELOW_RELEASE_FIRMWARE,
    FIRMWARE,
    HUB_A,
    HUB_B,
    HUB_C,
    HUB_D,
    HUB_E,
    OLD_FIRMWARE,
    OLD_FIRMWARE_SERIAL,
    OLD_SERIAL,
    PIN,
    REPO,
    TIME_FACTOR,
    BridgeProcess,
    Charger,
    HubSpec,
    SimulatorProcess,
    ZappiPool,
)
from tests.support.csms import TestCsms

__all__ = [
    "ALL_HUBS",
    "AT_RELEASE_FIRMWARE",
    "BELOW_RELEASE_FIRMWARE",
    "FIRMWARE",
    "HUB_A",
    "HUB_B",
    "HUB_C",
    "HUB_D",
    "HUB_E",
    "OLD_FIRMWARE",
    "OLD_FIRMWARE_SERIAL",
    "OLD_SERIAL",
    "PIN",
    "POLL_S",
    "REPO",
    "TIME_FACTOR",
    "WAIT_S",
    "BridgeProcess",
    "Charger",
    "HubSpec",
    "Payload",
    "SimulatorProcess",
    "World",
    "ZappiPool",
    "decode",
    "error_code",
    "meter_values",
    "register_wh",
    "result",
    "unparseable_log_lines",
]

#: how often the bridge polls the simulated cloud in these tests (seconds)
POLL_S = 0.3
#: default bound of one wait in a helper (seconds of wall time)
WAIT_S = 8.0

Payload = dict[str, Any]
Predicate = Callable[[Payload], bool]


# ---- one test's world -------------------------------------------------------------------------


def decode(text: str) -> list[Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, list) and len(value) >= 3 else None


def result(frame: Sequence[Any]) -> Payload:
    """The payload of a CALLRESULT frame; fails on a CALLERROR."""
    assert frame[0] == 3, f"expected a CALLRESULT, got {frame}"
    payload: Payload = frame[2]
    return payload


def error_code(frame: Sequence[Any]) -> str:
    assert frame[0] == 4, f"expected a CALLERROR, got {frame}"
    return str(frame[2])


@dataclass
class World:
    """What one test drives: the shared simulator, its own CSMS, bridge processes, a tmp dir."""

    sim: SimulatorProcess
    csms: TestCsms
    tmp: Path
    pool: ZappiPool
    bridges: list[BridgeProcess] = field(default_factory=list)

    # -- configuration and the bridge ---------------------------------------------------------

    def charger(self, kind: str = "unlocked", *, pin_id_tag: bool = True) -> Charger:
        serial = self.pool.take(kind)
        return Charger(serial, f"zappi-{serial}", f"VTAG{serial}" if pin_id_tag else None)

    def write_config(
        self,
        chargers: Iterable[Charger],
        *,
        hubs: Iterable[HubSpec] = (HUB_A,),
        password: str | None = None,
        poll_interval_s: float = POLL_S,
        name: str = "bridge.yaml",
        director_url: str | None = None,
        ca_file: Path | None = None,
    ) -> Path:
        csms: dict[str, object] = {
            "url": self.csms.url,
            "connect_timeout_s": 5,
            "reconnect_max_backoff_s": 1,
        }
        if password is not None:
            csms["password"] = password
        if ca_file is not None:
            csms["ca_file"] = str(ca_file)
        config = {
            "csms": csms,
            "myenergi": {
                "director_url": director_url or self.sim.url,
                "poll_interval_s": poll_interval_s,
                "hubs": [{"serial": h.serial, "api_key": h.api_key} for h in hubs],
            },
            "chargers": [c.config() for c in chargers],
            "storage": {"path": str(self.tmp / "bridge.sqlite3")},
        }
        path = self.tmp / name
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        return path

    def start_bridge(self, config_file: Path, project: Path = REPO) -> BridgeProcess:
        bridge = BridgeProcess(config_file, self.tmp / "bridge.log", project)
        self.bridges.append(bridge)
        bridge.start()
        return bridge

    async def run(
        self,
        *chargers: Charger,
        hubs: Iterable[HubSpec] = (HUB_A,),
        project: Path = REPO,
        **config: Any,
    ) -> BridgeProcess:
        """Start a bridge (from ``project``: this checkout, or a modified copy) for
        ``chargers`` and wait until each one is booted and has reported its connector 1
        status."""
        bridge = self.start_bridge(self.write_config(chargers, hubs=hubs, **config), project)
        for charger in chargers:
            await self.wait_call(charger, "BootNotification", within=15)
            await self.wait_status(charger, connector=1, within=10)
        return bridge

    def log(self) -> str:
        return "".join(b.log() for b in self.bridges[-1:])

    def close(self) -> None:
        # SIGKILL: the test is over and its storage is thrown away; graceful shutdown has tests
        # of its own, and waiting for it here would cost seconds per test.
        for bridge in self.bridges:
            bridge.kill()

    # -- what the CSMS saw --------------------------------------------------------------------

    def mark(self) -> int:
        """A point in the frame record: pass it as ``since`` to look only at later frames."""
        return len(self.csms.frames)

    def calls(
        self,
        charger: Charger | str,
        action: str | None = None,
        since: int = 0,
        where: Predicate | None = None,
    ) -> list[Payload]:
        """Payloads of the CALLs the charge box sent after ``since``, oldest first."""
        box = charger if isinstance(charger, str) else charger.charge_box_id
        found: list[Payload] = []
        for frame in list(self.csms.frames)[since:]:
            if frame.direction != "in" or frame.charge_box != box:
                continue
            decoded = decode(frame.text)
            if not decoded or decoded[0] != 2 or (action is not None and decoded[2] != action):
                continue
            payload: Payload = decoded[3] if len(decoded) > 3 else {}
            if where is None or where(payload):
                found.append(payload if action is not None else {"_action": decoded[2], **payload})
        return found

    def timed_calls(
        self, charger: Charger | str, action: str, since: int = 0
    ) -> list[tuple[float, Payload]]:
        """(monotonic arrival time, payload) of each CALL ``action`` after ``since``."""
        box = charger if isinstance(charger, str) else charger.charge_box_id
        found: list[tuple[float, Payload]] = []
        for frame in list(self.csms.frames)[since:]:
            decoded = (
                decode(frame.text) if frame.direction == "in" and frame.charge_box == box else None
            )
            if decoded and decoded[0] == 2 and decoded[2] == action:
                found.append((frame.at, decoded[3]))
        return found

    def frame_index(
        self, charger: Charger | str, predicate: Callable[[list[Any]], bool], since: int = 0
    ) -> int:
        """Index in the record of the first inbound frame (decoded) matching ``predicate``."""
        box = charger if isinstance(charger, str) else charger.charge_box_id
        frames = list(self.csms.frames)
        for index in range(since, len(frames)):
            frame = frames[index]
            decoded = (
                decode(frame.text) if frame.direction == "in" and frame.charge_box == box else None
            )
            if decoded and predicate(decoded):
                return index
        raise AssertionError("no such frame" + self._report(charger, since))

    async def transaction_id(
        self, charger: Charger | str, since: int = 0, within: float = WAIT_S
    ) -> int:
        """The transactionId the CSMS gave the first StartTransaction after ``since``."""
        box = charger if isinstance(charger, str) else charger.charge_box_id
        await self.wait_call(charger, "StartTransaction", since=since, within=within)
        frames = list(self.csms.frames)
        call_id = next(
            d[1] for f in frames[since:]
            if f.direction == "in" and f.charge_box == box
            and (d := decode(f.text)) and d[0] == 2 and d[2] == "StartTransaction"
        )  # fmt: skip
        with trio.move_on_after(within):
            while True:
                for f in list(self.csms.frames):
                    d = decode(f.text)
                    if (
                        f.direction == "out"
                        and f.charge_box == box
                        and d
                        and d[0] == 3
                        and d[1] == call_id
                    ):
                        return int(d[2]["transactionId"])
                await trio.sleep(0.02)
        raise AssertionError(
            "the CSMS never answered StartTransaction" + self._report(charger, since)
        )

    async def plug_and_start(self, charger: Charger, within: float = WAIT_S) -> int:
        """Plug a car into an unlocked zappi with FreeCharging on; the transactionId."""
        mark = self.mark()
        await self.sim_call(self.sim.plug, charger.serial)
        return await self.transaction_id(charger, since=mark, within=within)

    def actions(self, charger: Charger | str, since: int = 0) -> list[str]:
        return [p["_action"] for p in self.calls(charger, since=since)]

    def _report(self, charger: Charger | str, since: int) -> str:
        box = charger if isinstance(charger, str) else charger.charge_box_id
        frames = [
            f"{f.direction} {f.text[:300]}"
            for f in list(self.csms.frames)[since:]
            if f.charge_box == box
        ][-25:]
        log = self.log().splitlines()[-30:]
        return (
            "\n  frames since mark:\n    "
            + "\n    ".join(frames)
            + "\n  bridge stderr (tail):\n    "
            + "\n    ".join(log)
        )

    async def wait_call(
        self,
        charger: Charger | str,
        action: str,
        where: Predicate | None = None,
        *,
        since: int = 0,
        count: int = 1,
        within: float = WAIT_S,
    ) -> Payload:
        """Wait for the ``count``-th CALL ``action`` matching ``where`` after ``since``; returns
        its payload. Fails with what arrived instead."""
        with trio.move_on_after(within):
            while len(found := self.calls(charger, action, since, where)) < count:  # noqa: ASYNC110
                await trio.sleep(0.02)
            return found[count - 1]
        raise AssertionError(
            f"no {action} (#{count}) matching the predicate within {within}s"
            + self._report(charger, since)
        )

    async def wait_status(
        self,
        charger: Charger | str,
        status: str | None = None,
        *,
        connector: int = 1,
        since: int = 0,
        within: float = WAIT_S,
        error_code: str | None = None,
    ) -> Payload:
        def match(p: Payload) -> bool:
            return (
                p.get("connectorId") == connector
                and (status is None or p.get("status") == status)
                and (error_code is None or p.get("errorCode") == error_code)
            )

        return await self.wait_call(
            charger, "StatusNotification", match, since=since, within=within
        )

    def statuses(self, charger: Charger | str, *, connector: int = 1, since: int = 0) -> list[str]:
        return [
            p["status"]
            for p in self.calls(charger, "StatusNotification", since)
            if p.get("connectorId") == connector
        ]

    async def quiet(self, seconds: float) -> None:
        """Let time pass so that something that should NOT happen has the chance to."""
        await trio.sleep(seconds)

    # -- what the CSMS sends ------------------------------------------------------------------

    async def request(
        self,
        charger: Charger | str,
        action: str,
        payload: Mapping[str, Any],
        within: float = WAIT_S,
    ) -> list[Any]:
        box = charger if isinstance(charger, str) else charger.charge_box_id
        with trio.fail_after(within):
            return await self.csms.request(box, action, payload)

    async def configure(self, charger: Charger | str, **keys: object) -> None:
        """ChangeConfiguration for each key; each must be Accepted."""
        for key, value in keys.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            frame = await self.request(charger, "ChangeConfiguration", {"key": key, "value": text})
            assert result(frame) == {"status": "Accepted"}, f"{key}={text}: {frame}"

    async def get_config(self, charger: Charger | str, *keys: str) -> dict[str, Payload]:
        payload: Payload = {"key": list(keys)} if keys else {}
        answer = result(await self.request(charger, "GetConfiguration", payload))
        return {entry["key"]: entry for entry in answer.get("configurationKey", [])} | {
            "_unknown": {"keys": answer.get("unknownKey", [])}
        }

    # -- the simulator, from trio ---------------------------------------------------------------

    async def sim_call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await trio.to_thread.run_sync(lambda: method(*args, **kwargs))

    async def wait_zappi(self, serial: str, where: Predicate, within: float = WAIT_S) -> Payload:
        """Wait until the simulated zappi's state matches (e.g. the mode a command set)."""
        state: Payload = {}
        with trio.move_on_after(within):
            while True:
                state = await self.sim_call(self.sim.zappi, serial)
                if where(state):
                    return state
                await trio.sleep(0.1)
        raise AssertionError(f"zappi {serial} never reached the expected state; last: {state}")


#: issue 5 §2: one line per event, readable and parseable: "<UTC> <LEVEL> <event> key=value ..."
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.-]+"
    r'( [\w.]+=("([^"\\]|\\.)*"|\S+))*$'
)


def unparseable_log_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if not LOG_LINE.match(line)]


def meter_values(payload: Payload) -> dict[str, float]:
    """The first meterValue of a MeterValues payload as ``{key: value}``; the key is the
    measurand, plus ``@phase`` when given and ``#location`` unless Outlet (the connector)."""
    out: dict[str, float] = {}
    for sample in payload["meterValue"][0]["sampledValue"]:
        key = sample.get("measurand", "Energy.Active.Import.Register")
        if "phase" in sample:
            key += f"@{sample['phase']}"
        if sample.get("location", "Outlet") != "Outlet":
            key += f"#{sample['location']}"
        assert key not in out, f"two samples for {key}: {payload}"
        out[key] = float(sample["value"])
    return out


def measurands(payload: Payload) -> set[str]:
    """The measurand names of a MeterValues payload, whatever their phase or location."""
    return {re.split("[@#]", key)[0] for key in meter_values(payload)}


def register_wh(payload: Payload) -> float:
    """The Energy.Active.Import.Register of a MeterValues/transactionData entry, in Wh."""
    for sample in payload["sampledValue"]:
        if (
            sample.get("measurand", "Energy.Active.Import.Register")
            == "Energy.Active.Import.Register"
        ):
            value = float(sample["value"])
            return value * 1000 if sample.get("unit") == "kWh" else value
    raise AssertionError(f"no energy register in {payload}")
