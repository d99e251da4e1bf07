"""OCPP-J errors, split by whose fault they are (the h11/wsproto convention).

* :class:`LocalProtocolError`: *we* tried to do something the protocol forbids (send an
  invalid payload, a second outstanding CALL). It is a bug in the caller and is raised, never
  sent.
* :class:`RemoteProtocolError`: the *peer* sent something wrong. It carries the CALLERROR code
  to answer with (OCPP-J 1.6 §4.2.3, Table 7) and the message id, when one could be recovered,
  like wsproto's ``event_hint``.
* :class:`CallFailed` and its subclasses: one of our CALLs did not get a usable CALLRESULT.
"""

from __future__ import annotations

from collections.abc import Mapping

from generated.errors import CallErrorCode

__all__ = [
    "CallErrorReceived",
    "CallFailed",
    "CallTimeout",
    "ConnectionLost",
    "InvalidResponse",
    "LocalProtocolError",
    "OcppError",
    "RemoteProtocolError",
    "UnknownMessageType",
]


class OcppError(Exception):
    """Base of every error this package raises on purpose. Abstract: raise a subclass."""

    def __init__(self, message: str) -> None:
        if type(self) is OcppError:
            raise TypeError("OcppError is abstract; raise a subclass")
        super().__init__(message)


class LocalProtocolError(OcppError):
    """We broke the protocol (a local bug). Raised to the caller; nothing goes on the wire."""


class RemoteProtocolError(OcppError):
    """The peer sent a bad frame or payload.

    ``code`` is the OCPP-J 1.6 CALLERROR code to answer with. ``unique_id`` is the id of the
    offending CALL when it could be recovered; without it nobody can be answered and the frame
    is logged and dropped (OCPP-J 1.6 §4.2.3 requires the id in a CALLERROR).
    ``answerable`` is false for malformed CALLRESULT/CALLERROR frames, which are never answered.
    """

    def __init__(
        self,
        code: CallErrorCode,
        description: str,
        *,
        unique_id: str | None = None,
        answerable: bool = True,
    ) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
        self.unique_id = unique_id
        self.answerable = answerable and unique_id is not None


class UnknownMessageType(RemoteProtocolError):
    """A well-formed JSON array whose first element is not 2, 3 or 4.

    OCPP-J 1.6 §4.1.3: the receiver SHALL ignore it, so this is never answered.
    """

    def __init__(self, message_type: object) -> None:
        super().__init__(
            CallErrorCode.GENERIC_ERROR,
            f"unknown message type {message_type!r}",
            answerable=False,
        )


class CallFailed(OcppError):
    """One of our CALLs got no usable answer; ``action`` names it."""

    def __init__(self, action: str, message: str) -> None:
        super().__init__(f"{action}: {message}")
        self.action = action


class CallErrorReceived(CallFailed):
    """The peer answered our CALL with a CALLERROR (a "failure to process", OCPP 1.6 §3.7)."""

    def __init__(
        self, action: str, code: str, description: str, details: Mapping[str, object]
    ) -> None:
        super().__init__(action, f"CALLERROR {code}: {description}")
        self.code = code
        self.description = description
        self.details = dict(details)


class InvalidResponse(CallFailed):
    """The CALLRESULT payload failed validation against the action's response schema."""

    def __init__(self, action: str, code: str, path: str, message: str) -> None:
        super().__init__(action, f"invalid response ({code} at {path or '/'}): {message}")
        self.code = code
        self.path = path


class CallTimeout(CallFailed):
    """No CALLRESULT or CALLERROR arrived within the call timeout."""


class ConnectionLost(CallFailed):
    """The connection closed while our CALL was outstanding; its fate is unknown."""
