"""The simulator at fleet scale: time per hub and lazily, zappis by serial, synthetic fleets,
the control interface's bulk and single-zappi operations, traffic counters."""

from __future__ import annotations

import itertools

import pytest
import trio
import trio.testing
from myenergi_helpers import simulate_process

from generated.myenergi import ChargeMode, ZappiState
from runtime.myenergi.http import DigestAuth, HttpClient
from runtime.myenergi.simulator import (
    apply_control,
    fleet_from_config,
    serve_simulator,
    synthetic_fleet_config,
)
from runtime.myenergi.simulator.fleet import Fleet, Hub
from runtime.myenergi.simulator.zappi import ZappiModel


@pytest.mark.parametrize("boost_kwh", [0, 5])
def test_a_long_span_taken_at_once_ends_where_one_second_steps_end(boost_kwh: int) -> None:
    def unit() -> ZappiModel:
        zappi = ZappiModel(serial=1, mode=ChargeMode.FAST, transition_s=2.0)
        zappi.plug_in(ev_wants_kwh=6.0)
        if boost_kwh:
            zappi.apply_manual_boost(boost_kwh)
        return zappi

    at_once, stepped = unit(), unit()
    at_once.advance(4 * 3600)  # the car fills up (and a boost ends) inside the span
    for _ in range(4 * 3600):
        stepped.advance(1.0)
    assert at_once.che_kwh == pytest.approx(stepped.che_kwh, abs=1e-9)
    assert at_once.state() == stepped.state() == ("B2", 5, ZappiState.EV_CHARGE_COMPLETE)
    assert at_once.manual_boost is stepped.manual_boost is False


def _charging_pair() -> Fleet:
    config = synthetic_fleet_config(2, zappis_per_hub=1, charging_fraction=1.0)
    return fleet_from_config(config)


async def test_only_the_hub_a_request_touches_is_brought_up_to_date(
    mock_clock: trio.testing.MockClock,
) -> None:
    fleet = _charging_pair()
    one, two = fleet.hubs.values()
    fleet.now()  # the fleet starts
    mock_clock.jump(600)
    first = fleet.zappi(next(iter(one.zappis)))
    untouched = next(iter(two.zappis.values()))
    assert first.che_kwh > 1.0 and untouched.che_kwh == 0.0  # hub two waits for a request
    assert two.synced_to is None
    second = fleet.zappi(untouched.serial)  # caught up over the same ten minutes
    assert second.che_kwh == pytest.approx(first.che_kwh)


async def test_a_skip_is_applied_lazily_and_gives_what_advancing_eagerly_gives(
    mock_clock: trio.testing.MockClock,
) -> None:
    fleet = _charging_pair()
    one, two = (next(iter(hub.zappis.values())) for hub in fleet.hubs.values())
    eager = ZappiModel(serial=1, mode=one.mode, plugged=True, ev_wants_kwh=one.ev_wants_kwh)
    fleet.now()
    assert apply_control(fleet, "POST", "/_control/time", {"skip_s": 3600}) == (
        200,
        {"ok": True, "sim_time_s": 3600.0},
    )
    eager.advance(3600)
    assert two.che_kwh == 0.0  # nothing ran for the skip itself
    assert fleet.zappi(two.serial).che_kwh == pytest.approx(eager.che_kwh)


async def test_zappis_are_found_by_serial_through_the_index() -> None:
    fleet = fleet_from_config(synthetic_fleet_config(1000, zappis_per_hub=2))
    last = 40_000_000 + 1999
    assert fleet.hub_of(last).serial == str(30_000_000 + 999)
    fleet.add_zappi("30000000", ZappiModel(serial=7))
    assert fleet.hub_of(7).serial == "30000000" and fleet.has_zappi(7)
    assert fleet.remove_zappi(7).serial == 7 and not fleet.has_zappi(7)
    removed = fleet.remove_hub("30000999")
    assert sorted(removed.zappis) == [last - 1, last]
    with pytest.raises(KeyError, match=f"no zappi {last}"):
        fleet.zappi(last)
    with pytest.raises(ValueError, match="already in the fleet"):
        fleet.add_zappi("30000000", ZappiModel(serial=40_000_000))
    with pytest.raises(ValueError, match="zappi 40000001 is already"):
        fleet.add_hub(Hub("9", "k", zappis={40_000_001: ZappiModel(serial=40_000_001)}))


def test_a_synthetic_fleet_spreads_the_charging_zappis() -> None:
    config = synthetic_fleet_config(1000, zappis_per_hub=1, charging_fraction=0.3)
    fleet = fleet_from_config(config)
    zappis = [z for hub in fleet.hubs.values() for z in hub.zappis.values()]
    assert len(fleet.hubs) == 1000 and len({z.serial for z in zappis}) == 1000
    charging = [i for i, z in enumerate(zappis) if z.plugged]
    assert len(charging) == 300
    assert max(b - a for a, b in itertools.pairwise(charging)) <= 4  # spread out
    assert fleet.hubs["30000007"].api_key == "key-30000007"
    with pytest.raises(ValueError, match="charging_fraction"):
        synthetic_fleet_config(10, charging_fraction=1.5)


async def test_the_control_interface_adds_and_removes_hubs_in_bulk() -> None:
    fleet = fleet_from_config(synthetic_fleet_config(3))
    rows = [
        {"serial": str(50_000_000 + i), "api_key": f"k{i}", "zappis": [{"serial": 60_000_000 + i}]}
        for i in range(2000)
    ]
    assert apply_control(fleet, "POST", "/_control/hubs", {"hubs": rows}) == (
        200,
        {"ok": True, "added": 2000},
    )
    assert fleet.hub_of(60_001_999).serial == "50001999"
    status, reply = apply_control(fleet, "POST", "/_control/hubs", {"hubs": rows[:1]})
    assert status == 400 and "50000000" in str(reply)  # all or nothing: nothing added twice
    status, reply = apply_control(fleet, "POST", "/_control/hubs", {"hubs": [{"serial": "1"}]})
    assert status == 400 and "api_key" in str(reply)
    assert apply_control(fleet, "POST", "/_control/hub/50000001/remove", {}) == (
        200,
        {"ok": True, "removed_zappis": [60_000_001]},
    )
    assert len(fleet.hubs) == 3 + 1999
    status, _ = apply_control(fleet, "GET", "/_control/zappi/60000001", {})
    assert status == 404


async def test_control_of_one_zappi_leaves_the_rest_of_the_fleet_alone(
    mock_clock: trio.testing.MockClock,
) -> None:
    fleet = fleet_from_config(synthetic_fleet_config(500))
    fleet.now()
    mock_clock.jump(60)
    status, _ = apply_control(fleet, "POST", "/_control/zappi/40000042/plug", {})
    assert status == 200
    status, state = apply_control(fleet, "GET", "/_control/zappi/40000042", {})
    assert status == 200 and isinstance(state, dict) and state["plugged"] is True
    touched = [hub.serial for hub in fleet.hubs.values() if hub.synced_to is not None]
    assert touched == ["30000042"]


async def test_traffic_is_counted_per_connection_and_status(nursery: trio.Nursery) -> None:
    fleet = fleet_from_config(synthetic_fleet_config(3))
    port = await nursery.start(serve_simulator, fleet, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{port}"
    async with HttpClient(timeout_s=5) as http:
        auths = {serial: DigestAuth(serial, hub.api_key) for serial, hub in fleet.hubs.items()}
        for auth in auths.values():
            await http.get(f"{url}/cgi-jstatus-*", auth=auth)
        first = next(iter(fleet.hubs))
        await http.get(f"{url}/cgi-jstatus-*", auth=auths[first])  # the challenge is reused
        stats = (await http.get(f"{url}/_control/stats")).json()
        by_hub = (await http.get(f"{url}/_control/stats/hubs")).json()
    assert stats == {
        "connections_opened": 1,
        "connections_open": 1,
        "requests": 7,
        "by_status": {"200": 4, "401": 3},
    }
    # the first request of each hub had no credentials yet (a 401 naming nobody)
    assert by_hub == {"hubs": {first: 2, **{s: 1 for s in list(fleet.hubs)[1:]}}}


async def test_simulate_serves_a_synthetic_fleet() -> None:
    options = ("--hubs", "50", "--zappis-per-hub", "2", "--charging-fraction", "0.5")
    async with simulate_process(*options) as url, HttpClient(timeout_s=10) as http:
        auth = DigestAuth("30000049", "key-30000049")
        reply = (await http.get(f"{url}/cgi-jstatus-Z", auth=auth)).json()
        zappi = (await http.get(f"{url}/_control/zappi/40000099")).json()
    assert isinstance(reply, dict) and [z["sno"] for z in reply["zappi"]] == [40000098, 40000099]
    assert isinstance(zappi, dict) and zappi["plugged"] is True and zappi["mode"] == "FAST"
