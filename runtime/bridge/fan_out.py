"""Hub results routed to the chargers of that hub, by serial.

:class:`FanOut` routes every zappi snapshot of a :class:`~runtime.bridge.hub_poller.HubResult`
to the charger with that serial. A charger whose hub is not configured is found by polling: it
belongs to the hub whose reply contains it. A failed poll (cloud unreachable, API key
rejected) is reported to the chargers of that hub, and to the chargers not found yet. Chargers
and hubs can be added and removed while it routes (a config reload).

Bad data stays with the zappi it came from: a zappi whose object broke its schema gets
``malformed`` and the others of the reply are served as usual. A charger absent from a reply
that holds objects without a usable ``sno`` gets ``malformed`` naming ``sno`` (its object may be
one of them), never "cloud unreachable". :class:`~runtime.bridge.bad_data_log.BadDataLog` logs
each cause once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from generated.status_table import CloudState
from runtime.logs import event
from runtime.myenergi.objects import ObjectProblem
from runtime.myenergi.status import ZappiStatus

from .bad_data_log import BadDataLog
from .hub_poller import HubResult

__all__ = ["ChargerInputs", "FanOut"]

log = logging.getLogger("runtime.bridge.hub_poller")  #: the events keep their logger name


class ChargerInputs(Protocol):
    """``runtime.bridge.driver.ChargerDriver`` as the fan-out uses it."""

    def observe(self, zappi: ZappiStatus) -> None: ...

    def malformed(self, problem: ObjectProblem) -> None: ...

    def cloud_failed(self, cloud: CloudState) -> None: ...


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
        self._bad_data = BadDataLog()
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
            self._report_missing(serial, "no configured hub reports this zappi")

    def _route(self, result: HubResult) -> None:
        hub = result.hub
        if result.zappis is None:
            for serial in self._on_hub.get(hub, ()):
                self._chargers[serial].cloud_failed(result.cloud)
            self._tell_unplaced(result.cloud)
            return
        for serial, zappi in result.zappis.items():
            if (found := self._found(serial, hub)) is not None:
                found.observe(zappi)
        for serial, problem in result.malformed.items():
            if (found := self._found(serial, hub)) is not None:
                found.malformed(problem)
        unnamed: dict[str, ObjectProblem] = {}
        for serial in list(self._on_hub.get(hub, ())):
            if serial in result.zappis or serial in result.malformed:
                continue
            charger = self._chargers[serial]
            if result.unidentified:  # its object may be one without a usable sno
                first = result.unidentified[0]
                unnamed[serial] = ObjectProblem("sno", f"no usable sno ({first})", first.where)
                charger.malformed(unnamed[serial])
                continue
            if serial not in self._missing:
                self._report_missing(serial, "the hub's status reply has no such zappi", hub=hub)
            charger.cloud_failed(CloudState.UNREACHABLE)
        self._log_bad_data(result, unnamed)

    def _found(self, serial: str, hub: str) -> ChargerInputs | None:
        """The charger of ``serial`` seen in a reply of ``hub`` (None: not configured)."""
        found = self._chargers.get(serial)
        if found is None:
            return None
        if self.hub_of.get(serial) != hub:
            event(log, "charger.found", serial=serial, hub=hub)
            self._place(serial, hub)
        self._missing.discard(serial)
        return found

    def _report_missing(self, serial: str, reason: str, **where: str) -> None:
        self._missing.add(serial)
        event(log, "charger.missing", level=logging.WARNING, serial=serial, **where,
              reason=reason)  # fmt: skip

    def _log_bad_data(self, result: HubResult, unnamed: Mapping[str, ObjectProblem]) -> None:
        chargers = self._chargers
        zappis = [s for s in result.zappis or () if s in chargers]
        malformed = {s: p for s, p in result.malformed.items() if s in chargers}
        self._bad_data.reply(result.hub, zappis, {**malformed, **unnamed}, result.ignored)
        self._bad_data.unidentified(result.hub, result.unidentified)

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
