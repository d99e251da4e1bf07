"""``zappi-ocpp demo`` (``make demo``): a scripted OCPP session on loopback, narrated.

Three parts run on 127.0.0.1, each on a free port: the myenergi cloud simulator (in this
process, two zappis on one hub), a small central system (:mod:`runtime.demo.csms`, in this
process) and the bridge itself, started exactly as an operator starts it:
``zappi-ocpp run --config FILE``. The script then plays what an operator and a driver do —
boot, plug in, remote start, charging with meter values, remote stop, PIN entry accepted and
blocked, unlock, a request the zappi cannot support — and prints every OCPP message both ways
and every myenergi command the bridge sends because of them. It ends with a summary; the exit
code is 0 when every step behaved as OCPP 1.6 and the support table say.

``--keep-running`` leaves everything up afterwards and prints the URLs to explore by hand.
"""

from __future__ import annotations

import argparse
import collections
import io
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import trio
import yaml

from generated.myenergi import ChargeMode
from runtime.demo.csms import DemoCsms, Frame
from runtime.demo.script import STEPS, DemoContext, StepFailed
from runtime.myenergi.simulator import SimClock, default_fleet, serve_simulator
from runtime.myenergi.simulator.fleet import DEFAULT_API_KEY, DEFAULT_HUB, RequestRecord

#: simulated seconds per real second: commands land in a fraction of a second, energy adds up
TIME_FACTOR = 20.0
POLL_INTERVAL_S = 0.5
STEP_TIMEOUT_S = 20.0
#: exit code when interrupted before the summary (128 + SIGINT, as a shell reports it)
INTERRUPTED = 130
CHARGERS = (("21000001", "zappi-21000001"), ("21000002", "zappi-21000002"))

_MODE_URL = re.compile(r"^/cgi-zappi-mode-Z(?P<sn>\d+)-(?P<mode>\d)-(?P<boost>\d+)-")
_LOCK_URL = re.compile(r"^/cgi-jlock-Z?(?P<sn>\d+)-(?P<flags>\d+)")


def describe_command(path: str) -> str | None:
    """A myenergi request in words, or None for the status polls (too many to show)."""
    if path.startswith(("/cgi-jstatus", "/cgi-jday")):
        return None
    if match := _MODE_URL.match(path):
        mode = int(match["mode"])
        what = f"set mode {ChargeMode(mode).name}" if mode else "boost command"
        return f"zappi {match['sn']}: {what}  ({path})"
    if match := _LOCK_URL.match(path):
        return f"zappi {match['sn']}: unlock / lock settings {match['flags']}  ({path})"
    return path


class Timeline:
    """Prints one line per event, with the time since the demo started."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.commands: list[str] = []

    def _print(self, text: str) -> None:
        print(f"  {time.monotonic() - self.started:5.1f}s  {text}", flush=True)

    def heading(self, text: str) -> None:
        print(f"\n== {text}", flush=True)

    def note(self, text: str) -> None:
        self._print(f"   ·  {text}")

    def frame(self, frame: Frame) -> None:
        arrow = "──▶ CSMS" if frame.inbound else "◀── CSMS"
        name = frame.action + ("" if frame.kind == 2 else ".conf")
        if frame.kind == 4:
            name = f"{frame.action} CALLERROR {frame.error_code}"
        text = f"{frame.charge_box:<15} {arrow} {name:<34} {summarize(frame)}"
        self._print(text)
        for violation in frame.violations:
            self._print(f"   !! official schema: {violation}")

    def command(self, record: RequestRecord) -> None:
        if record.status != 200:
            return  # the digest challenge before each authenticated request
        described = describe_command(record.path)
        if described is not None:
            self.commands.append(described)
            self._print(f"{'bridge':<15} ──▶ myenergi  {described}")


def summarize(frame: Frame) -> str:
    """The payload in one short line; meter values as the numbers that matter."""
    payload = frame.payload
    if frame.action == "MeterValues" and frame.kind == 2 and payload.get("meterValue"):
        values = {  # at the connector (Outlet); the grid readings at the Inlet are left out
            s.get("measurand", "Energy.Active.Import.Register"): s.get("value")
            for s in payload["meterValue"][0].get("sampledValue", [])
            if s.get("location", "Outlet") == "Outlet"
        }
        parts = [f"tx={payload.get('transactionId', '-')}"]
        for measurand, unit in (
            ("Energy.Active.Import.Register", "Wh"),
            ("Power.Active.Import", "W"),
            ("Current.Import", "A"),
        ):
            if measurand in values:
                parts.append(f"{measurand.split('.')[0].lower()}={values[measurand]} {unit}")
        return " ".join(parts)
    shown = {k: v for k, v in payload.items() if k not in ("timestamp", "currentTime")}
    text = yaml.safe_dump(shown, default_flow_style=True, width=10_000).strip()
    return text if len(text) <= 80 else text[:77] + "..."


class _TappedRequests(collections.deque[RequestRecord]):
    """The simulator's request log, also shown on the timeline as it fills."""

    def __init__(self, timeline: Timeline) -> None:
        super().__init__(maxlen=1000)
        self._timeline = timeline

    def append(self, record: RequestRecord) -> None:
        super().append(record)
        self._timeline.command(record)


def write_config(directory: Path, csms_url: str, director_url: str) -> Path:
    config = {
        "csms": {"url": csms_url, "reconnect_max_backoff_s": 2},
        "myenergi": {
            "director_url": director_url,
            "poll_interval_s": POLL_INTERVAL_S,
            "hubs": [{"serial": DEFAULT_HUB, "api_key": DEFAULT_API_KEY}],
        },
        "chargers": [
            {"serial": serial, "charge_box_id": box, "pin_id_tag": f"VTAG{serial}"}
            for serial, box in CHARGERS
        ],
        "storage": {"path": str(directory / "bridge.sqlite3")},
    }
    path = directory / "bridge.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


async def _play(context: DemoContext, timeline: Timeline) -> list[tuple[str, str | None]]:
    """Run the steps in order; stop at the first failure. (title, failure or None) each."""
    results: list[tuple[str, str | None]] = []
    for number, (title, step) in enumerate(STEPS, start=1):
        timeline.heading(f"{number}. {title}")
        try:
            with trio.fail_after(STEP_TIMEOUT_S):
                await step(context)
        except (StepFailed, trio.TooSlowError) as exc:
            reason = str(exc) or f"no answer within {STEP_TIMEOUT_S:.0f} s"
            timeline.note(f"FAILED: {reason}")
            results.append((title, reason))
            break
        results.append((title, None))
    return results


def _summary(
    results: list[tuple[str, str | None]], csms: DemoCsms, timeline: Timeline, log_file: Path
) -> int:
    print("\n== Summary", flush=True)
    for number, (title, _step) in enumerate(STEPS, start=1):
        outcome = next((r for r in results if r[0] == title), None)
        mark = "not run" if outcome is None else ("ok" if outcome[1] is None else "FAILED")
        print(f"  [{mark:^7}] {number}. {title}")
    inbound = sum(1 for f in csms.frames if f.inbound)
    violations = sum(len(f.violations) for f in csms.frames)
    transactions = sorted(
        {
            int(f.payload["transactionId"])
            for f in csms.frames
            if f.action == "StartTransaction" and f.kind == 3 and not f.inbound
        }
    )
    print(
        f"  OCPP messages: {inbound} from the chargers, {len(csms.frames) - inbound} from the "
        f"CSMS; official schema violations: {violations}"
    )
    print(f"  myenergi commands sent by the bridge: {len(timeline.commands)}")
    print(f"  transactions: {len(transactions)} (ids {', '.join(map(str, transactions))})")
    passed = all(r[1] is None for r in results) and len(results) == len(STEPS)
    elapsed = time.monotonic() - timeline.started
    if passed and violations == 0:
        print(f"Demo finished in {elapsed:.1f} s: all {len(STEPS)} steps passed.", flush=True)
        return 0
    print(f"Demo FAILED after {elapsed:.1f} s; the bridge's log is {log_file}", flush=True)
    return 1


async def _main(keep_running: bool, workdir: Path) -> int:
    timeline = Timeline()
    fleet = default_fleet()
    fleet.clock = SimClock(TIME_FACTOR, fleet.clock.epoch)
    fleet.requests = _TappedRequests(timeline)
    csms = DemoCsms(timeline.frame)
    log_file = workdir / "bridge.log"
    async with trio.open_nursery() as nursery:
        sim_port = await nursery.start(serve_simulator, fleet, "127.0.0.1", 0)
        await nursery.start(csms.serve)
        director = f"http://127.0.0.1:{sim_port}"
        config = write_config(workdir, csms.url, director)
        print(
            "zappi-ocpp demo: the myenergi simulator, a central system and the bridge, on loopback",
            flush=True,
        )
        print(
            f"  simulator  {director}  (hub {DEFAULT_HUB}, zappis "
            f"{', '.join(s for s, _ in CHARGERS)})"
        )
        print(f"  CSMS       {csms.url}/<charge box id>")
        print(f"  bridge     zappi-ocpp run --config {config}   (log: {log_file})")
        with log_file.open("ab") as log:
            bridge = await trio.lowlevel.open_process(
                [sys.executable, "-m", "runtime.cli", "run", "--config", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        context = DemoContext(csms, fleet, timeline, CHARGERS, bridge)
        code = INTERRUPTED
        try:
            with trio.CancelScope() as main_scope:
                await nursery.start(_cancel_on_signal, main_scope)
                results = await _play(context, timeline)
                code = _summary(results, csms, timeline, log_file)
                if keep_running:
                    _explain_keep_running(director, csms, config, log_file)
                    await trio.sleep_forever()
        finally:
            with trio.CancelScope(shield=True):
                await _stop(bridge)
            nursery.cancel_scope.cancel()
    return code


async def _cancel_on_signal(
    scope: trio.CancelScope, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED
) -> None:
    """Ctrl-C or SIGTERM ends the demo (or ``--keep-running``) cleanly, bridge included."""
    with trio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        task_status.started()
        async for _signum in signals:
            print("\nstopping", flush=True)
            scope.cancel()
            return


def _explain_keep_running(director: str, csms: DemoCsms, config: Path, log_file: Path) -> None:
    print("\n== Still running (Ctrl-C stops everything)")
    print(f"  simulator control: curl -X POST {director}/_control/zappi/21000001/plug -d '{{}}'")
    print(f"                     curl {director}/_control/state")
    print(f"  CSMS endpoint:     {csms.url}/<charge box id>  (connect your own OCPP tool)")
    print(f"  bridge config:     {config}")
    print(f"  bridge log:        {log_file}", flush=True)


async def _stop(process: trio.Process) -> None:
    """SIGTERM, as an operator's service manager would; SIGKILL after 10 s."""
    if process.returncode is None:
        process.terminate()
        with trio.move_on_after(10):
            await process.wait()
        if process.returncode is None:
            process.kill()
            await process.wait()


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="zappi-ocpp demo",
        description="Play a scripted OCPP session on loopback and print a timeline.",
    )
    parser.add_argument(
        "--keep-running",
        action="store_true",
        help="leave the simulator, CSMS and bridge running afterwards",
    )
    args = parser.parse_args(list(argv))
    if isinstance(sys.stdout, io.TextIOWrapper):  # arrows in a terminal that is not UTF-8
        sys.stdout.reconfigure(errors="replace")
    directory = Path(tempfile.mkdtemp(prefix="zappi-ocpp-demo-"))
    code = trio.run(_main, args.keep_running, directory)
    if code == 0:
        shutil.rmtree(directory, ignore_errors=True)
    return code
