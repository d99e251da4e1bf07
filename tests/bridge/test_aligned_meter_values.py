"""Clock-aligned MeterValues (OCPP 1.6 §3.16): instantaneous measurands are the time-weighted
mean of the snapshots over the interval, the register is its value at the boundary, and the
value carries the interval's start as its timestamp."""

from __future__ import annotations

import gc
import tracemalloc
from typing import Any

import pytest
from core_helpers import IDLE, T0, calls, charging, harness, queued, zappi

from generated.measurands import ROWS
from generated.status_table import CloudState
from runtime.bridge.averaging import IntervalAverages, aligned_samples
from runtime.bridge.metering import clock_aligned_start

ALIGNED = "Energy.Active.Import.Register,Power.Active.Import"


def outlet_power(averages: Any) -> float:
    (index,) = [
        i
        for i, row in enumerate(ROWS)
        if row.measurand == "Power.Active.Import" and row.location == "Outlet"
    ]
    return float(averages[index])


def by_name(value: dict[str, Any]) -> dict[str, str]:
    """sampledValue values keyed by measurand, ``#location`` added for the inlet."""
    named = {}
    for s in value["sampledValue"]:
        suffix = "#Inlet" if s.get("location") == "Inlet" else ""
        named[s["measurand"] + suffix] = s["value"]
    return named


def test_readings_average_by_the_time_each_stood() -> None:
    averages = IntervalAverages()
    averages.hold({**IDLE, "div": 3000}, 0)
    averages.hold({**IDLE, "div": 6000}, 600)
    assert outlet_power(averages.close(900)) == pytest.approx(4000)  # (3×600 + 6×300) / 900
    # nothing new: the 6 kW snapshot stands for the whole next interval
    assert outlet_power(averages.close(1800)) == pytest.approx(6000)


def test_a_poll_handled_after_the_boundary_counts_only_up_to_it() -> None:
    averages = IntervalAverages()
    averages.hold({**IDLE, "div": 3000}, 0)
    averages.hold({**IDLE, "div": 6000}, 950)  # answered before the boundary's tick
    assert outlet_power(averages.close(900)) == pytest.approx(3000)
    # 900..950 at 3 kW belongs to the next interval
    assert outlet_power(averages.close(1800)) == pytest.approx((3 * 50 + 6 * 850) / 900 * 1000)


def test_an_outage_adds_no_time_and_a_fully_dark_interval_has_no_value() -> None:
    averages = IntervalAverages()
    averages.hold({**IDLE, "div": 3000}, 0)
    averages.hold({**IDLE, "div": 6000}, 300)
    averages.hold(None, 450)  # the poll failed: from here nothing is known
    assert outlet_power(averages.close(900)) == pytest.approx(4000)  # (3×300 + 6×150) / 450
    assert averages.close(1800) is None
    averages.hold({**IDLE, "div": 1000}, 2000)
    assert outlet_power(averages.close(2700)) == pytest.approx(1000)


def test_restart_forgets_the_time_before_it() -> None:
    averages = IntervalAverages()
    averages.hold({**IDLE, "div": 9000}, 0)
    averages.hold({**IDLE, "div": 3000}, 400)
    averages.restart(500)  # e.g. ClockAlignedDataInterval changed
    assert outlet_power(averages.close(900)) == pytest.approx(3000)


def test_the_register_is_taken_as_given_never_averaged() -> None:
    averages = IntervalAverages()
    averages.hold({**IDLE, "div": 3000}, 0)
    result = averages.close(900)
    assert result is not None
    samples = aligned_samples(["Energy.Active.Import.Register"], result, {"energy_import_wh": 42})
    assert [(s.measurand, s.value) for s in samples] == [("Energy.Active.Import.Register", "42")]


def test_interval_start_is_the_slot_holding_now() -> None:
    assert clock_aligned_start(T0 + 899, 900) == T0
    assert clock_aligned_start(T0 + 900, 900) == T0 + 900
    # 7 h slots from midnight: 00, 07, 14, 21; the last is cut at midnight
    assert clock_aligned_start(T0 - 8 * 3600 + 23 * 3600, 7 * 3600) == T0 - 8 * 3600 + 21 * 3600


def test_core_sends_averages_and_the_boundary_register_stamped_with_the_interval_start() -> None:
    h = harness(
        ClockAlignedDataInterval="900",
        MeterValueSampleInterval="0",
        MeterValuesAlignedData=ALIGNED,
        StopTxnAlignedData="Power.Active.Import",
    )
    h.feed(h.core.start(T0))
    h.observe(charging(che=1.0, div=3000, grd=3300), T0)  # the baseline: register 0
    h.observe(charging(che=2.0, div=6000, grd=6300), T0 + 600)  # register 1000
    h.observe(charging(che=2.5, div=6000, grd=6300), T0 + 850)  # register 1500
    (meter,) = queued(h.core.tick(T0 + 900), "MeterValues")
    (value,) = meter.payload["meterValue"]
    assert value["timestamp"] == "2027-01-15T08:00:00Z"  # the start of 08:00-08:15
    assert {s["context"] for s in value["sampledValue"]} == {"Sample.Clock"}
    assert by_name(value) == {
        "Energy.Active.Import.Register": "1500",  # at the boundary
        "Power.Active.Import": "4000",  # (3000 W × 600 s + 6000 W × 300 s) / 900 s
        "Power.Active.Import#Inlet": "4300",
    }
    # StopTxnAlignedData takes the same interval's averages
    _, effects = h.core.remote_stop(1001, 1001, T0 + 901)
    data = queued(effects, "StopTransaction")[0].payload["transactionData"]
    (clock,) = [v for v in data if v["sampledValue"][0]["context"] == "Sample.Clock"]
    assert clock["timestamp"] == "2027-01-15T08:00:00Z"
    assert by_name(clock) == {"Power.Active.Import": "4000", "Power.Active.Import#Inlet": "4300"}


def test_core_skips_an_interval_without_any_reading() -> None:
    h = harness(
        ClockAlignedDataInterval="900", MeterValueSampleInterval="0", FreeCharging="false"
    )
    h.feed(h.core.start(T0))
    h.observe(zappi(div=0), T0)
    h.feed(h.core.cloud_failed(CloudState.UNREACHABLE, T0 + 300))
    (first,) = calls(h.core.tick(T0 + 900), "MeterValues")  # 0..300 was seen
    assert first.payload["meterValue"][0]["timestamp"] == "2027-01-15T08:00:00Z"
    assert calls(h.core.tick(T0 + 1800), "MeterValues") == []  # dark the whole time
    assert h.core.next_deadline() == T0 + 2700  # the schedule goes on
    h.observe(zappi(), T0 + 2000)
    (back,) = calls(h.core.tick(T0 + 2700), "MeterValues")
    assert back.payload["meterValue"][0]["timestamp"] == "2027-01-15T08:30:00Z"


def test_forget_before_keeps_only_the_snapshot_standing_now() -> None:
    averages = IntervalAverages()
    averages.hold({**IDLE, "div": 9000}, 0)
    averages.hold({**IDLE, "div": 3000}, 400)
    averages.forget_before(500)  # nothing was being averaged until now
    assert outlet_power(averages.close(900)) == pytest.approx(3000)
    averages.hold(None, 950)
    averages.forget_before(1000)
    assert averages.close(1800) is None  # nothing stands after a failed poll


def test_without_clock_aligned_values_a_long_run_keeps_no_history() -> None:
    """ClockAlignedDataInterval 0 (the default): nothing closes an interval, so nothing may
    pile up per poll (10,000 chargers polled every 15 s for weeks). Enabling it later averages
    from that moment on, with the snapshot that stands then."""
    h = harness(ClockAlignedDataInterval="0", MeterValueSampleInterval="0",
                MeterValuesAlignedData=ALIGNED)  # fmt: skip
    h.feed(h.core.start(T0))
    tracemalloc.start()
    try:
        for poll in range(100):
            h.observe(charging(che=1.0, div=2000 + poll, grd=2300), T0 + 15 * poll)
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for poll in range(100, 2100):
            h.observe(charging(che=1.0, div=2000 + poll, grd=2300), T0 + 15 * poll)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 20_000  # one span per poll was 2,000 × 560 B
    enabled_at = T0 + 15 * 2100
    h.config.set("ClockAlignedDataInterval", "900")
    h.feed(h.core.config_changed("ClockAlignedDataInterval", enabled_at))
    boundary = clock_aligned_start(enabled_at, 900) + 900
    effects = h.core.tick(boundary)
    (meter,) = calls(effects, "MeterValues") + queued(effects, "MeterValues")
    assert by_name(meter.payload["meterValue"][0])["Power.Active.Import"] == "4099"
