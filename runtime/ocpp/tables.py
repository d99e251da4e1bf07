"""The generated protocol tables the session core is driven by, injected as one object.

The session never imports the generated modules itself: it gets a :class:`ProtocolTables`,
so the core can be tested against small in-test tables and run against the compiled ones
(:func:`generated_tables`). Nothing here decides behaviour per action; the tables do.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from rows.messages import Route

__all__ = ["ProtocolTables", "ViolationLike", "generated_tables"]


class ViolationLike(Protocol):
    """What the session reads from a ``generated.validators.Violation``."""

    @property
    def code(self) -> str: ...

    @property
    def path(self) -> str: ...

    @property
    def message(self) -> str: ...


Validate = Callable[[str, object], ViolationLike | None]
Dispatch = Callable[[Any, str, Mapping[str, object]], Awaitable[dict[str, object]]]


@dataclass(frozen=True, slots=True)
class ProtocolTables:
    """The functions compiled from ``spec/`` that decide routing and validity.

    ``route(action)`` says what to do with a CALL the central system sends (HANDLE,
    NOT_SUPPORTED, NOT_IMPLEMENTED); ``validate_request``/``validate_response`` check a payload
    and return the violation with its OCPP-J 1.6 CALLERROR code; ``dispatch(handler, action,
    payload)`` runs the handler method for a HANDLE action and returns the answer payload.
    """

    route: Callable[[str], Route]
    validate_request: Validate
    validate_response: Validate
    dispatch: Dispatch


@functools.cache
def generated_tables() -> ProtocolTables:
    """The tables compiled into ``generated/`` (imported here so tests can swap them);
    one shared instance."""
    from generated import handlers, validators
    from runtime.ocpp import routing

    return ProtocolTables(
        route=routing.route,
        validate_request=validators.validate_request,
        validate_response=validators.validate_response,
        dispatch=handlers.dispatch,
    )
