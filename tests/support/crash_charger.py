"""One charger in a process of its own, for the crash-safety and shutdown tests.

    python tests/support/crash_charger.py --db state.sqlite --url ws://127.0.0.1:PORT/ocpp

It runs :class:`runtime.ocpp.charge_point.ChargePoint` with a durable SQLite store and takes
commands on stdin, one per line, answering on stdout (flushed):

* ``start <tx>``: queue a StartTransaction for transaction ``tx``; prints ``TXID <tx> <id>``
  once the central system's transactionId is known.
* ``stop <tx>``: queue its StopTransaction; prints ``QUEUED <tx>`` once it is committed.

``--db`` is a SQLite file or a ``postgresql://`` URL (runtime.storage.Store opens either).

* ``limit`` / ``unlimit``: the process may no longer / again grow any file (RLIMIT_FSIZE), so
  a SQLite store meets a full disk, for real, whoever runs the test (root included); prints
  ``LIMITED`` / ``UNLIMITED``.

It prints ``ACCEPTED`` after each accepted BootNotification and runs until SIGINT/SIGTERM
(clean shutdown, exit 0) or SIGKILL.
"""

from __future__ import annotations

import argparse
import resource
import signal
import sys
from pathlib import Path

import trio

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from runtime.logs import setup
from runtime.ocpp.charge_point import (  # after the sys.path line above
    ChargePoint,
    ChargePointOptions,
    LinkEvent,
    LinkState,
)
from runtime.ocpp.outbox import TxRole
from runtime.storage.store import Store

BOOT = {"chargePointVendor": "myenergi", "chargePointModel": "zappi"}


def say(line: str) -> None:
    print(line, flush=True)


async def announce_queued(cp: ChargePoint, tx: str) -> None:
    await cp.wait_durable()  # committed: what a SIGKILL must not lose
    say(f"QUEUED {tx}")


async def commands(cp: ChargePoint, nursery: trio.Nursery) -> None:
    while True:
        line = await trio.to_thread.run_sync(sys.stdin.readline, abandon_on_cancel=True)
        if not line:
            return
        verb, _, tx = line.strip().partition(" ")
        if verb in ("limit", "unlimit"):
            _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1 if verb == "limit" else hard, hard))
            say(f"{verb.upper()}ED")
        elif verb == "start":
            cp.enqueue_transaction_message(
                "StartTransaction",
                {"connectorId": 1, "idTag": "VIRTUAL1", "meterStart": 0,
                 "timestamp": "2025-01-01T00:00:00Z"},
                tx_ref=tx, role=TxRole.START,
            )
            say(f"TXID {tx} {await cp.transaction_id(tx)}")
        elif verb == "stop":
            cp.enqueue_transaction_message(
                "StopTransaction",
                {"meterStop": 4200, "timestamp": "2025-01-01T01:00:00Z", "reason": "Local"},
                tx_ref=tx, role=TxRole.STOP,
            )
            nursery.start_soon(announce_queued, cp, tx)  # commands go on meanwhile


async def main(args: argparse.Namespace) -> None:
    setup(level="INFO")  # key=value lines on stderr (passwords masked)
    # writing past RLIMIT_FSIZE must fail the write (EFBIG), not kill the process
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    cp = ChargePoint(
        ChargePointOptions(args.cb, args.url, BOOT, reconnect_initial=0.1, reconnect_cap=0.5),
        store=Store(args.db),
    )

    def on_event(event: LinkEvent) -> None:
        if event.state is LinkState.ACCEPTED:
            say("ACCEPTED")

    cp.add_listener(on_event)
    # The charger alone, stopped the way the service stops (runtime/bridge/run_cli.py):
    # cancelling closes its WebSocket on the way out; the queue is in SQLite already.
    with trio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(commands, cp, nursery)
            nursery.start_soon(cp.run)
            async for _ in signals:
                break
            nursery.cancel_scope.cancel()
    say("STOPPED")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--cb", default="CRASH1")
    trio.run(main, parser.parse_args())
