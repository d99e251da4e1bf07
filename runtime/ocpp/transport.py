"""The trio + trio-websocket side of a charge point connection (OCPP-J 1.6 §3, §5, §6).

* URL: ``<csms url>/<charge box id>``, the id percent-encoded (OCPP-J 1.6 §3.1.1).
* Subprotocol ``ocpp1.6`` is offered and required: a CSMS that answers without it (§3.2)
  fails the connection with :class:`SubprotocolRefused`.
* Security profile 1: HTTP Basic auth, user = charge box id, password = AuthorizationKey
  (OCPP-J 1.6 §6.2, security whitepaper A00.FR.201). The password is never logged: it is kept
  out of every repr and error message.
* Security profile 2: ``wss://`` verified against the system CAs or a configured CA file,
  TLS 1.2 or newer (whitepaper A00.FR.301-324).
* :class:`Backoff`: capped exponential reconnect delays with jitter (OCPP-J 1.6 §3.2: retry
  with back-off), so a thousand chargers do not reconnect in lock step after a CSMS restart.

:class:`Link` is what the charge point task talks to; :func:`open_websocket_link` makes one
over trio-websocket, and tests can hand in any other implementation.
"""

from __future__ import annotations

import base64
import logging
import random
import ssl
import urllib.parse
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Protocol

import trio
import trio_websocket

__all__ = [
    "OCPP16_SUBPROTOCOL",
    "Backoff",
    "Connector",
    "Endpoint",
    "Link",
    "LinkClosed",
    "SubprotocolRefused",
    "WebSocketLink",
    "basic_auth_header",
    "charge_point_url",
    "open_websocket_link",
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


class Link(Protocol):
    """One open OCPP-J connection, text messages both ways."""

    async def send(self, text: str) -> None: ...

    async def receive(self) -> str: ...

    async def ping(self) -> None:
        """Send a WebSocket ping and return when its pong arrives."""

    async def close(self) -> None: ...


Connector = Callable[[Endpoint], AbstractAsyncContextManager[Link]]


def charge_point_url(csms_url: str, charge_box_id: str) -> str:
    """``csms_url`` + ``/`` + the percent-encoded identity (``RDAM 123`` → ``RDAM%20123``)."""
    return f"{csms_url.rstrip('/')}/{urllib.parse.quote(charge_box_id, safe='')}"


def basic_auth_header(charge_box_id: str, password: str) -> tuple[bytes, bytes]:
    """The ``Authorization`` header of security profiles 1 and 2 (RFC 7617)."""
    token = base64.b64encode(f"{charge_box_id}:{password}".encode()).decode("ascii")
    return (b"authorization", f"Basic {token}".encode("ascii"))


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """Verify the CSMS certificate and host name; TLS 1.2 at least (A00.FR.301-324)."""
    context = ssl.create_default_context(cafile=ca_file)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


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


@asynccontextmanager
async def open_websocket_link(endpoint: Endpoint) -> AsyncIterator[Link]:
    """Connect, authenticate and check the subprotocol; close on exit."""
    url = charge_point_url(endpoint.csms_url, endpoint.charge_box_id)
    headers = []
    if endpoint.password:
        headers.append(basic_auth_header(endpoint.charge_box_id, endpoint.password))
    context = tls_context(endpoint.ca_file) if url.startswith("wss://") else None
    try:
        connection = trio_websocket.open_websocket_url(
            url,
            context,
            subprotocols=[OCPP16_SUBPROTOCOL],
            extra_headers=headers,
            connect_timeout=endpoint.connect_timeout,
            disconnect_timeout=5,
        )
        async with connection as ws:
            if ws.subprotocol != OCPP16_SUBPROTOCOL:
                raise SubprotocolRefused(
                    f"{url}: the CSMS did not agree to subprotocol {OCPP16_SUBPROTOCOL!r} "
                    f"(got {ws.subprotocol!r})"
                )
            yield WebSocketLink(ws)
    except trio_websocket.ConnectionRejected as exc:
        raise LinkClosed(f"{url}: handshake rejected with HTTP {exc.status_code}") from None
    except (trio_websocket.HandshakeError, OSError, trio.BrokenResourceError) as exc:
        raise LinkClosed(f"{url}: {type(exc).__name__}: {exc}") from None


class Backoff:
    """Reconnect delays: ``initial × 2^n`` capped at ``cap``, each drawn from its upper half
    (so never shorter than half the nominal delay, and spread so chargers do not
    reconnect in lock step)."""

    __slots__ = ("_failures", "_random", "cap", "initial")

    def __init__(
        self, initial: float = 1.0, cap: float = 60.0, rng: random.Random | None = None
    ) -> None:
        self.initial = initial
        self.cap = cap
        self._failures = 0
        self._random = rng or random.Random()

    def next_delay(self) -> float:
        nominal = min(self.cap, self.initial * float(2 ** min(self._failures, 32)))
        self._failures += 1
        return nominal / 2 + self._random.uniform(0, nominal / 2)

    def reset(self) -> None:
        self._failures = 0
