"""A loopback OCPP 1.6 central system for tests, built on the ``ocpp`` package's central-system
side (``ocpp.v16.ChargePoint``) and ``websockets.serve(subprotocols=["ocpp1.6"])``.

It runs its own asyncio event loop in a thread, so trio tests can use it directly::

    with TestCsms(password="s3cret") as csms:          # listens on 127.0.0.1, port 0
        csms.script.reply("BootNotification", {"status": "Pending", ...})
        csms.script.silent("Heartbeat")                 # never answer
        csms.script.error("StartTransaction", "InternalError")
        ... run a charger against csms.url ...
        await csms.wait_for_call("StatusNotification")  # from trio, polls the record
        frame = await csms.request("CP1", "Reset", {"type": "Soft"})   # CSMS → charger
        csms.stop(); csms.start()                       # a CSMS restart on the same port

What it checks: every CALL a charger sends is validated by the ``ocpp`` package against the
official JSON schemas (an invalid one is answered with a CALLERROR, which :attr:`frames`
records); with ``password`` set, the HTTP Basic credentials (user = charge box id) are
checked on the upgrade request (security profile 1); with ``ssl_context`` it serves
``wss://`` (profile 2); with ``agree_subprotocol=False`` it completes the handshake without
agreeing to ``ocpp1.6`` and closes at once, like a CSMS that does not speak 1.6. Every frame in either direction is recorded in :attr:`frames`.
Unscripted actions get a plausible default answer (:data:`DEFAULT_REPLIES`); StartTransaction
hands out transaction ids 1001, 1002, ...
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import ssl
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import trio
from ocpp.charge_point import camel_to_snake_case
from ocpp.messages import unpack
from ocpp.v16 import ChargePoint as OcppChargePoint
from ocpp.v16 import call_result
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

__all__ = ["DEFAULT_REPLIES", "RecordedFrame", "Script", "Session", "TestCsms"]

Reply = Mapping[str, Any] | Callable[[str, dict[str, Any]], Mapping[str, Any]]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


#: the answer to each charge-point action unless the script says otherwise
DEFAULT_REPLIES: Mapping[str, Reply] = {
    "Authorize": {"idTagInfo": {"status": "Accepted"}},
    "BootNotification": lambda cb, p: {"status": "Accepted", "currentTime": _now(), "interval": 300},
    "DataTransfer": {"status": "Accepted"},
    "DiagnosticsStatusNotification": {},
    "FirmwareStatusNotification": {},
    "Heartbeat": lambda cb, p: {"currentTime": _now()},
    "MeterValues": {},
    "StartTransaction": {},  # filled in by the transaction counter
    "StatusNotification": {},
    "StopTransaction": {},
}


def _decode(text: str) -> list[Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, list) and len(value) >= 3 else None


@dataclass(frozen=True, slots=True)
class RecordedFrame:
    """One WebSocket message: who, which way (``"in"`` = charger → CSMS), when, the text."""

    charge_box: str
    direction: str
    text: str
    at: float


@dataclass
class Session:
    """One WebSocket of a charge box: when the CSMS accepted it and when it saw it end
    (``time.monotonic()``; ``closed`` is None while it is open)."""

    charge_box: str
    opened: float
    closed: float | None = None


@dataclass
class Script:
    """How the CSMS answers each action: a payload, a CALLERROR, or silence."""

    replies: dict[str, Reply] = field(default_factory=dict)
    errors: dict[str, tuple[str, int]] = field(default_factory=dict)  # action -> (code, times)
    silent_actions: set[str] = field(default_factory=set)
    silent_boxes: set[tuple[str, str]] = field(default_factory=set)  # (action, charge box)

    def reply(self, action: str, payload: Reply) -> None:
        """Answer ``action`` with ``payload`` (or ``payload(charge_box, request)``)."""
        self.replies[action] = payload

    def error(self, action: str, code: str, times: int = 1_000_000) -> None:
        """Answer the next ``times`` ``action`` CALLs with CALLERROR ``code``."""
        self.errors[action] = (code, times)

    def silent(self, action: str) -> None:
        """Never answer ``action`` (the charger's call times out)."""
        self.silent_actions.add(action)

    def silent_for(self, action: str, charge_boxes: Iterable[str]) -> None:
        """Never answer ``action`` from these charge boxes."""
        self.silent_boxes |= {(action, box) for box in charge_boxes}

    def clear(self, action: str) -> None:
        self.replies.pop(action, None)
        self.errors.pop(action, None)
        self.silent_actions.discard(action)
        self.silent_boxes = {(a, box) for a, box in self.silent_boxes if a != action}


class _ScriptedChargePoint(OcppChargePoint):  # type: ignore[misc]
    """The ``ocpp`` package's central-system view of one charger, answering from a script."""

    def __init__(self, charge_box: str, connection: ServerConnection, csms: TestCsms) -> None:
        super().__init__(charge_box, connection, response_timeout=10)
        self._csms = csms
        self.route_map = {
            action: {"_on_action": self._make_handler(action), "_skip_schema_validation": False}
            for action in DEFAULT_REPLIES
        }

    def _make_handler(self, action: str) -> Callable[..., Any]:
        def handler(**kwargs: Any) -> Any:
            payload = self._csms._answer(self.id, action, kwargs)
            return getattr(call_result, action)(**camel_to_snake_case(dict(payload)))

        return handler

    async def route_message(self, raw_msg: str) -> None:
        self._csms._record(self.id, "in", raw_msg)
        try:
            message = unpack(raw_msg)
        except Exception:
            return await super().route_message(raw_msg)
        if message.message_type_id == 2:
            with self._csms._lock:
                script = self._csms.script
                silent = message.action in script.silent_actions or (
                    (message.action, self.id) in script.silent_boxes
                )
                code, times = script.errors.get(message.action, ("", 0))
                if times > 0:
                    script.errors[message.action] = (code, times - 1)
            if silent:
                return None
            if times > 0:
                await self._send(json.dumps([4, message.unique_id, code, "scripted", {}]))
                return None
        return await super().route_message(raw_msg)

    async def _send(self, message: str) -> None:
        self._csms._record(self.id, "out", message)
        # Keep reading after a failed send: frames the charger sent before closing are still
        # queued, and the ocpp package's receive loop would otherwise die here without them.
        with suppress(ConnectionClosed):
            await super()._send(message)


class TestCsms:
    """See the module docstring. Use as a context manager, or call start()/close()."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        *,
        password: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        agree_subprotocol: bool = True,
        host: str = "127.0.0.1",
        url_host: str | None = None,
    ) -> None:
        self.password = password
        self.script = Script()
        self.frames: list[RecordedFrame] = []
        self.connections: list[str] = []  #: charge box ids, in connection order
        self.sessions: list[Session] = []  #: every WebSocket, in connection order
        self.auth_failures: list[str] = []  #: charge box ids refused by Basic auth
        self.port = 0
        self._ssl = ssl_context
        self._agree_subprotocol = agree_subprotocol
        self._host = host
        self._url_host = url_host or host
        self._lock = threading.Lock()
        self._next_transaction_id = 1001
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: Server | None = None
        self._peers: dict[str, _ScriptedChargePoint] = {}

    # -- lifecycle -----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        scheme = "wss" if self._ssl else "ws"
        return f"{scheme}://{self._url_host}:{self.port}/ocpp"

    def __enter__(self) -> TestCsms:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start listening (again: on the same port after :meth:`stop`)."""
        if self._thread is None:
            ready = threading.Event()
            self._thread = threading.Thread(target=self._run_loop, args=(ready,), daemon=True)
            self._thread.start()
            ready.wait(10)
        self._in_loop(self._start_server())

    def stop(self) -> None:
        """Stop listening and drop every connection (the loop thread stays for a restart)."""
        self._in_loop(self._stop_server())

    def close(self) -> None:
        if self._loop is None:
            return
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop = None
        self._thread = None

    def _run_loop(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        ready.set()
        try:
            loop.run_forever()
            # Finish whatever is left (half-open handshakes, handlers) so no socket leaks.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()

    def _in_loop(self, coroutine: Any, timeout: float = 10) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    async def _start_server(self) -> None:
        self._server = await serve(
            self._handle,
            self._host,
            self.port,
            subprotocols=["ocpp1.6"],  # type: ignore[list-item]
            # agree_subprotocol=False: complete the handshake without one (OCPP-J 1.6 §3.2)
            select_subprotocol=None if self._agree_subprotocol else (lambda conn, offered: None),
            process_request=self._check_auth,
            ssl=self._ssl,
            ping_interval=None,
            compression=None,
            close_timeout=1,
        )
        self.port = self._server.sockets[0].getsockname()[1] if not self.port else self.port

    async def _stop_server(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    # -- connections ---------------------------------------------------------------------------

    def _check_auth(self, connection: ServerConnection, request: Request) -> Response | None:
        if self.password is None:
            return None
        charge_box = urllib.parse.unquote(request.path.rsplit("/", 1)[-1])
        token = base64.b64encode(f"{charge_box}:{self.password}".encode()).decode()
        if request.headers.get("Authorization") == f"Basic {token}":
            return None
        with self._lock:
            self.auth_failures.append(charge_box)
        return connection.respond(HTTPStatus.UNAUTHORIZED, "bad credentials\n")

    async def _handle(self, connection: ServerConnection) -> None:
        charge_box = urllib.parse.unquote(connection.request.path.rsplit("/", 1)[-1])  # type: ignore[union-attr]
        if connection.subprotocol is None:
            await connection.close()  # OCPP-J 1.6 §3.2: no agreed subprotocol, close at once
            return
        peer = _ScriptedChargePoint(charge_box, connection, self)
        session = Session(charge_box, time.monotonic())
        with self._lock:
            self.connections.append(charge_box)
            self.sessions.append(session)
            self._peers[charge_box] = peer
        try:
            await peer.start()
        except Exception:
            pass  # the connection closed
        finally:
            with self._lock:
                session.closed = time.monotonic()
                if self._peers.get(charge_box) is peer:
                    del self._peers[charge_box]

    def _record(self, charge_box: str, direction: str, text: str) -> None:
        with self._lock:
            self.frames.append(RecordedFrame(charge_box, direction, text, time.monotonic()))

    def _answer(self, charge_box: str, action: str, snake_request: dict[str, Any]) -> Mapping[str, Any]:
        with self._lock:
            reply = self.script.replies.get(action, DEFAULT_REPLIES[action])
            if action == "StartTransaction" and action not in self.script.replies:
                reply = {"transactionId": self._next_transaction_id,
                         "idTagInfo": {"status": "Accepted"}}
                self._next_transaction_id += 1
        return reply(charge_box, snake_request) if callable(reply) else reply

    # -- what tests read -----------------------------------------------------------------------

    def calls(self, action: str | None = None, charge_box: str | None = None) -> list[list[Any]]:
        """Decoded CALL frames the chargers sent, oldest first."""
        with self._lock:
            frames = list(self.frames)
        found = []
        for frame in frames:
            if frame.direction != "in" or (charge_box and frame.charge_box != charge_box):
                continue
            decoded = _decode(frame.text)
            if decoded and decoded[0] == 2 and (action is None or decoded[2] == action):
                found.append(decoded)
        return found

    def sent(self, charge_box: str | None = None) -> list[list[Any]]:
        """Decoded frames the CSMS sent (answers and its own CALLs)."""
        with self._lock:
            frames = list(self.frames)
        decoded = [_decode(f.text) for f in frames
                   if f.direction == "out" and (charge_box is None or f.charge_box == charge_box)]
        return [d for d in decoded if d is not None]

    async def wait_for_call(self, action: str, count: int = 1, charge_box: str | None = None,
                            poll: float = 0.02) -> list[list[Any]]:
        """From trio: wait until ``count`` CALLs of ``action`` arrived (bound with fail_after)."""
        while len(found := self.calls(action, charge_box)) < count:  # noqa: ASYNC110 - a thread's list
            await trio.sleep(poll)
        return found

    def overlaps(self) -> list[tuple[Session, Session]]:
        """Pairs of WebSockets of one charge box that were open at the same moment."""
        with self._lock:
            sessions = sorted(self.sessions, key=lambda s: (s.charge_box, s.opened))
        found = []
        for before, after in itertools.pairwise(sessions):
            if before.charge_box == after.charge_box and (
                before.closed is None or before.closed > after.opened
            ):
                found.append((before, after))
        return found

    def connected_now(self) -> set[str]:
        """The charge boxes with an open connection at this moment."""
        with self._lock:
            return set(self._peers)

    async def wait_connected(self, charge_box: str, count: int = 1, poll: float = 0.02) -> None:
        while self.connections.count(charge_box) < count:  # noqa: ASYNC110 - a thread's list
            await trio.sleep(poll)

    async def request(self, charge_box: str, action: str, payload: Mapping[str, Any]) -> list[Any]:
        """From trio: send a CALL to a connected charger and return its answer frame
        (``[3, id, payload]`` or ``[4, id, code, description, details]``) as sent. Waits for
        as long as the caller's ``trio.fail_after`` allows."""
        unique_id = str(uuid.uuid4())
        text = json.dumps([2, unique_id, action, dict(payload)])

        async def send() -> None:
            peer = self._peers[charge_box]
            await peer._send(text)

        self._in_loop(send())
        while True:
            with self._lock:
                frames = [f for f in self.frames if f.direction == "in" and f.charge_box == charge_box]
            for frame in frames:
                decoded = _decode(frame.text)
                if decoded and decoded[0] in (3, 4) and decoded[1] == unique_id:
                    return decoded
            await trio.sleep(0.02)

    async def drop(self, charge_box: str) -> None:
        """Close one charger's connection from the CSMS side."""

        async def close() -> None:
            peer = self._peers.get(charge_box)
            if peer is not None:
                await peer._connection.close()

        self._in_loop(close())
