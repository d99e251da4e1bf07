"""Capped exponential backoff for cloud retries.

No myenergi rate limit is published (ref §1.3); public clients back off exponentially on errors
(Rouzax: 20 s doubling to 15 min between polls). Inside one call the client retries a few times
quickly and then reports, leaving slower polling decisions to the caller.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetrySchedule:
    """How often one cloud request is tried: ``attempts`` tries with delays ``initial_s``,
    ×``factor`` each time, at most ``cap_s`` (no jitter: the OCPP reconnect has its own)."""

    attempts: int = 4
    initial_s: float = 0.5
    factor: float = 2.0
    cap_s: float = 8.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a retry schedule needs at least one attempt")

    def delays(self) -> Iterator[float]:
        """The waits between attempts (``attempts - 1`` of them)."""
        delay = self.initial_s
        for _ in range(self.attempts - 1):
            yield min(delay, self.cap_s)
            delay *= self.factor
