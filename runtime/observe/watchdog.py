"""Is the event loop alive? A watchdog tick, and a test hook that stops the loop on purpose.

The HTTP endpoint runs on the same trio loop as the chargers, so a loop that is blocked
answers nothing at all: a liveness probe times out, which is what it should see. A loop that
still runs but falls far behind (a charger's task hogging it between checkpoints) does answer,
so :class:`Watchdog` ticks every :data:`TICK_S` and ``/healthz`` fails once a tick is more
than :data:`STALL_S` late: the first answer after a long block is a 503, not a 200.

The hook: with ``ZAPPI_OCPP_TEST_HOOKS=block-loop`` in the environment (tests only; nothing
else reads that variable), SIGUSR1 blocks the loop for ``ZAPPI_OCPP_TEST_BLOCK_S`` seconds
(default 5) with a plain ``time.sleep`` — exactly the bug the probe is there to catch.
"""

from __future__ import annotations

import logging
import os
import signal
import time

import trio

from runtime.logs import event

__all__ = ["STALL_S", "TICK_S", "Watchdog", "block_hook_enabled", "serve_block_hook"]

log = logging.getLogger(__name__)

TICK_S = 0.5
#: a tick this late means the loop is not serving: /healthz answers 503
STALL_S = 5.0
_HOOK_VARIABLE = "ZAPPI_OCPP_TEST_HOOKS"
_HOOK_BLOCK_LOOP = "block-loop"


class Watchdog:
    """Ticks on the loop; :meth:`stalled_for` says how late the loop is now."""

    def __init__(self, tick_s: float = TICK_S, stall_s: float = STALL_S) -> None:
        self._tick_s = tick_s
        self.stall_s = stall_s
        self._last = trio.current_time()
        self.lag = 0.0  #: how late the last tick ran (seconds)

    async def run(self) -> None:
        while True:
            await trio.sleep(self._tick_s)
            now = trio.current_time()
            self.lag = max(0.0, now - self._last - self._tick_s)
            self._last = now

    def stalled_for(self) -> float:
        """Seconds the tick is overdue (0 while the loop keeps up)."""
        return max(0.0, trio.current_time() - self._last - self._tick_s)

    def healthy(self) -> bool:
        return self.stalled_for() < self.stall_s


def block_hook_enabled() -> bool:
    return _HOOK_BLOCK_LOOP in os.environ.get(_HOOK_VARIABLE, "").split(",")


async def serve_block_hook() -> None:
    """SIGUSR1 → block the event loop (see the module docstring)."""
    seconds = float(os.environ.get("ZAPPI_OCPP_TEST_BLOCK_S", "5"))
    with trio.open_signal_receiver(signal.SIGUSR1) as signals:
        event(log, "observe.test_hook", level=logging.WARNING, hook=_HOOK_BLOCK_LOOP)
        async for _ in signals:
            event(log, "observe.blocking_loop", level=logging.WARNING, seconds=seconds)
            time.sleep(seconds)  # noqa: ASYNC251 -- blocking the loop is the point
