"""CPU per digest-authenticated status poll, per HTTP stack, against the simulator: numbers.

    .venv/bin/python benchmarks/bench_http.py                    # 1,000 and 10,000 hubs
    .venv/bin/python benchmarks/bench_http.py --hubs 1000 --measure-s 5

The simulator (``zappi-ocpp simulate --hubs N --charging-fraction 0.3``) runs in its own
process, and each stack runs in a fresh worker process, so neither's CPU is counted for the
other. Each worker polls every hub once per interval, like the bridge does: one task per hub,
starts spread over the interval, ``--rate`` polls/s in total (670/s = 10,000 hubs every 15 s),
at most ``--concurrency`` in flight. The first interval is warm-up (every hub's first poll
takes the 401 challenge); the next ``--measure-s`` seconds are measured with
``time.process_time()`` in the worker (all its threads) and the simulator's utime+stime from
/proc. A poll = GET /cgi-jstatus-* + ``json.loads``; reply validation is not included.

Stacks: ``httpx`` as runtime/myenergi/client.py uses it today (default pool, DigestAuth per
hub); ``httpx-tuned`` (pool and keep-alive raised to the concurrency, HTTP/1.1 only, no env
look-ups); ``httpx-tuned+digest`` (the same with the challenge-caching digest of
runtime/myenergi/http as an httpx.Auth); ``lean`` (runtime/myenergi/http: h11 over trio);
``lean-no-h11``, an experiment: the same client with hand-written framing (this file only).
The machine is shared: compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import urllib.request
from collections.abc import Awaitable, Callable, Generator
from pathlib import Path
from typing import Any

import httpx
import trio

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from runtime.myenergi.http import DigestAuth, HttpClient, Response, pool  # noqa: E402
from runtime.myenergi.http.connection import ConnectionDropped  # noqa: E402
from runtime.myenergi.simulator import synthetic_fleet_config  # noqa: E402

STACKS = ("httpx", "httpx-tuned", "httpx-tuned+digest", "lean", "lean-no-h11")
Poll = Callable[[int], Awaitable[None]]


class _CachedDigest(httpx.Auth):
    """The lean digest state (challenge reused, nc counted) plugged into httpx."""

    def __init__(self, username: str, password: str) -> None:
        self._digest = DigestAuth(username, password)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        uri = request.url.raw_path.decode("ascii")
        header = self._digest.authorization(request.method, uri)
        if header is not None:
            request.headers["Authorization"] = header
        response = yield request
        if response.status_code == 401 and self._digest.accept(
            response.headers.get("www-authenticate")
        ):
            request.headers["Authorization"] = self._digest.authorization(request.method, uri) or ""
            yield request


class _NoH11Connection:
    """An experiment, not shipped: the lean client with hand-written framing instead of
    h11, to put a number on what h11 costs per poll. Content-Length replies only (all the
    simulator sends); no validation beyond what the simulator needs."""

    def __init__(self, stream: trio.SocketStream, socket: object, max_body: int) -> None:
        self._stream, self._socket, self.requests, self.reusable = stream, socket, 0, False

    def looks_closed(self) -> bool:
        return bool(self._stream.socket.is_readable())

    async def aclose(self) -> None:
        await trio.aclose_forcefully(self._stream)

    async def request(
        self, url: str, method: bytes, target: bytes, headers: list[tuple[bytes, bytes]]
    ) -> Response:
        self.requests += 1
        self.reusable = False
        lines = [b"%s %s HTTP/1.1" % (method, target)] + [b"%s: %s" % h for h in headers]
        await self._stream.send_all(b"\r\n".join(lines) + b"\r\n\r\n")
        buffer = b""
        while (end := buffer.find(b"\r\n\r\n")) < 0:
            data = await self._stream.receive_some(65536)
            if not data:
                raise ConnectionDropped(url, "closed")
            buffer += data
        status_line, *header_lines = buffer[:end].split(b"\r\n")
        decoded = []
        for line in header_lines:
            name, _, value = line.partition(b":")
            decoded.append((name.strip().lower().decode("latin-1"), value.strip().decode()))
        fields = dict(decoded)
        body = buffer[end + 4 :]
        while len(body) < int(fields["content-length"]):
            body += await self._stream.receive_some(65536)
        self.reusable = fields.get("connection") != "close"
        return Response(url, int(status_line.split()[1]), tuple(decoded), body)


def _httpx_client(stack: str, concurrency: int) -> httpx.AsyncClient:
    if stack == "httpx":  # exactly as MyenergiClient builds it
        return httpx.AsyncClient(timeout=15.0, headers={"User-Agent": "zappi-ocpp"})
    limits = httpx.Limits(
        max_connections=concurrency, max_keepalive_connections=concurrency, keepalive_expiry=60
    )
    return httpx.AsyncClient(
        timeout=15.0,
        headers={"User-Agent": "zappi-ocpp"},
        limits=limits,
        http1=True,
        http2=False,
        trust_env=False,
    )


#: after the warm-up, the schedule runs this long before the measured window opens
SETTLE_S = 1.0


async def _paced(poll: Poll, hubs: int, args: argparse.Namespace) -> dict[str, Any]:
    """Warm every hub up (its challenge), then poll each once per interval, spread."""
    interval = hubs / args.rate
    limiter = trio.CapacityLimiter(args.concurrency)
    counts = {"polls": 0, "errors": 0}
    measuring = False

    async def warm(index: int) -> None:
        async with limiter:
            await poll(index)

    async def hub_task(index: int, start: float) -> None:
        offset = index * interval / hubs
        if args.tick_s > 0:  # starts grouped into ticks: one wake-up serves a batch
            offset -= offset % args.tick_s
        due = start + offset
        while True:
            await trio.sleep_until(due)
            async with limiter:
                try:
                    await poll(index)
                except Exception:
                    counts["errors"] += measuring
                else:
                    counts["polls"] += measuring
            due += interval

    warm_start = trio.current_time()
    async with trio.open_nursery() as nursery:
        for index in range(hubs):
            nursery.start_soon(warm, index)
    warmup_s = trio.current_time() - warm_start
    async with trio.open_nursery() as nursery:
        start = trio.current_time()
        for index in range(hubs):
            nursery.start_soon(hub_task, index, start)
        await trio.sleep_until(start + SETTLE_S)
        before = _snapshot(args)
        measuring = True
        await trio.sleep_until(start + SETTLE_S + args.measure_s)
        measuring = False
        after = _snapshot(args)
        nursery.cancel_scope.cancel()
    return {"warmup_s": warmup_s, **counts, **_delta(before, after)}


async def _worker(args: argparse.Namespace) -> dict[str, Any]:
    rows = synthetic_fleet_config(args.hubs)["hubs"]
    assert isinstance(rows, list)
    hubs = [(str(row["serial"]), str(row["api_key"])) for row in rows]
    url = f"http://127.0.0.1:{args.port}/cgi-jstatus-*"
    result: dict[str, Any] = {}

    async def run(poll: Poll) -> None:
        result.update(await _paced(poll, len(hubs), args))

    if args.worker.startswith("lean"):
        if args.worker == "lean-no-h11":
            setattr(pool, "Http11Connection", _NoH11Connection)  # noqa: B010 - the experiment
        async with HttpClient(max_connections_per_origin=args.concurrency) as http:
            auths = [DigestAuth(serial, key) for serial, key in hubs]

            async def lean_poll(index: int) -> None:
                response = await http.get(url, auth=auths[index])
                if response.status != 200:
                    raise RuntimeError(response.status)
                response.json()

            await run(lean_poll)
            result["client_connections"] = http.connections_opened
    else:
        async with _httpx_client(args.worker, args.concurrency) as client:
            auth_type = _CachedDigest if args.worker == "httpx-tuned+digest" else httpx.DigestAuth
            httpx_auths = [auth_type(serial, key) for serial, key in hubs]

            async def httpx_poll(index: int) -> None:
                response = await client.get(url, auth=httpx_auths[index])
                if response.status_code != 200:
                    raise RuntimeError(response.status_code)
                response.json()

            await run(httpx_poll)
    result["max_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def _sim_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _stats(port: int) -> dict[str, Any]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_control/stats", timeout=10) as reply:
        stats: dict[str, Any] = json.load(reply)
    return stats


def _snapshot(args: argparse.Namespace) -> dict[str, Any]:
    """Counters at a window's edge; the /stats call sits outside the CPU readings."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sample: dict[str, Any] = {
        "wall": time.monotonic(),
        "cpu": time.process_time(),
        "user": usage.ru_utime,
        "sim": _sim_cpu_s(args.pid),
    }
    sample["stats"] = _stats(args.port)
    return sample


def _delta(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    status_401 = after["stats"]["by_status"].get("401", 0) - before["stats"]["by_status"].get(
        "401", 0
    )
    return {
        "seconds": after["wall"] - before["wall"],
        "cpu_s": after["cpu"] - before["cpu"],
        "user_s": after["user"] - before["user"],
        "sim_cpu_s": after["sim"] - before["sim"],
        "requests": after["stats"]["requests"] - before["stats"]["requests"],
        "status_401": status_401,
        "sim_connections": after["stats"]["connections_opened"]
        - before["stats"]["connections_opened"],
    }


def _start_simulator(hubs: int) -> tuple[subprocess.Popen[bytes], int]:
    command = [sys.executable, "-m", "runtime.cli", "simulate", "--host", "127.0.0.1",
               "--port", "0", "--hubs", str(hubs), "--charging-fraction", "0.3",
               "--log-level", "WARNING"]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE)
    assert process.stdout is not None
    line = process.stdout.readline().decode()
    if not line.startswith("listening"):
        process.kill()
        raise SystemExit(f"the simulator did not start: {line!r}")
    return process, int(line.strip().rsplit(":", 1)[1])


def _run_stack(stack: str, hubs: int, port: int, pid: int, args: argparse.Namespace) -> Any:
    command = [sys.executable, __file__, "--worker", stack, "--hubs", str(hubs),
               "--port", str(port), "--pid", str(pid), "--rate", str(args.rate),
               "--measure-s", str(args.measure_s), "--concurrency", str(args.concurrency),
               "--tick-s", str(args.tick_s)]  # fmt: skip
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{stack} worker failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _per_poll(run: dict[str, Any], key: str) -> float:
    return float(run[key]) / max(int(run["polls"]), 1) * 1e3


def _table(hubs: int, runs: dict[str, list[dict[str, Any]]], rate: float) -> None:
    """Best of the repeats per stack (the least disturbed by other load on the machine)."""
    best = {stack: min(rs, key=lambda r: _per_poll(r, "cpu_s")) for stack, rs in runs.items()}
    lean_ms = _per_poll(best["lean"], "cpu_s") if "lean" in best else 0.0
    repeats = max(len(rs) for rs in runs.values())
    print(f"\n{hubs} hubs; ms/poll = client CPU (user+sys) per poll, best of {repeats} runs")
    print(f"{'stack':<20} {'ms/poll':>8} {'user ms':>8} {'× lean':>7} {'core @rate':>10} "
          f"{'polls/s':>8} {'req/poll':>8} {'conns':>6} {'sim ms/req':>10} {'errors':>6} "
          f"{'RSS MiB':>7}")  # fmt: skip
    for stack, r in best.items():
        ms = _per_poll(r, "cpu_s")
        ratio = f"{ms / lean_ms:7.1f}" if lean_ms else f"{'-':>7}"
        print(
            f"{stack:<20} {ms:8.3f} {_per_poll(r, 'user_s'):8.3f} {ratio} "
            f"{ms * rate / 1e3:10.0%} {r['polls'] / r['seconds']:8.0f} "
            f"{r['requests'] / max(r['polls'], 1):8.3f} {r['sim_connections']:6d} "
            f"{r['sim_cpu_s'] / max(r['requests'], 1) * 1e3:10.3f} {r['errors']:6d} "
            f"{r['max_rss_kib'] / 1024:7.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--hubs", default="1000,10000", help="comma-separated hub counts")
    parser.add_argument("--rate", type=float, default=10000 / 15, help="polls/s (all hubs)")
    parser.add_argument("--measure-s", type=float, default=8.0)
    parser.add_argument("--repeat", type=int, default=2, help="runs per stack (best is shown)")
    parser.add_argument("--concurrency", type=int, default=32, help="polls in flight at most")
    parser.add_argument("--stacks", default=",".join(STACKS))
    parser.add_argument(
        "--tick-s", type=float, default=0.0, help="group poll starts into ticks this long"
    )
    parser.add_argument("--worker", choices=STACKS, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pid", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        args.hubs = int(args.hubs)
        print(json.dumps(trio.run(_worker, args)))
        return
    stacks = args.stacks.split(",")
    for hubs in (int(h) for h in args.hubs.split(",")):
        simulator, port = _start_simulator(hubs)
        runs: dict[str, list[dict[str, Any]]] = {stack: [] for stack in stacks}
        try:
            for repeat in range(args.repeat):  # rotated, so drifting load spreads over stacks
                for stack in stacks[repeat % len(stacks) :] + stacks[: repeat % len(stacks)]:
                    runs[stack].append(_run_stack(stack, hubs, port, simulator.pid, args))
        finally:
            simulator.terminate()
            simulator.wait(10)
        _table(hubs, runs, args.rate)
    print(f"\nrate {args.rate:.0f} polls/s spread over the interval (ticks of {args.tick_s} s), "
          f"≤ {args.concurrency} in flight, {args.measure_s:.0f} s measured after a warm-up; "
          f"'core @rate' = ms/poll × rate, the share of one core the stack needs")  # fmt: skip


if __name__ == "__main__":
    main()
