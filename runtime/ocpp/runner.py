"""Running many chargers in one process: each supervised on its own, all stopped by a signal."""

from __future__ import annotations

import logging
import signal

import trio

from .charge_point import ChargePoint

__all__ = ["run_until_signal", "supervise"]

log = logging.getLogger(__name__)


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
            async for signum in signals:
                log.info("received %s; shutting down", signal.Signals(signum).name)
                nursery.cancel_scope.cancel()
                break
