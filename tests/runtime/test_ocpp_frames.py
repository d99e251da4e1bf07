"""Frame parsing and building (OCPP-J 1.6 §4): every malformed input is a protocol error."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runtime.ocpp.errors import RemoteProtocolError, UnknownMessageType
from runtime.ocpp.frames import Call, CallError, CallResult, build_frame, parse_frame


def test_round_trip_of_each_frame_kind() -> None:
    frames = [
        Call("a.1", "Heartbeat", {}),
        CallResult("a.1", {"currentTime": "2025-01-01T00:00:00Z"}),
        CallError("a.1", "NotSupported", "SendLocalList is not supported", {}),
    ]
    for frame in frames:
        assert parse_frame(build_frame(frame)) == frame


def test_build_uses_compact_json_and_empty_objects() -> None:
    assert build_frame(Call("x", "Heartbeat", {})) == '[2,"x","Heartbeat",{}]'
    assert build_frame(CallError("x", "GenericError", "", {})) == '[4,"x","GenericError","",{}]'


def test_non_ascii_natural_language_is_kept_as_utf8() -> None:
    text = build_frame(CallError("x", "GenericError", "Ladesäule", {}))
    assert "Ladesäule" in text


@pytest.mark.parametrize(
    ("text", "recovered_id"),
    [
        ('[2,"abc","Heartbeat",{', "abc"),  # not JSON, but the CALL id is recoverable
        ("not json at all", None),
        ('{"a": 1}', None),
        ("[]", None),
        ('["2","abc","Heartbeat",{}]', None),
        ('[2,17,"Heartbeat",{}]', None),
        ('[2,"abc","Heartbeat"]', "abc"),
        ('[2,"abc",5,{}]', "abc"),
        ('[2,"abc","Heartbeat",[]]', "abc"),
        ('[2,"' + "x" * 37 + '","Heartbeat",{}]', "x" * 37),
        ('[2,"","Heartbeat",{}]', ""),
    ],
)
def test_malformed_call_is_formation_violation(text: str, recovered_id: str | None) -> None:
    with pytest.raises(RemoteProtocolError) as caught:
        parse_frame(text)
    assert caught.value.code == "FormationViolation"
    assert caught.value.unique_id == recovered_id


@pytest.mark.parametrize("text", ['[3,"abc"]', '[3,"abc",[]]', '[4,"abc",1,"",{}]', '[4,"a"]'])
def test_malformed_answers_are_never_answerable(text: str) -> None:
    with pytest.raises(RemoteProtocolError) as caught:
        parse_frame(text)
    assert not caught.value.answerable


@pytest.mark.parametrize("text", ['[5,"abc",{}]', "[0]", '[7,"x","y",{},1]'])
def test_unknown_message_type_is_its_own_error(text: str) -> None:
    with pytest.raises(UnknownMessageType):
        parse_frame(text)


def test_callerror_without_details_is_tolerated() -> None:
    assert parse_frame('[4,"a","GenericError","oops"]') == CallError("a", "GenericError", "oops", {})


def test_true_is_not_message_type_one_or_two() -> None:
    with pytest.raises(RemoteProtocolError):
        parse_frame('[true,"a","Heartbeat",{}]')


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)


@given(st.text())
def test_any_text_is_a_frame_or_a_protocol_error(text: str) -> None:
    with contextlib.suppress(RemoteProtocolError):
        parse_frame(text)


@given(st.lists(_json_values, max_size=6))
def test_any_json_array_is_a_frame_or_a_protocol_error(items: list[object]) -> None:
    try:
        frame = parse_frame(json.dumps(items))
    except RemoteProtocolError:
        return
    assert parse_frame(build_frame(frame)) == frame


@given(st.integers(2, 4), st.text(min_size=1, max_size=36), _json_values, _json_values)
def test_frame_shaped_arrays_never_escape(kind: int, uid: str, a: object, b: object) -> None:
    with contextlib.suppress(RemoteProtocolError):
        parse_frame(json.dumps([kind, uid, a, b]))
