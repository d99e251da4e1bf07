"""An in-memory Link and a scripted central system for trio tests (no sockets, autojump)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import trio
import trio.lowlevel

from runtime.ocpp.transport import Endpoint, Link, LinkClosed


class MemoryLink:
    """The charge point's end of an in-memory connection."""

    def __init__(self, to_csms: trio.MemorySendChannel[str], from_csms: trio.MemoryReceiveChannel[str],
                 csms: MemoryCsms) -> None:
        self._send, self._receive = to_csms, from_csms
        self._csms = csms

    async def send(self, text: str) -> None:
        if self._csms.answer_delay and text.startswith(("[3", "[4")):
            await trio.sleep(self._csms.answer_delay)  # a congested link, for answers only
        try:
            await self._send.send(text)
        except (trio.BrokenResourceError, trio.ClosedResourceError) as exc:
            raise LinkClosed("peer gone") from exc

    async def receive(self) -> str:
        try:
            return await self._receive.receive()
        except (trio.EndOfChannel, trio.ClosedResourceError) as exc:
            raise LinkClosed("peer closed") from exc

    async def ping(self) -> None:
        self._csms.pings.append(trio.current_time())
        if self._csms.answer_pings:
            await trio.sleep(0.01)
        else:
            await trio.sleep_forever()  # a half-open link: the pong never comes

    async def close(self) -> None:
        await self._send.aclose()


@dataclass
class CsmsSide:
    """The central system's end: what it received, and how to answer or send."""

    endpoint: Endpoint
    to_cp: trio.MemorySendChannel[str]
    from_cp: trio.MemoryReceiveChannel[str]

    async def receive(self) -> list[Any]:
        decoded: list[Any] = json.loads(await self.from_cp.receive())
        return decoded

    async def send(self, frame: list[Any]) -> None:
        await self.to_cp.send(json.dumps(frame))

    async def close(self) -> None:
        await self.to_cp.aclose()
        await self.from_cp.aclose()


Reply = Callable[[str, dict[str, Any]], list[Any] | None]


@dataclass
class MemoryCsms:
    """Hands each new connection to the test (``connections``), or serves it from ``replies``.

    ``replies[action]`` is a payload or a function ``(unique_id, payload) -> frame | None``
    (None: no answer). Everything received is in ``received`` as (time, frame).
    """

    replies: dict[str, Any] = field(default_factory=dict)
    received: list[tuple[float, list[Any]]] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    current: CsmsSide | None = None
    refuse: bool = False
    pings: list[float] = field(default_factory=list)
    answer_pings: bool = True
    #: seconds each CALLRESULT/CALLERROR of the charge point takes to go out
    answer_delay: float = 0.0
    _new: trio.Event = field(default_factory=trio.Event)

    def connector(self) -> Callable[[Endpoint, trio.Nursery], AbstractAsyncContextManager[Link]]:
        @asynccontextmanager
        async def connect(endpoint: Endpoint, nursery: trio.Nursery) -> AsyncIterator[Link]:
            if self.refuse:
                raise LinkClosed("connection refused")
            self.endpoints.append(endpoint)
            to_csms_send, to_csms_recv = trio.open_memory_channel[str](16)
            to_cp_send, to_cp_recv = trio.open_memory_channel[str](16)
            self.current = CsmsSide(endpoint, to_cp_send, to_csms_recv)
            self._new.set()
            self._new = trio.Event()
            try:
                yield MemoryLink(to_csms_send, to_cp_recv, self)
            finally:
                to_csms_send.close()
                to_cp_recv.close()

        return connect

    async def serve(self) -> None:
        """Answer every CALL from ``replies`` on whatever connection is current, forever."""
        while True:
            side = self.current
            if side is None:
                await self._new.wait()
                continue
            try:
                frame = await side.receive()
            except (trio.EndOfChannel, trio.ClosedResourceError, trio.BrokenResourceError):
                if self.current is side:
                    self.current = None
                continue
            self.received.append((trio.current_time(), frame))
            if frame[0] == 2:
                reply = self.replies.get(frame[2], {})
                answer = reply(frame[1], frame[3]) if callable(reply) else [3, frame[1], reply]
                if answer is not None:
                    with suppress(trio.BrokenResourceError, trio.ClosedResourceError):
                        await side.send(answer)

    def actions(self) -> list[str]:
        return [frame[2] for _, frame in self.received if frame[0] == 2]

    def calls(self, action: str) -> list[tuple[float, list[Any]]]:
        return [(t, f) for t, f in self.received if f[0] == 2 and f[2] == action]


async def eventually(predicate: Callable[[], object], poll: float = 0.5) -> None:
    """Poll a test recorder until ``predicate()`` holds (bound it with trio.fail_after)."""
    while not predicate():  # noqa: ASYNC110 - polling a plain list, nothing to wait on
        await trio.sleep(poll)


def accepted(interval: int = 60) -> dict[str, Any]:
    return {"status": "Accepted", "currentTime": "2025-01-01T00:00:00Z", "interval": interval}


def boot_answer(status: str, interval: int) -> dict[str, Any]:
    return {"status": status, "currentTime": "2025-01-01T00:00:00Z", "interval": interval}


DEFAULT_REPLIES: Mapping[str, Any] = {
    "BootNotification": accepted(),
    "Heartbeat": {"currentTime": "2025-01-01T00:00:00Z"},
    "StatusNotification": {},
    "Authorize": {"idTagInfo": {"status": "Accepted"}},
    "MeterValues": {},
    "StopTransaction": {},
    "StartTransaction": {"transactionId": 42, "idTagInfo": {"status": "Accepted"}},
}
