"""A lean OCPP-J WebSocket client: wsproto over a trio stream, read by the charger's own task.

trio-websocket runs a reader task and a message channel per connection; with thousands of
idle chargers that is most of their memory, and every answer then hops through two tasks.
Here the charger's reader task (which exists anyway) feeds the socket's bytes to wsproto
itself, so a connection is a socket, a wsproto state machine and this small object.
Same contract as :class:`runtime.ocpp.transport.WebSocketLink` (OCPP-J 1.6 §3: subprotocol
``ocpp1.6`` required, Basic auth, TLS with an optional client certificate via
:func:`runtime.ocpp.transport.open_stream`, at most the endpoint's ``connect_limiter``
connections being opened at once).

Only :meth:`WsprotoLink.receive` reads, and only one task calls it. Its work that must write
(answering a ping or a close) is shielded and bounded, because the reader is cancelled at
the driver's deadlines and a half-written frame would corrupt the stream.
"""

from __future__ import annotations

import logging
import os
from contextlib import AbstractAsyncContextManager

import trio
from wsproto import ConnectionType, WSConnection
from wsproto.connection import Connection, ConnectionState
from wsproto.events import (
    AcceptConnection,
    BytesMessage,
    CloseConnection,
    Ping,
    Pong,
    RejectConnection,
    Request,
    TextMessage,
)
from wsproto.utilities import LocalProtocolError as WsLocalError
from wsproto.utilities import RemoteProtocolError as WsRemoteError

from .pacing import connect_slot
from .transport import (
    OCPP16_SUBPROTOCOL,
    Endpoint,
    Link,
    LinkClosed,
    SubprotocolRefused,
    basic_auth_header,
    split_url,
)
from .transport import open_stream as open_stream_

__all__ = ["WsprotoLink", "open_wsproto_link"]

log = logging.getLogger(__name__)

_RECEIVE_SIZE = 65536
#: longest a shielded write (pong, close) may take before the link is given up
_WRITE_TIMEOUT = 5.0
#: OCPP-J 1.6 §4.1.2 messages are text; a message larger than this closes the link
_MAX_MESSAGE = 1 << 20


class WsprotoLink:
    """One open WebSocket; see the module docstring."""

    __slots__ = ("_closed", "_parts", "_pong", "_send_lock", "_stream", "_ws", "subprotocol")

    def __init__(self, stream: trio.abc.Stream, ws: Connection, subprotocol: str | None) -> None:
        self._stream = stream
        self._ws = ws
        self._send_lock = trio.StrictFIFOLock()
        self._parts: list[str | bytes | bytearray] = []
        self._pong: trio.Event | None = None
        self._closed = False
        self.subprotocol = subprotocol

    async def send(self, text: str) -> None:
        await self._write(self._ws_send(TextMessage(data=text)))

    async def ping(self) -> None:
        self._pong = pong = trio.Event()
        await self._write(self._ws_send(Ping(payload=os.urandom(4))))
        await pong.wait()

    async def receive(self) -> str:
        while True:
            for event in self._ws.events():
                text = await self._handle(event)
                if text is not None:
                    return text
            if self._closed:
                raise LinkClosed("the WebSocket is closed")
            try:
                data = await self._stream.receive_some(_RECEIVE_SIZE)
            except (trio.BrokenResourceError, trio.ClosedResourceError, OSError) as exc:
                self._closed = True
                raise LinkClosed(f"connection broke: {exc!r}") from None
            if not data:
                self._closed = True
                raise LinkClosed("the CSMS closed the TCP connection")
            try:
                self._ws.receive_data(bytes(data))
            except WsRemoteError as exc:
                self._closed = True
                raise LinkClosed(f"WebSocket protocol error from the CSMS: {exc}") from None

    async def _handle(self, event: object) -> str | None:
        if isinstance(event, TextMessage | BytesMessage):
            self._parts.append(event.data)
            if sum(len(part) for part in self._parts) > _MAX_MESSAGE:
                self._closed = True
                raise LinkClosed("message too big")
            if not event.message_finished:
                return None
            parts, self._parts = self._parts, []
            if isinstance(event, TextMessage):
                return "".join(str(part) for part in parts)
            try:  # OCPP-J 1.6 §4.1.2 uses text frames; accept UTF-8 in a binary one
                return b"".join(p for p in parts if not isinstance(p, str)).decode("utf-8")
            except UnicodeDecodeError:
                log.warning("dropping a binary frame that is not UTF-8 (no id to answer)")
                return None
        if isinstance(event, Ping):
            await self._shielded_write(self._ws_send(event.response()))
        elif isinstance(event, Pong):
            if self._pong is not None:
                self._pong.set()
                self._pong = None
        elif isinstance(event, CloseConnection):
            if self._ws.state is ConnectionState.REMOTE_CLOSING:
                await self._shielded_write(self._ws_send(event.response()))
            self._closed = True
            raise LinkClosed(f"closed by the CSMS: {event.code} {event.reason or ''}".strip())
        return None

    def _ws_send(self, event: TextMessage | Ping | Pong | CloseConnection) -> bytes:
        try:
            return self._ws.send(event)
        except WsLocalError as exc:
            self._closed = True
            raise LinkClosed(f"the WebSocket is closing: {exc}") from None

    async def _write(self, data: bytes) -> None:
        async with self._send_lock:
            try:
                await self._stream.send_all(data)
            except (trio.BrokenResourceError, trio.ClosedResourceError, OSError) as exc:
                self._closed = True
                raise LinkClosed(f"connection broke: {exc!r}") from None

    async def _shielded_write(self, data: bytes) -> None:
        with trio.CancelScope(shield=True, deadline=trio.current_time() + _WRITE_TIMEOUT) as s:
            await self._write(data)
        if s.cancelled_caught:
            self._closed = True
            raise LinkClosed("the CSMS does not read")

    def _is_closed(self) -> bool:
        # a method, so mypy does not narrow the state across receive_data()
        return self._ws.state is ConnectionState.CLOSED

    async def close(self) -> None:
        """Close politely (1000) and wait briefly for the CSMS's close (RFC 6455 §7.1.2)."""
        if self._closed or self._ws.state is not ConnectionState.OPEN:
            return
        try:
            await self._write(self._ws_send(CloseConnection(code=1000)))
            while not self._is_closed():
                data = await self._stream.receive_some(_RECEIVE_SIZE)
                if not data:
                    break
                self._ws.receive_data(bytes(data))
                for event in self._ws.events():
                    if isinstance(event, CloseConnection):
                        break
        except (LinkClosed, WsRemoteError, trio.BrokenResourceError, OSError):
            pass
        finally:
            self._closed = True


async def _handshake(
    url: str, stream: trio.abc.Stream, endpoint: Endpoint, host: str, resource: str
) -> WsprotoLink:
    ws = WSConnection(ConnectionType.CLIENT)
    headers = []
    if endpoint.password:
        headers.append(basic_auth_header(endpoint.charge_box_id, endpoint.password))
    request = Request(host=host, target=resource, subprotocols=[OCPP16_SUBPROTOCOL],
                      extra_headers=headers)
    await stream.send_all(ws.send(request))
    while True:
        for event in ws.events():
            if isinstance(event, AcceptConnection):
                # Keep only the post-handshake Connection (it holds any bytes that followed
                # the 101): the handshake object and its h11 state would stay for the
                # connection's life, ~1.5 KiB per charger (benchmarks/fleet_memory.py).
                assert ws.connection is not None  # set by the accepting response
                return WsprotoLink(stream, ws.connection, event.subprotocol)
            if isinstance(event, RejectConnection):
                raise LinkClosed(f"{url}: handshake rejected with HTTP {event.status_code}")
        data = await stream.receive_some(_RECEIVE_SIZE)
        if not data:
            raise LinkClosed(f"{url}: the CSMS closed the connection during the handshake")
        try:
            ws.receive_data(bytes(data))
        except WsRemoteError as exc:
            raise LinkClosed(f"{url}: bad handshake answer: {exc}") from None


async def _timed_handshake(
    url: str, stream: trio.abc.Stream, endpoint: Endpoint, host: str, resource: str
) -> WsprotoLink:
    try:
        with trio.fail_after(endpoint.connect_timeout):
            return await _handshake(url, stream, endpoint, host, resource)
    except trio.TooSlowError:
        raise LinkClosed(f"{url}: no WebSocket handshake within "
                         f"{endpoint.connect_timeout} s") from None
    except (trio.BrokenResourceError, OSError) as exc:
        raise LinkClosed(f"{url}: {type(exc).__name__}: {exc}") from None


class _OpenedLink:
    """The lean connector's ``async with``: connects on entry; on exit closes politely (at
    most 2 s, shielded), then the stream at once. A class rather than a generator: a
    suspended generator frame per open connection is a KiB for nothing."""

    __slots__ = ("_endpoint", "_link", "_stream")

    def __init__(self, endpoint: Endpoint) -> None:
        self._endpoint = endpoint
        self._stream: trio.abc.Stream | None = None
        self._link: WsprotoLink | None = None

    async def __aenter__(self) -> Link:
        endpoint = self._endpoint
        url, host_header, host, port, resource, secure = split_url(endpoint)
        async with connect_slot(endpoint.connect_limiter):
            stream = await open_stream_(url, host, port, endpoint, secure)
            try:
                link = await _timed_handshake(url, stream, endpoint, host_header, resource)
            except BaseException:
                await trio.aclose_forcefully(stream)
                raise
        if link.subprotocol != OCPP16_SUBPROTOCOL:
            await trio.aclose_forcefully(stream)
            raise SubprotocolRefused(
                f"{url}: the CSMS did not agree to subprotocol {OCPP16_SUBPROTOCOL!r} "
                f"(got {link.subprotocol!r})"
            )
        self._stream, self._link = stream, link
        return link

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._stream is not None and self._link is not None  # entered
        try:
            with trio.move_on_after(2, shield=True):
                await self._link.close()
        finally:
            await trio.aclose_forcefully(self._stream)


def open_wsproto_link(
    endpoint: Endpoint, nursery: trio.Nursery
) -> AbstractAsyncContextManager[Link]:
    """The lean connector (``nursery`` is not needed: no background task)."""
    return _OpenedLink(endpoint)
