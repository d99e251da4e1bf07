"""One kept-alive HTTP/1.1 connection: an h11 state machine over a trio stream (RFC 9112).

h11 does the framing (Content-Length or chunked bodies, ``Connection: close``, what a
response to a request may look like); this module only moves bytes and tells the pool
whether the connection can carry another request.
"""

from __future__ import annotations

import h11
import trio

from runtime.myenergi.http.errors import TransportError
from runtime.myenergi.http.response import Response

#: bytes asked of the socket per read; a zappi status reply is 1-3 KiB
READ_SIZE = 65536


class ConnectionDropped(TransportError):
    """The server closed the connection before sending any byte of the response.

    On a connection that had already served a request this is the keep-alive race (the
    server timed the idle connection out as the request went out): RFC 9112 §9.3.1 lets a
    client retry an idempotent request then, which ``HttpClient`` does once.
    """


class Http11Connection:
    """A connection to one origin. ``request`` one at a time; ``reusable`` says if another
    may follow. Any failure leaves the connection closed."""

    __slots__ = ("_conn", "_socket", "_stream", "max_body", "requests")

    def __init__(
        self, stream: trio.abc.Stream, socket: trio.socket.SocketType, max_body: int
    ) -> None:
        self._stream = stream
        self._socket = socket
        self._conn = h11.Connection(h11.CLIENT)
        self.max_body = max_body
        #: requests sent on this connection (> 1 means it was kept alive)
        self.requests = 0

    @property
    def reusable(self) -> bool:
        return self._conn.our_state is h11.IDLE and self._conn.their_state is h11.IDLE

    def looks_closed(self) -> bool:
        """An idle connection with something to read has been closed by the server (or the
        server sent bytes nobody asked for): either way it cannot carry a request."""
        return self._socket.fileno() < 0 or self._socket.is_readable()

    async def aclose(self) -> None:
        """Close at once; safe in a cancelled scope (no TLS close_notify is awaited)."""
        await trio.aclose_forcefully(self._stream)

    async def request(
        self, url: str, method: bytes, target: bytes, headers: list[tuple[bytes, bytes]]
    ) -> Response:
        """Send a request without a body and read the whole response."""
        self.requests += 1
        try:
            data = self._conn.send(h11.Request(method=method, target=target, headers=headers))
            data += self._conn.send(h11.EndOfMessage())
            await self._stream.send_all(data)
            response = await self._receive(url)
        except h11.ProtocolError as exc:
            raise TransportError(url, f"malformed HTTP from the server: {exc}") from None
        except (trio.BrokenResourceError, trio.ClosedResourceError, OSError) as exc:
            if self._conn.their_state is h11.SEND_RESPONSE:  # nothing of a response yet
                raise ConnectionDropped(url, f"connection lost: {exc!r}") from None
            raise TransportError(url, f"connection lost mid-response: {exc!r}") from None
        if self._conn.our_state is h11.DONE and self._conn.their_state is h11.DONE:
            self._conn.start_next_cycle()
        return response

    async def _receive(self, url: str) -> Response:
        conn = self._conn
        status = 0
        headers: tuple[tuple[str, str], ...] = ()
        body: list[bytes] = []
        size = 0
        received = False
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                data = bytes(await self._stream.receive_some(READ_SIZE))
                if not data and not received:
                    raise ConnectionDropped(url, "the server closed the connection unanswered")
                received = True
                conn.receive_data(data)  # b"" mid-message makes h11 raise RemoteProtocolError
            elif isinstance(event, h11.Response):
                status = event.status_code
                headers = tuple(
                    (name.decode("latin-1"), value.decode("latin-1"))
                    for name, value in event.headers
                )
            elif isinstance(event, h11.Data):
                size += len(event.data)
                if size > self.max_body:
                    raise TransportError(url, f"the reply is larger than {self.max_body} bytes")
                body.append(event.data)
            elif isinstance(event, h11.EndOfMessage):
                return Response(url, status, headers, b"".join(body))
            # h11.InformationalResponse (1xx) is skipped: the final response follows. PAUSED
            # cannot come: it follows EndOfMessage, which returned.
