"""The sans-I/O OCPP-J 1.6 session of one charge point connection.

Theory of operation (after h11's ``_state.py``). The session owns no socket and no clock. The
adapter feeds it every text message that arrives (:meth:`OcppSession.receive`) and sends
whatever text the session hands back. It enforces, per connection:

1. **One outstanding CALL per direction** (OCPP-J 1.6 §4.1.1). :meth:`start_call` refuses a
   second CALL while one is unanswered (a :class:`LocalProtocolError`: the adapter serialises
   callers); the slot is freed by the answer, by :meth:`expire_call` (timeout) or by
   :meth:`connection_lost`. Inbound CALLs are tracked by id so each is answered exactly once.
2. **Validation both ways** with the generated validators. An outbound request or answer that
   fails is a local bug and raises before anything is sent; an inbound request that fails is
   answered with the CALLERROR code the validator table gives; an inbound CALLRESULT that fails
   completes the call with :class:`InvalidResponse`.
3. **Routing by table.** ``tables.route(action)``: NOT_IMPLEMENTED (not an OCPP 1.6 action)
   and NOT_SUPPORTED (known, but unsupported or planned) are answered at once; HANDLE becomes a
   :class:`CallReceived` event for the handler.
4. **Bad input never closes the connection.** A frame that is not a frame is answered with a
   CALLERROR when its id can be recovered, otherwise logged and dropped; a CALLRESULT or
   CALLERROR with an unknown id is logged and dropped; an unknown message type is ignored
   (OCPP-J 1.6 §4.1.3).

Whether an answer may be sent at all (not while the boot was Rejected, OCPP 1.6 §4.2) is the
lifecycle's decision, so answers are handed out as events, never sent by the session itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from generated.errors import FAILURE_CODES, CallErrorCode
from rows.messages import Route

from .errors import (
    CallErrorReceived,
    CallFailed,
    InvalidResponse,
    LocalProtocolError,
    RemoteProtocolError,
    UnknownMessageType,
)
from .frames import Call, CallError, CallResult, build_frame, parse_frame
from .ids import MessageIds
from .tables import ProtocolTables

__all__ = [
    "AnswerReady",
    "CallCompleted",
    "CallReceived",
    "OcppSession",
    "OutboundCall",
    "SessionEvent",
]

log = logging.getLogger(__name__)

#: How a route other than HANDLE is answered (OCPP-J 1.6 Table 7: NotImplemented = "not known
#: by receiver", NotSupported = "recognized but not supported").
_ROUTE_ERRORS: dict[Route, tuple[CallErrorCode, str]] = {
    Route.NOT_IMPLEMENTED: (FAILURE_CODES["unknown-action"], "action is not known"),
    Route.NOT_SUPPORTED: (CallErrorCode.NOT_SUPPORTED, "action is not supported"),
}
_DUPLICATE_ID = CallErrorCode.PROTOCOL_ERROR
_INTERNAL = CallErrorCode.INTERNAL_ERROR


@dataclass(frozen=True, slots=True)
class OutboundCall:
    """A CALL we sent: its id, action and the exact text that went (or goes) on the wire."""

    unique_id: str
    action: str
    text: str


@dataclass(frozen=True, slots=True)
class CallReceived:
    """A valid CALL for an action the tables route to the handler. Answer it exactly once."""

    unique_id: str
    action: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AnswerReady:
    """The session has answered an inbound CALL by itself (a CALLERROR); send ``text``."""

    unique_id: str
    code: CallErrorCode
    text: str


@dataclass(frozen=True, slots=True)
class CallCompleted:
    """Our outstanding CALL got its answer: ``payload`` on success, else ``error``."""

    call: OutboundCall
    payload: dict[str, Any] | None
    error: CallFailed | None


SessionEvent = CallReceived | AnswerReady | CallCompleted


class OcppSession:
    """The protocol state of one charge-point connection; see the module docstring."""

    __slots__ = ("_ids", "_inbound", "_outstanding", "_tables")

    def __init__(self, tables: ProtocolTables, ids: MessageIds) -> None:
        self._tables = tables
        self._ids = ids
        self._outstanding: OutboundCall | None = None
        self._inbound: dict[str, str] = {}  # id -> action of CALLs received, not yet answered

    @property
    def outstanding(self) -> OutboundCall | None:
        """Our CALL that is waiting for its answer, if any."""
        return self._outstanding

    # -- our CALLs ---------------------------------------------------------------------------

    def start_call(
        self, action: str, payload: dict[str, Any], *, unique_id: str | None = None
    ) -> OutboundCall:
        """Validate and frame a CALL; it becomes the outstanding one.

        ``unique_id`` lets the durable outbox retransmit a message under its original id
        (allowed by OCPP-J 1.6 errata §3.7); otherwise a fresh id is drawn.
        """
        if self._outstanding is not None:
            raise LocalProtocolError(
                f"cannot send {action}: {self._outstanding.action} "
                f"({self._outstanding.unique_id}) is still outstanding (OCPP-J 1.6 §4.1.1)"
            )
        violation = self._tables.validate_request(action, payload)
        if violation is not None:
            raise LocalProtocolError(
                f"refusing to send an invalid {action}: {violation.path or '/'}: "
                f"{violation.message}"
            )
        call_id = unique_id if unique_id is not None else self._ids.next()
        call = OutboundCall(call_id, action, build_frame(Call(call_id, action, payload)))
        self._outstanding = call
        return call

    def expire_call(self) -> OutboundCall | None:
        """The call timed out: free the slot. A late answer will be dropped as unknown."""
        call, self._outstanding = self._outstanding, None
        return call

    def connection_lost(self) -> OutboundCall | None:
        """Forget the connection's state; ids keep counting (they must never repeat)."""
        self._inbound.clear()
        return self.expire_call()

    # -- answers to the central system's CALLs -----------------------------------------------

    def answer(self, unique_id: str, payload: dict[str, Any]) -> str:
        """Validate and frame the CALLRESULT for an inbound CALL.

        An answer that fails validation is a handler bug: :class:`LocalProtocolError` is
        raised and the CALL stays open, so the adapter can still answer InternalError.
        """
        action = self._inbound.get(unique_id)
        if action is None:
            raise LocalProtocolError(f"no inbound CALL {unique_id!r} is waiting for an answer")
        violation = self._tables.validate_response(action, payload)
        if violation is not None:
            raise LocalProtocolError(
                f"refusing to send an invalid {action} answer: {violation.path or '/'}: "
                f"{violation.message}"
            )
        del self._inbound[unique_id]
        return build_frame(CallResult(unique_id, payload))

    def answer_error(self, unique_id: str, code: CallErrorCode, description: str = "") -> str:
        """Frame a CALLERROR for an inbound CALL (details ``{}``, OCPP-J 1.6 Table 6)."""
        self._inbound.pop(unique_id, None)
        return build_frame(CallError(unique_id, code, description, {}))

    def answer_internal_error(self, unique_id: str) -> str:
        """The handler failed: InternalError, with no internal detail leaked to the peer."""
        return self.answer_error(unique_id, _INTERNAL, "")

    def forget_inbound(self, unique_id: str) -> None:
        """Drop an inbound CALL unanswered (OCPP 1.6 §4.2: while Rejected, answer nothing)."""
        self._inbound.pop(unique_id, None)

    # -- everything that arrives --------------------------------------------------------------

    def receive(self, text: str) -> SessionEvent | None:
        """Feed one received text message; returns what the adapter must act on, if anything."""
        try:
            frame = parse_frame(text)
        except UnknownMessageType as exc:
            log.info("ignoring frame: %s", exc)
            return None
        except RemoteProtocolError as exc:
            if exc.answerable and exc.unique_id is not None:
                log.warning("answering malformed CALL %s: %s", exc.unique_id, exc)
                return self._refuse(exc.unique_id, exc.code, exc.description)
            log.warning("dropping malformed frame (no id to answer): %s", exc)
            return None
        match frame:
            case Call():
                return self._receive_call(frame)
            case CallResult():
                return self._receive_result(frame)
            case CallError():
                return self._receive_error(frame)

    def _refuse(self, unique_id: str, code: CallErrorCode, description: str) -> AnswerReady:
        return AnswerReady(unique_id, code, self.answer_error(unique_id, code, description))

    def _receive_call(self, call: Call) -> SessionEvent:
        if call.unique_id in self._inbound:
            # Answering would be ambiguous for the original; tell the peer and drop this one.
            text = build_frame(
                CallError(call.unique_id, _DUPLICATE_ID, "message id already in progress", {})
            )
            return AnswerReady(call.unique_id, _DUPLICATE_ID, text)
        route = self._tables.route(call.action)
        refusal = _ROUTE_ERRORS.get(route)
        if refusal is not None:
            code, description = refusal
            return self._refuse(call.unique_id, code, f"{call.action}: {description}")
        violation = self._tables.validate_request(call.action, call.payload)
        if violation is not None:
            return self._refuse(
                call.unique_id,
                CallErrorCode(violation.code),
                f"{violation.path or '/'}: {violation.message}",
            )
        self._inbound[call.unique_id] = call.action
        return CallReceived(call.unique_id, call.action, call.payload)

    def _take(self, unique_id: str, kind: str) -> OutboundCall | None:
        call = self._outstanding
        if call is None or call.unique_id != unique_id:
            log.warning("dropping %s with unknown id %r", kind, unique_id)
            return None
        self._outstanding = None
        return call

    def _receive_result(self, result: CallResult) -> CallCompleted | None:
        call = self._take(result.unique_id, "CALLRESULT")
        if call is None:
            return None
        violation = self._tables.validate_response(call.action, result.payload)
        if violation is not None:
            error = InvalidResponse(call.action, violation.code, violation.path, violation.message)
            return CallCompleted(call, None, error)
        return CallCompleted(call, result.payload, None)

    def _receive_error(self, error: CallError) -> CallCompleted | None:
        call = self._take(error.unique_id, "CALLERROR")
        if call is None:
            return None
        failure = CallErrorReceived(call.action, error.code, error.description, error.details)
        return CallCompleted(call, None, failure)
