"""The simulated zappi's behaviour, driven directly in simulated seconds (no HTTP, no clock)."""

from __future__ import annotations

import pytest
import trio
import trio.testing

from generated.myenergi import ChargeMode, CommandTimer, LockBits, ZappiState
from runtime.myenergi.simulator.clock import SimClock
from runtime.myenergi.simulator.zappi import PendingCommand, ZappiModel
from runtime.myenergi.simulator.zappi_values import zappi_values


def _fast_unit(**kwargs: object) -> ZappiModel:
    zappi = ZappiModel(serial=21000001, mode=ChargeMode.FAST, transition_s=0, **kwargs)  # type: ignore[arg-type]
    return zappi


def test_unplugged_unit_is_idle() -> None:
    zappi = _fast_unit()
    assert zappi.state() == ("A", 1, ZappiState.EV_DISC)
    assert zappi.power_w() == 0
    assert zappi.lck == LockBits.CHARGE_SESSION_ALLOWED  # no lock configured: 16, as recorded


def test_fast_charging_adds_energy_with_power_over_time() -> None:
    zappi = _fast_unit()
    zappi.plug_in(ev_wants_kwh=50)
    assert zappi.state() == ("C2", 3, ZappiState.EVSE_CHARGING)
    power = zappi.power_w()
    assert power == round(32 * 240.0)  # 32 A at 240.0 V
    zappi.advance(1800)
    assert zappi.che_kwh == pytest.approx(power / 1000 / 2, rel=1e-6)
    values = zappi_values(zappi, 1800)
    assert values["div"] == power and values["che"] == round(zappi.che_kwh, 2)
    assert values["pwm"] == 5333  # 32 A ⇒ 53.33 % duty (IEC 61851)


def test_charging_stops_when_the_car_is_full() -> None:
    zappi = _fast_unit()
    zappi.plug_in(ev_wants_kwh=1.0)
    zappi.advance(3600)
    assert zappi.che_kwh == pytest.approx(1.0, abs=0.01)
    assert zappi.state() == ("B2", 5, ZappiState.EV_CHARGE_COMPLETE)
    assert zappi.power_w() == 0


def test_pin_lock_7_then_23_after_pin_entry() -> None:
    zappi = ZappiModel(serial=1, transition_s=0, lock_settings=LockBits(6), mode=ChargeMode.FAST)
    assert zappi.lck == 7  # locked when unplugged
    zappi.plug_in()
    assert zappi.lck == 7 and zappi.state()[0] == "B1" and zappi.power_w() == 0
    assert zappi.state()[2] == ZappiState.EVSE_LOCKED
    assert zappi.enter_pin("11111") is False and zappi.lck == 7
    assert zappi.enter_pin("44444") is True
    assert zappi.lck == 23 and zappi.state()[0] == "C2"
    zappi.unplug()
    assert zappi.lck == 7  # the next session needs the PIN again


def test_eco_plus_waits_for_surplus_then_charges_from_it() -> None:
    zappi = ZappiModel(
        serial=1, transition_s=0, mode=ChargeMode.ECO_PLUS, min_green_pct=100, house_load_w=500
    )
    zappi.plug_in()
    assert zappi.state() == ("B1", 1, ZappiState.EVSE_SURPLUS_AVAILABLE)
    zappi.generation_w = 500 + 3000
    assert zappi.power_w() == 3000 and zappi.state()[0] == "C2"


def test_plugging_shows_the_short_connect_and_disconnect_states() -> None:
    zappi = ZappiModel(serial=1, mode=ChargeMode.FAST, transition_s=2.0)
    zappi.plug_in()
    assert zappi.state() == ("B1", 1, ZappiState.EV_CONNECTED_START) and zappi.power_w() == 0
    zappi.advance(2.5)
    assert zappi.state()[0] == "C2"
    zappi.unplug()
    assert zappi.state() == ("A", 1, ZappiState.EV_JUST_DISCONNECTED)
    zappi.advance(2.5)
    assert zappi.state() == ("A", 1, ZappiState.EV_DISC)


def test_commands_take_effect_late_with_cmt_counting_up() -> None:
    zappi = _fast_unit()
    zappi.queue(PendingCommand("mode ECO", lambda z: z.apply_mode(ChargeMode.ECO), delay_s=3.0))
    assert zappi.cmt == 1
    zappi.advance(1.5)
    assert zappi.cmt == 2 and zappi.mode is ChargeMode.FAST
    zappi.advance(2.0)
    assert zappi.cmt == CommandTimer.SUCCESS and zappi_values(zappi, 3.5)["zmo"] == ChargeMode.ECO
    assert zappi.pending is None


def test_a_failed_command_leaves_cmt_253_and_the_state_unchanged() -> None:
    zappi = _fast_unit()
    zappi.queue(
        PendingCommand("stop", lambda z: z.apply_mode(ChargeMode.STOP), delay_s=1.0, fail=True)
    )
    zappi.advance(2)
    assert zappi.cmt == CommandTimer.FAILURE and zappi.mode is ChargeMode.FAST


def test_manual_boost_ends_after_its_energy() -> None:
    zappi = ZappiModel(serial=1, transition_s=0, mode=ChargeMode.ECO_PLUS)
    zappi.plug_in()
    zappi.apply_manual_boost(2)
    assert zappi.state()[1] == 4  # boosting
    zappi.advance(3600)
    assert not zappi.manual_boost
    assert zappi.che_kwh == pytest.approx(2.0, abs=0.01)


def test_fault_shows_pst_f_with_the_fault_code() -> None:
    zappi = _fast_unit()
    zappi.plug_in()
    zappi.set_fault(ZappiState.EVSE_FAULT_PE)
    assert zappi.state() == ("F", 1, ZappiState.EVSE_FAULT_PE) and zappi.power_w() == 0
    assert zappi_values(zappi, 0)["zs"] == 25 * 256 + 2
    zappi.set_fault(None)
    assert zappi.state()[0] == "C2"


def test_firmware_update_restarts_the_unit_and_changes_fwv() -> None:
    zappi = _fast_unit()
    zappi.start_firmware_update("3562S5.800", duration_s=30)
    assert zappi.state()[2] == ZappiState.EVSE_RESTARTING
    assert zappi_values(zappi, 0)["newBootloaderAvailable"] is True
    zappi.advance(29)
    assert zappi.firmware == "3562S5.782"
    zappi.advance(2)
    assert zappi.firmware == "3562S5.800" and zappi_values(zappi, 31)["fwv"] == "3562S5.800"
    assert zappi.state()[2] == ZappiState.EV_DISC


async def test_the_simulated_clock_runs_faster_and_can_skip(
    mock_clock: trio.testing.MockClock,
) -> None:
    clock = SimClock(factor=10)
    start = clock.now()
    mock_clock.jump(2)
    assert clock.now() - start == pytest.approx(20)
    clock.set_factor(1)
    mock_clock.jump(1)
    assert clock.now() - start == pytest.approx(21)
    clock.skip(100)
    assert clock.now() - start == pytest.approx(121)
    assert clock.real_seconds(50) == 50
