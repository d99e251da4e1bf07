"""The h11 server on a real loopback socket: one request per connection, bounded, HEAD without
a body, garbage answered 400 and the server unharmed."""

from __future__ import annotations

import httpx
import trio

from runtime.observe.http_server import serve_http
from runtime.observe.routes import Response


class Echo:
    """Answers with what it was asked, so the test sees what reached the answerer."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str, str]] = []

    def answer(self, method: str, target: str, accept: str = "") -> Response:
        self.asked.append((method, target, accept))
        return Response(200, "text/plain; charset=utf-8", f"{method} {target}".encode(),
                        {"X-Test": "1"})  # fmt: skip


async def test_get_head_and_garbage(nursery: trio.Nursery) -> None:
    echo = Echo()
    port = await nursery.start(serve_http, echo, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{port}"
    with trio.fail_after(10):
        async with httpx.AsyncClient() as http:
            got = await http.get(base + "/?q=a%20b", headers={"Accept": "application/json"})
            assert got.status_code == 200 and got.text == "GET /?q=a%20b"
            assert got.headers["x-test"] == "1" and got.headers["connection"] == "close"
            head = await http.head(base + "/healthz")
            assert head.status_code == 200 and head.content == b""
            assert head.headers["content-length"] == str(len("HEAD /healthz"))
        stream = await trio.open_tcp_stream("127.0.0.1", port)
        await stream.send_all(b"NOT HTTP AT ALL\r\n\r\n")
        reply = b""
        while chunk := await stream.receive_some(4096):
            reply += chunk
        await stream.aclose()
        assert reply.startswith(b"HTTP/1.1 400")
        async with httpx.AsyncClient() as http:  # still serving
            assert (await http.get(base + "/metrics")).status_code == 200
    assert echo.asked[0] == ("GET", "/?q=a%20b", "application/json")
    assert [a[0] for a in echo.asked] == ["GET", "HEAD", "GET"]


async def test_a_client_that_sends_nothing_is_dropped(
    nursery: trio.Nursery, autojump_clock: trio.abc.Clock
) -> None:
    echo = Echo()
    port = await nursery.start(serve_http, echo, "127.0.0.1", 0)
    stream = await trio.open_tcp_stream("127.0.0.1", port)
    with trio.fail_after(60):
        assert await stream.receive_some(4096) == b""  # closed after REQUEST_TIMEOUT_S
    await stream.aclose()
    assert echo.asked == []


class Broken:
    def answer(self, method: str, target: str, accept: str = "") -> Response:
        if target == "/boom":
            raise KeyError("a bug")
        return Response(200, "text/plain", b"fine")


async def test_a_failing_answer_is_a_500_and_the_server_goes_on(nursery: trio.Nursery) -> None:
    port = await nursery.start(serve_http, Broken(), "127.0.0.1", 0)
    with trio.fail_after(10):
        async with httpx.AsyncClient() as http:
            failed = await http.get(f"http://127.0.0.1:{port}/boom")
            assert failed.status_code == 500 and "a bug" not in failed.text
            assert (await http.get(f"http://127.0.0.1:{port}/")).text == "fine"
