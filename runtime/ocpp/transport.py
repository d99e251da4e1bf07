"""The trio side of a charge point connection (OCPP-J 1.6 §3, §5, §6): what every link does.

* URL: ``<csms url>/<charge box id>``, the id percent-encoded (OCPP-J 1.6 §3.1.1).
* Subprotocol ``ocpp1.6`` is offered and required: a CSMS that answers without it (§3.2)
  fails the connection with :class:`SubprotocolRefused`.
* Security profile 1: HTTP Basic auth, user = charge box id, password = AuthorizationKey
  (OCPP-J 1.6 §6.2, security whitepaper A00.FR.201). The password is never logged: it is kept
  out of every repr and error message.
* Security profiles 2 and 3: ``wss://`` verified against the system CAs or a configured CA
  file, TLS 1.2 or newer, and for profile 3 a client certificate (:mod:`runtime.ocpp.tls`).
* Connection concurrency: an endpoint may carry a ``connect_limiter`` shared by the chargers
  of one Central System; TCP, TLS and the WebSocket handshake are done holding one of its
  slots (:func:`~runtime.ocpp.pacing.connect_slot`), so a fleet starting (or a CSMS coming
  back) opens a bounded number of connections at a time, first come, first served.
* :class:`~runtime.ocpp.pacing.ReconnectBackoff`: capped exponential reconnect delays with
  jitter (OCPP-J 1.6 §3.2: retry with back-off), so a thousand chargers do not reconnect in
  lock step after a CSMS restart.

:class:`Link` is what the charge point task talks to. Two connectors make one:
:func:`runtime.ocpp.wsproto_link.open_wsproto_link` (the default: wsproto driven by the
charger's own reader task, no background task per connection) and
:func:`open_websocket_link` (trio-websocket, with its reader task and message channel; about
8 KiB more per idle charger). Tests hand in in-memory links.
"""

from __future__ import annotations

import base64
import logging
import ssl
import urllib.parse
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Protocol

import trio
import trio_websocket

from .pacing import ReconnectBackoff, connect_slot
from .tls import tls_context

__all__ = [
    "OCPP16_SUBPROTOCOL",
    "Connector",
    "Endpoint",
    "Link",
    "LinkClosed",
    "ReconnectBackoff",
    "SubprotocolRefused",
    "WebSocketLink",
    "basic_auth_header",
    "charge_point_url",
    "connect_slot",
    "link_closed_from_group",
    "open_stream",
    "open_websocket_link",
    "split_url",
    "tls_context",
]

log = logging.getLogger(__name__)

#: OCPP-J 1.6 §3.1.2: the WebSocket subprotocol name of OCPP 1.6
OCPP16_SUBPROTOCOL = "ocpp1.6"


class LinkClosed(Exception):
    """The connection is gone (closed by either side, or the network broke)."""


class SubprotocolRefused(LinkClosed):
    """The CSMS completed the handshake without agreeing to ``ocpp1.6`` (OCPP-J 1.6 §3.2)."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where and as whom to connect. ``password`` is hidden from repr."""

    csms_url: str
    charge_box_id: str
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None
    connect_timeout: float = 30.0
    #: security profile 3: the client certificate chain and its key (PEM files)
    client_cert: str | None = None
    client_key: str | None = None
    #: bounds the connections being opened at once (shared by the chargers of one CSMS)
    connect_limiter: trio.CapacityLimiter | None = field(default=None, compare=False)


class Link(Protocol):
    """One open OCPP-J connection, text messages both ways."""

    async def send(self, text: str) -> None: ...

    async def receive(self) -> str: ...

    async def ping(self) -> None:
        """Send a WebSocket ping and return when its pong arrives."""

    async def close(self) -> None: ...


Connector = Callable[[Endpoint, trio.Nursery], AbstractAsyncContextManager[Link]]


def charge_point_url(csms_url: str, charge_box_id: str) -> str:
    """``csms_url`` + ``/`` + the percent-encoded identity (``RDAM 123`` → ``RDAM%20123``)."""
    return f"{csms_url.rstrip('/')}/{urllib.parse.quote(charge_box_id, safe='')}"


def basic_auth_header(charge_box_id: str, password: str) -> tuple[bytes, bytes]:
    """The ``Authorization`` header of security profiles 1 and 2 (RFC 7617)."""
    token = base64.b64encode(f"{charge_box_id}:{password}".encode()).decode("ascii")
    return (b"authorization", f"Basic {token}".encode("ascii"))


class WebSocketLink:
    """A :class:`Link` over a trio-websocket connection; maps its errors to LinkClosed."""

    __slots__ = ("_ws",)

    def __init__(self, ws: trio_websocket.WebSocketConnection) -> None:
        self._ws = ws

    async def send(self, text: str) -> None:
        try:
            await self._ws.send_message(text)
        except (trio_websocket.ConnectionClosed, trio.BrokenResourceError) as exc:
            raise LinkClosed(str(exc)) from exc

    async def receive(self) -> str:
        while True:
            try:
                message = await self._ws.get_message()
            except (trio_websocket.ConnectionClosed, trio.BrokenResourceError) as exc:
                raise LinkClosed(str(exc)) from exc
            if isinstance(message, str):
                return message
            try:  # OCPP-J 1.6 §4.1.2 uses text frames; accept UTF-8 in a binary one
                return message.decode("utf-8")
            except UnicodeDecodeError:
                log.warning("dropping a binary frame that is not UTF-8 (no id to answer)")

    async def ping(self) -> None:
        try:
            await self._ws.ping()
        except (trio_websocket.ConnectionClosed, trio.BrokenResourceError) as exc:
            raise LinkClosed(str(exc)) from exc

    async def close(self) -> None:
        await self._ws.aclose()


_Stream = trio.SocketStream | trio.SSLStream[trio.SocketStream]


def split_url(endpoint: Endpoint) -> tuple[str, str, str, int, str, bool]:
    """(url, Host header, host, port, resource, secure) of a charger's endpoint."""
    url = charge_point_url(endpoint.csms_url, endpoint.charge_box_id)
    parts = urllib.parse.urlsplit(url)
    secure = parts.scheme == "wss"
    host = parts.hostname or "localhost"
    port = parts.port or (443 if secure else 80)
    resource = parts.path + (f"?{parts.query}" if parts.query else "")
    host_header = host if parts.port is None else f"{host}:{port}"
    return url, host_header, host, port, resource, secure


@asynccontextmanager
async def open_websocket_link(endpoint: Endpoint, nursery: trio.Nursery) -> AsyncIterator[Link]:
    """Connect (TCP, then TLS for ``wss://``, then the WebSocket handshake with Basic auth),
    check the subprotocol, and close politely on exit. trio-websocket's reader task runs in
    ``nursery`` (the caller's, so one nursery serves the whole connection); errors it raises
    there reach the caller as a group: :func:`link_closed_from_group` turns them into
    :class:`LinkClosed`.

    TCP and TLS are opened here rather than by trio-websocket so that a certificate failure
    fails at once with a clear message (trio-websocket 0.12 waits for its connect timeout)
    and the socket is always closed (it leaks one when the server closes first).
    """
    url, _, host, port, resource, secure = split_url(endpoint)
    headers = []
    if endpoint.password:
        headers.append(basic_auth_header(endpoint.charge_box_id, endpoint.password))
    async with connect_slot(endpoint.connect_limiter):
        stream = await open_stream(url, host, port, endpoint, secure)
        try:
            ws = await _handshake(url, nursery, stream, host, resource, headers, endpoint)
        except BaseException:
            await trio.aclose_forcefully(stream)
            raise
    try:
        try:
            if ws.subprotocol != OCPP16_SUBPROTOCOL:
                raise SubprotocolRefused(
                    f"{url}: the CSMS did not agree to subprotocol {OCPP16_SUBPROTOCOL!r} "
                    f"(got {ws.subprotocol!r})"
                )
            yield WebSocketLink(ws)
        finally:
            # A polite close (code 1000) even when cancelled, bounded in time.
            with trio.move_on_after(2, shield=True):
                await ws.aclose()
    finally:
        await trio.aclose_forcefully(stream)


def link_closed_from_group(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """What a connection's nursery raised, as one exception: LinkClosed for every way a
    connection ends (trio-websocket's errors included), else the group itself."""
    leaves = _leaves(group)
    real = [_translate("connection", leaf) for leaf in leaves
            if not isinstance(leaf, trio.Cancelled)]
    if real and all(isinstance(leaf, LinkClosed) for leaf in real):
        return real[0]  # several tasks noticed the same closed connection
    if len(real) == 1:
        return real[0]
    if not real and leaves:
        return leaves[0]
    return group


async def open_stream(
    url: str, host: str, port: int, endpoint: Endpoint, secure: bool
) -> _Stream:
    try:
        # the context first: a certificate file that cannot be used fails before any socket
        context = (
            tls_context(endpoint.ca_file, endpoint.client_cert, endpoint.client_key)
            if secure
            else None
        )
        with trio.fail_after(endpoint.connect_timeout):
            tcp = await trio.open_tcp_stream(host, port)
            if context is None:
                return tcp
            tls = trio.SSLStream(tcp, context, server_hostname=host, https_compatible=True)
            try:
                await tls.do_handshake()
            except BaseException:
                await trio.aclose_forcefully(tls)
                raise
            return tls
    except trio.TooSlowError:
        raise LinkClosed(f"{url}: no connection within {endpoint.connect_timeout} s") from None
    except (OSError, trio.BrokenResourceError) as exc:
        reason = exc.__cause__ if isinstance(exc.__cause__, ssl.SSLError) else exc
        raise LinkClosed(f"{url}: {type(reason).__name__}: {reason}") from None


async def _handshake(
    url: str,
    nursery: trio.Nursery,
    stream: _Stream,
    host: str,
    resource: str,
    headers: list[tuple[bytes, bytes]],
    endpoint: Endpoint,
) -> trio_websocket.WebSocketConnection:
    try:
        with trio.fail_after(endpoint.connect_timeout):
            return await trio_websocket.wrap_client_stream(
                nursery, stream, host, resource,
                subprotocols=[OCPP16_SUBPROTOCOL], extra_headers=headers,
            )
    except trio.TooSlowError:
        raise LinkClosed(f"{url}: no WebSocket handshake within "
                         f"{endpoint.connect_timeout} s") from None
    except (trio_websocket.HandshakeError, trio_websocket.ConnectionClosed) as exc:
        raise _translate(url, exc) from None


def _translate(url: str, exc: BaseException) -> BaseException:
    """trio-websocket's and the network's errors as LinkClosed; anything else unchanged."""
    if isinstance(exc, trio_websocket.ConnectionRejected):
        return LinkClosed(f"{url}: handshake rejected with HTTP {exc.status_code}")
    if isinstance(exc, trio_websocket.HandshakeError | trio_websocket.ConnectionClosed):
        return LinkClosed(f"{url}: {exc!r}")
    if isinstance(exc, trio.BrokenResourceError | OSError):
        return LinkClosed(f"{url}: {type(exc).__name__}: {exc}")
    return exc


def _leaves(group: BaseExceptionGroup[BaseException]) -> list[BaseException]:
    leaves: list[BaseException] = []
    pending: list[BaseException] = [group]
    while pending:
        item = pending.pop()
        if isinstance(item, BaseExceptionGroup):
            pending.extend(item.exceptions)
        else:
            leaves.append(item)
    return leaves
