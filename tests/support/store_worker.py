"""Writes to a store as fast as it can, for the SIGKILL test of the group-commit writer.

    python tests/support/store_worker.py --store LOCATION --chargers 40

Round r, for every charger ``c<i>`` at once: one write group that queues message ``m<r>``,
removes message ``m<r-3>`` (as a delivered answer would) and saves the state ``{"round": r}``.
Once every group of round r is committed it prints ``ACK <r>`` (flushed): from then on
nothing of round r may be lost. The rounds overlap: round r+1 is written while round r is
being committed, so a SIGKILL lands in the middle of a batch.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import trio

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from runtime.storage.store import Store  # after the sys.path line above

KEEP = 3  #: messages left queued per charger after each round


async def main(args: argparse.Namespace) -> None:
    store = Store(args.store)
    chargers = [store.charger(f"c{i}") for i in range(args.chargers)]
    rows: dict[str, dict[int, object]] = {c.charge_box: {} for c in chargers}
    previous: list[int] = []
    for round_ in range(1_000_000):
        tickets = []
        for stored in chargers:
            with stored.group():
                row = stored.enqueue("MeterValues", {"round": round_}, tx_ref="t", role="update",
                                     message_id=f"m{round_}", now=0.0)  # fmt: skip
                rows[stored.charge_box][round_] = row
                old = rows[stored.charge_box].pop(round_ - KEEP, None)
                if old is not None:
                    stored.remove(old)  # type: ignore[arg-type]
                stored.save_state(json.dumps({"round": round_}))
            tickets.append(stored.last_ticket)
        if previous:  # round r-1 while round r is on its way
            for stored, ticket in zip(chargers, previous, strict=True):
                await stored.wait(ticket)
            print(f"ACK {round_ - 1}", flush=True)
        previous = tickets


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True)
    parser.add_argument("--chargers", type=int, default=40)
    trio.run(main, parser.parse_args())
