"""End to end, Core and Remote Trigger without a car: boot (TC_001, TC_002), configuration
(TC_019, TC_021, TC_040_1, TC_040_2), TriggerMessage (TC_054, TC_055), the fixed answers and
every action the table marks unsupported, HTTP Basic auth."""

from __future__ import annotations

import itertools
import ssl
import time
from typing import Any

import pytest
import trio
import trustme

from generated.config_keys import CONFIG_KEYS, Access
from generated.messages import ACTIONS, Origin, SupportStatus
from tests.e2e.harness import FIRMWARE, World, error_code, result, unparseable_log_lines
from tests.support.csms import TestCsms

pytestmark = pytest.mark.slow


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _boot_sequence(*answers: tuple[str, int]) -> Any:
    """A BootNotification reply that gives ``answers`` in turn, then repeats the last."""
    given: list[int] = []

    def reply(charge_box: str, request: dict[str, Any]) -> dict[str, Any]:
        status, interval = answers[min(len(given), len(answers) - 1)]
        given.append(1)
        return {"status": status, "currentTime": _now(), "interval": interval}

    return reply


async def test_tc001_cold_boot_rejected_then_accepted_reports_available_and_heartbeats(
    world: World,
) -> None:
    world.csms.script.reply("BootNotification", _boot_sequence(("Rejected", 2), ("Accepted", 1)))
    charger = world.charger()
    with trio.fail_after(40):
        world.start_bridge(world.write_config([charger]))
        first = await world.wait_call(charger, "BootNotification", within=15)
        assert first == {
            "chargePointVendor": "myenergi",
            "chargePointModel": "zappi",
            "chargePointSerialNumber": charger.serial,
            "firmwareVersion": FIRMWARE,
        }
        await world.wait_call(charger, "BootNotification", count=2, within=10)
        boots = world.timed_calls(charger, "BootNotification")
        # Rejected: wait at least the interval, and send nothing else meanwhile (OCPP 1.6 §4.2)
        assert boots[1][0] - boots[0][0] >= 1.8
        assert world.actions(charger)[:2] == ["BootNotification", "BootNotification"]
        # Accepted: StatusNotification for connector 0 and connector 1, then Heartbeats
        await world.wait_status(charger, "Available", connector=0)
        await world.wait_status(charger, "Available", connector=1)
        await world.wait_call(charger, "Heartbeat", count=3, within=6)
        beats = [at for at, _ in world.timed_calls(charger, "Heartbeat")]
        gaps = [b - a for a, b in itertools.pairwise(beats)]
        assert all(0.7 <= gap <= 2.0 for gap in gaps), gaps


async def test_tc002_cold_boot_pending_answers_configuration_then_boots_again(world: World) -> None:
    world.csms.script.reply("BootNotification", _boot_sequence(("Pending", 4), ("Accepted", 300)))
    charger = world.charger()
    with trio.fail_after(40):
        world.start_bridge(world.write_config([charger]))
        await world.wait_call(charger, "BootNotification", within=15)
        # While Pending the CSMS may configure the charger; the charger sends nothing else.
        keys = await world.get_config(charger)
        assert len(keys) - 1 > 20
        await world.configure(charger, MeterValueSampleInterval=10)
        assert world.actions(charger) == ["BootNotification"]
        await world.wait_call(charger, "BootNotification", count=2, within=10)
        await world.wait_status(charger, "Available", connector=0)
        await world.wait_status(charger, "Available", connector=1)
        keys = await world.get_config(charger, "MeterValueSampleInterval")
        assert keys["MeterValueSampleInterval"]["value"] == "10"


async def test_tc019_get_configuration_returns_every_readable_key_and_names_unknown_ones(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(30):
        await world.run(charger)
        everything = await world.get_config(charger)
        expected = {k.name for k in CONFIG_KEYS.values() if k.access is not Access.WRITE_ONLY}
        assert set(everything) - {"_unknown"} == expected
        for key in CONFIG_KEYS.values():
            if key.access is not Access.WRITE_ONLY:
                assert everything[key.name]["readonly"] is (key.access is Access.READ_ONLY), (
                    key.name
                )
        assert "AuthorizationKey" not in everything
        assert everything["NumberOfConnectors"]["value"] == "1"
        assert everything["AuthorizeRemoteTxRequests"]["value"].lower() == "false"
        profiles = everything["SupportedFeatureProfiles"]["value"].split(",")
        assert "Core" in profiles and "SmartCharging" not in profiles
        # keys are case-insensitive; an unknown one is listed as unknownKey
        some = await world.get_config(charger, "heartbeatinterval", "NoSuchKey")
        assert some["HeartbeatInterval"]["value"].isdigit()
        assert some["_unknown"]["keys"] == ["NoSuchKey"]


async def test_tc021_change_configuration_is_read_back_and_survives_a_restart(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(45):
        bridge = await world.run(charger)
        await world.configure(charger, MeterValueSampleInterval=15)
        await world.configure(
            charger, metervaluessampleddata="Energy.Active.Import.Register,Voltage"
        )
        keys = await world.get_config(charger, "MeterValueSampleInterval", "MeterValuesSampledData")
        assert keys["MeterValueSampleInterval"]["value"] == "15"
        assert keys["MeterValuesSampledData"]["value"] == "Energy.Active.Import.Register,Voltage"
        bridge.signal(15)
        assert await bridge.wait_exit(10) is not None
        mark = world.mark()
        world.start_bridge(bridge.config_file)
        await world.wait_call(charger, "BootNotification", since=mark, within=15)
        keys = await world.get_config(charger, "MeterValueSampleInterval")
        assert keys["MeterValueSampleInterval"]["value"] == "15"


async def test_heartbeat_interval_changed_by_the_csms_takes_effect_at_once(world: World) -> None:
    charger = world.charger()
    with trio.fail_after(30):
        await world.run(charger)  # the boot answer says 300 s
        mark = world.mark()
        await world.configure(charger, HeartbeatInterval=1)
        await world.wait_call(charger, "Heartbeat", since=mark, count=3, within=5)
        beats = [at for at, _ in world.timed_calls(charger, "Heartbeat", since=mark)]
        assert all(0.7 <= b - a <= 2.0 for a, b in itertools.pairwise(beats)), beats


async def test_tc040_1_change_configuration_of_an_unknown_key_is_not_supported(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(30):
        await world.run(charger)
        frame = await world.request(
            charger, "ChangeConfiguration", {"key": "NoSuchKey", "value": "1"}
        )
        assert result(frame) == {"status": "NotSupported"}


async def test_tc040_2_invalid_values_and_read_only_keys_are_rejected_and_unchanged(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(30):
        await world.run(charger)
        for key, value in [
            ("MeterValueSampleInterval", "-1"),
            ("MeterValueSampleInterval", "often"),
            ("HeartbeatInterval", "1.5"),
            ("OCPPChargeMode", "TURBO"),
            ("MeterValuesSampledData", "Energy.Active.Import.Register,SoC"),
            ("NumberOfConnectors", "2"),
            ("AuthorizeRemoteTxRequests", "true"),
        ]:
            frame = await world.request(
                charger, "ChangeConfiguration", {"key": key, "value": value}
            )
            assert result(frame) == {"status": "Rejected"}, (key, value)
        keys = await world.get_config(charger, "MeterValueSampleInterval", "NumberOfConnectors")
        assert keys["MeterValueSampleInterval"]["value"] == "60"
        assert keys["NumberOfConnectors"]["value"] == "1"


async def test_tc054_trigger_message_is_accepted_and_answered_before_the_message(
    world: World,
) -> None:
    charger = world.charger()

    def connector(n: int) -> Any:
        return lambda p: p.get("connectorId") == n

    with trio.fail_after(40):
        await world.run(charger)
        # (requestedMessage, extra request fields, what the triggered messages must match)
        expectations: list[tuple[str, dict[str, Any], list[Any]]] = [
            ("MeterValues", {"connectorId": 1}, [connector(1)]),
            ("Heartbeat", {}, [lambda p: True]),
            ("StatusNotification", {}, [connector(0), connector(1)]),  # every connector
            ("StatusNotification", {"connectorId": 1}, [connector(1)]),
            ("DiagnosticsStatusNotification", {}, [lambda p: p == {"status": "Idle"}]),
            ("FirmwareStatusNotification", {}, [lambda p: p == {"status": "Idle"}]),
            ("BootNotification", {}, [lambda p: p["chargePointSerialNumber"] == charger.serial]),
        ]
        for message, extra, wanted in expectations:
            mark = world.mark()
            answer = await world.request(
                charger, "TriggerMessage", {"requestedMessage": message, **extra}
            )
            assert result(answer) == {"status": "Accepted"}, message
            sent = [await world.wait_call(charger, message, w, since=mark) for w in wanted]
            answered_at = world.frame_index(
                charger, lambda d, a=answer: d[0] == 3 and d[1] == a[1], mark
            )
            sent_at = world.frame_index(charger, lambda d, m=message: d[0] == 2 and d[2] == m, mark)
            assert answered_at < sent_at, f"{message} was sent before the TriggerMessage answer"
            if message == "MeterValues":
                contexts = {s.get("context") for s in sent[0]["meterValue"][0]["sampledValue"]}
                assert contexts == {"Trigger"}
                assert "transactionId" not in sent[0]
            if message == "StatusNotification":
                assert all(p["status"] == "Available" for p in sent)


async def test_tc055_trigger_message_for_a_connector_that_does_not_exist_is_rejected(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(30):
        await world.run(charger)
        mark = world.mark()
        for message in ("MeterValues", "StatusNotification"):
            answer = await world.request(
                charger, "TriggerMessage", {"requestedMessage": message, "connectorId": 2}
            )
            assert result(answer) == {"status": "Rejected"}
        await world.quiet(1.0)
        assert world.calls(charger, "MeterValues", since=mark) == []
        assert [
            p
            for p in world.calls(charger, "StatusNotification", since=mark)
            if p["connectorId"] == 2
        ] == []


#: a valid request for each action the table marks unsupported (the test checks the table
#: and this list agree, so supporting an action makes this test ask for a new expectation)
UNSUPPORTED_REQUESTS: dict[str, dict[str, Any]] = {
    "CancelReservation": {"reservationId": 1},
    "ChangeAvailability": {"connectorId": 1, "type": "Inoperative"},
    "ClearChargingProfile": {},
    "GetCompositeSchedule": {"connectorId": 1, "duration": 60},
    "GetLocalListVersion": {},
    "ReserveNow": {"connectorId": 1, "expiryDate": "2030-01-01T00:00:00Z", "idTag": "TAG1",
                   "reservationId": 1},
    "SendLocalList": {"listVersion": 1, "updateType": "Full"},
    "SetChargingProfile": {
        "connectorId": 1,
        "csChargingProfiles": {
            "chargingProfileId": 1, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile",
            "chargingProfileKind": "Absolute",
            "chargingSchedule": {"chargingRateUnit": "A",
                                 "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6.0}]},
        },
    },
}  # fmt: skip


async def test_actions_the_table_marks_unsupported_get_callerror_not_supported(
    world: World,
) -> None:
    unsupported = {
        name for name, row in ACTIONS.items()
        if row.origin is Origin.CENTRAL_SYSTEM and row.status is not SupportStatus.SUPPORTED
    }  # fmt: skip
    assert unsupported == set(UNSUPPORTED_REQUESTS)
    charger = world.charger()
    with trio.fail_after(30):
        await world.run(charger)
        for action, payload in sorted(UNSUPPORTED_REQUESTS.items()):
            frame = await world.request(charger, action, payload)
            assert error_code(frame) == "NotSupported", action
        assert error_code(await world.request(charger, "NoSuchAction", {})) == "NotImplemented"
        # the table's fixed answers
        data = await world.request(charger, "DataTransfer", {"vendorId": "com.example"})
        assert result(data)["status"] == "UnknownVendorId"
        assert result(await world.request(charger, "ClearCache", {})) == {"status": "Rejected"}
        diagnostics = await world.request(
            charger, "GetDiagnostics", {"location": "ftp://127.0.0.1/d"}
        )
        assert "fileName" not in result(diagnostics)
        # a malformed request of a supported action is a CALLERROR, not a crash
        bad = await world.request(charger, "ChangeConfiguration", {"key": "HeartbeatInterval"})
        assert error_code(bad) == "OccurenceConstraintViolation"  # a required field missing
        assert world.csms.connections.count(charger.charge_box_id) == 1


async def test_wss_with_ca_file_and_basic_auth_connects_security_profile_2(world: World) -> None:
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(server_context)
    ca_file = world.tmp / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    password = "e2e-tls-password-00000002"
    with TestCsms(ssl_context=server_context, password=password, url_host="localhost") as tls:
        world.csms = tls
        charger = world.charger()
        config = world.write_config([charger], password=password, ca_file=ca_file)
        assert tls.url.startswith("wss://localhost:")
        with trio.fail_after(30):
            world.start_bridge(config)
            await world.wait_call(charger, "BootNotification", within=15)
        assert tls.auth_failures == []
        assert password not in world.log()


async def test_basic_auth_password_is_sent_and_never_logged(world: World) -> None:
    password = "e2e-basic-auth-password-0001"
    with TestCsms(password=password) as secured:
        world.csms = secured
        charger = world.charger()
        with trio.fail_after(30):
            await world.run(charger, password=password)
        assert secured.auth_failures == []
        log = world.log()
        assert password not in log
        assert log.splitlines() and unparseable_log_lines(log) == []
