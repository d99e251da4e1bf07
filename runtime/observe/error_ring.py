"""The last errors, for the fleet page: the process's own WARNING and ERROR log lines.

Every failure worth a person's attention is already logged as an event (``hub.unreachable``,
``call.failed``, ``charger.crashed``, a lost connection...), so :class:`ErrorRing` is a logging
handler that keeps the last :data:`CAPACITY` of them, formatted exactly as on stderr (and so
with every password and API key masked by :mod:`runtime.logs`). Bounded: it costs the same at
10,000 chargers as at one.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter

from runtime.logs import KeyValueFormatter

__all__ = ["CAPACITY", "ErrorRing", "LoggedError"]

CAPACITY = 100


@dataclass(frozen=True, slots=True)
class LoggedError:
    at: float  #: wall-clock time
    level: str
    event: str  #: the dotted event name (or the logger's name)
    line: str  #: the whole log line, secrets masked


class ErrorRing(logging.Handler):
    """Keeps the last WARNING-or-worse records; install with :meth:`install`."""

    def __init__(self, registry: CollectorRegistry, capacity: int = CAPACITY) -> None:
        super().__init__(logging.WARNING)
        self.setFormatter(KeyValueFormatter())
        self._entries: deque[LoggedError] = deque(maxlen=capacity)
        self._counter = Counter(
            "zappi_ocpp_log_messages_total",
            "Log lines at WARNING or worse, by level",
            ["level"],
            registry=registry,
        )
        for level in ("WARNING", "ERROR", "CRITICAL"):
            self._counter.labels(level)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # a broken record must not break the code that logged it
            self.handleError(record)
            return
        name = record.getMessage() if hasattr(record, "fields") else record.name
        self._entries.append(LoggedError(record.created, record.levelname, name, line))
        self._counter.labels(record.levelname).inc()

    def latest(self, limit: int = CAPACITY) -> list[LoggedError]:
        """The newest first."""
        entries = list(self._entries)[-limit:]
        entries.reverse()
        return entries

    def install(self) -> None:
        logging.getLogger().addHandler(self)

    def uninstall(self) -> None:
        logging.getLogger().removeHandler(self)
