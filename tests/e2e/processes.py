"""The end-to-end processes: the simulated fleet file, ``zappi-ocpp simulate`` and
``zappi-ocpp run`` as subprocesses, each started on loopback with port 0 and always stopped by
its own handle (see ``harness.py`` for what a test drives)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import trio
import yaml

REPO = Path(__file__).resolve().parents[2]

#: simulated seconds per real second: commands land quickly and energy adds up visibly
TIME_FACTOR = 10.0

Payload = dict[str, Any]

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
#: hub E: zappis on the firmware around a later release, for per-charger gating
HUB_E = HubSpec("31000005", "e2e-key-hub-e-0005")

#: the PIN of every simulated zappi
PIN = "12341"
FIRMWARE = "3562S5.782"
#: below the 5.114 OCPP firmware: an ineligible zappi
OLD_FIRMWARE = "3560S5.100"
#: a serial that does not start with 2: an ineligible zappi (no built-in WiFi)
OLD_SERIAL = "11000001"
OLD_FIRMWARE_SERIAL = "21000999"
#: hub E's zappis: below a later release of the gating test, and at it
BELOW_RELEASE_FIRMWARE = "3562S5.120"
AT_RELEASE_FIRMWARE = "3562S5.130"


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
            hub(
                HUB_E,
                [
                    _zappi(21000601, firmware=BELOW_RELEASE_FIRMWARE),
                    _zappi(21000602, firmware=AT_RELEASE_FIRMWARE),
                ],
            ),
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
            "below_release": ["21000601"],
            "at_release": ["21000602"],
        }

    def take(self, kind: str = "unlocked") -> str:
        free = self._free[kind]
        assert free, f"the e2e fleet ran out of {kind} zappis; add some in fleet_config()"
        return free.pop(0)


# ---- subprocesses -----------------------------------------------------------------------------


def _env(project: Path = REPO) -> dict[str, str]:
    """The environment of a subprocess that imports runtime/ and generated/ from ``project``
    (the checkout, or a test's modified copy of it)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(project) + os.pathsep + env.get("PYTHONPATH", "")
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

    def __init__(self, workdir: Path, fleet: Mapping[str, object] | None = None) -> None:
        """``fleet``: a fleet file's mapping (default: the session's :func:`fleet_config`)."""
        self.fleet_file = workdir / "e2e-fleet.yaml"
        self.fleet_file.write_text(
            yaml.safe_dump(dict(fleet) if fleet is not None else fleet_config()), encoding="utf-8"
        )
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

    def stats(self, path: str = "stats") -> Payload:
        """``GET /_control/stats`` (or ``stats/hubs``: cloud requests per hub)."""
        response = self._http.get(f"{self.url}/_control/{path}")
        assert response.status_code == 200, response.text
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
    #: the charger's own ``csms`` mapping (url, password, ca_file, client_cert, client_key)
    csms: tuple[tuple[str, str], ...] = ()

    def config(self) -> dict[str, object]:
        row: dict[str, object] = {"serial": self.serial, "charge_box_id": self.charge_box_id}
        if self.pin_id_tag is not None:
            row["pin_id_tag"] = self.pin_id_tag
        if self.hub is not None:
            row["hub"] = self.hub
        if self.csms:
            row["csms"] = dict(self.csms)
        return row


class BridgeProcess:
    """``zappi-ocpp run --config FILE [args]`` with stderr (and stdout) in ``log_file``, run
    from ``project`` (default: this checkout)."""

    def __init__(self, config_file: Path, log_file: Path, project: Path = REPO,
                 args: Sequence[str] = ()) -> None:  # fmt: skip
        self.config_file = config_file
        self.log_file = log_file
        self.project = project
        self.args = tuple(args)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "runtime.cli", "run", "--config", str(self.config_file),
                 *self.args],
                stdout=log, stderr=log, stdin=subprocess.DEVNULL, cwd=self.config_file.parent,
                env=_env(self.project),
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
