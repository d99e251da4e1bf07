"""One ``cgi-jstatus-*`` request per hub per interval.

:class:`HubPoller` polls every hub in its own task (a slow or failing hub never delays
another), each on its own phase of the interval (:mod:`runtime.bridge.poll_schedule`), and
hands each :class:`HubResult` to a report callback, the :class:`~runtime.bridge.fan_out.FanOut`
that routes it to the chargers. Hubs can be added and removed while it runs (a config reload).
"""

from __future__ import annotations

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


class HubPoller:
    """Polls each hub on its own phase of a shared ``interval_s`` grid and reports each
    result; hubs can be added and removed while it runs. The rule is in
    :mod:`runtime.bridge.poll_schedule`."""

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
        #: every hub polled, with the cancel scope of its task (None until run() starts it)
        self._tasks: dict[str, trio.CancelScope | None] = dict.fromkeys(hubs)
        self._nursery: trio.Nursery | None = None
        self._epoch = 0.0

    @property
    def hubs(self) -> tuple[str, ...]:
        return tuple(self._tasks)

    async def run(self, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        """Poll until cancelled; ``started`` once hubs can be added."""
        async with trio.open_nursery() as nursery:
            self._nursery = nursery
            self._epoch = trio.current_time()
            for hub in self._tasks:
                self._start(hub)
            task_status.started()
            await trio.sleep_forever()

    def add_hub(self, hub: str) -> None:
        """Poll one more hub, from the next slot of its phase."""
        if hub in self._tasks:
            return
        self._tasks[hub] = None
        if self._nursery is not None:
            self._start(hub)

    def remove_hub(self, hub: str) -> None:
        """Stop polling a hub; a poll of it under way is cancelled and never reported."""
        scope = self._tasks.pop(hub, None)
        if scope is not None:
            scope.cancel()
        self._last_cloud.pop(hub, None)

    def _start(self, hub: str) -> None:
        assert self._nursery is not None
        scope = self._tasks[hub] = trio.CancelScope()
        self._nursery.start_soon(self._poll_forever, hub, scope)

    async def _poll_forever(self, hub: str, scope: trio.CancelScope) -> None:
        interval = self._interval_s
        phase = phase_of(hub, interval)
        with scope:
            slot = next_slot(self._epoch, phase, interval, trio.current_time())
            while True:
                await trio.sleep_until(slot)
                deadline, cut = poll_ends(slot, self._budget_s)
                self._report(await self.poll_once(hub, deadline=deadline, cut=cut))
                # the next slot of this hub's own grid: skipped slots are never caught up
                not_before = max(trio.current_time(), slot + interval)
                slot = next_slot(self._epoch, phase, interval, not_before)

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
