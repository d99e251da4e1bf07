"""runtime/myenergi/http against the real simulator over loopback: digest auth with a cached
challenge, keep-alive, re-challenges, connections the server closes, timeouts, TLS, fairness."""

from __future__ import annotations

import functools
import ssl
from dataclasses import dataclass
from typing import Any

import pytest
import trio
import trio.testing
import trustme

from runtime.myenergi.http import (
    DigestAuth,
    HttpClient,
    InvalidJson,
    RequestTimeout,
    StatusError,
    TransportError,
)
from runtime.myenergi.simulator import digest as server_digest
from runtime.myenergi.simulator import fleet_from_config, serve_simulator, synthetic_fleet_config
from runtime.myenergi.simulator.fleet import Fleet, Outage, OutageKind

HUBS = 5
STATUS = "/cgi-jstatus-*"


def _fleet() -> Fleet:
    return fleet_from_config(synthetic_fleet_config(HUBS, zappis_per_hub=1, charging_fraction=0.4))


def _auths(fleet: Fleet) -> list[DigestAuth]:
    return [DigestAuth(serial, hub.api_key) for serial, hub in fleet.hubs.items()]


async def _serve(nursery: trio.Nursery, fleet: Fleet, **options: Any) -> str:
    port = await nursery.start(functools.partial(serve_simulator, **options), fleet, "127.0.0.1", 0)
    return f"http://127.0.0.1:{port}"


@dataclass
class Served:
    """The simulator on loopback, its status URL and the first hub's credentials."""

    fleet: Fleet
    url: str
    auth: DigestAuth


@pytest.fixture
async def served(nursery: trio.Nursery) -> Served:
    fleet = _fleet()
    return Served(fleet, await _serve(nursery, fleet) + STATUS, _auths(fleet)[0])


def _statuses(fleet: Fleet) -> list[int]:
    return [r.status for r in fleet.requests]


async def _no_connection_open(fleet: Fleet) -> None:
    with trio.fail_after(5):
        while fleet.traffic.connections_open:  # noqa: ASYNC110 - a counter, nothing to wait on
            await trio.sleep(0.01)


async def test_a_poll_takes_one_request_once_the_challenge_is_known(served: Served) -> None:
    fleet, url, auth = served.fleet, served.url, served.auth
    asn = url.removeprefix("http://").removesuffix(STATUS)
    async with HttpClient(timeout_s=5) as http:
        first = await http.get(url, auth=auth)
        assert first.status == 200 and _statuses(fleet) == [401, 200]
        for _ in range(3):
            again = await http.get(url, auth=auth)
            assert again.status == 200
        assert _statuses(fleet) == [401, 200, 200, 200, 200]  # no 401 round trip per poll
        reply = again.json()
        assert isinstance(reply, list) and reply[-1]["asn"] == asn
        zappis = next(group["zappi"] for group in reply if "zappi" in group)
        assert [z["sno"] for z in zappis] == list(fleet.hubs[auth.username].zappis)
        assert again.header("X_MYENERGI-ASN") == asn


async def test_requests_of_every_hub_share_one_kept_alive_connection(
    nursery: trio.Nursery,
) -> None:
    fleet = _fleet()
    url = await _serve(nursery, fleet)
    auths = _auths(fleet)
    async with HttpClient(timeout_s=5) as http:
        for _ in range(3):
            for auth in auths:
                assert (await http.get(url + STATUS, auth=auth)).status == 200
        assert http.connections_opened == 1
    assert fleet.traffic.connections_opened == 1
    assert fleet.traffic.by_status[200] == 3 * HUBS and fleet.traffic.by_status[401] == HUBS


async def test_a_wrong_key_costs_two_requests_and_returns_the_401(nursery: trio.Nursery) -> None:
    fleet = _fleet()
    url = await _serve(nursery, fleet)
    serial = next(iter(fleet.hubs))
    async with HttpClient(timeout_s=5) as http:
        response = await http.get(url + STATUS, auth=DigestAuth(serial, "not-the-key"))
        assert response.status == 401 and _statuses(fleet) == [401, 401]
        with pytest.raises(StatusError) as raised:
            response.raise_for_status()
        assert raised.value.status == 401 and "not-the-key" not in str(raised.value)


async def test_a_regenerated_key_is_noticed_after_one_re_challenge(served: Served) -> None:
    fleet, url, auth = served.fleet, served.url, served.auth
    async with HttpClient(timeout_s=5) as http:
        assert (await http.get(url, auth=auth)).status == 200
        fleet.hub(auth.username).api_key = "regenerated"
        fleet.requests.clear()
        assert (await http.get(url, auth=auth)).status == 401
        assert _statuses(fleet) == [401, 401]  # the cached challenge, then a fresh one


async def test_an_expired_nonce_is_answered_stale_and_re_challenged(
    served: Served, mock_clock: trio.testing.MockClock
) -> None:
    fleet, url, auth = served.fleet, served.url, served.auth
    async with HttpClient(timeout_s=5) as http:
        assert (await http.get(url, auth=auth)).status == 200
        old = auth.challenge
        mock_clock.jump(server_digest.NONCE_LIFETIME_S + 1)  # the server's nonce has expired
        fleet.requests.clear()
        response = await http.get(url, auth=auth)
    assert response.status == 200 and _statuses(fleet) == [401, 200]
    assert old is not None and auth.challenge is not None
    assert auth.challenge.stale and auth.challenge.nonce != old.nonce


async def test_a_hub_moved_to_another_server_re_challenges_once(nursery: trio.Nursery) -> None:
    fleet = _fleet()
    first, second = await _serve(nursery, fleet), await _serve(nursery, fleet, name="second")
    auth = _auths(fleet)[0]
    async with HttpClient(timeout_s=5) as http:
        assert (await http.get(first + STATUS, auth=auth)).status == 200
        fleet.requests.clear()
        assert (await http.get(second + STATUS, auth=auth)).status == 200
        assert (await http.get(second + STATUS, auth=auth)).status == 200
    # the first server's nonce means nothing to the second: stale, then one request each
    assert [(r.server, r.status) for r in fleet.requests] == [
        ("second", 401),
        ("second", 200),
        ("second", 200),
    ]


async def test_an_idle_connection_the_server_closed_is_replaced(nursery: trio.Nursery) -> None:
    fleet = _fleet()
    url = await _serve(nursery, fleet, keep_alive_s=0.05)
    auth = _auths(fleet)[0]
    async with HttpClient(timeout_s=5) as http:
        assert (await http.get(url + STATUS, auth=auth)).status == 200
        await _no_connection_open(fleet)  # the server times the idle connection out
        assert (await http.get(url + STATUS, auth=auth)).status == 200
        assert http.connections_opened == 2
    assert _statuses(fleet) == [401, 200, 200]


async def test_a_get_dropped_on_a_reused_connection_is_sent_again_once(served: Served) -> None:
    fleet, url, auth = served.fleet, served.url, served.auth
    hub = fleet.hub(auth.username)
    async with HttpClient(timeout_s=5) as http:
        assert (await http.get(url, auth=auth)).status == 200
        hub.outage = Outage(OutageKind.DROP, 1)  # read the request, close without a reply
        assert (await http.get(url, auth=auth)).status == 200
        assert http.connections_opened == 2
        hub.outage = Outage(OutageKind.DROP, 2)  # the second attempt is dropped too: reported
        with pytest.raises(TransportError, match="closed the connection"):
            await http.get(url, auth=auth)
        assert (await http.get(url, auth=auth)).status == 200  # and it recovers


async def test_connection_close_is_honoured(served: Served) -> None:
    fleet, url, auth = served.fleet, served.url, served.auth
    async with HttpClient(timeout_s=5) as http:
        assert (await http.get(url, auth=auth)).status == 200
        fleet.hub(auth.username).outage = Outage(OutageKind.CLOSE, 1)
        closing = await http.get(url, auth=auth)
        assert closing.status == 200 and closing.header("connection") == "close"
        assert (await http.get(url, auth=auth)).status == 200
        assert http.connections_opened == 2
    assert fleet.traffic.connections_opened == 2


async def test_a_request_that_gets_no_reply_times_out_and_the_next_one_works(served: Served) -> None:
    fleet, url, auth = served.fleet, served.url, served.auth
    async with HttpClient(timeout_s=0.2) as http:
        assert (await http.get(url, auth=auth)).status == 200
        fleet.hub(auth.username).outage = Outage(OutageKind.TIMEOUT, 1)
        with pytest.raises(RequestTimeout, match=r"within 0\.2 s"):
            await http.get(url, auth=auth)
        assert (await http.get(url, auth=auth, timeout_s=5)).status == 200
        assert http.connections_opened == 2  # the hung connection was not reused


async def test_a_refused_connection_is_a_transport_error() -> None:
    with trio.socket.socket() as sock:
        await sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: connections are refused
        async with HttpClient(timeout_s=5) as http:
            with pytest.raises(TransportError, match="cannot connect"):
                await http.get(f"http://127.0.0.1:{port}{STATUS}")


async def test_a_body_that_is_not_json_is_invalid_json(served: Served) -> None:
    fleet, url, auth = served.fleet, served.url, served.auth
    fleet.hub(auth.username).outage = Outage(OutageKind.MALFORMED_JSON, 2)
    async with HttpClient(timeout_s=5) as http:
        response = await http.get(url, auth=auth)
    assert response.status == 200
    with pytest.raises(InvalidJson):
        response.json()
    with pytest.raises(ValueError):  # the kind the client catches today
        response.json()


async def test_no_hub_is_overtaken_by_a_busy_one(nursery: trio.Nursery) -> None:
    fleet = _fleet()
    url = await _serve(nursery, fleet)
    busy, *others = _auths(fleet)
    done: list[str] = []
    async with HttpClient(timeout_s=5, max_connections_per_origin=1) as http:
        for auth in (busy, *others):  # every challenge known: one request per GET
            await http.get(url + STATUS, auth=auth)

        async def poll(auth: DigestAuth, times: int) -> None:
            for _ in range(times):
                await http.get(url + STATUS, auth=auth)
                done.append(auth.username)

        async with trio.open_nursery() as polls:
            polls.start_soon(poll, busy, 10)
            for auth in others:
                polls.start_soon(poll, auth, 1)
    # The others queued while the busy hub's first request was out; first come, first served
    # puts every one of them before the busy hub's second request.
    second_of_busy = [i for i, name in enumerate(done) if name == busy.username][1]
    assert all(done.index(auth.username) < second_of_busy for auth in others)
    assert len(done) == 10 + len(others)


async def test_https_with_a_custom_ca(nursery: trio.Nursery) -> None:
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    fleet = _fleet()
    url = (await _serve(nursery, fleet, ssl_context=server_context)).replace("http:", "https:")
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    auth = _auths(fleet)[0]
    async with HttpClient(timeout_s=5, ssl_context=client_context) as http:
        assert (await http.get(url + STATUS, auth=auth)).status == 200
        assert (await http.get(url + STATUS, auth=auth)).status == 200
        assert http.connections_opened == 1
    async with HttpClient(timeout_s=5) as untrusting:  # the system CAs do not know this one
        with pytest.raises(TransportError, match="TLS handshake failed"):
            await untrusting.get(url + STATUS, auth=auth)


async def test_closing_closes_the_connections_and_refuses_new_requests(
    nursery: trio.Nursery,
) -> None:
    fleet = _fleet()
    url = await _serve(nursery, fleet)
    http = HttpClient(timeout_s=5)
    for auth in _auths(fleet):
        await http.get(url + STATUS, auth=auth)
    assert fleet.traffic.connections_open == 1
    await http.aclose()
    await _no_connection_open(fleet)
    with pytest.raises(TransportError, match="closed"):
        await http.get(url + STATUS)


@pytest.mark.parametrize("url", ["ftp://example.com/x", "http:///nohost", "http://u:p@host/"])
async def test_urls_that_are_not_plain_http_are_refused(url: str) -> None:
    async with HttpClient() as http:
        with pytest.raises(ValueError):
            await http.get(url)


async def _raw_server(nursery: trio.Nursery, replies: list[bytes]) -> str:
    """A server that answers each request on a connection with the next canned reply."""

    async def answer(stream: trio.SocketStream) -> None:
        for reply in replies:
            head = b""
            while b"\r\n\r\n" not in head:
                data = await stream.receive_some(65536)
                if not data:
                    return
                head += data
            await stream.send_all(reply)
        await stream.aclose()

    listeners = await nursery.start(functools.partial(trio.serve_tcp, host="127.0.0.1"), answer, 0)
    return f"http://127.0.0.1:{listeners[0].socket.getsockname()[1]}"


async def test_chunked_sized_and_until_close_bodies(nursery: trio.Nursery) -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"7\r\n{\"a\": [\r\n3\r\n1]}\r\n0\r\n\r\n"
    )
    sized = b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n{\"b\": 2}"
    until_close = b"HTTP/1.0 200 OK\r\n\r\n{\"c\": 3}"
    url = await _raw_server(nursery, [chunked, sized, until_close])
    async with HttpClient(timeout_s=5) as http:
        assert (await http.get(url + "/one")).json() == {"a": [1]}
        assert (await http.get(url + "/two")).json() == {"b": 2}
        assert (await http.get(url + "/three")).json() == {"c": 3}
        assert http.connections_opened == 1  # the first two kept the connection alive
        # the third body ended with the connection: the next request needs a new one
        assert (await http.get(url + "/four")).json() == {"a": [1]}
        assert http.connections_opened == 2


async def test_a_reply_larger_than_the_limit_is_refused(nursery: trio.Nursery) -> None:
    body = b"[" + b"0," * 5000 + b"0]"
    reply = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    url = await _raw_server(nursery, [reply])
    async with HttpClient(timeout_s=5, max_body=1000) as http:
        with pytest.raises(TransportError, match="larger than 1000 bytes"):
            await http.get(url + "/big")
