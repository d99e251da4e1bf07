"""The simulator's HTTP/1.1 server: h11 over trio sockets, one task per connection.

Serves the director and the ASN host on one port (the ``X_MYENERGI-asn`` header names this
server's own ``host:port`` unless told otherwise), digest-protected ``cgi-*`` endpoints, the
injected cloud outages, and the unauthenticated control interface under ``/_control/``.

``await nursery.start(serve_simulator, fleet, "127.0.0.1", 0)`` returns the bound port once
the server is listening. Nothing a request does costs more with a larger fleet: the hub is a
dict look-up, only its zappis are brought up to date, nonces expire from the front of a queue.
"""

from __future__ import annotations

import functools
import http
import json
import logging
import ssl

import h11
import trio

from runtime.logs import event
from runtime.myenergi.simulator import cgi, control
from runtime.myenergi.simulator.bad_field import garble
from runtime.myenergi.simulator.digest import DigestVerifier, parse_authorization
from runtime.myenergi.simulator.fleet import Fleet, Hub, OutageKind, RequestRecord

log = logging.getLogger(__name__)

ASN_HEADER = b"X_MYENERGI-asn"
MAX_BODY = 64 * 1024
#: How long a "timeout" outage holds a request open before giving up on the client (real s).
TIMEOUT_HOLD_S = 30.0
_SERVER = b"zappi-ocpp-simulator"


class _Reply:
    """``hold``: never answer (a hung cloud); ``drop``: close without answering."""

    __slots__ = ("body", "drop", "headers", "hold", "status")

    def __init__(
        self,
        status: int,
        body: bytes,
        headers: list[tuple[bytes, bytes]],
        hold: bool = False,
        drop: bool = False,
    ) -> None:
        self.status, self.body, self.headers = status, body, headers
        self.hold, self.drop = hold, drop


@functools.cache
def _reason(status: int) -> bytes:
    try:
        return http.HTTPStatus(status).phrase.encode()
    except ValueError:
        return b""


def _json(value: object) -> bytes:
    # The cloud sends compact JSON; keeping ints as ints and floats as floats matters to
    # clients (``vol`` int decivolts vs float volts).
    return json.dumps(value, separators=(",", ":")).encode()


class SimulatorServer:
    """Answers requests for one listening socket; the fleet may be shared between servers."""

    def __init__(
        self,
        fleet: Fleet,
        own_asn: str,
        name: str = "simulator",
        keep_alive_s: float | None = None,
    ) -> None:
        self.fleet = fleet
        self.own_asn = own_asn
        self.name = name
        #: close a kept-alive connection idle this long (real s); None = keep it open
        self.keep_alive_s = keep_alive_s
        self.verifier = DigestVerifier(trio.current_time)

    @property
    def asn(self) -> str:
        return self.fleet.asn or self.own_asn

    async def handle_connection(self, stream: trio.abc.Stream) -> None:
        conn = h11.Connection(h11.SERVER)
        traffic = self.fleet.traffic
        traffic.connections_opened += 1
        traffic.connections_open += 1
        try:
            while True:
                request, body = None, b""
                with trio.move_on_after(self.keep_alive_s or float("inf")):
                    request, body = await self._read_request(conn, stream)
                if request is None:  # the client closed, or stayed idle for keep_alive_s
                    return
                reply = self.respond(request, body)
                if reply.drop:
                    return
                if reply.hold:
                    # A cloud that accepted the request and never answers: wait for the client
                    # to give up and close, bounded so a forgotten client cannot pin the task.
                    with trio.move_on_after(TIMEOUT_HOLD_S):
                        while await stream.receive_some(4096):
                            pass
                    return
                headers = [
                    (b"Content-Type", b"application/json"),
                    (b"Content-Length", str(len(reply.body)).encode()),
                    (b"Server", _SERVER),
                    *reply.headers,
                ]
                response = h11.Response(
                    status_code=reply.status, headers=headers, reason=_reason(reply.status)
                )
                data = b"".join(  # one write per reply: the head alone would be a packet
                    conn.send(part) or b""
                    for part in (response, h11.Data(data=reply.body), h11.EndOfMessage())
                )
                await stream.send_all(data)
                if conn.our_state is h11.MUST_CLOSE:
                    return
                conn.start_next_cycle()
        except (trio.BrokenResourceError, trio.ClosedResourceError, h11.ProtocolError):
            return
        finally:
            traffic.connections_open -= 1
            await trio.aclose_forcefully(stream)

    async def _read_request(
        self, conn: h11.Connection, stream: trio.abc.Stream
    ) -> tuple[h11.Request | None, bytes]:
        request: h11.Request | None = None
        body = bytearray()
        while True:
            ev = conn.next_event()
            if ev is h11.NEED_DATA:
                conn.receive_data(bytes(await stream.receive_some(65536)))
                continue
            if isinstance(ev, h11.Request):
                request = ev
            elif isinstance(ev, h11.Data):
                body += ev.data
                if len(body) > MAX_BODY:
                    return None, b""
            elif isinstance(ev, h11.EndOfMessage):
                return request, bytes(body)
            elif isinstance(ev, h11.ConnectionClosed) or ev is h11.PAUSED:
                return None, b""

    # ---- routing ----------------------------------------------------------------------

    def respond(self, request: h11.Request, body: bytes) -> _Reply:
        path = request.target.decode("ascii", "replace").split("?", 1)[0]
        method = request.method.decode("ascii", "replace")
        if path.startswith(control.PREFIX + "/"):
            return self._control(method, path, body)
        reply, hub = self._cloud(request, path)
        self.fleet.requests.append(RequestRecord(self.name, path, hub, reply.status))
        self.fleet.traffic.requests += 1
        self.fleet.traffic.by_status[reply.status] += 1
        if hub is not None:
            self.fleet.traffic.by_hub[hub] += 1
        return reply

    def _control(self, method: str, path: str, body: bytes) -> _Reply:
        try:
            payload: object = json.loads(body) if body.strip() else {}
        except ValueError:
            return _Reply(400, _json({"error": "the body is not JSON"}), [])
        status, reply = control.apply_control(self.fleet, method, path, payload)
        event(log, "simulator.control", level=logging.DEBUG, path=path, status=status)
        return _Reply(status, _json(reply), [])

    def _asn_headers(self) -> list[tuple[bytes, bytes]]:
        return [(ASN_HEADER, self.asn.encode())]

    def _unauthorized(self, stale: bool = False) -> _Reply:
        headers = [(b"WWW-Authenticate", self.verifier.challenge(stale=stale).encode())]
        if self.fleet.asn_on_401:
            headers += self._asn_headers()
        return _Reply(401, _json({"status": "401", "statustext": "Unauthorized"}), headers)

    def _cloud(self, request: h11.Request, path: str) -> tuple[_Reply, str | None]:
        authorization = dict(request.headers).get(b"authorization")
        creds = parse_authorization(authorization.decode("latin-1")) if authorization else None
        if creds is None:
            return self._unauthorized(), None
        hub = self.fleet.hubs.get(creds.username)
        if hub is None:
            return self._unauthorized(), creds.username
        outage = hub.take_outage()
        if outage is OutageKind.TIMEOUT:
            return _Reply(0, b"", [], hold=True), hub.serial
        if outage is OutageKind.DROP:
            return _Reply(0, b"", [], drop=True), hub.serial
        if outage in (OutageKind.HTTP_500, OutageKind.HTTP_503):
            status = 500 if outage is OutageKind.HTTP_500 else 503
            return _Reply(status, b"<html>server error</html>", []), hub.serial
        if outage is OutageKind.UNAUTHORIZED:
            return self._unauthorized(), hub.serial
        valid = self.verifier.verify(
            creds, request.method.decode(), request.target.decode("latin-1"), hub.api_key
        )
        if valid is None:
            return self._unauthorized(stale=True), hub.serial
        if not valid:
            return self._unauthorized(), hub.serial
        return self._answer(hub, path, outage), hub.serial

    def _answer(self, hub: Hub, path: str, outage: OutageKind | None) -> _Reply:
        now = self.fleet.bring_up_to_date(hub)
        status, payload = cgi.answer(hub, self.fleet.clock, now, self.asn, path)
        headers = [] if outage is OutageKind.NO_ASN else self._asn_headers()
        if outage is OutageKind.CLOSE:
            headers.append((b"Connection", b"close"))  # h11 then closes after the reply
        if outage is OutageKind.MALFORMED_JSON:
            return _Reply(200, _json(payload)[: max(1, len(_json(payload)) // 2)], headers)
        if outage is OutageKind.BAD_FIELD:
            payload = garble(payload, hub.bad_field)
        return _Reply(status, _json(payload), headers)


async def serve_simulator(
    fleet: Fleet,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    asn: str | None = None,
    name: str = "simulator",
    keep_alive_s: float | None = None,
    ssl_context: ssl.SSLContext | None = None,
    task_status: trio.TaskStatus[int] = trio.TASK_STATUS_IGNORED,
) -> None:
    """Serve ``fleet`` on ``host:port`` (0 = any free port) until cancelled.

    ``asn`` is the ``X_MYENERGI-asn`` value to advertise (default: this server's own
    ``host:port``); the fleet's ``asn`` set through the control interface overrides both.
    ``keep_alive_s`` closes connections idle that long; ``ssl_context`` serves https.
    ``task_status.started`` reports the bound port.
    """
    tcp_listeners = await trio.open_tcp_listeners(port, host=host)
    bound = tcp_listeners[0].socket.getsockname()[1]
    listeners: list[trio.abc.Listener[trio.abc.Stream]] = list(tcp_listeners)
    if ssl_context is not None:
        listeners = [
            trio.SSLListener(listener, ssl_context, https_compatible=True)
            for listener in tcp_listeners
        ]
    server = SimulatorServer(fleet, asn or f"{host}:{bound}", name, keep_alive_s)
    fleet.now()  # simulated time starts when the server does
    event(log, "simulator.listening", host=host, port=bound, hubs=len(fleet.hubs))
    task_status.started(bound)
    await trio.serve_listeners(server.handle_connection, listeners)
