"""A small HTTP/1.1 server on trio with h11: one request per connection, then close.

Why h11 and not an HTTP framework: the endpoint answers four paths with bodies built in
memory, scrapes come every few seconds, and it must run on the bridge's own trio loop (a
stuck loop must answer nothing, see :mod:`runtime.observe.watchdog`). h11 is the sans-I/O
HTTP core the project's style follows (``../shared/design/style-anchors.md``), is already
installed through httpx, and adds no thread and no second event loop.

Bounded in every direction: :data:`MAX_CONNECTIONS` at once (more wait in the kernel's
backlog), :data:`REQUEST_TIMEOUT_S` to send a request, 16 KiB of request head (h11's
default), request bodies ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

import h11
import trio

from runtime.logs import event

from .routes import Response

__all__ = ["MAX_CONNECTIONS", "REQUEST_TIMEOUT_S", "Answerer", "serve_http"]

log = logging.getLogger(__name__)

MAX_CONNECTIONS = 32
REQUEST_TIMEOUT_S = 10.0
_RECEIVE_SIZE = 65536


class Answerer(Protocol):
    def answer(self, method: str, target: str, accept: str = "") -> Response: ...


async def serve_http(
    answerer: Answerer,
    host: str,
    port: int,
    *,
    task_status: trio.TaskStatus[int] = trio.TASK_STATUS_IGNORED,
) -> None:
    """Listen on ``host:port`` until cancelled; ``started`` with the bound port."""
    listeners = await trio.open_tcp_listeners(port, host=host)
    bound = listeners[0].socket.getsockname()[1]
    address = f"[{host}]:{bound}" if ":" in host else f"{host}:{bound}"
    event(log, "observe.listening", address=address)
    limit = trio.CapacityLimiter(MAX_CONNECTIONS)

    async def handler(stream: trio.SocketStream) -> None:
        async with limit:
            await _serve_one(stream, answerer.answer)

    async with trio.open_nursery() as nursery:
        await nursery.start(trio.serve_listeners, handler, listeners)
        task_status.started(bound)


async def _serve_one(
    stream: trio.SocketStream, answer: Callable[[str, str, str], Response]
) -> None:
    connection = h11.Connection(h11.SERVER)
    try:
        with trio.move_on_after(REQUEST_TIMEOUT_S):
            request = await _read_request(stream, connection)
            if request is None:
                return
            method = request.method.decode("ascii", "replace")
            target = request.target.decode("ascii", "replace")
            accept = dict(request.headers).get(b"accept", b"").decode("latin-1")
            try:
                response = answer(method, target, accept)
            except Exception as exc:  # a bug in a page must not stop the chargers' loop
                event(log, "observe.failed", level=logging.ERROR, path=target,
                      error=f"{type(exc).__name__}: {exc}")  # fmt: skip
                response = _plain(500, "internal error\n")
            await _write(stream, connection, response, head_only=method == "HEAD")
    except (trio.BrokenResourceError, trio.ClosedResourceError, h11.ProtocolError):
        pass  # the client went away or spoke something else: nothing to answer
    finally:
        await stream.aclose()


async def _read_request(
    stream: trio.SocketStream, connection: h11.Connection
) -> h11.Request | None:
    while True:
        try:
            found = connection.next_event()
        except h11.RemoteProtocolError as exc:
            await _write(stream, connection, _plain(exc.error_status_hint, "bad request\n"))
            return None
        if isinstance(found, h11.Request):
            return found
        if found is h11.NEED_DATA:
            data = await stream.receive_some(_RECEIVE_SIZE)
            connection.receive_data(data)
            if not data:
                return None
        elif isinstance(found, h11.ConnectionClosed):
            return None


def _plain(status: int, text: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", text.encode())


async def _write(
    stream: trio.SocketStream,
    connection: h11.Connection,
    response: Response,
    head_only: bool = False,
) -> None:
    headers = [
        ("Content-Type", response.content_type),
        ("Content-Length", str(len(response.body))),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Connection", "close"),
        *response.headers.items(),
    ]
    parts = [connection.send(h11.Response(status_code=response.status, headers=headers))]
    if not head_only:
        parts.append(connection.send(h11.Data(data=response.body)))
    parts.append(connection.send(h11.EndOfMessage()))
    await stream.send_all(b"".join(p for p in parts if p))
