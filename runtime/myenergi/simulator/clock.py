"""Simulated time for the myenergi simulator.

Scenarios that span a whole charging session (hours) must run in seconds in tests, so the
simulator keeps its own clock: ``factor`` simulated seconds pass per real second, and
``skip`` jumps ahead instantly. Real time comes from ``trio.current_time()`` so tests that use
trio's mock clock stay deterministic.
"""

from __future__ import annotations

import datetime as dt

import trio

#: The wall-clock date the simulated devices report at simulated time 0; fixed so replies are
#: reproducible (``dat``/``tim`` in a status reply are device-local strings, not parsed by us).
DEFAULT_EPOCH = dt.datetime(2026, 7, 3, 7, 18, 3)


class SimClock:
    """Simulated seconds since the simulator started, running ``factor`` times real time."""

    __slots__ = ("_anchor_real", "_anchor_sim", "_factor", "epoch")

    def __init__(self, factor: float = 1.0, epoch: dt.datetime = DEFAULT_EPOCH) -> None:
        if factor <= 0:
            raise ValueError(f"time factor must be positive, got {factor}")
        self._factor = factor
        self._anchor_real: float | None = None
        self._anchor_sim = 0.0
        self.epoch = epoch

    @property
    def factor(self) -> float:
        return self._factor

    def _real_now(self) -> float:
        return trio.current_time()

    def now(self) -> float:
        """Simulated seconds since start. The first call (inside trio) starts the clock."""
        real = self._real_now()
        if self._anchor_real is None:
            self._anchor_real = real
        return self._anchor_sim + (real - self._anchor_real) * self._factor

    def set_factor(self, factor: float) -> None:
        if factor <= 0:
            raise ValueError(f"time factor must be positive, got {factor}")
        self._anchor_sim = self.now()
        self._anchor_real = self._real_now()
        self._factor = factor

    def skip(self, seconds: float) -> None:
        """Jump simulated time forward without waiting."""
        if seconds < 0:
            raise ValueError("simulated time cannot go backwards")
        self.now()
        self._anchor_sim += seconds

    def real_seconds(self, sim_seconds: float) -> float:
        """How long to wait in real time for ``sim_seconds`` of simulated time to pass."""
        return sim_seconds / self._factor

    def wall(self, sim_seconds: float) -> dt.datetime:
        return self.epoch + dt.timedelta(seconds=sim_seconds)
