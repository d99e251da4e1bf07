"""Serving the central system's CALLs: one task per CALL, and work that waits for the answer.

:class:`Answering` is a mixin of :class:`runtime.ocpp.charge_point.ChargePoint`. Each inbound
CALL is answered in a task of its own (a slow handler never stops the reader), through the
registered handler, or with the lifecycle's fixed answer while the boot is Pending.

Some requests are answered first and acted on afterwards: TriggerMessage (OCPP 1.6 §5.17)
says the charge point "SHALL first send the TriggerMessage response, before sending the
requested message". A handler says so with :meth:`Answering.after_answer`: the callback runs
once the CALLRESULT has been handed to the link, so anything it sends follows the answer on
the wire. Which CALL is being answered is a per-task context variable: handlers of different
CALLs (or different chargers) run concurrently, and the generated handler signature has no
room to pass it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar

import trio

from generated.handlers import CentralSystemRequestHandler

from .lifecycle import Lifecycle
from .options import ChargePointOptions
from .session import CallReceived, OcppSession
from .tables import ProtocolTables
from .transport import Link

__all__ = ["Answering"]

log = logging.getLogger(__name__)


class _AnswerScope:
    """The CALL one task is answering, and what must run once its answer went out."""

    __slots__ = ("callbacks", "open", "owner")

    def __init__(self, owner: Answering) -> None:
        self.owner = owner
        self.open = True  # closed when the handler returns: later registrations are refused
        self.callbacks: list[Callable[[], None]] = []


#: set in the task answering a CALL; a task the handler starts inherits it, closed
_SCOPE: ContextVar[_AnswerScope | None] = ContextVar("ocpp_answer_scope", default=None)


class Answering:
    """Answers inbound CALLs; the state lives on the ChargePoint."""

    options: ChargePointOptions
    handler: CentralSystemRequestHandler | None
    _lifecycle: Lifecycle
    _session: OcppSession
    _tables: ProtocolTables
    _answering: int
    _disconnect_wanted: bool

    def _disconnect_soon(self) -> None:
        raise NotImplementedError

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

    async def _answer(self, link: Link, call: CallReceived) -> None:
        now = trio.current_time()
        if not self._lifecycle.may_answer(now):
            self._session.forget_inbound(call.unique_id)  # Rejected: answer nothing (§4.2)
            return
        self._answering += 1
        try:
            await self._answer_call(link, call)
        finally:
            self._answering -= 1
        if self._disconnect_wanted and self._answering == 0:
            self._disconnect_soon()

    async def _answer_call(self, link: Link, call: CallReceived) -> None:
        fixed = self._lifecycle.pending_answer(call.action)
        scope = _AnswerScope(self)
        token = _SCOPE.set(scope)
        try:
            if fixed is not None:
                text = self._session.answer(call.unique_id, dict(fixed))
            elif self.handler is None:
                raise LookupError("no handler registered")
            else:
                answer = await self._tables.dispatch(self.handler, call.action, call.payload)
                text = self._session.answer(call.unique_id, answer)
        except Exception:
            # Handler failure or an invalid answer: InternalError, nothing internal leaked.
            log.exception("%s: %s handler failed", self.options.charge_box_id, call.action)
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
                              self.options.charge_box_id, call.action)
