"""`zappi-ocpp simulate` as a subprocess, used by an independent public client (pymyenergi).

pymyenergi 0.2.3 hard-codes ``https://director.myenergi.net`` and builds ``https://`` + the
``X_MYENERGI-asn`` value; the only change made here is to point those two at the loopback
simulator (plain http). Everything it sends (paths, digest auth, headers) is its own. It runs
on asyncio, so it runs in a worker thread with its own event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import trio
from myenergi_helpers import HUB, KEY, START_LIMIT_S, ZAPPI, fast_client, simulate_process

from generated.myenergi import ChargeMode, LockBits


@pytest.fixture
async def simulator_url() -> AsyncIterator[str]:
    """``zappi-ocpp simulate --port 0`` (default fleet, 50× time); yields its URL."""
    async with simulate_process("--time-factor", "50") as url:
        yield url


def _pymyenergi_session(url: str) -> dict[str, object]:
    """Log in, read the zappi, change its mode, read it again (runs in a worker thread)."""
    from pymyenergi.client import MyenergiClient as PymyenergiClient
    from pymyenergi.connection import Connection

    class LoopbackConnection(Connection):  # type: ignore[misc]
        def _checkMyenergiServerURL(self, responseHeader):  # type: ignore[no-untyped-def]
            super()._checkMyenergiServerURL(responseHeader)  # raises when the header is missing
            self.base_url = "http://" + responseHeader["X_MYENERGI-asn"]

    async def session() -> dict[str, object]:
        async with httpx.AsyncClient() as http:
            connection = LoopbackConnection(HUB, KEY, asyncClient=http)
            connection.director_url = url
            client = PymyenergiClient(connection)
            zappis = {z.serial_number: z for z in await client.get_devices("zappi")}
            zappi = zappis[int(ZAPPI)]
            seen: dict[str, object] = {
                "serials": sorted(zappis),
                "name": zappi.name,
                "site": client.site_name,
                "mode_before": zappi.charge_mode,
                "voltage": zappi.supply_voltage,
                "plug": zappi.plug_status,
                "lck_locked_pymyenergi": zappis[21000002].locked,
            }
            await zappi.set_charge_mode("Fast")
            for _ in range(200):  # the cloud applies commands late; 3 s simulated = 60 ms
                await asyncio.sleep(0.02)
                await client.refresh()
                if zappi.charge_mode == "Fast":
                    break
            seen["mode_after"] = zappi.charge_mode
            return seen

    return asyncio.run(session())


async def test_pymyenergi_logs_in_reads_a_zappi_and_changes_its_mode(simulator_url: str) -> None:
    with trio.fail_after(START_LIMIT_S):
        seen = await trio.to_thread.run_sync(_pymyenergi_session, simulator_url)
    assert seen["serials"] == [21000001, 21000002]
    assert seen["name"] == "Driveway" and seen["site"] == "Demo site"  # from cgi-get-app-key-
    assert seen["mode_before"] == "Eco+" and seen["mode_after"] == "Fast"
    assert seen["voltage"] == 240.0 and seen["plug"] == "EV Disconnected"
    # lck is 7 (locked now); pymyenergi reads bit 1 for "locked" (off by one, ref §2.4), which
    # happens to be set too because this unit locks when plugged in.
    assert seen["lck_locked_pymyenergi"] is True


async def test_the_subprocess_simulator_is_scripted_over_http(simulator_url: str) -> None:
    async with fast_client(simulator_url) as client, httpx.AsyncClient() as http:
        with trio.fail_after(START_LIMIT_S):
            reply = await http.post(f"{simulator_url}/_control/zappi/21000002/plug", json={})
            assert reply.json() == {"ok": True}
            locked = (await client.poll(HUB))["21000002"]
            assert locked.lock == 7 and locked.plug_state == "B1"
            reply = await http.post(
                f"{simulator_url}/_control/zappi/21000002/pin", json={"pin": "44444"}
            )
            assert reply.json()["accepted"] is True
            await client.set_mode(HUB, "21000002", ChargeMode.FAST)
            charging = (await client.poll(HUB))["21000002"]
            assert charging.lock & LockBits.CHARGE_SESSION_ALLOWED
            assert charging.plug_state == "C2" and charging.charge_power_w > 7000
            # A fault, then a firmware update, through the control interface.
            await http.post(f"{simulator_url}/_control/zappi/21000002/fault", json={"zsh": 25})
            assert (await client.poll(HUB))["21000002"].plug_state == "F"
            await http.post(f"{simulator_url}/_control/zappi/21000002/clear-fault", json={})
            await http.post(
                f"{simulator_url}/_control/zappi/21000002/firmware-update",
                json={"firmware": "3562S5.800", "duration_s": 5},
            )
            await http.post(f"{simulator_url}/_control/time", json={"skip_s": 10})
            assert (await client.poll(HUB))["21000002"].firmware == "3562S5.800"
            state = (await http.get(f"{simulator_url}/_control/state")).json()
    assert state["hubs"][HUB]["zappis"]["21000002"]["firmware"] == "3562S5.800"
    assert "demo-key" not in str(state)
