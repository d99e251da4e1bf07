"""Serving the central system's CALLs: one task per CALL, and work that waits for the answer.

:class:`CallAnswerer` is owned by :class:`runtime.ocpp.charge_point.ChargePoint`; the
connection's reader starts :meth:`CallAnswerer.answer` in a task of its own for each inbound
CALL (a slow handler never stops the reader). The CALL is answered through the registered
handler, or with the lifecycle's fixed answer while the boot is Pending. The connection hears
of every answer in progress (:class:`AnswerGate`), so a wanted disconnect (Reset) waits until
the answers have gone out. An answer goes out once what the handler changed is committed to
the store (``stored``): "Accepted" to a ChangeConfiguration or a RemoteStop is a promise.

Some requests are answered first and acted on afterwards: TriggerMessage (OCPP 1.6 §5.17)
says the charge point "SHALL first send the TriggerMessage response, before sending the
requested message". A handler says so with :meth:`CallAnswerer.after_answer`: the callback
runs once the CALLRESULT has been handed to the link, so anything it sends follows the answer
on the wire. Which CALL is being answered is a per-task context variable: handlers of
different CALLs (or different chargers) run concurrently, and the generated handler signature
has no room to pass it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Protocol

import trio

from generated.handlers import CentralSystemRequestHandler

from .lifecycle import Lifecycle
from .session import CallReceived, OcppSession
from .tables import ProtocolTables
from .transport import Link

__all__ = ["AnswerGate", "CallAnswerer"]

log = logging.getLogger(__name__)


class _AnswerScope:
    """The CALL one task is answering, and what must run once its answer went out."""

    __slots__ = ("callbacks", "open", "owner")

    def __init__(self, owner: CallAnswerer) -> None:
        self.owner = owner
        self.open = True  # closed when the handler returns: later registrations are refused
        self.callbacks: list[Callable[[], None]] = []


#: set in the task answering a CALL; a task the handler starts inherits it, closed
_SCOPE: ContextVar[_AnswerScope | None] = ContextVar("ocpp_answer_scope", default=None)


class AnswerGate(Protocol):
    """What the connection hears of the answers in progress."""

    def answer_started(self) -> None: ...

    def answer_ended(self) -> None: ...

    def answered(self) -> None: ...


class CallAnswerer:
    """Answers inbound CALLs; see the module docstring."""

    __slots__ = ("_gate", "_handler", "_lifecycle", "_name", "_session", "_stored", "_tables")

    def __init__(
        self,
        name: str,
        *,
        handler: CentralSystemRequestHandler | None,
        tables: ProtocolTables,
        session: OcppSession,
        lifecycle: Lifecycle,
        gate: AnswerGate,
        stored: Callable[[], Awaitable[None]],
    ) -> None:
        self._name = name  # the charge box id, for the log
        self._handler = handler
        self._tables = tables
        self._session = session
        self._lifecycle = lifecycle
        self._gate = gate
        self._stored = stored  # until the charger's writes so far are committed

    def after_answer(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the CALLRESULT of the CALL being handled has gone out.

        For a handler (or what it calls synchronously) only; raises :class:`RuntimeError`
        anywhere else. The callback is dropped when there is no CALLRESULT to follow: the
        handler failed (the answer is a CALLERROR) or the link broke before the answer was
        sent. It must not block; to send something, start a task (the send then queues
        behind the answer). A failing callback is logged.
        """
        scope = _SCOPE.get()
        if scope is None or not scope.open or scope.owner is not self:
            raise RuntimeError("after_answer() is only for a handler answering a CALL")
        scope.callbacks.append(callback)

    async def answer(self, link: Link, call: CallReceived) -> None:
        """Answer ``call`` on ``link`` (the connection it came on)."""
        now = trio.current_time()
        if not self._lifecycle.may_answer(now):
            self._session.forget_inbound(call.unique_id)  # Rejected: answer nothing (§4.2)
            return
        self._gate.answer_started()
        try:
            await self._answer_call(link, call)
        finally:
            self._gate.answer_ended()
        self._gate.answered()

    async def _answer_call(self, link: Link, call: CallReceived) -> None:
        fixed = self._lifecycle.pending_answer(call.action)
        scope = _AnswerScope(self)
        token = _SCOPE.set(scope)
        try:
            if fixed is not None:
                text = self._session.answer(call.unique_id, dict(fixed))
            elif self._handler is None:
                raise LookupError("no handler registered")
            else:
                answer = await self._tables.dispatch(self._handler, call.action, call.payload)
                await self._stored()  # a store that fails for good: InternalError below
                text = self._session.answer(call.unique_id, answer)
        except Exception:
            # Handler failure or an invalid answer: InternalError, nothing internal leaked.
            log.exception("%s: %s handler failed", self._name, call.action)
            text = self._session.answer_internal_error(call.unique_id)
            scope.callbacks.clear()  # a CALLERROR announces nothing to follow
        finally:
            scope.open = False
            _SCOPE.reset(token)
        await link.send(text)
        for callback in scope.callbacks:
            try:
                callback()
            except Exception:
                log.exception("%s: after-answer callback of %s failed",
                              self._name, call.action)
