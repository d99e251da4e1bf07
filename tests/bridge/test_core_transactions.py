"""The core's transactions: when they start and stop, with which idTag, reason and meter."""

from __future__ import annotations

from core_helpers import (
    T0,
    TAG,
    authorizations,
    charging,
    commands,
    harness,
    plugged,
    queued,
    reboots,
    status_names,
    zappi,
)

from generated.payloads import AuthorizationStatus, GenericStatus

STOP, FAST, ECO = ("set_mode", 4), ("set_mode", 1), ("set_mode", 2)
UNLOCK = ("unlock", None)


def test_free_charging_starts_with_the_chargers_tag_after_preparing() -> None:
    h = harness()
    h.observe(zappi())
    effects = h.observe(plugged())
    assert status_names(effects)[0] == "Preparing"  # reported before the transaction starts
    (start,) = queued(effects, "StartTransaction")
    assert start.payload["idTag"] == TAG
    assert start.payload["connectorId"] == 1
    assert start.payload["meterStart"] == 0
    assert start.payload["timestamp"] == "2027-01-15T08:00:00Z"


def test_without_free_charging_a_plugged_car_waits_for_authorization_in_stop_mode() -> None:
    h = harness(FreeCharging="false")
    h.observe(zappi())
    effects = h.observe(plugged())
    assert status_names(effects) == ["Preparing"]
    assert queued(effects) == []
    assert commands(effects) == [STOP]
    assert commands(h.observe(plugged(zmo=4), T0 + 1)) == []  # once per plug-in


def test_remote_start_unlocks_switches_mode_and_starts() -> None:
    h = harness(FreeCharging="false", OCPPChargeMode="ECO")
    h.observe(plugged())
    status, effects = h.core.remote_start(None, "CARD1", T0)
    assert status is GenericStatus.ACCEPTED
    assert commands(effects) == [UNLOCK, ECO]
    (start,) = queued(effects, "StartTransaction")
    assert start.payload["idTag"] == "CARD1"


def test_remote_start_is_rejected_for_connector_zero_other_connectors_and_a_busy_one() -> None:
    h = harness()
    h.observe(plugged())  # FreeCharging: a transaction runs
    assert h.core.remote_start(0, "CARD1", T0)[0] is GenericStatus.REJECTED  # TC_027
    assert h.core.remote_start(2, "CARD1", T0)[0] is GenericStatus.REJECTED
    assert h.core.remote_start(1, "CARD1", T0)[0] is GenericStatus.REJECTED  # TC_026


def test_remote_start_is_rejected_while_the_cloud_is_away() -> None:
    from generated.status_table import CloudState

    h = harness(FreeCharging="false")
    h.observe(plugged())
    h.core.cloud_failed(CloudState.UNREACHABLE, T0)
    assert h.core.remote_start(1, "CARD1", T0)[0] is GenericStatus.REJECTED


def test_remote_start_first_waits_for_the_car_until_connection_timeout() -> None:
    h = harness(FreeCharging="false", ConnectionTimeOut="30")
    h.observe(zappi())
    status, effects = h.core.remote_start(None, "CARD1", T0)
    assert status is GenericStatus.ACCEPTED
    assert queued(effects) == []
    assert h.core.next_deadline() == T0 + 30
    assert queued(h.observe(plugged(), T0 + 10), "StartTransaction")  # TC_011_1


def test_connection_timeout_ends_the_authorization() -> None:
    h = harness(FreeCharging="false", ConnectionTimeOut="30")
    h.observe(zappi())
    h.core.remote_start(None, "CARD1", T0)
    assert h.core.tick(T0 + 29) == []
    effects = h.core.tick(T0 + 30)  # TC_011_2
    assert commands(effects) == [STOP]  # the unlocked zappi must not charge freely
    assert queued(h.observe(plugged(), T0 + 40)) == []


def test_remote_stop_only_for_the_running_transaction() -> None:
    h = harness()
    h.observe(plugged())
    assert h.core.remote_stop(99, 1001, T0)[0] is GenericStatus.REJECTED  # TC_028
    status, effects = h.core.remote_stop(1001, 1001, T0 + 5)
    assert status is GenericStatus.ACCEPTED
    assert commands(effects) == [STOP]
    (stop,) = queued(effects, "StopTransaction")
    assert stop.payload["reason"] == "Remote"
    assert status_names(effects) == ["Finishing"]
    unplug = h.observe(zappi(), T0 + 9)
    assert queued(unplug) == []  # stopped once only
    assert status_names(unplug) == ["Available"]


def test_finishing_car_does_not_start_again_by_free_charging() -> None:
    h = harness()
    h.observe(plugged())
    h.core.remote_stop(1001, 1001, T0)
    assert queued(h.observe(plugged(), T0 + 1)) == []
    assert queued(h.observe(zappi(), T0 + 2)) == []
    assert queued(h.observe(plugged(), T0 + 3), "StartTransaction")  # a new plug-in


def test_unplug_stops_with_ev_disconnected_and_returns_to_stop_mode() -> None:
    h = harness(FreeCharging="false")
    h.observe(plugged())
    h.core.remote_start(1, "CARD1", T0)
    effects = h.observe(zappi(), T0 + 60)
    (stop,) = queued(effects, "StopTransaction")
    assert stop.payload["reason"] == "EVDisconnected"
    assert STOP in commands(effects)  # myenergi §6.3 with FreeCharging false


def test_unlock_connector_stops_and_unlocks() -> None:
    h = harness()
    h.observe(plugged())
    assert h.core.unlock(2, T0)[0].value == "NotSupported"  # TC_031
    status, effects = h.core.unlock(1, T0)
    assert status.value == "Unlocked"  # TC_018_1
    assert commands(effects) == [STOP, UNLOCK]
    assert queued(effects, "StopTransaction")[0].payload["reason"] == "UnlockCommand"


def test_unlock_without_a_transaction_only_unlocks() -> None:
    h = harness(FreeCharging="false")
    h.observe(zappi())
    status, effects = h.core.unlock(1, T0)  # TC_017_1
    assert status.value == "Unlocked"
    assert queued(effects) == []


def test_reset_stops_with_the_matching_reason_and_reboots() -> None:
    from generated.payloads import ResetType

    for kind, reason in ((ResetType.SOFT, "SoftReset"), (ResetType.HARD, "HardReset")):
        h = harness()
        h.observe(plugged())
        effects = h.core.reset(kind, T0)
        assert queued(effects, "StopTransaction")[0].payload["reason"] == reason
        (reboot,) = reboots(effects)
        assert reboot.after_queue is (kind is ResetType.SOFT)  # soft: the stop goes out first


def test_pin_entry_authorizes_the_virtual_tag() -> None:
    h = harness(FreeCharging="false")
    h.observe(plugged(lck=7))
    effects = h.observe(plugged(lck=23), T0 + 1)  # lck bit 4 rises while locked
    assert [(a.id_tag, a.remote) for a in authorizations(effects)] == [(TAG, False)]
    effects = h.core.authorize_answered(TAG, AuthorizationStatus.ACCEPTED, False, T0 + 2)
    (start,) = queued(effects, "StartTransaction")
    assert start.payload["idTag"] == TAG
    assert commands(effects) == [FAST]  # out of the Stop mode the plug-in put it in


def test_pin_blocked_stops_the_zappi_and_starts_nothing() -> None:
    h = harness(FreeCharging="false")
    h.observe(plugged(lck=7))
    h.observe(plugged(lck=23), T0 + 1)
    effects = h.core.authorize_answered(TAG, AuthorizationStatus.BLOCKED, False, T0 + 2)
    assert commands(effects) == [STOP]
    assert queued(effects) == []
    assert h.core.state.authorization.value == "rejected"
    assert queued(h.observe(plugged(lck=23), T0 + 3)) == []


def test_our_own_unlock_is_not_a_pin_entry() -> None:
    h = harness(FreeCharging="false")
    h.observe(zappi(lck=7))
    h.core.remote_start(None, "CARD1", T0)
    assert authorizations(h.observe(zappi(lck=23), T0 + 1)) == []
    h2 = harness(FreeCharging="false")
    h2.observe(plugged(lck=7))
    h2.core.unlock(1, T0)  # TC_017_1
    assert authorizations(h2.observe(plugged(lck=23), T0 + 1)) == []


def test_start_answered_invalid_keeps_charging_by_default() -> None:
    h = harness()
    h.observe(plugged())
    assert queued(h.core.start_answered("tx1", "Invalid", T0)) == []  # errata 3.17


def test_start_answered_invalid_stops_when_configured() -> None:
    h = harness(StopTransactionOnInvalidId="true")
    h.observe(plugged())
    effects = h.core.start_answered("tx1", "Blocked", T0)
    assert queued(effects, "StopTransaction")[0].payload["reason"] == "DeAuthorized"
    assert commands(effects) == [STOP]


def test_authorize_remote_tx_requests_sends_authorize_first() -> None:
    h = harness(FreeCharging="false", AuthorizeRemoteTxRequests="true")
    h.observe(plugged())
    status, effects = h.core.remote_start(1, "CARD1", T0)
    assert status is GenericStatus.ACCEPTED
    assert [(a.id_tag, a.remote) for a in authorizations(effects)] == [("CARD1", True)]
    assert queued(effects) == []
    effects = h.core.authorize_answered("CARD1", AuthorizationStatus.ACCEPTED, True, T0 + 1)
    assert commands(effects) == [UNLOCK, FAST]
    assert queued(effects, "StartTransaction")


def test_meter_start_and_stop_come_from_the_persisted_register() -> None:
    h = harness()
    h.observe(charging(che=2.0))  # the first che is a baseline, not energy delivered
    h.observe(charging(che=3.5), T0 + 60)
    assert h.core.state.register_wh == 1500
    _, effects = h.core.remote_stop(1001, 1001, T0 + 61)
    stop = queued(effects, "StopTransaction")[0].payload
    assert stop["meterStop"] == 1500


def test_a_transaction_survives_a_restart_and_stops_exactly_once() -> None:
    h = harness()
    h.observe(plugged())
    h.observe(charging(che=1.0), T0 + 10)
    again = h.restart()
    assert again.core.transaction is not None
    effects = again.observe(zappi(che=1.0), T0 + 20)
    assert [m.action for m in queued(effects)] == ["StopTransaction"]
    assert queued(again.observe(zappi(che=1.0), T0 + 30)) == []


def test_charge_mode_change_acts_on_a_running_session() -> None:
    h = harness()
    h.observe(plugged())
    h.config.set("OCPPChargeMode", "ECO")
    assert commands(h.core.config_changed("ocppchargemode", T0)) == [ECO]


def test_free_charging_switched_on_releases_a_held_car() -> None:
    h = harness(FreeCharging="false")
    h.observe(zappi())
    assert commands(h.observe(plugged(), T0 + 1)) == [STOP]
    h.config.set("FreeCharging", "true")
    effects = h.core.config_changed("FreeCharging", T0 + 2)
    assert commands(effects) == [FAST]
    assert queued(effects, "StartTransaction")
