"""Running many chargers in one process: each supervised on its own, all stopped by a signal."""

from __future__ import annotations

import gc
import logging
import signal

import trio

from .charge_point import ChargePoint

__all__ = ["run_until_signal", "supervise", "tune_gc_for_server"]

log = logging.getLogger(__name__)

#: gen-0 threshold for a process holding thousands of long-lived chargers: most per-message
#: objects die by reference counting long before a collection, so collecting every 700
#: allocations only re-walks the survivors (measured: about a fifth of the CPU per CALL)
_GEN0_THRESHOLD = 50_000


def tune_gc_for_server() -> None:
    """Freeze what exists now (chargers, connections, tables: they live as long as the
    process) out of the collector's reach, and collect young objects less often."""
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(_GEN0_THRESHOLD, gen1, gen2)


async def supervise(charge_point: ChargePoint, restart_delay: float = 5.0) -> None:
    """Run one charger forever; a bug in it is logged and the charger restarted, so it can
    never take down the other chargers running in the same nursery."""
    while True:
        try:
            await charge_point.run()
        except Exception:
            log.exception("%s: charge point task crashed; restarting",
                          charge_point.options.charge_box_id)
        # Start over as a restarted charger would: with a new BootNotification.
        charge_point.reboot()
        await trio.sleep(restart_delay)


async def run_until_signal(charge_points: list[ChargePoint]) -> None:
    """Run every charger under :func:`supervise` until SIGINT or SIGTERM, then cancel them
    all; each closes its WebSocket on the way out."""
    with trio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async with trio.open_nursery() as nursery:
            for charge_point in charge_points:
                nursery.start_soon(supervise, charge_point)
            tune_gc_for_server()
            async for signum in signals:
                log.info("received %s; shutting down", signal.Signals(signum).name)
                nursery.cancel_scope.cancel()
                break
