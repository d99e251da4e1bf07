"""The releases of spec/releases.yaml and what arrived in each: the data the docs page's release
history, the support table's "Since firmware" cells and per-charger gating are made from.

A row names its release in ``since_firmware``; the checker of spec/releases.yaml resolves the
name and records the arrival (:mod:`codegen.tables.releases`), so the history is derived from the
rows themselves and never written twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: the tables whose rows name a release, in the order the docs page lists them
TABLES: tuple[str, ...] = ("messages", "config_keys", "measurands")


def dotted(version: tuple[int, ...]) -> str:
    """``(5, 114)`` → ``"5.114"``."""
    return ".".join(str(part) for part in version)


@dataclass(frozen=True, slots=True)
class Release:
    """One checked release of spec/releases.yaml."""

    #: the firmware the release came with; None when no public source names one
    firmware: tuple[int, ...] | None
    #: what rows write for a release without a firmware version (None when it has one)
    name: str | None
    date: str | None  #: "YYYY-MM" or "YYYY-MM-DD"; None when no public source gives one
    title: str
    note: str
    source: str
    #: the firmware per-charger gating compares with: the release's own, or for a release
    #: without one, the gate of the release before it (spec/releases.yaml explains why)
    gate: tuple[int, ...]

    @property
    def key(self) -> str:
        """What a row's ``since_firmware`` writes to name this release."""
        if self.firmware is not None:
            return dotted(self.firmware)
        return self.name or ""

    @property
    def firmware_text(self) -> str:
        return dotted(self.firmware) if self.firmware is not None else ""

    @property
    def gate_text(self) -> str:
        return dotted(self.gate)


@dataclass(frozen=True, slots=True)
class Arrival:
    """One row that names a release: a message, a configuration key or a measurand."""

    table: str  #: one of :data:`TABLES`
    name: str  #: the action, the key, or the measurand with its phase and location
    planned: bool = False  #: a planned message: announced for the release, not yet offered


@dataclass(frozen=True, slots=True)
class ReleaseHistory:
    """Every release, oldest first, with the rows that name it (in table order)."""

    releases: tuple[Release, ...]
    arrivals: Mapping[str, tuple[Arrival, ...]]  #: release key → the rows naming it

    @property
    def floor(self) -> tuple[int, ...]:
        """The oldest gate: the first release's firmware (the checker requires one)."""
        return self.releases[0].gate if self.releases else ()

    def release_of(self, table: str, name: str) -> Release | None:
        for release in self.releases:
            if any(a.table == table and a.name == name for a in self.arrivals[release.key]):
                return release
        return None

    def arrived(self, release: Release, table: str) -> tuple[Arrival, ...]:
        return tuple(a for a in self.arrivals[release.key] if a.table == table)
