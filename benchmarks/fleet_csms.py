"""A lean loopback Central System for ``bench_fleet.py``: thousands of OCPP-J WebSockets, cheaply.

    python benchmarks/fleet_csms.py [--heartbeat-interval 60]

One trio task per connection drives a wsproto server connection (no reader task, no channel),
so 10,000 idle chargers cost little memory and a message costs one ``json.loads``. Every CALL
the bridge sends is answered at once: BootNotification Accepted with the heartbeat interval,
Heartbeat, StatusNotification, MeterValues, Start/StopTransaction (transaction ids 1, 2, ...),
Authorize Accepted, and the notifications; an action it does not know gets CALLERROR
NotImplemented (OCPP-J 1.6 §4.2.3). WebSocket pings are answered (RFC 6455 §5.5.2).

It prints ``listening <port>`` on stdout, then answers one JSON command per stdin line with
one JSON line on stdout, until stdin closes:

* ``{"cmd": "stats"}``: the monotonic clock now (``time.monotonic`` is one clock for every
  process on Linux), connections opened/closed/open, distinct charge boxes connected and
  booted with the time the last of them first did, CALLs per action (cumulative), frames it
  could not read, pings;
* ``{"cmd": "statuses", "boxes": [...]}``: the last StatusNotifications of those charge boxes
  as ``[monotonic time, connectorId, status]``.
"""

from __future__ import annotations

import argparse
import collections
import functools
import itertools
import json
import os
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import trio
from wsproto import ConnectionType, WSConnection
from wsproto.connection import ConnectionState
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Ping,
    RejectConnection,
    Request,
    TextMessage,
)
from wsproto.utilities import ProtocolError

#: StatusNotifications kept per charge box (for the change-to-CSMS latency)
STATUS_HISTORY = 8
_NOW = "2026-01-01T00:00:00Z"


@dataclass
class Records:
    """What the CSMS saw; see the module docstring."""

    opened: int = 0
    closed: int = 0
    bad_frames: int = 0
    pings: int = 0
    first_connect: dict[str, float] = field(default_factory=dict)
    first_boot: dict[str, float] = field(default_factory=dict)
    calls: collections.Counter[str] = field(default_factory=collections.Counter)
    first_call: dict[str, float] = field(default_factory=dict)
    last_call: dict[str, float] = field(default_factory=dict)
    statuses: dict[str, collections.deque[tuple[float, int, str]]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "now": time.monotonic(),
            "opened": self.opened,
            "closed": self.closed,
            "open": self.opened - self.closed,
            "connected": len(self.first_connect),
            "last_first_connect": max(self.first_connect.values(), default=None),
            "booted": len(self.first_boot),
            "last_first_boot": max(self.first_boot.values(), default=None),
            "with_status": len(self.statuses),
            "calls": dict(self.calls),
            "first_call": self.first_call,
            "last_call": self.last_call,
            "bad_frames": self.bad_frames,
            "pings": self.pings,
        }


class Answers:
    """The CALLRESULT payload of each action the bridge may send."""

    def __init__(self, heartbeat_interval: int) -> None:
        self._interval = heartbeat_interval
        self._tx_ids = itertools.count(1)

    def payload(self, action: str, request: dict[str, Any]) -> dict[str, Any] | None:
        accepted = {"status": "Accepted"}
        if action == "BootNotification":
            return {"status": "Accepted", "currentTime": _NOW, "interval": self._interval}
        if action == "Heartbeat":
            return {"currentTime": _NOW}
        if action == "StartTransaction":
            return {"transactionId": next(self._tx_ids), "idTagInfo": accepted}
        if action in ("Authorize", "StopTransaction"):
            return {"idTagInfo": accepted}
        if action == "DataTransfer":
            return accepted
        if action in ("StatusNotification", "MeterValues", "FirmwareStatusNotification",
                      "DiagnosticsStatusNotification"):
            return {}
        return None


class FleetCsms:
    def __init__(self, heartbeat_interval: int) -> None:
        self.records = Records()
        self._answers = Answers(heartbeat_interval)

    async def handle(self, stream: trio.SocketStream) -> None:
        ws = WSConnection(ConnectionType.SERVER)
        box: str | None = None
        try:
            while True:
                data = await stream.receive_some(65536)
                if not data:
                    return
                ws.receive_data(data)
                out: list[bytes] = []
                for event in ws.events():
                    if isinstance(event, Request):
                        box = self._accept(ws, event, out)
                    elif isinstance(event, TextMessage) and box is not None:
                        # a bridge frame is small; wsproto hands it over whole
                        reply = self._on_text(box, str(event.data))
                        if reply is not None:
                            out.append(ws.send(TextMessage(data=reply)))
                    elif isinstance(event, Ping):
                        self.records.pings += 1
                        out.append(ws.send(event.response()))
                    elif (isinstance(event, CloseConnection)
                          and ws.state is ConnectionState.REMOTE_CLOSING):
                        out.append(ws.send(event.response()))
                if out:
                    await stream.send_all(b"".join(out))
                if ws.state is ConnectionState.CLOSED:
                    return
        except (trio.BrokenResourceError, trio.ClosedResourceError, ProtocolError, OSError):
            return
        finally:
            if box is not None:
                self.records.closed += 1
            await trio.aclose_forcefully(stream)

    def _accept(self, ws: WSConnection, request: Request, out: list[bytes]) -> str | None:
        if "ocpp1.6" not in request.subprotocols:
            out.append(ws.send(RejectConnection(status_code=400)))
            return None
        out.append(ws.send(AcceptConnection(subprotocol="ocpp1.6")))
        box = urllib.parse.unquote(request.target.rsplit("/", 1)[-1])
        self.records.opened += 1
        self.records.first_connect.setdefault(box, time.monotonic())
        return box

    def _on_text(self, box: str, text: str) -> str | None:
        try:
            message = json.loads(text)
            kind, unique_id = message[0], message[1]
        except (ValueError, IndexError, KeyError, TypeError):
            self.records.bad_frames += 1
            return None
        if kind != 2:
            return None  # a CALLRESULT or CALLERROR: this CSMS sends no CALLs
        action, request = str(message[2]), message[3]
        now = time.monotonic()
        records = self.records
        records.calls[action] += 1
        records.first_call.setdefault(action, now)
        records.last_call[action] = now
        if action == "BootNotification":
            records.first_boot.setdefault(box, now)
        elif action == "StatusNotification":
            history = records.statuses.get(box)
            if history is None:
                history = records.statuses[box] = collections.deque(maxlen=STATUS_HISTORY)
            history.append((now, int(request.get("connectorId", -1)), str(request.get("status"))))
        payload = self._answers.payload(action, request)
        if payload is None:
            return json.dumps([4, unique_id, "NotImplemented", f"no {action} here", {}])
        return json.dumps([3, unique_id, payload])

    def command(self, line: str) -> dict[str, Any]:
        try:
            request = json.loads(line)
        except ValueError:
            return {"error": "not JSON"}
        if request.get("cmd") == "stats":
            return self.records.as_json()
        if request.get("cmd") == "statuses":
            seen = self.records.statuses
            return {box: list(seen.get(box, ())) for box in request.get("boxes", [])}
        return {"error": f"unknown command {request.get('cmd')!r}"}


async def _control(csms: FleetCsms, done: trio.CancelScope) -> None:
    """One JSON reply per stdin line; stdin closing ends the CSMS."""
    stdin = trio.lowlevel.FdStream(os.dup(sys.stdin.fileno()))
    buffer = b""
    while chunk := await stdin.receive_some(65536):
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            sys.stdout.write(json.dumps(csms.command(line.decode())) + "\n")
            sys.stdout.flush()
    done.cancel()


async def main(heartbeat_interval: int) -> None:
    csms = FleetCsms(heartbeat_interval)
    async with trio.open_nursery() as nursery:
        serve = functools.partial(trio.serve_tcp, csms.handle, 0, host="127.0.0.1",
                                  backlog=65535)
        listeners = await nursery.start(serve)
        print(f"listening {listeners[0].socket.getsockname()[1]}", flush=True)
        nursery.start_soon(_control, csms, nursery.cancel_scope)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--heartbeat-interval", type=int, default=60)
    trio.run(main, parser.parse_args().heartbeat_interval)
