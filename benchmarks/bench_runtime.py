"""CALL round trips per second and idle memory per connection: this runtime vs the ``ocpp``
package's asyncio ChargePoint vs bare trio-websocket, against one loopback CSMS.

    python benchmarks/bench_runtime.py            # N = 100 and 1,000 (about a minute)
    python benchmarks/bench_runtime.py --quick    # N = 20, a few seconds (smoke test)

Each measurement runs in a fresh subprocess so the resident-memory numbers of one client do
not leak into another's; the CSMS is one more subprocess (a lean ``websockets`` server that
answers every CALL with a canned CALLRESULT), so client and server use different cores.

* zappi: N ``runtime.ocpp.ChargePoint`` objects (BootNotification first; every payload
  validated both ways by the generated validators), each looping ``await cp.call(...)``.
* ocpp: N ``ocpp.v16.ChargePoint`` over ``websockets.connect`` (jsonschema validation, the
  package defaults), each looping ``await cp.call(call.X(...))``.
* bare: N trio-websocket connections sending a prebuilt frame and awaiting any reply; no
  OCPP work at all. The floor for both throughput and memory.
* durable: N ChargePoints, each looping: queue a MeterValues through the durable outbox
  (``enqueue_transaction_message``), wait until it is answered and deleted. Every message is
  committed before it is sent and deleted in the commit that records its answer, on a real
  store: a SQLite file with group commit (``sqlite``), a throw-away PostgreSQL server
  (``pg``, tests/support/postgres.py), and the SQLite file committed per message on the event
  loop (``per-msg``: what the outbox did before group commit).

Memory per connection = (RSS with N idle connected chargers − RSS before connecting) / N.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = "2025-01-01T00:00:00Z"
MEASURANDS = [
    ("Energy.Active.Import.Register", "Wh", "12345"),
    ("Power.Active.Import", "W", "7200"),
    ("Current.Import", "A", "31.2"),
    ("Current.Offered", "A", "32"),
    ("Voltage", "V", "231.4"),
    ("Frequency", None, "50.01"),
    ("Power.Active.Import", "W", "150"),
    ("Power.Active.Export", "W", "0"),
]
SAMPLED = [
    {k: v for k, v in {"value": value, "context": "Sample.Periodic", "measurand": m,
                       "location": "Outlet", "unit": unit}.items() if v is not None}
    for m, unit, value in MEASURANDS
]
PAYLOADS: dict[str, dict[str, Any]] = {
    "Heartbeat": {},
    "MeterValues": {"connectorId": 1, "transactionId": 1,
                    "meterValue": [{"timestamp": NOW, "sampledValue": SAMPLED}]},
}
#: load is measured in this many windows; the best one counts (other processes share the cores)
WINDOWS = 3
ANSWERS = {
    "BootNotification": {"status": "Accepted", "currentTime": NOW, "interval": 3600},
    "Heartbeat": {"currentTime": NOW},
    "MeterValues": {},
    "StatusNotification": {},
}


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def server_gc() -> None:
    """The garbage-collector settings of a long-running server, applied to every client alike
    once its connections are up (runtime.bridge.service does the same in production)."""
    from runtime.ocpp.gc_tuning import tune_gc_for_server

    tune_gc_for_server()


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# -- the CSMS ----------------------------------------------------------------------------------

def serve() -> None:
    """Answer every CALL from ANSWERS; print the port, run until stdin closes."""
    from websockets.asyncio.server import ServerConnection
    from websockets.asyncio.server import serve as ws_serve

    answers = {action: json.dumps(payload) for action, payload in ANSWERS.items()}

    import logging

    from websockets.exceptions import ConnectionClosed

    logging.getLogger("websockets").setLevel(logging.CRITICAL)

    async def handle(connection: ServerConnection) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for text in connection:
                # [2,"<id>","<Action>",{...}]: cut out id and action without a JSON parse, so
                # the CSMS stays cheap and the clients' own costs decide the numbers.
                _, unique_id, _, action, _ = str(text).split('"', 4)
                await connection.send(f'[3,"{unique_id}",{answers[action]}]')

    async def main() -> None:
        server = await ws_serve(handle, "127.0.0.1", 0, subprotocols=["ocpp1.6"],  # type: ignore[list-item]
                                compression=None, ping_interval=None, max_queue=None,
                                backlog=4096)
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        server.close()

    asyncio.run(main())


# -- clients (each in its own process) ---------------------------------------------------------

def client_zappi(url: str, n: int, action: str, seconds: float) -> dict[str, float]:
    import trio

    from runtime.ocpp.charge_point import ChargePoint, ChargePointOptions
    from runtime.ocpp.tables import generated_tables
    from runtime.storage.store import Store

    generated_tables()  # import the compiled tables before the memory baseline

    boot = {"chargePointVendor": "myenergi", "chargePointModel": "zappi"}
    payload = PAYLOADS[action]
    result: dict[str, float] = {}

    async def main() -> None:
        store = Store(":memory:")
        gc.collect()
        before = rss_bytes()
        cps = [ChargePoint(ChargePointOptions(f"Z{i}", url, boot, connectors=1), store=store)
               for i in range(n)]
        async with trio.open_nursery() as nursery:
            await connect_all(nursery, cps)
            await trio.sleep(0.5)
            gc.collect()
            result["rss_per_conn"] = (rss_bytes() - before) / n
            server_gc()
            count = 0

            async def load(cp: ChargePoint) -> None:
                nonlocal count
                while True:
                    await cp.call(action, payload)
                    count += 1

            async with trio.open_nursery() as loaders:
                for cp in cps:
                    loaders.start_soon(load, cp)
                result.update(await best_window(seconds, lambda: count))
                loaders.cancel_scope.cancel()
            nursery.cancel_scope.cancel()

    trio.run(main)
    return result


async def connect_all(nursery: Any, cps: list[Any]) -> None:
    """Run every ChargePoint in ``nursery``; return once each is connected and Accepted."""
    for cp in cps:
        nursery.start_soon(cp.run)
    for cp in cps:
        await cp.wait_accepted()


async def best_window(seconds: float, counter: Any) -> dict[str, float]:
    """Best of WINDOWS trio measurement windows: round trips/s and CPU µs per round trip
    (the CPU figure is immune to other processes competing for the cores)."""
    import trio

    best = {"rtps": 0.0, "cpu_us": float("inf")}
    for _ in range(WINDOWS):
        count0, wall0, cpu0 = counter(), time.monotonic(), time.process_time()
        await trio.sleep(seconds / WINDOWS)
        done = counter() - count0
        best["rtps"] = max(best["rtps"], done / (time.monotonic() - wall0))
        if done:
            best["cpu_us"] = min(best["cpu_us"], (time.process_time() - cpu0) / done * 1e6)
    return best


def client_ocpp(url: str, n: int, action: str, seconds: float) -> dict[str, float]:
    import logging

    from ocpp.v16 import ChargePoint, call
    from websockets.asyncio.client import connect

    logging.getLogger("ocpp").setLevel(logging.WARNING)
    payload = PAYLOADS[action]
    request = {
        "Heartbeat": lambda: call.Heartbeat(),
        "MeterValues": lambda: call.MeterValues(
            connector_id=payload["connectorId"], transaction_id=payload["transactionId"],
            meter_value=payload["meterValue"]),
    }[action]
    result: dict[str, float] = {}

    async def main() -> None:
        gc.collect()
        before = rss_bytes()
        limiter = asyncio.Semaphore(100)
        readers: list[asyncio.Future[Any]] = []

        async def open_one(i: int) -> Any:
            async with limiter:
                ws = await connect(f"{url}/O{i}", subprotocols=["ocpp1.6"],  # type: ignore[list-item]
                                   compression=None, ping_interval=None)
            cp = ChargePoint(f"O{i}", ws)
            readers.append(asyncio.ensure_future(cp.start()))
            await cp.call(call.BootNotification(charge_point_vendor="x", charge_point_model="y"))
            return cp, ws

        pairs = await asyncio.gather(*(open_one(i) for i in range(n)))
        await asyncio.sleep(0.5)
        gc.collect()
        result["rss_per_conn"] = (rss_bytes() - before) / n
        server_gc()
        count = 0

        async def load(cp: Any) -> None:
            nonlocal count
            while True:
                await cp.call(request())
                count += 1

        loaders = [asyncio.ensure_future(load(cp)) for cp, _ in pairs]
        best = {"rtps": 0.0, "cpu_us": float("inf")}
        for _ in range(WINDOWS):
            count0, wall0, cpu0 = count, time.monotonic(), time.process_time()
            await asyncio.sleep(seconds / WINDOWS)
            done = count - count0
            best["rtps"] = max(best["rtps"], done / (time.monotonic() - wall0))
            if done:
                best["cpu_us"] = min(best["cpu_us"], (time.process_time() - cpu0) / done * 1e6)
        result.update(best)
        for task in loaders + readers:
            task.cancel()
        for _, ws in pairs:
            ws.transport.abort()

    asyncio.run(main())
    return result


def client_bare(url: str, n: int, action: str, seconds: float) -> dict[str, float]:
    import trio
    import trio_websocket

    frame = json.dumps([2, "1", action, PAYLOADS[action]])
    result: dict[str, float] = {}

    async def main() -> None:
        gc.collect()
        before = rss_bytes()
        connections: list[Any] = []
        async with trio.open_nursery() as nursery:
            limiter = trio.CapacityLimiter(100)

            async def open_one(i: int) -> None:
                async with limiter:
                    ws = await trio_websocket.connect_websocket_url(
                        nursery, f"{url}/B{i}", subprotocols=["ocpp1.6"])
                connections.append(ws)

            async with trio.open_nursery() as openers:
                for i in range(n):
                    openers.start_soon(open_one, i)
            await trio.sleep(0.5)
            gc.collect()
            result["rss_per_conn"] = (rss_bytes() - before) / n
            server_gc()
            count = 0

            async def load(ws: Any) -> None:
                nonlocal count
                while True:
                    await ws.send_message(frame)
                    await ws.get_message()
                    count += 1

            async with trio.open_nursery() as loaders:
                for ws in connections:
                    loaders.start_soon(load, ws)
                result.update(await best_window(seconds, lambda: count))
                loaders.cancel_scope.cancel()
            nursery.cancel_scope.cancel()

    trio.run(main)
    return result


def client_durable(url: str, n: int, action: str, seconds: float, store_at: str
                   ) -> dict[str, float]:  # fmt: skip
    """``store_at``: a SQLite file, ``inline:<file>`` (commit per message), or a URL."""
    import trio

    from runtime.ocpp.charge_point import ChargePoint, ChargePointOptions
    from runtime.ocpp.outbox import TxRole
    from runtime.storage.store import Store

    inline = store_at.startswith("inline:")
    store = Store(store_at.removeprefix("inline:"), group_commit=not inline)
    boot = {"chargePointVendor": "myenergi", "chargePointModel": "zappi"}
    payload = {k: v for k, v in PAYLOADS[action].items() if k != "transactionId"}
    result: dict[str, float] = {}

    async def main() -> None:
        cps = [ChargePoint(ChargePointOptions(f"D{i}", url, boot, connectors=1), store=store)
               for i in range(n)]
        async with trio.open_nursery() as nursery:
            await connect_all(nursery, cps)
            server_gc()
            count = 0

            async def load(cp: ChargePoint) -> None:
                nonlocal count
                while True:
                    cp.enqueue_transaction_message(action, payload, tx_ref="t",
                                                   role=TxRole.UPDATE)  # fmt: skip
                    await cp.wait_queue_empty()
                    count += 1

            async with trio.open_nursery() as loaders:
                for cp in cps:
                    loaders.start_soon(load, cp)
                commits = store.commits
                result.update(await best_window(seconds, lambda: count))
                result["commits"] = store.commits - commits
                loaders.cancel_scope.cancel()
            nursery.cancel_scope.cancel()

    try:
        trio.run(main)
    finally:
        store.close()
    return result


CLIENTS = {"zappi": client_zappi, "ocpp": client_ocpp, "bare": client_bare}


# -- the orchestrator --------------------------------------------------------------------------

def run_client(
    kind: str, url: str, n: int, action: str, seconds: float, limit: float, store: str = ""
) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, "--client", kind, "--url", url, "--n", str(n),
         "--action", action, "--seconds", str(seconds), *(["--store", store] if store else [])],
        capture_output=True, text=True, timeout=limit, check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{kind} client failed:\n{completed.stderr[-3000:]}")
    value: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return value


def durable_stores(folder: Path, postgres: Any) -> dict[str, str]:
    """Where each durable run keeps its data (a new file or database per run)."""
    stores = {"sqlite": str(folder / f"sqlite-{time.monotonic_ns()}.sqlite3"),
              "per-msg": "inline:" + str(folder / f"inline-{time.monotonic_ns()}.sqlite3")}
    if postgres is not None:
        stores["pg"] = postgres.create_database()
    return stores


def print_durable(n: int, got: dict[str, dict[str, float]], call: float, ocpp: float) -> None:
    def rate(kind: str) -> str:
        return f"{got[kind]['rtps']:>7.0f} ({got[kind]['cpu_us']:>4.0f})" if kind in got else \
            f"{'n/a':>14}"

    sqlite = got["sqlite"]["rtps"]
    print(f"{n:>6} {call:>7.0f} {rate('sqlite')} {rate('pg')} {rate('per-msg')} {ocpp:>7.0f} "
          f"{sqlite / call:>9.2f}x {sqlite / got['per-msg']['rtps']:>9.2f}x "
          f"{sqlite / ocpp:>9.2f}x", flush=True)


def orchestrate(sizes: list[int], seconds: float, limit: float, durable_only: bool = False
                ) -> int:  # fmt: skip
    csms = subprocess.Popen([sys.executable, __file__, "--serve"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert csms.stdout is not None
        url = f"ws://127.0.0.1:{csms.stdout.readline().strip()}/ocpp"
        print(f"CSMS {url}; {seconds:g} s of load per run, best of {WINDOWS} windows")
        print("CALL round trips per second (and client CPU µs per round trip)")
        print(f"{'N':>6} {'action':<12} {'zappi':>14} {'ocpp':>14} {'zappi/ocpp':>10} "
              f"{'bare':>14} {'zappi/bare':>10}")
        memory: dict[int, dict[str, float]] = {}
        meter: dict[int, tuple[float, float]] = {}
        for n in sizes:
            for action in ("MeterValues",) if durable_only else ("Heartbeat", "MeterValues"):
                got = {kind: run_client(kind, url, n, action, seconds, limit)
                       for kind in ("zappi", "ocpp", "bare")}
                z, o, b = (got[k]["rtps"] for k in ("zappi", "ocpp", "bare"))
                zc, oc, bc = (got[k]["cpu_us"] for k in ("zappi", "ocpp", "bare"))
                print(f"{n:>6} {action:<12} {z:>7.0f} ({zc:>4.0f}) {o:>7.0f} ({oc:>4.0f}) "
                      f"{z / o:>9.2f}x {b:>7.0f} ({bc:>4.0f}) {z / b:>9.2f}x", flush=True)
                if action == "Heartbeat":
                    memory[n] = {kind: got[kind]["rss_per_conn"] for kind in ("zappi", "ocpp",
                                                                               "bare")}
                else:
                    meter[n] = (z, o)
        if memory:
            print("\nidle resident memory per connected charger (KiB)")
            print(f"{'N':>6} {'zappi':>9} {'ocpp':>9} {'bare':>9} {'zappi/bare':>10}")
        for n, per in memory.items():
            z, o, b = (per[k] / 1024 for k in ("zappi", "ocpp", "bare"))
            print(f"{n:>6} {z:>9.1f} {o:>9.1f} {b:>9.1f} {z / b:>9.2f}x")
        durable_table(url, sizes, seconds, limit, meter)
        return 0
    finally:
        if csms.stdin is not None:
            csms.stdin.close()
        try:
            csms.wait(5)
        except subprocess.TimeoutExpired:
            csms.kill()


def durable_table(url: str, sizes: list[int], seconds: float, limit: float,
                  meter: dict[int, tuple[float, float]]) -> None:  # fmt: skip
    """Durable MeterValues round trips beside the direct call and the ocpp package."""
    import tempfile

    from tests.support.postgres import find_binaries, running_server

    print("\ndurable MeterValues round trips per second (client CPU µs per round trip): "
          "queued, committed, sent, answered, deleted")
    print(f"{'N':>6} {'call':>7} {'sqlite':>14} {'pg':>14} {'per-msg':>14} {'ocpp':>7} "
          f"{'sq/call':>10} {'sq/per-msg':>10} {'sq/ocpp':>10}")
    with contextlib.ExitStack() as stack:
        postgres = stack.enter_context(running_server()) if find_binaries() else None
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-store-")))
        for n in sizes:
            stores = durable_stores(folder, postgres)
            got = {kind: run_client("durable", url, n, "MeterValues", seconds, limit, store)
                   for kind, store in stores.items()}
            call, ocpp = meter[n]
            print_durable(n, got, call, ocpp)
        if postgres is None:
            print("pg: n/a (no PostgreSQL server binaries: bash tools/ensure-postgres.sh)")


def main() -> int:
    raise_fd_limit()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 20, short runs (smoke test)")
    parser.add_argument("--seconds", type=float, default=None, help="load per run")
    parser.add_argument("--durable", type=int, nargs="*", metavar="N",
                        help="only MeterValues and the durable table, at these N (default 1000)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--client", choices=[*sorted(CLIENTS), "durable"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--action", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return 0
    if args.client == "durable":
        print(json.dumps(client_durable(args.url, args.n, args.action, args.seconds,
                                        args.store)))  # fmt: skip
        return 0
    if args.client:
        print(json.dumps(CLIENTS[args.client](args.url, args.n, args.action, args.seconds)))
        return 0
    if args.durable is not None:
        return orchestrate(args.durable or [1000], args.seconds or 3.0, limit=120,
                           durable_only=True)
    if args.quick:
        return orchestrate([20], args.seconds or 0.5, limit=30)
    return orchestrate([100, 1000], args.seconds or 3.0, limit=120)


if __name__ == "__main__":
    raise SystemExit(main())
