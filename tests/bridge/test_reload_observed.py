"""A reload in process, as the operator endpoint sees it: the configured chargers and owned
hubs follow the file, reloads are counted applied or refused, a removed charger's WebSocket
closes while the others stay, and settings of the whole process are kept with a warning."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import httpx
import pytest
import trio
from bridge_helpers import HUB, KEY, LOCKED, ZAPPI, Sim

from runtime.bridge.config import load_config
from runtime.bridge.fleet import FleetChange
from runtime.bridge.service import RunningBridge, run_bridge
from tests.support.csms import TestCsms

OTHER_HUB = "21000077"  # not in the simulator: its key is refused, which is fine here


def write(path: Path, sim: Sim, csms: TestCsms, chargers: list[str], hubs: list[str],
          interval: float = 0.2) -> None:  # fmt: skip
    keys = {HUB: KEY, OTHER_HUB: "not-a-key-0077"}
    lines = [
        f"csms: {{url: '{csms.url}', reconnect_max_backoff_s: 0.5}}",
        f"myenergi: {{director_url: '{sim.url}', poll_interval_s: {interval}, hubs: ["
        + ", ".join(f"{{serial: '{h}', api_key: '{keys[h]}'}}" for h in hubs) + "]}",
        "chargers: [" + ", ".join(f"{{serial: {c}, charge_box_id: zappi-{c}}}" for c in chargers)
        + "]",
        f"storage: {{path: '{path.parent / 'bridge.sqlite3'}'}}",
        "metrics: {listen: '127.0.0.1:0'}",
    ]
    path.write_text("\n".join(lines) + "\n")


async def gauge(bridge: RunningBridge, name: str, labels: str = "") -> float:
    async with httpx.AsyncClient(timeout=5) as http:
        text = (await http.get(f"http://127.0.0.1:{bridge.watch.port}/metrics")).text
    found = re.search(rf"^{re.escape(name + labels)} ([0-9.e+-]+)$", text, re.MULTILINE)
    assert found, f"{name}{labels} not in /metrics"
    return float(found.group(1))


async def test_a_reload_is_seen_by_the_endpoint_and_touches_only_the_difference(
    nursery: trio.Nursery, sim: Sim, csms: TestCsms, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.INFO)
    path = tmp_path / "bridge.yaml"
    write(path, sim, csms, [ZAPPI], [HUB])
    scope = trio.CancelScope()

    async def run(task_status: trio.TaskStatus[RunningBridge]) -> None:
        with scope:
            await run_bridge(load_config(path), config_path=path, task_status=task_status)

    with trio.fail_after(30):
        bridge: RunningBridge = await nursery.start(run)
        await csms.wait_for_call("StatusNotification", charge_box=f"zappi-{ZAPPI}")
        assert await gauge(bridge, "zappi_ocpp_chargers_configured") == 1

        write(path, sim, csms, [ZAPPI, LOCKED], [HUB, OTHER_HUB])
        assert await bridge.reload() == FleetChange(1, 0, 0, 1, 1, 0, 0)
        await csms.wait_for_call("StatusNotification", charge_box=f"zappi-{LOCKED}")
        assert await gauge(bridge, "zappi_ocpp_chargers_configured") == 2
        assert await gauge(bridge, "zappi_ocpp_hubs_owned") == 2
        assert await gauge(bridge, "zappi_ocpp_config_reloads_total", '{result="applied"}') == 1

        path.write_text(path.read_text().replace("chargers: [", "chargers: [{serial: x}, "))
        assert await bridge.reload() is None
        assert await gauge(bridge, "zappi_ocpp_config_reloads_total", '{result="refused"}') == 1
        assert await gauge(bridge, "zappi_ocpp_chargers_configured") == 2

        write(path, sim, csms, [ZAPPI], [HUB], interval=5)
        assert await bridge.reload() == FleetChange(0, 1, 0, 1, 0, 1, 0)
        with trio.move_on_after(5):
            while f"zappi-{LOCKED}" in csms.connected_now():  # noqa: ASYNC110 - a thread's set
                await trio.sleep(0.05)
        assert csms.connected_now() == {f"zappi-{ZAPPI}"}
        assert await gauge(bridge, "zappi_ocpp_chargers_configured") == 1
        assert await gauge(bridge, "zappi_ocpp_hubs_owned") == 1
        assert set(bridge.drivers) == {ZAPPI}
        scope.cancel()
    assert csms.connections.count(f"zappi-{ZAPPI}") == 1  # never reconnected
    kept = [r for r in caplog.records if r.getMessage() == "config.restart_needed"]
    assert len(kept) == 1 and kept[0].__dict__["fields"]["keys"] == "myenergi.poll_interval_s"
    lines = [r.__dict__["fields"] for r in caplog.records if r.getMessage() == "config.reloaded"]
    assert [(f["added"], f["removed"], f["unchanged"]) for f in lines] == [(1, 0, 1), (0, 1, 1)]
