"""One ``cgi-jstatus-*`` request per hub per interval, fanned out to the chargers of that hub.

:class:`HubPoller` polls every configured hub in its own task (a slow or failing hub never
delays another) and hands each result to a :class:`FanOut`, which routes every zappi snapshot
to the charger with that serial. A charger whose hub is not configured is found by polling: it
belongs to the hub whose reply contains it. A failed poll (cloud unreachable, API key
rejected) is reported to the chargers of that hub, and to the chargers not found yet.

Bad data stays with the zappi it came from: a zappi whose object broke its schema gets
``malformed`` and the others of the reply are served as usual. A charger absent from a reply
that holds objects without a usable ``sno`` gets ``malformed`` naming ``sno`` (its object may be
one of them), never "cloud unreachable". :class:`~runtime.bridge.bad_data_log.BadDataLog` logs
each cause once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import trio

from generated.status_table import CloudState
from runtime.logs import event
from runtime.myenergi.errors import ApiKeyRejected, MyenergiError
from runtime.myenergi.objects import ObjectProblem
from runtime.myenergi.status import StatusReply, ZappiStatus

from .bad_data_log import BadDataLog

__all__ = ["ChargerInputs", "FanOut", "HubPoller", "HubResult", "StatusSource"]

log = logging.getLogger(__name__)


class StatusSource(Protocol):
    """``runtime.myenergi.MyenergiClient`` as the poller uses it."""

    async def poll(self, hub: str) -> StatusReply: ...


class ChargerInputs(Protocol):
    """``runtime.bridge.driver.ChargerDriver`` as the fan-out uses it."""

    def observe(self, zappi: ZappiStatus) -> None: ...

    def malformed(self, problem: ObjectProblem) -> None: ...

    def cloud_failed(self, cloud: CloudState) -> None: ...


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
    """Polls each hub every ``interval_s`` seconds (start to start) and reports each result."""

    def __init__(
        self,
        source: StatusSource,
        hubs: Sequence[str],
        interval_s: float,
        report: Callable[[HubResult], None],
    ) -> None:
        self._source = source
        self._hubs = tuple(hubs)
        self._interval_s = interval_s
        self._report = report
        self._last_cloud: dict[str, CloudState] = {}

    async def run(self) -> None:
        async with trio.open_nursery() as nursery:
            for hub in self._hubs:
                nursery.start_soon(self._poll_forever, hub)

    async def _poll_forever(self, hub: str) -> None:
        while True:
            started = trio.current_time()
            self._report(await self.poll_once(hub))
            await trio.sleep_until(started + self._interval_s)

    async def poll_once(self, hub: str) -> HubResult:
        try:
            zappis = await self._source.poll(hub)
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
    """Routes hub results to chargers by serial; see the module docstring."""

    def __init__(
        self,
        chargers: Mapping[str, ChargerInputs],
        hubs: Mapping[str, str],
        all_hubs: Sequence[str] = (),
    ) -> None:
        self._chargers = dict(chargers)
        #: zappi serial → hub serial, from the config or learned from the replies
        self.hub_of: dict[str, str] = dict(hubs)
        self._missing: set[str] = set()
        self._unanswered = set(all_hubs)  #: hubs whose status has not been read yet
        self._bad_data = BadDataLog()

    def __call__(self, result: HubResult) -> None:
        self._route(result)
        if result.zappis is not None and result.hub in self._unanswered:
            self._unanswered.discard(result.hub)
            if not self._unanswered:
                self._report_not_found()

    def _report_not_found(self) -> None:
        """Once every hub answered: one line per configured zappi that none of them has."""
        for serial in sorted(set(self._chargers) - set(self.hub_of)):
            self._report_missing(serial, "no configured hub reports this zappi")

    def _report_missing(self, serial: str, reason: str, **where: str) -> None:
        self._missing.add(serial)
        event(log, "charger.missing", level=logging.WARNING, serial=serial, **where,
              reason=reason)  # fmt: skip

    def _route(self, result: HubResult) -> None:
        if result.zappis is None:
            for serial, charger in self._chargers.items():
                if self.hub_of.get(serial, result.hub) == result.hub:
                    charger.cloud_failed(result.cloud)
            return
        for serial, zappi in result.zappis.items():
            if (found := self._found(serial, result.hub)) is not None:
                found.observe(zappi)
        for serial, problem in result.malformed.items():
            if (found := self._found(serial, result.hub)) is not None:
                found.malformed(problem)
        unnamed: dict[str, ObjectProblem] = {}
        for serial, charger in self._chargers.items():
            absent = serial not in result.zappis and serial not in result.malformed
            if self.hub_of.get(serial) != result.hub or not absent:
                continue
            if result.unidentified:  # its object may be one without a usable sno
                first = result.unidentified[0]
                unnamed[serial] = ObjectProblem("sno", f"no usable sno ({first})", first.where)
                charger.malformed(unnamed[serial])
                continue
            if serial not in self._missing:
                reason = "the hub's status reply has no such zappi"
                self._report_missing(serial, reason, hub=result.hub)
            charger.cloud_failed(CloudState.UNREACHABLE)
        self._log_bad_data(result, unnamed)

    def _found(self, serial: str, hub: str) -> ChargerInputs | None:
        """The charger of ``serial`` seen in a reply of ``hub`` (None: not configured)."""
        found = self._chargers.get(serial)
        if found is None:
            return None
        if self.hub_of.get(serial) != hub:
            event(log, "charger.found", serial=serial, hub=hub)
            self.hub_of[serial] = hub
        self._missing.discard(serial)
        return found

    def _log_bad_data(self, result: HubResult, unnamed: Mapping[str, ObjectProblem]) -> None:
        chargers = self._chargers
        zappis = [s for s in result.zappis or () if s in chargers]
        malformed = {s: p for s, p in result.malformed.items() if s in chargers}
        self._bad_data.reply(result.hub, zappis, {**malformed, **unnamed}, result.ignored)
        self._bad_data.unidentified(result.hub, result.unidentified)
