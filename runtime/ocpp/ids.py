"""Message ids that are never reused for the same charge box.

OCPP-J 1.6 §4.1.4 and errata 2025-04 §3.1: a CALL id must differ from every id the same
sender used before on any connection with the same charge box identity, so uniqueness has to
survive reconnects *and* process restarts. An id is ``<epoch>.<counter>`` in hex: the counter
lives in memory and never resets while the process runs (reconnects keep it), and the epoch is
a per-charge-box boot number kept in the store and bumped on every start
(:meth:`runtime.storage.StoredCharger.next_epoch`); no id of an epoch is sent before the
epoch is committed (the scheduler waits), so two runs can never produce the same id.
Without a store, a random 64-bit epoch makes a collision a 2**-64 event.
"""

from __future__ import annotations

import itertools
import secrets

from .frames import MAX_ID_LENGTH

__all__ = ["MessageIds", "random_epoch"]


def random_epoch() -> str:
    """An epoch for a charger without persistent state."""
    return secrets.token_hex(8)


class MessageIds:
    """Hands out ids ``<epoch>.<n>``, n = 1, 2, 3, ... in hex."""

    __slots__ = ("_counter", "_epoch")

    def __init__(self, epoch: str) -> None:
        # 16 hex digits of counter + the dot must still fit in 36 characters.
        if not epoch or len(epoch) > MAX_ID_LENGTH - 17:
            raise ValueError(f"epoch must be 1 to {MAX_ID_LENGTH - 17} characters")
        self._epoch = epoch
        self._counter = itertools.count(1)

    @property
    def epoch(self) -> str:
        return self._epoch

    def next(self) -> str:
        return f"{self._epoch}.{next(self._counter):x}"
