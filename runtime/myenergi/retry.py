"""Capped exponential backoff for cloud retries, with optional jitter.

No myenergi rate limit is published (ref §1.3); public clients back off exponentially on errors
(Rouzax: 20 s doubling to 15 min between polls). Inside one call the client retries a few times
quickly and then reports, leaving slower polling decisions to the caller. The status poll's
retries are jittered: a server outage fails every hub of that server at once, and without
jitter their retries would stay in step.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

#: one generator for every schedule (a Random instance costs 2.5 KiB)
_SHARED_RANDOM = random.Random()


@dataclass(frozen=True, slots=True)
class RetrySchedule:
    """How often one cloud request is tried: ``attempts`` tries with delays ``initial_s``,
    ×``factor`` each time, at most ``cap_s``. With ``jitter`` j (0..1) each delay d is drawn
    from [d·(1 − j), d]: never longer than the nominal delay, so the bound on a call holds."""

    attempts: int = 4
    initial_s: float = 0.5
    factor: float = 2.0
    cap_s: float = 8.0
    jitter: float = 0.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a retry schedule needs at least one attempt")
        if not 0.0 <= self.jitter <= 1.0:
            raise ValueError("jitter must be between 0 and 1")

    def delays(self, rng: random.Random | None = None) -> Iterator[float]:
        """The waits between attempts (``attempts - 1`` of them)."""
        draw = rng or _SHARED_RANDOM
        delay = self.initial_s
        for _ in range(self.attempts - 1):
            nominal = min(delay, self.cap_s)
            yield nominal if not self.jitter else nominal * (1 - self.jitter * draw.random())
            delay *= self.factor

    @property
    def longest_s(self) -> float:
        """The sum of the nominal delays: the most a call waits between its attempts."""
        return sum(RetrySchedule(self.attempts, self.initial_s, self.factor, self.cap_s).delays())
