"""What one charger's core knows of its zappi (no I/O): the last good snapshot, the state of
the cloud, and whether that snapshot still stands while the zappi's objects arrive malformed.

spec/status.yaml ``malformed_data.grace_polls`` (``MALFORMED_GRACE_POLLS``): that many replies
in a row may bring a malformed object of the zappi while its last good snapshot stands and
nothing changes; the next one sets the status table's ``zappi_data`` input to malformed, naming
the field that broke. A good object ends it at once. With no fresh good snapshot to keep (none
since the start, or the cloud failed since), the malformed state holds at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generated.status_table import MALFORMED_GRACE_POLLS, CloudState, Situation, ZappiData

from .reports import situation
from .state import DurableState

if TYPE_CHECKING:  # the myenergi package imports trio with its client
    from runtime.myenergi.status import ZappiStatus

__all__ = ["ZappiView"]


class ZappiView:
    """The zappi as the core sees it; see the module docstring."""

    __slots__ = ("_bad_replies", "cloud", "data", "field", "zappi")

    def __init__(self) -> None:
        self.zappi: ZappiStatus | None = None  #: the last good snapshot
        self.cloud = CloudState.REACHABLE
        self.data = ZappiData.VALID
        self.field: str | None = None  #: while malformed: the field that broke
        self._bad_replies = 0

    @property
    def fresh(self) -> ZappiStatus | None:
        """The last good snapshot while it stands for the zappi: the cloud answered, and the
        object parsed (or has been malformed for no longer than the grace period)."""
        if self.cloud is CloudState.REACHABLE and self.data is ZappiData.VALID:
            return self.zappi
        return None

    def observed(self, zappi: ZappiStatus) -> ZappiStatus | None:
        """A good object arrived; the snapshot before it."""
        previous, self.zappi, self.cloud = self.zappi, zappi, CloudState.REACHABLE
        self.data, self.field, self._bad_replies = ZappiData.VALID, None, 0
        return previous

    def malformed(self, field: str) -> bool:
        """A reply brought a malformed object (``field`` broke). True when the malformed state
        holds now (the last good snapshot no longer stands), False while the grace lasts."""
        had_fresh = self.fresh is not None
        self.cloud = CloudState.REACHABLE
        self._bad_replies += 1
        if had_fresh and self._bad_replies <= MALFORMED_GRACE_POLLS:
            return False
        self.data, self.field = ZappiData.MALFORMED, field
        return True

    def cloud_failed(self, cloud: CloudState) -> None:
        self.cloud = cloud

    def situation(self, state: DurableState) -> Situation:
        """What the status table looks at."""
        return situation(self.zappi, state, self.cloud, self.data, self.field)
