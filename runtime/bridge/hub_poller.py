"""One ``cgi-jstatus-*`` request per hub per interval.

:class:`HubPoller` polls every hub in a task of its own (a slow or failing hub never delays
another), each on its own phase of the interval (:mod:`runtime.bridge.poll_schedule`), and
hands each :class:`HubResult` to a report callback, the :class:`~runtime.bridge.fan_out.FanOut`
that routes it to the chargers. Hubs can be added and removed while it runs (a config reload).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import trio

from generated.status_table import CloudState
from runtime.logs import event
from runtime.myenergi.errors import ApiKeyRejected, MyenergiError
from runtime.myenergi.objects import ObjectProblem
from runtime.myenergi.status import StatusReply, ZappiStatus

from .poll_schedule import next_slot, phase_of, poll_ends

__all__ = ["HubPoller", "HubResult", "StatusSource"]

log = logging.getLogger(__name__)


class StatusSource(Protocol):
    """``runtime.myenergi.MyenergiClient`` as the poller uses it: a poll that ends (with its
    retries) by ``deadline``, trio clock."""

    async def poll(self, hub: str, deadline: float = math.inf) -> StatusReply: ...


@dataclass(frozen=True, slots=True)
class HubResult:
    """One poll of one hub: the zappis by serial, or the cloud state that prevented it; the
    zappi objects that broke their schema, by serial and without a usable serial; the fields
    read as missing because they arrived bad, by serial."""

    hub: str
    zappis: Mapping[str, ZappiStatus] | None
    cloud: CloudState
    error: str | None = None
    malformed: Mapping[str, ObjectProblem] = field(default_factory=dict)
    unidentified: tuple[ObjectProblem, ...] = ()
    ignored: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


class _Hub:
    """A polled hub: its phase, its next slot (and the heap entry that holds it), and the
    cancel scope of its poll while one is under way."""

    __slots__ = ("entry", "phase", "scope")

    def __init__(self, phase: float) -> None:
        self.phase = phase
        self.entry: tuple[float, int, str] | None = None
        self.scope: trio.CancelScope | None = None


class HubPoller:
    """Polls each hub on its own phase of a shared ``interval_s`` grid and reports each
    result; hubs can be added and removed while it runs. The rule is in
    :mod:`runtime.bridge.poll_schedule`.

    An idle hub costs no task: one clock task keeps every hub's next slot in a heap, sleeps
    until the earliest and starts each poll that is due in a task of its own (so a slow or
    failing hub never delays another), and the poll puts its hub's next slot back. 10,000
    sleeping tasks would hold 2 KiB each and wake one by one; a busy loop wakes the clock
    once for every poll that came due meanwhile."""

    def __init__(
        self,
        source: StatusSource,
        hubs: Iterable[str],
        interval_s: float,
        report: Callable[[HubResult], None],
        *,
        budget_s: float | None = None,
    ) -> None:
        self._source = source
        self._interval_s = interval_s
        self._budget_s = budget_s if budget_s is not None else interval_s
        self._report = report
        self._last_cloud: dict[str, CloudState] = {}
        self._hubs = {hub: _Hub(phase_of(hub, interval_s)) for hub in hubs}
        #: (slot, sequence, hub): each hub's next slot; an entry its hub no longer holds
        #: (removed, added again) is skipped when it comes up
        self._due: list[tuple[float, int, str]] = []
        self._sequence = itertools.count()
        #: the scope the clock sleeps in, its deadline the earliest slot (None: not running)
        self._clock: trio.CancelScope | None = None
        self._nursery: trio.Nursery | None = None
        self._epoch = 0.0

    @property
    def hubs(self) -> tuple[str, ...]:
        return tuple(self._hubs)

    async def run(self, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        """Poll until cancelled; ``started`` once hubs can be added."""
        async with trio.open_nursery() as nursery:
            self._nursery = nursery
            self._epoch = now = trio.current_time()
            for hub in self._hubs:
                self._schedule(hub, now)
            task_status.started()
            while True:
                with trio.CancelScope(deadline=self._due[0][0] if self._due else math.inf) as clock:
                    self._clock = clock
                    await trio.sleep_forever()
                self._clock = None
                self._start_due(nursery, trio.current_time())

    def add_hub(self, hub: str) -> None:
        """Poll one more hub, from the next slot of its phase."""
        if hub in self._hubs:
            return
        self._hubs[hub] = _Hub(phase_of(hub, self._interval_s))
        if self._nursery is not None:
            self._schedule(hub, trio.current_time())

    def remove_hub(self, hub: str) -> None:
        """Stop polling a hub; a poll of it under way is cancelled and never reported."""
        polled = self._hubs.pop(hub, None)
        if polled is not None and polled.scope is not None:
            polled.scope.cancel()
        self._last_cloud.pop(hub, None)

    def _schedule(self, hub: str, not_before: float) -> None:
        """The hub's next slot: the first of its own grid at or after ``not_before``."""
        polled = self._hubs[hub]
        slot = next_slot(self._epoch, polled.phase, self._interval_s, not_before)
        polled.entry = entry = (slot, next(self._sequence), hub)
        heapq.heappush(self._due, entry)
        if self._clock is not None and slot < self._clock.deadline:
            self._clock.deadline = slot

    def _start_due(self, nursery: trio.Nursery, now: float) -> None:
        while self._due and self._due[0][0] <= now:
            entry = heapq.heappop(self._due)
            polled = self._hubs.get(entry[2])
            if polled is None or polled.entry is not entry:
                continue  # removed (and maybe added again with an entry of its own)
            polled.entry = None
            polled.scope = scope = trio.CancelScope()
            nursery.start_soon(self._poll_at, entry[2], entry[0], scope)

    async def _poll_at(self, hub: str, slot: float, scope: trio.CancelScope) -> None:
        with scope:
            deadline, cut = poll_ends(slot, self._budget_s)
            self._report(await self.poll_once(hub, deadline=deadline, cut=cut))
        if self._hubs.get(hub) is not None and self._hubs[hub].scope is scope:
            self._hubs[hub].scope = None
            # the next slot of this hub's own grid: skipped slots are never caught up
            self._schedule(hub, max(trio.current_time(), slot + self._interval_s))

    async def poll_once(
        self, hub: str, *, deadline: float = math.inf, cut: float = math.inf
    ) -> HubResult:
        """One poll of ``hub``: its requests end by ``deadline`` (trio clock), and if the
        source does not end it, it is cut at ``cut``."""
        with trio.move_on_at(cut) as cutting:
            try:
                zappis = await self._source.poll(hub, deadline)
            except ApiKeyRejected as exc:
                result = HubResult(hub, None, CloudState.KEY_REJECTED, str(exc))
            except MyenergiError as exc:
                result = HubResult(hub, None, CloudState.UNREACHABLE, str(exc))
            else:
                result = HubResult(
                    hub,
                    zappis,
                    CloudState.REACHABLE,
                    malformed=zappis.malformed,
                    unidentified=zappis.unidentified,
                    ignored=zappis.ignored,
                )
        if cutting.cancelled_caught:
            budget = f"{self._budget_s:g}"
            error = f"myenergi cloud unavailable for hub {hub}: no answer within {budget} s"
            result = HubResult(hub, None, CloudState.UNREACHABLE, error)
        self._log_transition(result)
        return result

    def _log_transition(self, result: HubResult) -> None:
        """One line when a hub's cloud state changes, not one per poll."""
        previous = self._last_cloud.get(result.hub)
        self._last_cloud[result.hub] = result.cloud
        if previous == result.cloud:
            return
        if result.cloud is CloudState.KEY_REJECTED:
            event(log, "hub.key_rejected", level=logging.ERROR, hub=result.hub, error=result.error)
        elif result.cloud is CloudState.UNREACHABLE:
            event(log, "hub.unreachable", level=logging.WARNING, hub=result.hub, error=result.error)
        else:
            zappis = ",".join(sorted(result.zappis or ()))
            event(log, "hub.reachable", hub=result.hub, zappis=zappis)
