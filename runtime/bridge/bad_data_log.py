"""The log lines about bad data in a hub's replies: one per change of cause, never one per poll.

A cloud that garbles one zappi's object garbles it in every reply until it stops, so the lines
say when something starts, changes or ends:

- ``zappi.malformed`` (WARNING): a configured zappi's object broke its schema; ``field`` names
  the field (logged again only when the field changes);
- ``zappi.sane`` (INFO): its object parses again;
- ``zappi.fields_ignored`` (INFO): fields of a zappi that arrived bad and read as missing
  (``if_bad: default`` in spec/myenergi.yaml), when that set changes;
- ``hub.object_unidentified`` (WARNING): a zappi object of the hub without a usable ``sno`` was
  skipped, once per problem while it lasts.

A hub whose envelope is broken is ``hub.unreachable`` (the hub poller says so), never these.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping

from runtime.logs import event
from runtime.myenergi.objects import ObjectProblem

__all__ = ["BadDataLog"]

log = logging.getLogger("runtime.bridge.hub_poller")


class BadDataLog:
    """Remembers the last cause logged per zappi and per hub."""

    __slots__ = ("_ignored", "_malformed", "_unidentified")

    def __init__(self) -> None:
        self._malformed: dict[str, str] = {}  #: zappi → the field logged
        self._ignored: dict[str, tuple[str, ...]] = {}
        self._unidentified: dict[str, frozenset[str]] = {}  #: hub → the problems logged

    def reply(
        self,
        hub: str,
        zappis: Collection[str],
        malformed: Mapping[str, ObjectProblem],
        ignored: Mapping[str, tuple[str, ...]],
    ) -> None:
        """One reply of ``hub`` reached the configured zappis ``zappis`` (parsed) and
        ``malformed`` (their objects broke their schema)."""
        for serial, problem in malformed.items():
            if self._malformed.get(serial) != problem.field:
                self._malformed[serial] = problem.field
                event(log, "zappi.malformed", level=logging.WARNING, zappi=serial,
                      hub=hub, field=problem.field, where=problem.where,
                      problem=problem.problem)  # fmt: skip
        for serial in zappis:
            if self._malformed.pop(serial, None) is not None:
                event(log, "zappi.sane", zappi=serial, hub=hub)
            fields = ignored.get(serial, ())
            if self._ignored.get(serial, ()) != fields:
                self._ignored[serial] = fields
                if fields:
                    event(log, "zappi.fields_ignored", zappi=serial, hub=hub,
                          fields=",".join(fields))  # fmt: skip

    def unidentified(self, hub: str, problems: tuple[ObjectProblem, ...]) -> None:
        """The objects of one reply of ``hub`` that have no usable sno."""
        seen = self._unidentified.get(hub, frozenset())
        now = frozenset(str(p) for p in problems)
        for problem in problems:
            if str(problem) not in seen:
                event(log, "hub.object_unidentified", level=logging.WARNING, hub=hub,
                      where=problem.where, problem=problem.problem)  # fmt: skip
        self._unidentified[hub] = now
