"""A small OCPP 1.6J central system for ``zappi-ocpp demo``: trio-websocket, loopback, no auth.

It plays the operator's side of the demo: answers every CALL a charger sends (BootNotification
Accepted, transaction ids 1, 2, ..., Authorize from a per-tag policy), sends CALLs of its own
(:meth:`DemoCsms.call`), and checks every payload in both directions against the official
OCPP 1.6 JSON schemas shipped in the ``ocpp`` package, an oracle independent of the bridge's
generated validators. Each frame is handed to an observer, which prints the timeline.

It is a demo peer, not a product: one CALL at a time per charger from our side, no persistence.
"""

from __future__ import annotations

import itertools
import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import trio
import trio_websocket
from ocpp.messages import get_validator

__all__ = ["DemoCsms", "Frame"]

Payload = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Frame:
    """One OCPP-J message as the CSMS saw it.

    ``inbound`` is charger → CSMS. ``action`` is known for CALLs and for the answers to them.
    ``violations`` lists what the official schema found wrong (empty when valid)."""

    charge_box: str
    inbound: bool
    kind: int  #: 2 CALL, 3 CALLRESULT, 4 CALLERROR
    unique_id: str
    action: str
    payload: Payload
    error_code: str = ""
    violations: tuple[str, ...] = ()
    at: float = field(default_factory=time.monotonic)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _violations(kind: int, action: str, payload: object) -> tuple[str, ...]:
    try:
        validator = get_validator(kind, action, "1.6")
    except (OSError, ValueError):
        return (f"no official schema for {action}",)
    return tuple(str(e.message) for e in validator.iter_errors(payload))


class DemoCsms:
    """See the module docstring. ``authorize(id_tag)`` gives the idTagInfo status."""

    def __init__(self, observer: Callable[[Frame], None] | None = None) -> None:
        self.frames: list[Frame] = []
        self.port = 0
        self.authorize: Callable[[str], str] = lambda id_tag: "Accepted"
        self._observer = observer
        self._transaction_ids = itertools.count(1)
        self._connections: dict[str, trio_websocket.WebSocketConnection] = {}
        self._pending: dict[str, tuple[str, trio.Event]] = {}
        self._answers: dict[str, Frame] = {}
        self._changed = trio.Event()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ocpp"

    async def serve(self, *, task_status: trio.TaskStatus[int] = trio.TASK_STATUS_IGNORED) -> None:
        """Listen on 127.0.0.1, port 0; ``nursery.start`` returns the port."""
        async with trio.open_nursery() as nursery:
            server = await nursery.start(
                trio_websocket.serve_websocket, self._handle, "127.0.0.1", 0, None
            )
            self.port = server.port
            task_status.started(self.port)

    # ---- what the demo script uses ---------------------------------------------------------

    def connected(self, charge_box: str) -> bool:
        return charge_box in self._connections

    async def call(self, charge_box: str, action: str, payload: Payload) -> Frame:
        """Send a CALL to a charger and return its answer (CALLRESULT or CALLERROR frame)."""
        connection = self._connections[charge_box]
        unique_id = str(uuid.uuid4())
        done = trio.Event()
        self._pending[unique_id] = (action, done)
        self._record(
            Frame(
                charge_box,
                False,
                2,
                unique_id,
                action,
                payload,
                violations=_violations(2, action, payload),
            )
        )
        await connection.send_message(json.dumps([2, unique_id, action, payload]))
        await done.wait()
        return self._answers.pop(unique_id)

    async def wait_for(
        self,
        charge_box: str,
        action: str,
        where: Callable[[Payload], bool] = lambda p: True,
        since: int = 0,
    ) -> Frame:
        """Wait for a CALL ``action`` from ``charge_box`` after frame index ``since``."""
        while True:
            for frame in self.frames[since:]:
                if (
                    frame.inbound
                    and frame.kind == 2
                    and frame.charge_box == charge_box
                    and frame.action == action
                    and where(frame.payload)
                ):
                    return frame
            await self._changed.wait()

    def mark(self) -> int:
        return len(self.frames)

    # ---- the connection --------------------------------------------------------------------

    async def _handle(self, request: trio_websocket.WebSocketRequest) -> None:
        charge_box = request.path.rstrip("/").rsplit("/", 1)[-1]
        if "ocpp1.6" not in request.proposed_subprotocols:
            await request.reject(400, body=b"subprotocol ocpp1.6 required\n")
            return
        connection = await request.accept(subprotocol="ocpp1.6")
        self._connections[charge_box] = connection
        try:
            while True:
                text = await connection.get_message()
                await self._receive(charge_box, connection, str(text))
        except trio_websocket.ConnectionClosed:
            pass
        finally:
            if self._connections.get(charge_box) is connection:
                del self._connections[charge_box]

    async def _receive(
        self, charge_box: str, connection: trio_websocket.WebSocketConnection, text: str
    ) -> None:
        try:
            message = json.loads(text)
            kind, unique_id = int(message[0]), str(message[1])
        except (ValueError, TypeError, IndexError, KeyError):
            return  # a demo peer: ignore what it cannot read
        if kind == 2:
            action, payload = str(message[2]), message[3]
            self._record(
                Frame(
                    charge_box,
                    True,
                    2,
                    unique_id,
                    action,
                    payload,
                    violations=_violations(2, action, payload),
                )
            )
            answer = self._answer(action, payload)
            self._record(
                Frame(
                    charge_box,
                    False,
                    3,
                    unique_id,
                    action,
                    answer,
                    violations=_violations(3, action, answer),
                )
            )
            await connection.send_message(json.dumps([3, unique_id, answer]))
            return
        action, done = self._pending.pop(unique_id, ("", trio.Event()))
        if kind == 3:
            frame = Frame(
                charge_box,
                True,
                3,
                unique_id,
                action,
                message[2],
                violations=_violations(3, action, message[2]),
            )
        else:
            frame = Frame(
                charge_box,
                True,
                4,
                unique_id,
                action,
                message[4] if len(message) > 4 else {},
                error_code=str(message[2]),
            )
        self._record(frame)
        self._answers[unique_id] = frame
        done.set()

    def _answer(self, action: str, payload: Mapping[str, Any]) -> Payload:
        if action == "BootNotification":
            return {"status": "Accepted", "currentTime": _now(), "interval": 300}
        if action == "Heartbeat":
            return {"currentTime": _now()}
        if action == "Authorize":
            return {"idTagInfo": {"status": self.authorize(str(payload.get("idTag")))}}
        if action == "StartTransaction":
            return {
                "transactionId": next(self._transaction_ids),
                "idTagInfo": {"status": self.authorize(str(payload.get("idTag")))},
            }
        if action == "DataTransfer":
            return {"status": "UnknownVendorId"}
        return {}  # StatusNotification, MeterValues, StopTransaction, the *StatusNotifications

    def _record(self, frame: Frame) -> None:
        self.frames.append(frame)
        if self._observer is not None:
            self._observer(frame)
        self._changed.set()
        self._changed = trio.Event()
