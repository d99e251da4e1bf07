"""Each charger's OCPP configuration (OCPP 1.6 §5.3 ChangeConfiguration, §5.8
GetConfiguration, §9 keys), typed by the generated key table and persisted in SQLite.

Only values that differ from the table's default are stored, so a thousand chargers with
default settings cost no memory and no rows. Keys are case-insensitive (CiString50, §7.17):
rows are stored and looked up by lower-case name and always reported with the table's
spelling. Read-only keys refuse ChangeConfiguration; write-only keys (AuthorizationKey,
OCPP-J 1.6 §6.2.2) are accepted but never read back. Observers registered with
:meth:`ConfigStore.on_change` see every accepted change at once, which is how a change that
the spec says takes effect immediately (HeartbeatInterval, WebSocketPingInterval, ...) does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from .store import Store

__all__ = ["ChangeOutcome", "ConfigKeyRow", "ConfigStore", "ConfigValue"]

#: OCPP 1.6 §7.17 ChangeConfiguration.req value is a CiString500
_MAX_VALUE_LENGTH = 500
_INT = re.compile(r"-?[0-9]+")
_BOOLS = {"true": "true", "false": "false"}
#: O16 §5.3: a CSL key ``X`` may be limited by the key ``XMaxLength``
_MAX_LENGTH_SUFFIX = "maxlength"


class ConfigKeyRow(Protocol):
    """What the store reads from a ``generated.config_keys.ConfigKey`` row."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def access(self) -> str: ...
    @property
    def default(self) -> str | None: ...
    @property
    def allowed(self) -> tuple[str, ...]: ...
    @property
    def minimum(self) -> int | None: ...
    @property
    def maximum(self) -> int | None: ...
    @property
    def reboot_required(self) -> bool: ...


class ChangeOutcome(StrEnum):
    """ChangeConfiguration.conf status (OCPP 1.6 §7.8 ConfigurationStatus)."""

    ACCEPTED = "Accepted"
    REJECTED = "Rejected"
    REBOOT_REQUIRED = "RebootRequired"
    NOT_SUPPORTED = "NotSupported"


@dataclass(frozen=True, slots=True)
class ConfigValue:
    """One GetConfiguration.conf ``configurationKey`` entry (value None: write-only)."""

    key: str
    readonly: bool
    value: str | None


Observer = Callable[[str, str], None]


class ConfigStore:
    """The configuration of one charge box."""

    __slots__ = ("_charge_box", "_db", "_keys", "_observers")

    def __init__(
        self, store: Store, charge_box: str, keys: Mapping[str, ConfigKeyRow]
    ) -> None:
        self._db = store.db
        self._charge_box = charge_box
        self._keys = keys
        self._observers: list[Observer] = []

    def on_change(self, observer: Observer) -> None:
        """Call ``observer(canonical name, new value)`` after each accepted change."""
        self._observers.append(observer)

    def row(self, name: str) -> ConfigKeyRow | None:
        return self._keys.get(name.lower())

    # -- reading ------------------------------------------------------------------------------

    def get(self, name: str) -> str | None:
        """The current value as OCPP text, or None for an unknown (or unset) key."""
        row = self.row(name)
        if row is None:
            return None
        stored = self._db.execute(
            "SELECT value FROM config WHERE charge_box = ? AND key = ?",
            (self._charge_box, row.name.lower()),
        ).fetchone()
        return str(stored[0]) if stored is not None else row.default

    def get_int(self, name: str) -> int:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return int(value)

    def get_bool(self, name: str) -> bool:
        return (self.get(name) or "").lower() == "true"

    def get_list(self, name: str) -> list[str]:
        value = self.get(name) or ""
        return [item.strip() for item in value.split(",") if item.strip()]

    def read(self, requested: Sequence[str] | None = None) -> tuple[list[ConfigValue], list[str]]:
        """GetConfiguration (OCPP 1.6 §5.8): known keys with values, and the unknown names.

        No or an empty list means every key; write-only keys are then left out entirely, and
        when asked for by name they come back without a value.
        """
        if not requested:
            rows = [row for row in self._keys.values() if row.access != "W"]
            return [self._entry(row) for row in rows], []
        known: list[ConfigValue] = []
        unknown: list[str] = []
        for name in requested:
            row = self.row(name)
            if row is None:
                unknown.append(name)
            else:
                known.append(self._entry(row))
        return known, unknown

    def _entry(self, row: ConfigKeyRow) -> ConfigValue:
        value = None if row.access == "W" else self.get(row.name)
        return ConfigValue(row.name, row.access == "R", value)

    # -- changing -----------------------------------------------------------------------------

    def change(self, name: str, value: str) -> ChangeOutcome:
        """ChangeConfiguration (OCPP 1.6 §5.3): validate, store, notify observers."""
        row = self.row(name)
        if row is None:
            return ChangeOutcome.NOT_SUPPORTED
        if row.access == "R":
            return ChangeOutcome.REJECTED
        normalised = self._normalise(row, value)
        if normalised is None:
            return ChangeOutcome.REJECTED
        self._write(row, normalised)
        return ChangeOutcome.REBOOT_REQUIRED if row.reboot_required else ChangeOutcome.ACCEPTED

    def set(self, name: str, value: str) -> None:
        """Set a key from inside the charger (read-only ones too); typed like :meth:`change`."""
        row = self.row(name)
        if row is None:
            raise KeyError(name)
        normalised = self._normalise(row, value)
        if normalised is None:
            raise ValueError(f"{row.name}: {value!r} is not a valid {row.type}")
        self._write(row, normalised)

    def _write(self, row: ConfigKeyRow, value: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO config (charge_box, key, value) VALUES (?, ?, ?)",
            (self._charge_box, row.name.lower(), value),
        )
        for observer in self._observers:
            observer(row.name, value)

    def _normalise(self, row: ConfigKeyRow, value: str) -> str | None:
        """The value in canonical form, or None when the table's type and range refuse it."""
        if len(value) > _MAX_VALUE_LENGTH:
            return None
        text = value.strip()
        if row.type == "int":
            if not _INT.fullmatch(text):
                return None
            number = int(text)
            too_small = row.minimum is not None and number < row.minimum
            too_big = row.maximum is not None and number > row.maximum
            return None if too_small or too_big else str(number)
        if row.type == "bool":
            return _BOOLS.get(text.lower())
        if row.type == "csl":
            items = [item.strip() for item in text.split(",") if item.strip()]
            if row.allowed and any(item not in row.allowed for item in items):
                return None
            limit = self.get(row.name + _MAX_LENGTH_SUFFIX)
            if limit is not None and len(items) > int(limit):
                return None
            return ",".join(items)
        if row.allowed and text not in row.allowed:
            return None
        return value
