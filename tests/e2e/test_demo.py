"""``zappi-ocpp demo`` as a newcomer runs it: a subprocess that plays its script, prints the
timeline and a summary, and exits 0; and ``--keep-running``, which stays up until Ctrl-C."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import httpx
import pytest
import trio

from tests.e2e.harness import REPO

pytestmark = pytest.mark.slow

DEMO = [sys.executable, "-m", "runtime.cli", "demo"]


async def test_demo_plays_every_step_prints_the_timeline_and_exits_0() -> None:
    with trio.fail_after(120):
        done = await trio.run_process(
            DEMO, capture_stdout=True, capture_stderr=True, check=False, cwd=REPO
        )
    out = done.stdout.decode()
    assert done.returncode == 0, out[-4000:] + done.stderr.decode()[-2000:]
    headings = re.findall(r"^== (\d+)\. ", out, re.MULTILINE)
    assert headings == [str(n) for n in range(1, 10)]
    # the OCPP messages both ways, in the order the story tells them
    story = [
        "──▶ CSMS BootNotification ",
        "◀── CSMS ChangeConfiguration ",
        "Preparing",
        "◀── CSMS RemoteStartTransaction ",
        "──▶ CSMS RemoteStartTransaction.conf",
        "──▶ CSMS StartTransaction ",
        "Charging",
        "──▶ CSMS MeterValues ",
        "◀── CSMS RemoteStopTransaction ",
        "reason: Remote",
        "──▶ CSMS Authorize ",
        "idTag: VTAG21000002",
        "status: Blocked",
        "◀── CSMS UnlockConnector ",
        "status: Unlocked",
        "ReserveNow CALLERROR NotSupported",
        "SetChargingProfile CALLERROR NotSupported",
        "== Summary",
    ]
    position = 0
    for text in story:
        found = out.find(text, position)
        assert found >= 0, f"{text!r} missing after position {position}:\n{out[position:][:3000]}"
        position = found
    # the myenergi commands behind them
    for command in ("set mode FAST", "set mode STOP", "unlock"):
        assert re.search(rf"──▶ myenergi .*{command}", out), command
    assert "44444" not in out.split("== Summary")[0].replace("{pin: '44444'}", "")
    meter = re.findall(r"MeterValues\s+tx=(\d+) energy=(\d+(?:\.\d+)?) Wh", out)
    assert len(meter) >= 2 and float(meter[-1][1]) > float(meter[0][1])
    assert "official schema violations: 0" in out
    assert "all 9 steps passed" in out
    assert out.count("[  ok   ]") == 9


async def test_demo_keep_running_serves_until_interrupted() -> None:
    with trio.fail_after(90):
        process = await trio.lowlevel.open_process(
            [*DEMO, "--keep-running"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=REPO
        )
        try:
            assert process.stdout is not None
            out = b""
            while b"bridge log:" not in out:
                chunk = await process.stdout.receive_some(65536)
                assert chunk, out.decode()[-3000:]
                out += chunk
            text = out.decode()
            assert "all 9 steps passed" in text
            director = re.search(r"curl (http://127\.0\.0\.1:\d+)/_control/state", text)
            assert director is not None, text[-2000:]
            async with httpx.AsyncClient(timeout=5) as http:
                state = (await http.get(f"{director[1]}/_control/state")).json()
            assert set(state["hubs"]["21000001"]["zappis"]) == {"21000001", "21000002"}
            await trio.sleep(1.0)
            assert process.returncode is None  # still running
            process.send_signal(signal.SIGINT)
            with trio.fail_after(15):
                code = await process.wait()
            assert code == 0
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
