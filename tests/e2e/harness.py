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
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import trio
import yaml

from tests.support.csms import TestCsms

REPO = Path(__file__).resolve().parents[2]

#: how often the bridge polls the simulated cloud in these tests (seconds)
POLL_S = 0.3
#: simulated seconds per real second: commands land quickly and energy adds up visibly
TIME_FACTOR = 10.0
#: default bound of one wait in a helper (seconds of wall time)
WAIT_S = 8.0

Payload = dict[str, Any]
Predicate = Callable[[Payload], bool]


# ---- the session's simulated fleet -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HubSpec:
    serial: str
    api_key: str


#: hub A carries most tests' zappis; B/C/D are for multi-hub, outage and key tests
HUB_A = HubSpec("31000001", "e2e-key-hub-a-0001")
HUB_B = HubSpec("31000002", "e2e-key-hub-b-0002")
HUB_C = HubSpec("31000003", "e2e-key-hub-c-0003")
HUB_D = HubSpec("31000004", "e2e-key-hub-d-0004")
ALL_HUBS = (HUB_A, HUB_B, HUB_C, HUB_D)

#: the PIN of every simulated zappi
PIN = "12341"
FIRMWARE = "3562S5.782"
#: below the 5.114 OCPP firmware: an ineligible zappi
OLD_FIRMWARE = "3560S5.100"
#: a serial that does not start with 2: an ineligible zappi (no built-in WiFi)
OLD_SERIAL = "11000001"
OLD_FIRMWARE_SERIAL = "21000999"


def _zappi(serial: int, *, locked: bool = False, firmware: str = FIRMWARE) -> dict[str, object]:
    row: dict[str, object] = {
        "serial": serial,
        "firmware": firmware,
        "mode": "fast",
        "pin": PIN,
        "ev_wants_kwh": 500,
        "phases": 1,
    }
    if locked:
        row["lock"] = 6  # locked when plugged in and when unplugged: a PIN opens a session
    return row


def fleet_config() -> dict[str, object]:
    """The simulator's fleet: plenty of fresh zappis so each test takes its own.

    Hub A: 21000101..21000160 unlocked, 21000201..21000220 PIN-locked, plus the ineligible
    ones. Hub B: 21000301..21000303. Hub C: 21000401..21000403. Hub D: 21000501..21000503.
    """
    hub_a = [_zappi(s) for s in range(21000101, 21000161)]
    hub_a += [_zappi(s, locked=True) for s in range(21000201, 21000221)]
    hub_a += [_zappi(int(OLD_SERIAL)), _zappi(int(OLD_FIRMWARE_SERIAL), firmware=OLD_FIRMWARE)]

    def hub(spec: HubSpec, zappis: list[dict[str, object]]) -> dict[str, object]:
        return {
            "serial": spec.serial,
            "api_key": spec.api_key,
            "command_delay_s": 2.0,
            "zappis": zappis,
        }

    return {
        "time_factor": TIME_FACTOR,
        "hubs": [
            hub(HUB_A, hub_a),
            hub(HUB_B, [_zappi(s) for s in range(21000301, 21000304)]),
            hub(HUB_C, [_zappi(s) for s in range(21000401, 21000404)]),
            hub(HUB_D, [_zappi(s) for s in range(21000501, 21000504)]),
        ],
    }


class ZappiPool:
    """Hands out each simulated zappi once per session."""

    def __init__(self) -> None:
        self._free: dict[str, list[str]] = {
            "unlocked": [str(s) for s in range(21000101, 21000161)],
            "locked": [str(s) for s in range(21000201, 21000221)],
            "hub_b": [str(s) for s in range(21000301, 21000304)],
            "hub_c": [str(s) for s in range(21000401, 21000404)],
            "hub_d": [str(s) for s in range(21000501, 21000504)],
        }

    def take(self, kind: str = "unlocked") -> str:
        free = self._free[kind]
        assert free, f"the e2e fleet ran out of {kind} zappis; add some in fleet_config()"
        return free.pop(0)


# ---- subprocesses -----------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _stop_process(process: subprocess.Popen[bytes], grace_s: float = 5.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


class SimulatorProcess:
    """``zappi-ocpp simulate`` on 127.0.0.1, port 0; scripted over ``/_control``."""

    def __init__(self, workdir: Path) -> None:
        self.fleet_file = workdir / "e2e-fleet.yaml"
        self.fleet_file.write_text(yaml.safe_dump(fleet_config()), encoding="utf-8")
        self.log_file = workdir / "simulator.log"
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._http = httpx.Client(timeout=5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 20.0) -> None:
        with self.log_file.open("wb") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "runtime.cli", "simulate", "--host", "127.0.0.1",
                 "--port", "0", "--config", str(self.fleet_file), "--log-level", "WARNING"],
                stdout=subprocess.PIPE, stderr=log, cwd=REPO, env=_env(),
            )  # fmt: skip
        assert self._process.stdout is not None
        deadline = time.monotonic() + timeout_s
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self._process.stdout], [], [], max(remaining, 0))
            if not ready or self._process.poll() is not None:
                self.stop()
                raise RuntimeError(f"simulator did not start: {self.log_file.read_text()[-2000:]}")
            chunk = os.read(self._process.stdout.fileno(), 256)
            if not chunk:
                continue
            line += chunk
        self.port = int(line.decode().strip().rsplit(":", 1)[1])

    def stop(self) -> None:
        self._http.close()
        if self._process is not None:
            _stop_process(self._process)
            if self._process.stdout is not None:
                self._process.stdout.close()

    def control(self, path: str, body: Mapping[str, object] | None = None) -> Payload:
        response = self._http.post(f"{self.url}/_control/{path}", json=dict(body or {}))
        assert response.status_code == 200, f"/_control/{path}: {response.text}"
        reply: Payload = response.json()
        return reply

    def state(self) -> Payload:
        response = self._http.get(f"{self.url}/_control/state")
        assert response.status_code == 200, response.text
        reply: Payload = response.json()
        return reply

    def zappi(self, serial: str) -> Payload:
        for hub in self.state()["hubs"].values():
            if serial in hub["zappis"]:
                found: Payload = hub["zappis"][serial]
                return found
        raise KeyError(serial)

    # the scenario verbs tests use
    def plug(self, serial: str, **body: object) -> None:
        self.control(f"zappi/{serial}/plug", body)

    def unplug(self, serial: str) -> None:
        self.control(f"zappi/{serial}/unplug")

    def pin(self, serial: str, pin: str = PIN) -> bool:
        return bool(self.control(f"zappi/{serial}/pin", {"pin": pin})["accepted"])

    def fault(self, serial: str, zsh: int) -> None:
        self.control(f"zappi/{serial}/fault", {"zsh": zsh})

    def clear_fault(self, serial: str) -> None:
        self.control(f"zappi/{serial}/clear-fault")

    def outage(self, hub: str, kind: str, count: int | None = None) -> None:
        body: dict[str, object] = {"kind": kind}
        if count is not None:
            body["count"] = count
        self.control(f"hub/{hub}/outage", body)


@dataclass(frozen=True, slots=True)
class Charger:
    serial: str
    charge_box_id: str
    pin_id_tag: str | None = None
    hub: str | None = None

    def config(self) -> dict[str, object]:
        row: dict[str, object] = {"serial": self.serial, "charge_box_id": self.charge_box_id}
        if self.pin_id_tag is not None:
            row["pin_id_tag"] = self.pin_id_tag
        if self.hub is not None:
            row["hub"] = self.hub
        return row


class BridgeProcess:
    """``zappi-ocpp run --config FILE`` with stderr (and stdout) in ``log_file``."""

    def __init__(self, config_file: Path, log_file: Path) -> None:
        self.config_file = config_file
        self.log_file = log_file
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "runtime.cli", "run", "--config", str(self.config_file)],
                stdout=log, stderr=log, stdin=subprocess.DEVNULL, cwd=self.config_file.parent,
                env=_env(),
            )  # fmt: skip

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        return (
            self.log_file.read_text(encoding="utf-8", errors="replace")
            if self.log_file.exists()
            else ""
        )

    def signal(self, signum: int) -> None:
        assert self.process is not None
        self.process.send_signal(signum)

    async def wait_exit(self, timeout_s: float) -> int | None:
        """The exit code, or None if the process is still running after ``timeout_s``."""
        assert self.process is not None
        deadline = trio.current_time() + timeout_s
        while self.process.poll() is None and trio.current_time() < deadline:  # noqa: ASYNC110
            await trio.sleep(0.05)
        return self.process.poll()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(5)

    def stop(self) -> None:
        if self.process is not None:
            _stop_process(self.process, grace_s=10)


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
    ) -> Path:
        csms: dict[str, object] = {
            "url": self.csms.url,
            "call_timeout_s": 5,
            "reconnect_max_backoff_s": 1,
        }
        if password is not None:
            csms["password"] = password
        config = {
            "csms": csms,
            "myenergi": {
                "director_url": self.sim.url,
                "poll_interval_s": poll_interval_s,
                "hubs": [{"serial": h.serial, "api_key": h.api_key} for h in hubs],
            },
            "chargers": [c.config() for c in chargers],
            "storage": {"path": str(self.tmp / "bridge.sqlite3")},
        }
        path = self.tmp / name
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        return path

    def start_bridge(self, config_file: Path) -> BridgeProcess:
        bridge = BridgeProcess(config_file, self.tmp / "bridge.log")
        self.bridges.append(bridge)
        bridge.start()
        return bridge

    async def run(
        self, *chargers: Charger, hubs: Iterable[HubSpec] = (HUB_A,), **config: Any
    ) -> BridgeProcess:
        """Start a bridge for ``chargers`` and wait until each one is booted and has reported
        its connector 1 status."""
        bridge = self.start_bridge(self.write_config(chargers, hubs=hubs, **config))
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
    """measurand (with phase) -> value of the first meterValue of a MeterValues payload."""
    out: dict[str, float] = {}
    for sample in payload["meterValue"][0]["sampledValue"]:
        name = sample.get("measurand", "Energy.Active.Import.Register")
        if "phase" in sample:
            name += f"@{sample['phase']}"
        out.setdefault(name, float(sample["value"]))
    return out


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
