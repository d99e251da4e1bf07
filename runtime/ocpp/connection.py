"""One charger's connection to the central system: connect, read, reconnect with back-off,
and carry our one outstanding CALL (OCPP-J 1.6 §4.1.1).

:class:`Connection` is owned by :class:`runtime.ocpp.charge_point.ChargePoint`. Its reader is
the ChargePoint's :meth:`~runtime.ocpp.charge_point.ChargePoint.run` task: every message goes
to the session (sans-I/O); the answer our CALL waits for is handed to its waiter, the answers
the session prepared (refusals) are sent, and each inbound CALL is answered in a task of its
own by the :class:`InboundCalls` given to :meth:`Connection.run`, so a slow handler never
stops the reader.

The scheduler's next deadline lives on the cancel scope around receiving (one scope per
wake-up period, not per message): receiving is cancel-safe, sending is not, so nothing is
sent from inside it. When the deadline passes the reader kicks the scheduler.

The parts the reader serves are handed to :meth:`Connection.run` rather than owned: they use
this connection themselves (:mod:`runtime.ocpp.scheduler`, :mod:`runtime.ocpp.answering`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import trio

from .config_store import ConfigStore
from .errors import CallTimeout, ConnectionLost
from .lifecycle import Lifecycle
from .options import ChargePointOptions
from .pacing import ReconnectBackoff
from .session import AnswerReady, CallCompleted, CallReceived, OcppSession
from .transport import (
    Connector,
    Endpoint,
    Link,
    LinkClosed,
    link_closed_from_group,
)
from .waiter import AnswerWaiter

__all__ = ["Connection", "ConnectionEvents", "InboundCalls"]

log = logging.getLogger(__name__)


class ConnectionEvents(Protocol):
    """What the reader tells the scheduler."""

    def connected(self) -> None: ...

    def disconnected(self) -> None: ...

    def kick(self) -> None: ...


class InboundCalls(Protocol):
    """What answers the central system's CALLs."""

    async def answer(self, link: Link, call: CallReceived) -> None: ...


class Connection:
    """The open link (if any), its reader, and the rules of closing it; see the module
    docstring."""

    __slots__ = (
        "_answering",
        "_backoff",
        "_closing",
        "_config",
        "_connector",
        "_disconnect_wanted",
        "_lifecycle",
        "_link",
        "_nursery",
        "_options",
        "_read_scope",
        "_session",
        "_waiter",
        "_wake",
        "call_timeout",
    )

    def __init__(
        self,
        options: ChargePointOptions,
        config: ConfigStore,
        session: OcppSession,
        lifecycle: Lifecycle,
        connector: Connector,
    ) -> None:
        self._options = options
        self._config = config  # for the AuthorizationKey each connection opens with
        self._session = session
        self._lifecycle = lifecycle
        self._connector = connector
        self._backoff = ReconnectBackoff(options.reconnect_initial, options.reconnect_cap)
        self._link: Link | None = None
        self._nursery: trio.Nursery | None = None
        self._read_scope: trio.CancelScope | None = None
        self._waiter: AnswerWaiter | None = None
        self._wake = math.inf  # the scheduler's next deadline (trio clock)
        self._disconnect_wanted = False
        self._closing = False  # set when a wanted disconnect is due: the reader returns
        self._answering = 0  # inbound CALLs being answered; a wanted disconnect waits for them
        #: MessageTimeout in seconds; the owner keeps it in step with the configuration
        self.call_timeout = 30.0

    # -- for the owner and the parts ----------------------------------------------------------

    @property
    def link(self) -> Link | None:
        """The open link, or None between connections."""
        return self._link

    def start_soon(self, task: Callable[[], Awaitable[None]]) -> None:
        """Run ``task`` in this connection's nursery: it ends with the connection."""
        if self._nursery is not None:
            self._nursery.start_soon(task)

    def set_wake(self, deadline: float) -> None:
        """When the reader next kicks the scheduler (trio clock)."""
        self._wake = deadline
        if self._read_scope is not None:
            self._read_scope.deadline = deadline

    def boot_accepted(self) -> None:
        """The central system accepted us: the next reconnect starts from the shortest delay."""
        self._backoff.reset()

    def disconnect_soon(self) -> None:
        """Close the link once the answers in progress have gone out, then connect again."""
        self._disconnect_wanted = True
        if self._answering == 0:
            self._closing = True
            if self._read_scope is not None:
                self._read_scope.cancel()

    def answer_started(self) -> None:
        self._answering += 1

    def answer_ended(self) -> None:
        self._answering -= 1

    def answered(self) -> None:
        """An answer went out: a disconnect that waited for it may go ahead."""
        if self._disconnect_wanted and self._answering == 0:
            self.disconnect_soon()

    async def exchange(
        self, action: str, payload: dict[str, Any], unique_id: str | None = None
    ) -> dict[str, Any]:
        """One CALL round trip on the current link; the caller holds the CALL lock."""
        link = self._link
        if link is None:
            raise ConnectionLost(action, "not connected")
        call = self._session.start_call(action, payload, unique_id=unique_id)
        waiter = self._waiter = AnswerWaiter(call.unique_id, action)
        try:
            await link.send(call.text)
            with trio.move_on_after(self.call_timeout):
                await waiter.wait()
        finally:
            self._waiter = None
        if not waiter.done:
            self._session.expire_call()
            raise CallTimeout(action, f"no answer within {self.call_timeout} s")
        if waiter.error is not None:
            raise waiter.error
        assert waiter.payload is not None
        self._lifecycle.traffic(trio.current_time())
        return waiter.payload

    # -- the reader -----------------------------------------------------------------------------

    async def run(self, events: ConnectionEvents, inbound: InboundCalls) -> None:
        """Connect, serve, and reconnect with back-off, until cancelled."""
        while True:
            options = self._options
            endpoint = Endpoint(
                options.csms_url,
                options.charge_box_id,
                self._config.get("AuthorizationKey") or options.password,
                options.ca_file,
                options.connect_timeout,
                options.client_cert,
                options.client_key,
                options.connect_limiter,
            )
            self._disconnect_wanted = self._closing = False
            try:
                await self._connect_and_serve(endpoint, events, inbound)
            except LinkClosed as exc:
                # One warning per streak of failures: a CSMS that is down for a fleet would
                # otherwise log a line per charger per attempt (the fleet page keeps each
                # charger's last error).
                level = logging.WARNING if self._backoff.failures == 0 else logging.DEBUG
                log.log(level, "%s: connection lost: %s", options.charge_box_id, exc)
            delay = self._backoff.next_delay()
            level = logging.INFO if self._backoff.failures == 1 else logging.DEBUG
            log.log(level, "%s: reconnecting in %.1f s", options.charge_box_id, delay)
            await trio.sleep(delay)

    async def _connect_and_serve(
        self, endpoint: Endpoint, events: ConnectionEvents, inbound: InboundCalls
    ) -> None:
        # One nursery per connection holds the transport's reader, if it has one (the default
        # wsproto link does not), and our short-lived tasks (the scheduler, handler answers);
        # this task itself reads. An idle charger therefore costs one task of ours.
        try:
            async with trio.open_nursery() as nursery:
                async with self._connector(endpoint, nursery) as link:
                    await self._serve(link, nursery, events, inbound)
                nursery.cancel_scope.cancel()
        except BaseExceptionGroup as group:
            raise link_closed_from_group(group) from None

    async def _serve(
        self, link: Link, nursery: trio.Nursery, events: ConnectionEvents, inbound: InboundCalls
    ) -> None:
        """Read until the link breaks or :meth:`disconnect_soon` ends it; then the caller
        closes the WebSocket politely (so an answer just sent, e.g. to Reset, is not lost to
        a TCP reset)."""
        self._link, self._nursery = link, nursery
        events.connected()  # kicks the scheduler: boot, queue, ...
        try:
            while True:
                with trio.CancelScope(deadline=self._wake) as self._read_scope:
                    while True:
                        self._on_text(link, await link.receive(), inbound)
                self._read_scope = None
                if self._closing:
                    return
                self._wake = math.inf  # the scheduler sets the next one when it is done
                events.kick()
        finally:
            self._link = self._nursery = self._read_scope = None
            self._lifecycle.connection_lost()
            self._session.connection_lost()
            if self._waiter is not None:
                lost = ConnectionLost(self._waiter.action, "the connection closed")
                self._waiter.resolve(None, lost)
            events.disconnected()

    def _on_text(self, link: Link, text: str, inbound: InboundCalls) -> None:
        event = self._session.receive(text)
        if isinstance(event, CallCompleted):
            waiter = self._waiter
            if waiter is not None and waiter.unique_id == event.call.unique_id:
                waiter.resolve(event.payload, event.error)
        elif isinstance(event, AnswerReady):
            if self._lifecycle.may_answer(trio.current_time()) and self._nursery is not None:
                self._nursery.start_soon(link.send, event.text)
        elif isinstance(event, CallReceived):
            self._lifecycle.traffic(trio.current_time())
            if self._nursery is not None:
                self._nursery.start_soon(inbound.answer, link, event)
