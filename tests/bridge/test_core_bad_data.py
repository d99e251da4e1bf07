"""The core and bad data from the cloud (issue 13): a malformed object keeps the last good state
for the grace period of spec/status.yaml, then reports Faulted naming the field, once per
change; nothing in bad data is an event (no transition, no firmware update, no energy)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from core_helpers import T0, calls, charging, harness, plugged, queued, reboots, statuses, zappi
from hypothesis import given, settings
from hypothesis import strategies as st

from generated.payloads import GenericStatus, UnlockStatus
from generated.status_table import MALFORMED_GRACE_POLLS, CloudState
from runtime.bridge.register import advance_register
from runtime.myenergi.status import parse_status_reply

MALFORMED = ("Faulted", "OtherError", "myenergi cloud sent malformed data")


def _report(effects: list[Any], connector: int = 1) -> tuple[str, ...]:
    (one,) = statuses(effects, connector)
    return (one["status"], one["errorCode"], one.get("info"), one.get("vendorErrorCode"))


def test_the_grace_is_two_replies() -> None:
    assert MALFORMED_GRACE_POLLS == 2  # spec/status.yaml malformed_data; the tests below use it


def test_a_malformed_object_keeps_the_last_good_state_then_names_the_field() -> None:
    h = harness()
    h.observe(zappi())
    for poll in range(1, MALFORMED_GRACE_POLLS + 1):
        assert h.feed(h.core.malformed("sta", T0 + poll)) == []  # the last good state stands
    effects = h.feed(h.core.malformed("sta", T0 + 3))
    assert _report(effects) == (*MALFORMED, "malformed sta")
    assert _report(effects, 0) == (*MALFORMED, "malformed sta")  # the charge point is Faulted
    assert h.feed(h.core.malformed("sta", T0 + 4)) == []  # once per change, not per poll
    assert _report(h.feed(h.core.malformed("che", T0 + 5)))[3] == "malformed che"
    back = h.observe(zappi(), T0 + 6)  # sane again: normal status with that very poll
    assert _report(back)[:2] == ("Available", "NoError") and _report(back, 0)[0] == "Available"


def test_without_a_good_object_yet_the_malformed_state_shows_at_once() -> None:
    h = harness()
    assert _report(h.feed(h.core.malformed("pst", T0)))[3] == "malformed pst"


def test_after_a_cloud_failure_there_is_no_fresh_state_to_keep() -> None:
    h = harness()
    h.observe(zappi())
    assert _report(h.feed(h.core.cloud_failed(CloudState.UNREACHABLE, T0 + 1)))[2] == (
        "myenergi cloud unreachable"
    )
    assert _report(h.feed(h.core.malformed("lck", T0 + 2)))[2:] == (
        "myenergi cloud sent malformed data",
        "malformed lck",
    )


def test_alternating_good_and_bad_replies_never_flap() -> None:
    h = harness()
    h.observe(charging(che=1.0))
    for poll in range(1, 21):
        if poll % 2:
            assert h.feed(h.core.malformed("sta", T0 + poll)) == []
        else:
            assert statuses(h.observe(charging(che=1.0), T0 + poll)) == []


def test_a_blip_of_malformed_state_is_held_by_minimum_status_duration() -> None:
    h = harness(MinimumStatusDuration="10")
    h.observe(zappi())
    held = [e for poll in range(1, 4) for e in h.feed(h.core.malformed("zmo", T0 + poll))]
    assert statuses(held) == []  # the Faulted is held, not sent
    assert statuses(h.observe(zappi(), T0 + 5)) == []
    assert statuses(h.core.tick(T0 + 13)) == []  # it did not last: never reported
    for poll in range(20, 23):
        h.feed(h.core.malformed("zmo", T0 + poll))
    assert _report(h.core.tick(T0 + 32))[3] == "malformed zmo"  # it lasted: reported


def test_a_transaction_survives_malformed_objects_and_no_meter_value_is_invented() -> None:
    h = harness(MeterValueSampleInterval="10")
    h.observe(charging(che=1.0))
    assert queued(h.effects, "StartTransaction")
    for poll in range(1, 8):
        h.feed(h.core.malformed("pst", T0 + poll))
    assert queued(h.core.tick(T0 + 10), "MeterValues") == []  # nothing fresh to sample
    assert h.core.remote_start(None, "CARD", T0 + 11)[0] is GenericStatus.REJECTED
    assert h.core.unlock(1, T0 + 11)[0] is UnlockStatus.UNLOCK_FAILED
    effects = h.observe(charging(che=1.2), T0 + 12)
    assert _report(effects)[0] == "Charging"
    assert queued(h.effects, "StopTransaction") == [] and len(queued(h.effects, "StartTransaction")) == 1
    assert h.core.state.register_wh == 200


def test_within_the_grace_the_last_good_state_still_serves_requests() -> None:
    h = harness(FreeCharging="false")
    h.observe(plugged())
    h.feed(h.core.malformed("sta", T0 + 1))
    assert h.core.remote_start(None, "CARD", T0 + 2)[0] is GenericStatus.ACCEPTED


@pytest.mark.parametrize(
    ("field", "value"), [("pst", "Z9"), ("zmo", 7), ("pst", None), ("sta", "banana")]
)
def test_a_plug_state_or_mode_outside_the_table_is_no_transition(field: str, value: object) -> None:
    h = harness(FreeCharging="true")
    good = {"sno": 21000001, "pst": "C2", "sta": 3, "zmo": 1, "zsh": 12, "div": 7200, "che": 1.0,
            "lck": 16, "cmt": 254, "fwv": "3562S5.782", "vol": 2400, "frq": 50.0, "grd": 0}
    h.observe(parse_status_reply({"zappi": [good]}, "h", "x")["21000001"])
    assert len(queued(h.effects, "StartTransaction")) == 1
    after: list[Any] = []
    for poll in range(1, 6):
        reply = parse_status_reply({"zappi": [{**good, field: value}]}, "h", "x")
        problem = reply.malformed["21000001"]
        assert problem.field == field
        after += h.feed(h.core.malformed(problem.field, T0 + poll))
    assert queued(after) == []  # no StopTransaction, no meter value
    assert [r["status"] for r in statuses(after)] == ["Faulted"]


# --- firmware: only a version that parses and differs ----------------------------------------


@pytest.mark.parametrize("fwv", ["", "   ", "garbage", "3562S", "3401S3077", None])
def test_a_firmware_that_is_no_version_is_no_update(fwv: str | None) -> None:
    h = harness()
    h.observe(zappi())
    h.feed(h.core.update_firmware("ftp://example.invalid/fw.bin", T0))
    effects = h.observe(zappi(fwv=fwv), T0 + 1)
    assert reboots(effects) == [] and calls(effects, "FirmwareStatusNotification") == []
    assert h.core.firmware == "3562S5.782"
    assert h.core.boot_request().to_payload()["firmwareVersion"] == "3562S5.782"
    effects = h.observe(zappi(), T0 + 2)  # and the good one coming back is no update either
    assert reboots(effects) == [] and calls(effects, "FirmwareStatusNotification") == []
    effects = h.observe(zappi(fwv="3562S5.800"), T0 + 3)  # a real update still is one
    assert len(reboots(effects)) == 1 and len(calls(effects, "FirmwareStatusNotification")) == 1


def test_the_same_version_written_differently_is_no_update() -> None:
    h = harness()
    h.observe(zappi())
    assert reboots(h.observe(zappi(fwv=" 3562S5.782 "), T0 + 1)) == []


# --- the energy register -----------------------------------------------------------------------


def test_che_going_backwards_without_a_plug_cycle_is_not_energy(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    h = harness()
    h.observe(charging(che=12.5))
    h.observe(charging(che=12.0), T0 + 1)  # a glitch
    h.observe(charging(che=0.0), T0 + 2)  # che missing reads as 0
    assert h.core.state.register_wh == 0
    h.observe(charging(che=12.6), T0 + 3)  # back: counts from where it stood
    assert h.core.state.register_wh == pytest.approx(100)
    drops = [r for r in caplog.records if r.getMessage() == "meter.che_dropped"]
    assert len(drops) == 1  # once per drop, not per poll
    h.observe(charging(che=12.0), T0 + 4)
    assert len([r for r in caplog.records if r.getMessage() == "meter.che_dropped"]) == 2


def test_che_restarting_at_a_plug_cycle_is_a_new_session() -> None:
    h = harness()
    h.observe(charging(che=12.5))
    h.observe(zappi(che=12.5), T0 + 1)  # unplugged: the last session's energy stays shown
    h.observe(charging(che=0.4), T0 + 2)  # plugged in again: a new session
    assert h.core.state.register_wh == pytest.approx(400)
    h.observe(plugged(che=12.5), T0 + 3)  # (a car plugged in, no unplug seen: not counted)
    h.observe(zappi(che=0.0), T0 + 4)  # unplugged and che reset at once: a boundary
    h.observe(charging(che=1.0), T0 + 5)
    assert h.core.state.register_wh == pytest.approx(400 + 12100 + 1000)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(steps=st.lists(st.tuples(st.floats(0, 100_000), st.booleans()), min_size=1, max_size=30))
def test_the_register_never_decreases_and_a_glitch_never_adds(steps: list[Any]) -> None:
    register, baseline = 0.0, None
    for che, boundary in steps:
        before = register
        register, baseline_after, dropped = advance_register(
            register, baseline, che, boundary=boundary
        )
        assert register >= before
        if dropped:  # not counted, and the baseline holds
            assert register == before and baseline_after == baseline
        baseline = baseline_after
    # a glitch and its return add nothing beyond the true increase
    glitch, _, _ = advance_register(register, baseline, (baseline or 0) / 2, boundary=False)
    again, _, _ = advance_register(glitch, baseline, baseline or 0, boundary=False)
    assert again == register
