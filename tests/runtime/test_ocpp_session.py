"""The sans-I/O session: routing, validation, CALLERROR rules and one-outstanding-CALL."""

from __future__ import annotations

import json

import pytest

from runtime.ocpp.errors import CallErrorReceived, InvalidResponse, LocalProtocolError
from runtime.ocpp.ids import MessageIds, random_epoch
from runtime.ocpp.session import AnswerReady, CallCompleted, CallReceived, OcppSession
from runtime.ocpp.tables import generated_tables

BOOT = {"chargePointVendor": "myenergi", "chargePointModel": "zappi"}


@pytest.fixture
def session() -> OcppSession:
    return OcppSession(generated_tables(), MessageIds("e1"))


def answered(event: object) -> list[object]:
    assert isinstance(event, AnswerReady)
    decoded = json.loads(event.text)
    assert isinstance(decoded, list)
    return decoded


def test_call_is_framed_and_its_result_completes_it(session: OcppSession) -> None:
    call = session.start_call("BootNotification", BOOT)
    assert json.loads(call.text) == [2, call.unique_id, "BootNotification", BOOT]
    result = {"status": "Accepted", "currentTime": "2025-01-01T00:00:00Z", "interval": 300}
    event = session.receive(json.dumps([3, call.unique_id, result]))
    assert event == CallCompleted(call, result, None)
    assert session.outstanding is None


def test_only_one_outstanding_call(session: OcppSession) -> None:
    session.start_call("Heartbeat", {})
    with pytest.raises(LocalProtocolError, match="outstanding"):
        session.start_call("Heartbeat", {})
    session.expire_call()
    session.start_call("Heartbeat", {})


def test_invalid_outbound_request_raises_and_sends_nothing(session: OcppSession) -> None:
    with pytest.raises(LocalProtocolError, match="invalid BootNotification"):
        session.start_call("BootNotification", {"chargePointVendor": "myenergi"})
    assert session.outstanding is None


def test_ids_are_unique_and_short() -> None:
    ids = MessageIds(random_epoch())
    seen = {ids.next() for _ in range(10_000)}
    assert len(seen) == 10_000
    assert max(len(i) for i in seen) <= 36


def test_ids_keep_counting_across_reconnects(session: OcppSession) -> None:
    first = session.start_call("Heartbeat", {})
    session.connection_lost()
    second = session.start_call("Heartbeat", {})
    assert first.unique_id != second.unique_id


def test_callerror_completes_the_call_with_the_error(session: OcppSession) -> None:
    call = session.start_call("Heartbeat", {})
    event = session.receive(json.dumps([4, call.unique_id, "InternalError", "boom", {"a": 1}]))
    assert isinstance(event, CallCompleted)
    assert isinstance(event.error, CallErrorReceived)
    assert (event.error.code, event.error.details) == ("InternalError", {"a": 1})


def test_invalid_callresult_completes_with_invalid_response(session: OcppSession) -> None:
    call = session.start_call("Heartbeat", {})
    event = session.receive(json.dumps([3, call.unique_id, {"currentTime": 5}]))
    assert isinstance(event, CallCompleted)
    assert isinstance(event.error, InvalidResponse)


def test_answer_with_unknown_id_is_dropped(session: OcppSession) -> None:
    call = session.start_call("Heartbeat", {})
    assert session.receive('[3,"nobody",{"currentTime":"2025-01-01T00:00:00Z"}]') is None
    assert session.receive('[4,"nobody","GenericError","",{}]') is None
    assert session.outstanding == call


def test_late_answer_after_timeout_is_dropped(session: OcppSession) -> None:
    call = session.start_call("Heartbeat", {})
    session.expire_call()
    assert session.receive(f'[3,"{call.unique_id}",{{"currentTime":"2025-01-01T00:00:00Z"}}]') is None


def test_unknown_action_is_not_implemented(session: OcppSession) -> None:
    reply = answered(session.receive('[2,"c1","MakeCoffee",{}]'))
    assert reply[:3] == [4, "c1", "NotImplemented"]
    assert reply[4] == {}


def test_unsupported_action_is_not_supported(session: OcppSession) -> None:
    reply = answered(session.receive('[2,"c2","ReserveNow",{}]'))
    assert reply[:3] == [4, "c2", "NotSupported"]


def test_schema_violation_uses_the_validator_code(session: OcppSession) -> None:
    event = session.receive('[2,"c3","Reset",{"type":"Sideways"}]')
    reply = answered(event)
    assert isinstance(event, AnswerReady)
    expected = generated_tables().validate_request("Reset", {"type": "Sideways"})
    assert expected is not None
    assert reply[:3] == [4, "c3", str(expected.code)]


def test_missing_field_is_answered_not_dispatched(session: OcppSession) -> None:
    reply = answered(session.receive('[2,"c4","RemoteStopTransaction",{}]'))
    assert reply[0:2] == [4, "c4"]


def test_malformed_frame_with_id_is_answered_formation_violation(session: OcppSession) -> None:
    reply = answered(session.receive('[2,"c5","Reset",'))
    assert reply[:3] == [4, "c5", "FormationViolation"]


@pytest.mark.parametrize("text", ["garbage", "[]", '[9,"x"]', '[3,"x"]', "{}"])
def test_unanswerable_junk_is_dropped(session: OcppSession, text: str) -> None:
    assert session.receive(text) is None


def test_valid_call_is_handed_to_the_handler_and_answered_once(session: OcppSession) -> None:
    event = session.receive('[2,"c6","Reset",{"type":"Soft"}]')
    assert event == CallReceived("c6", "Reset", {"type": "Soft"})
    assert json.loads(session.answer("c6", {"status": "Accepted"})) == [3, "c6", {"status": "Accepted"}]
    with pytest.raises(LocalProtocolError):
        session.answer("c6", {"status": "Accepted"})


def test_invalid_handler_answer_raises_and_leaves_the_call_open(session: OcppSession) -> None:
    session.receive('[2,"c7","Reset",{"type":"Soft"}]')
    with pytest.raises(LocalProtocolError, match="invalid Reset answer"):
        session.answer("c7", {"status": "Maybe"})
    reply = json.loads(session.answer_internal_error("c7"))
    assert reply == [4, "c7", "InternalError", "", {}]


def test_duplicate_inbound_id_in_progress_is_refused(session: OcppSession) -> None:
    assert isinstance(session.receive('[2,"c8","Reset",{"type":"Soft"}]'), CallReceived)
    reply = answered(session.receive('[2,"c8","Reset",{"type":"Hard"}]'))
    assert reply[:3] == [4, "c8", "ProtocolError"]
    session.answer("c8", {"status": "Accepted"})  # the original is still answerable


def test_crossing_calls_are_served_while_ours_is_outstanding(session: OcppSession) -> None:
    ours = session.start_call("Heartbeat", {})
    assert isinstance(session.receive('[2,"c9","Reset",{"type":"Soft"}]'), CallReceived)
    session.answer("c9", {"status": "Accepted"})
    assert session.outstanding == ours
