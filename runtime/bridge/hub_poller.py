"""One ``cgi-jstatus-*`` request per hub per interval, fanned out to the chargers of that hub.

:class:`HubPoller` polls every hub in its own task (a slow or failing hub never delays
another), each on its own phase of the interval (:mod:`runtime.bridge.poll_schedule`), and
hands each result to a :class:`FanOut`, which routes every zappi snapshot to the charger with
that serial. A charger whose hub is not configured is found by polling: it belongs to the hub
whose reply contains it. A failed poll (cloud unreachable, API key rejected) is reported to
the chargers of that hub, and to the chargers not found yet. Both take hubs and chargers
added and removed while they run (a config reload).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import trio

from generated.status_table import CloudState
from runtime.logs import event
from runtime.myenergi.errors import ApiKeyRejected, MyenergiError
from runtime.myenergi.status import ZappiStatus

from .poll_schedule import next_slot, phase_of, poll_ends

__all__ = ["ChargerInputs", "FanOut", "HubPoller", "HubResult", "StatusSource"]

log = logging.getLogger(__name__)


class StatusSource(Protocol):
    """``runtime.myenergi.MyenergiClient`` as the poller uses it: a poll that ends (with its
    retries) by ``deadline``, trio clock."""

    async def poll(self, hub: str, deadline: float = math.inf) -> dict[str, ZappiStatus]: ...


class ChargerInputs(Protocol):
    """``runtime.bridge.driver.ChargerDriver`` as the fan-out uses it."""

    def observe(self, zappi: ZappiStatus) -> None: ...

    def cloud_failed(self, cloud: CloudState) -> None: ...


@dataclass(frozen=True, slots=True)
class HubResult:
    """One poll of one hub: the zappis by serial, or the cloud state that prevented it."""

    hub: str
    zappis: Mapping[str, ZappiStatus] | None
    cloud: CloudState
    error: str | None = None


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
                result = HubResult(hub, zappis, CloudState.REACHABLE)
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


class FanOut:
    """Routes hub results to chargers by serial; see the module docstring.

    Indexed by hub, so routing one result costs the chargers of that hub, not the fleet's.
    Chargers and hubs can be added and removed while it routes (a config reload)."""

    def __init__(
        self,
        chargers: Mapping[str, ChargerInputs],
        hubs: Mapping[str, str],
        all_hubs: Sequence[str] = (),
    ) -> None:
        self._chargers: dict[str, ChargerInputs] = {}
        #: zappi serial → hub serial, from the config or learned from the replies
        self.hub_of: dict[str, str] = {}
        self._configured: dict[str, str] = {}  #: the hubs the config names
        #: hub → the chargers it serves (a list: usually one, and a third of a set's size)
        self._on_hub: dict[str, list[str]] = {}
        #: chargers on no hub yet; those in ``_unplaced_fresh`` have not been told
        #: ``_unplaced_state``, the last failure reported to every unplaced charger
        self._unplaced: set[str] = set()
        self._unplaced_fresh: set[str] = set()
        self._unplaced_state: CloudState | None = None
        self._missing: set[str] = set()
        self._unanswered = set(all_hubs)  #: hubs whose status has not been read yet
        for serial, charger in chargers.items():
            self.add_charger(serial, charger, hubs.get(serial))

    def add_charger(self, serial: str, charger: ChargerInputs, hub: str | None = None) -> None:
        """Route to ``charger`` from now on; ``hub``: the one the config names, if any."""
        self.remove_charger(serial)
        self._chargers[serial] = charger
        if hub is not None:
            self._configured[serial] = hub
        self._place(serial, hub)

    def remove_charger(self, serial: str) -> None:
        if self._chargers.pop(serial, None) is None:
            return
        self._configured.pop(serial, None)
        self._place(serial, None)
        self._unplaced.discard(serial)
        self._unplaced_fresh.discard(serial)
        self._missing.discard(serial)

    def add_hub(self, hub: str) -> None:
        self._unanswered.add(hub)

    def remove_hub(self, hub: str) -> None:
        """The chargers found on ``hub`` are looked for again on the others."""
        for serial in list(self._on_hub.get(hub, ())):
            self._place(serial, self._configured.get(serial))
        self._on_hub.pop(hub, None)
        if hub in self._unanswered:
            self._unanswered.discard(hub)
            if not self._unanswered:
                self._report_not_found()

    def _place(self, serial: str, hub: str | None) -> None:
        """Move ``serial`` to ``hub`` (None: nowhere yet) in the index and in ``hub_of``."""
        old = self.hub_of.pop(serial, None)
        served = self._on_hub.get(old, []) if old is not None else []
        if serial in served:
            served.remove(serial)
        if hub is not None:
            self.hub_of[serial] = hub
            self._on_hub.setdefault(hub, []).append(serial)
            self._unplaced.discard(serial)
            self._unplaced_fresh.discard(serial)
        elif serial in self._chargers:
            self._unplaced.add(serial)
            self._unplaced_fresh.add(serial)

    def __call__(self, result: HubResult) -> None:
        self._route(result)
        if result.zappis is not None and result.hub in self._unanswered:
            self._unanswered.discard(result.hub)
            if not self._unanswered:
                self._report_not_found()

    def _report_not_found(self) -> None:
        """Once every hub answered: one line per configured zappi that none of them has."""
        for serial in sorted(self._unplaced - self._missing):
            self._missing.add(serial)
            event(
                log,
                "charger.missing",
                level=logging.WARNING,
                serial=serial,
                reason="no configured hub reports this zappi",
            )

    def _route(self, result: HubResult) -> None:
        hub = result.hub
        if result.zappis is None:
            for serial in self._on_hub.get(hub, ()):
                self._chargers[serial].cloud_failed(result.cloud)
            self._tell_unplaced(result.cloud)
            return
        for serial, zappi in result.zappis.items():
            found = self._chargers.get(serial)
            if found is None:
                continue
            if self.hub_of.get(serial) != hub:
                event(log, "charger.found", serial=serial, hub=hub)
                self._place(serial, hub)
            self._missing.discard(serial)
            found.observe(zappi)
        for serial in list(self._on_hub.get(hub, ())):
            if serial not in result.zappis:
                if serial not in self._missing:
                    self._missing.add(serial)
                    event(
                        log,
                        "charger.missing",
                        level=logging.WARNING,
                        serial=serial,
                        hub=hub,
                        reason="the hub's status reply has no such zappi",
                    )
                self._chargers[serial].cloud_failed(CloudState.UNREACHABLE)

    def _tell_unplaced(self, cloud: CloudState) -> None:
        """A failed poll may concern the chargers not found yet: each is told once per
        change of the failure, so a fleet of unplaced chargers costs O(1) per result."""
        if cloud is not self._unplaced_state:
            self._unplaced_state = cloud
            told: Iterable[str] = self._unplaced
        else:
            told = self._unplaced_fresh
        for serial in sorted(told):
            self._chargers[serial].cloud_failed(cloud)
        self._unplaced_fresh = set()
