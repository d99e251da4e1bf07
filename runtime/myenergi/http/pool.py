"""The connections to one origin: at most ``max_connections`` at once, kept alive, fair.

A request waits for a slot (a ``trio.Semaphore``: trio hands a released slot to the
longest-waiting task, so requests are served first come, first served and no hub's request
can be overtaken for ever by others'), then takes the most recently used idle connection
(LIFO keeps the fewest connections warm) or opens one. Idle connections the server has
closed are noticed before use and dropped.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass

import trio

from runtime.myenergi.http.connection import Http11Connection
from runtime.myenergi.http.errors import TransportError


@dataclass(frozen=True, slots=True)
class Origin:
    """scheme://host:port (RFC 6454); ``host_header`` is what the Host header carries."""

    scheme: str
    host: str
    port: int

    @property
    def is_tls(self) -> bool:
        return self.scheme == "https"

    @property
    def host_header(self) -> bytes:
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 literal
        default = 443 if self.is_tls else 80
        return (host if self.port == default else f"{host}:{self.port}").encode("idna")


class OriginPool:
    """Kept-alive connections to ``origin``. ``acquire`` then exactly one ``release``."""

    def __init__(
        self,
        origin: Origin,
        max_connections: int,
        ssl_context: ssl.SSLContext | None,
        max_body: int,
    ) -> None:
        if max_connections < 1:
            raise ValueError("an origin pool needs at least one connection")
        if origin.is_tls and ssl_context is None:
            raise ValueError("an https origin needs an SSL context")
        self.origin = origin
        #: computed once: the idna codec is slow, and every request sends it
        self.host_header = origin.host_header
        self._slots = trio.Semaphore(max_connections)
        self._idle: list[Http11Connection] = []
        self._ssl_context = ssl_context
        self._max_body = max_body
        self._closed = False
        #: connections opened so far (tests and benchmarks read it to see keep-alive work)
        self.connections_opened = 0

    @property
    def idle(self) -> int:
        return len(self._idle)

    async def acquire(self, url: str, *, fresh: bool = False) -> Http11Connection:
        """A connection of this pool's own, new if ``fresh``; waits for a slot first."""
        if self._closed:
            raise TransportError(url, "the HTTP client is closed")
        try:
            # A free slot means nobody waits (trio hands released slots to waiters), so
            # taking it without a trip through the scheduler keeps the order fair.
            self._slots.acquire_nowait()
        except trio.WouldBlock:
            await self._slots.acquire()
        try:
            while self._idle and not fresh:
                conn = self._idle.pop()
                if not conn.looks_closed():
                    return conn
                await conn.aclose()
            return await self._connect(url)
        except BaseException:
            self._slots.release()
            raise

    async def release(self, conn: Http11Connection) -> None:
        """Give the connection back: kept for the next request if it can carry one."""
        try:
            if conn.reusable and not self._closed:
                self._idle.append(conn)
            else:
                await conn.aclose()
        finally:
            self._slots.release()

    async def aclose(self) -> None:
        """Close the idle connections; ones in use close when released."""
        self._closed = True
        idle, self._idle = self._idle, []
        for conn in idle:
            await conn.aclose()

    async def _connect(self, url: str) -> Http11Connection:
        origin = self.origin
        try:
            tcp = await trio.open_tcp_stream(origin.host, origin.port)
        except OSError as exc:
            raise TransportError(url, f"cannot connect: {exc}") from None
        stream: trio.abc.Stream = tcp
        if origin.is_tls:
            assert self._ssl_context is not None
            tls = trio.SSLStream(
                tcp, self._ssl_context, server_hostname=origin.host, https_compatible=True
            )
            try:
                await tls.do_handshake()
            except trio.BrokenResourceError as exc:
                await trio.aclose_forcefully(tcp)
                raise TransportError(url, f"TLS handshake failed: {exc.__cause__!r}") from None
            except BaseException:
                await trio.aclose_forcefully(tcp)
                raise
            stream = tls
        self.connections_opened += 1
        return Http11Connection(stream, tcp.socket, self._max_body)
