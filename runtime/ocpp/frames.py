"""OCPP-J 1.6 frames: parse text into CALL / CALLRESULT / CALLERROR and build them back.

OCPP-J 1.6 §4.1.2: every message is a JSON array whose first element is the message type
(2 CALL, 3 CALLRESULT, 4 CALLERROR) and whose second is the message id, a string of at most
36 characters (§4.1.4 Table 3). :func:`parse_frame` either returns one of the three frame
classes or raises :class:`~runtime.ocpp.errors.RemoteProtocolError`; no other exception can
escape it, whatever the text (a hypothesis property test holds it to that).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from generated.errors import FAILURE_CODES

from .errors import RemoteProtocolError, UnknownMessageType

__all__ = [
    "MAX_ID_LENGTH",
    "Call",
    "CallError",
    "CallResult",
    "Frame",
    "MessageType",
    "build_frame",
    "parse_frame",
]

#: OCPP-J 1.6 §4.1.4 Table 3: a message id is a string of at most 36 characters.
MAX_ID_LENGTH = 36

#: The code for text that is not a frame (spec/callerror_codes.yaml, kind ``not-a-frame``).
_FORMATION = FAILURE_CODES["not-a-frame"]

#: Recovers the id of a CALL whose text is not even JSON, so it can still be answered.
_CALL_ID_PREFIX = re.compile(r'\s*\[\s*2\s*,\s*"([^"\\]{1,36})"')

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class MessageType(IntEnum):
    """The first element of every OCPP-J frame (OCPP-J 1.6 §4.1.3)."""

    #: a request
    CALL = 2
    #: a successful answer to a CALL
    CALLRESULT = 3
    #: a failure to process a CALL (OCPP-J 1.6 §4.2.3)
    CALLERROR = 4


@dataclass(frozen=True, slots=True)
class Call:
    """``[2, "<id>", "<Action>", {payload}]``"""

    unique_id: str
    action: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CallResult:
    """``[3, "<id>", {payload}]``"""

    unique_id: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CallError:
    """``[4, "<id>", "<errorCode>", "<errorDescription>", {errorDetails}]``"""

    unique_id: str
    code: str
    description: str
    details: dict[str, Any]


Frame = Call | CallResult | CallError


def build_frame(frame: Frame) -> str:
    """Serialise a frame: compact UTF-8 JSON, empty payloads and details as ``{}``."""
    match frame:
        case Call(unique_id, action, payload):
            return _ENCODER.encode([MessageType.CALL.value, unique_id, action, payload])
        case CallResult(unique_id, payload):
            return _ENCODER.encode([MessageType.CALLRESULT.value, unique_id, payload])
        case CallError(unique_id, code, description, details):
            return _ENCODER.encode(
                [MessageType.CALLERROR.value, unique_id, str(code), description, details]
            )


def parse_frame(text: str) -> Frame:
    """Parse one WebSocket text message into a frame.

    Raises :class:`RemoteProtocolError` (FormationViolation) for text that is not a frame,
    with the CALL id attached when it can be recovered, and :class:`UnknownMessageType` for a
    message type other than 2, 3 and 4.
    """
    try:
        decoded = json.loads(text)
    except (ValueError, RecursionError):
        match = _CALL_ID_PREFIX.match(text)
        raise RemoteProtocolError(
            _FORMATION, "frame is not valid JSON", unique_id=match.group(1) if match else None
        ) from None
    if not isinstance(decoded, list) or not decoded:
        raise RemoteProtocolError(_FORMATION, "frame is not a non-empty JSON array")
    message_type = decoded[0]
    if type(message_type) is not int:
        raise RemoteProtocolError(_FORMATION, "message type is not an integer")
    if message_type not in (2, 3, 4):
        raise UnknownMessageType(message_type)
    unique_id = decoded[1] if len(decoded) > 1 and isinstance(decoded[1], str) else None
    answerable = message_type == MessageType.CALL

    def fail(description: str) -> RemoteProtocolError:
        return RemoteProtocolError(
            _FORMATION, description, unique_id=unique_id, answerable=answerable
        )

    if unique_id is None:
        raise fail("message id is missing or not a string")
    if not 0 < len(unique_id) <= MAX_ID_LENGTH:
        raise fail(f"message id must be 1 to {MAX_ID_LENGTH} characters")
    if message_type == MessageType.CALL:
        if len(decoded) != 4:
            raise fail("a CALL has exactly 4 elements")
        action, payload = decoded[2], decoded[3]
        if not isinstance(action, str) or not action:
            raise fail("action is not a non-empty string")
        if not isinstance(payload, dict):
            raise fail("payload is not a JSON object")
        return Call(unique_id, action, payload)
    if message_type == MessageType.CALLRESULT:
        if len(decoded) != 3 or not isinstance(decoded[2], dict):
            raise fail("a CALLRESULT is [3, id, {payload}]")
        return CallResult(unique_id, decoded[2])
    # CALLERROR. Details MUST be {} when empty (OCPP-J 1.6 Table 6); a peer that leaves them
    # out entirely is tolerated, because the error itself is still clear.
    if len(decoded) not in (4, 5):
        raise fail("a CALLERROR is [4, id, code, description, {details}]")
    code, description = decoded[2], decoded[3]
    details = decoded[4] if len(decoded) == 5 else {}
    if not isinstance(code, str) or not isinstance(description, str):
        raise fail("CALLERROR code and description must be strings")
    if not isinstance(details, dict):
        raise fail("CALLERROR details must be a JSON object")
    return CallError(unique_id, code, description, details)
