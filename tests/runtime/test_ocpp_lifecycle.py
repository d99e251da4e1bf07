"""Boot/heartbeat state machine (OCPP 1.6 §4.2, §4.6), driven by explicit time values."""

from __future__ import annotations

import math

import pytest

from generated.messages import ACTIONS
from runtime.ocpp.lifecycle import BootPhase, Lifecycle


def test_fresh_start_boots_first_and_sends_nothing_else() -> None:
    lc = Lifecycle(heartbeat_interval=300)
    assert lc.boot_due(0)
    assert not lc.may_send()
    lc.boot_sent()
    assert not lc.boot_due(0)
    assert lc.next_wakeup(0) == math.inf


def test_accepted_adopts_interval_and_schedules_heartbeat() -> None:
    lc = Lifecycle(heartbeat_interval=300)
    lc.boot_sent()
    lc.boot_answered("Accepted", 60, now=10)
    assert lc.may_send() and lc.heartbeat_interval == 60
    assert not lc.heartbeat_due(69.9)
    assert lc.heartbeat_due(70)
    assert lc.next_wakeup(20) == 70
    lc.traffic(50)
    assert not lc.heartbeat_due(70)
    assert lc.next_wakeup(70) == 110


def test_accepted_with_zero_interval_keeps_configured_interval() -> None:
    lc = Lifecycle(heartbeat_interval=300)
    lc.boot_answered("Accepted", 0, now=0)
    assert lc.heartbeat_interval == 300


def test_heartbeat_interval_zero_disables_heartbeats() -> None:
    lc = Lifecycle(heartbeat_interval=300)
    lc.boot_answered("Accepted", 0, now=0)
    lc.heartbeat_interval = 0
    assert not lc.heartbeat_due(10_000)
    assert lc.next_wakeup(5) == math.inf


def test_pending_answers_calls_sends_nothing_and_retries_no_sooner_than_interval() -> None:
    lc = Lifecycle(heartbeat_interval=300)
    lc.boot_sent()
    lc.boot_answered("Pending", 30, now=100)
    assert lc.phase is BootPhase.PENDING
    assert lc.may_answer(100) and not lc.may_send()
    assert not lc.boot_due(129.9) and lc.boot_due(130)
    assert lc.next_wakeup(100) == 130
    assert lc.pending_answer("RemoteStartTransaction") == {"status": "Rejected"}
    assert lc.pending_answer("RemoteStopTransaction") == {"status": "Rejected"}
    assert lc.pending_answer("GetConfiguration") is None


def test_rejected_is_silent_until_the_interval_has_passed() -> None:
    lc = Lifecycle(heartbeat_interval=300)
    lc.boot_sent()
    lc.boot_answered("Rejected", 20, now=0)
    assert not lc.may_answer(19.9) and not lc.may_send()
    assert lc.may_answer(20) and lc.boot_due(20)


def test_zero_interval_falls_back_to_own_backoff() -> None:
    lc = Lifecycle(heartbeat_interval=300, boot_retry=45)
    lc.boot_answered("Pending", 0, now=0)
    assert lc.next_wakeup(0) == 45


def test_failed_boot_retries_after_boot_retry() -> None:
    lc = Lifecycle(heartbeat_interval=300, boot_retry=15)
    lc.boot_sent()
    lc.boot_failed(now=5)
    assert not lc.boot_due(19) and lc.boot_due(20)


def test_reconnect_keeps_acceptance_but_a_lost_boot_is_resent() -> None:
    lc = Lifecycle(heartbeat_interval=300)
    lc.boot_answered("Accepted", 60, now=0)
    lc.connection_lost()
    assert lc.accepted and not lc.boot_due(1)
    lc.reboot()
    assert lc.boot_due(1) and not lc.may_send()
    lc.boot_sent()
    lc.connection_lost()
    assert lc.boot_due(1)


def test_pending_answers_do_not_apply_once_accepted() -> None:
    lc = Lifecycle(heartbeat_interval=300)
    lc.boot_answered("Accepted", 60, now=0)
    assert lc.pending_answer("RemoteStartTransaction") is None


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_pending_answers_follow_the_while_pending_column(action: str) -> None:
    lc = Lifecycle(heartbeat_interval=300)
    lc.boot_sent()
    lc.boot_answered("Pending", 30, now=0)
    assert lc.pending_answer(action) == ACTIONS[action].while_pending
    lc.boot_answered("Accepted", 30, now=1)
    assert lc.pending_answer(action) is None
