"""Each charger's OCPP configuration (OCPP 1.6 §5.3 ChangeConfiguration, §5.8
GetConfiguration, §9 keys), typed by the generated key table and persisted in the store.

Only values that differ from the table's default are stored, so a thousand chargers with
default settings cost no memory and no rows. Keys are case-insensitive (CiString50, §7.17):
rows are stored and looked up by lower-case name and always reported with the table's
spelling. Read-only keys refuse ChangeConfiguration; write-only keys (AuthorizationKey,
OCPP-J 1.6 §6.2.2, errata 3.12) are accepted but never read back. Observers registered with
:meth:`ConfigStore.on_change` see every accepted change at once, which is how a change the
spec says takes effect immediately does: HeartbeatInterval, or a key whose table ``effect`` is
``reconnect`` (AuthorizationKey: the charge point drops the connection once the answer is out
and reconnects with the new password, security whitepaper A01). The answer is Accepted unless
the key's row says ``reboot_required`` (then RebootRequired).

:meth:`ConfigStore.get_configuration` and :meth:`ConfigStore.change_configuration` take and
return the generated payload classes, so the bridge's handler can delegate to them as is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from generated.payloads import (
    ChangeConfigurationRequest,
    ChangeConfigurationResponse,
    ConfigurationStatus,
    GetConfigurationRequest,
    GetConfigurationResponse,
    KeyValue,
)
from rows.config_keys import Access, ConfigKey, ConfigType, ConfigValue, to_wire

from .config_values import parse_value

if TYPE_CHECKING:  # the core does no I/O: it is handed the store
    from runtime.storage.store import Store

__all__ = ["ConfigStore"]

#: OCPP 1.6 §7.17 ChangeConfiguration.req value is a CiString500
_MAX_VALUE_LENGTH = 500
#: O16 §5.3: a CSL key ``X`` may be limited by the key ``XMaxLength``
_MAX_LENGTH_SUFFIX = "MaxLength"

Observer = Callable[[str, str], None]


class ConfigStore:
    """The configuration of one charge box."""

    __slots__ = ("_keys", "_observers", "_stored")

    def __init__(self, store: Store, charge_box: str, keys: Mapping[str, ConfigKey]) -> None:
        self._stored = store.charger(charge_box)  # values read from memory, written through
        self._keys = keys
        self._observers: list[Observer] = []

    def on_change(self, observer: Observer) -> None:
        """Call ``observer(canonical name, new wire value)`` after each accepted change."""
        self._observers.append(observer)

    def row(self, name: str) -> ConfigKey | None:
        return self._keys.get(name.lower())

    # -- reading ------------------------------------------------------------------------------

    def get(self, name: str) -> str | None:
        """The current value as OCPP text, or None for an unknown or unset key."""
        row = self.row(name)
        if row is None:
            return None
        stored = self._stored.config.get(row.name.lower())
        if stored is not None:
            return stored
        return None if row.default is None else to_wire(row.default)

    def value(self, name: str) -> ConfigValue | None:
        """The current value typed per the table (bool, int, str or a tuple of CSL items)."""
        row, text = self.row(name), self.get(name)
        return None if row is None or text is None else parse_value(row, text)

    def get_int(self, name: str) -> int:
        value = self.value(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise KeyError(f"{name} is not a set int key")
        return value

    def read(self, requested: Sequence[str] | None = None) -> tuple[list[KeyValue], list[str]]:
        """Known keys with their values, and the requested names that are unknown.

        No or an empty list means every key; write-only keys are then left out entirely, and
        when asked for by name they come back without a value.
        """
        if not requested:
            rows = [row for row in self._keys.values() if row.access is not Access.WRITE_ONLY]
            return [self._entry(row) for row in rows], []
        known: list[KeyValue] = []
        unknown: list[str] = []
        for name in requested:
            row = self.row(name)
            if row is None:
                unknown.append(name)
            else:
                known.append(self._entry(row))
        return known, unknown

    def _entry(self, row: ConfigKey) -> KeyValue:
        value = None if row.access is Access.WRITE_ONLY else self.get(row.name)
        return KeyValue(key=row.name, readonly=row.readonly, value=value)

    def get_configuration(self, request: GetConfigurationRequest) -> GetConfigurationResponse:
        """GetConfiguration.conf for ``request`` (OCPP 1.6 §5.8)."""
        known, unknown = self.read(request.key)
        return GetConfigurationResponse(
            configuration_key=tuple(known), unknown_key=tuple(unknown) if unknown else None
        )

    # -- changing -----------------------------------------------------------------------------

    def change(self, name: str, value: str) -> ConfigurationStatus:
        """ChangeConfiguration (OCPP 1.6 §5.3): validate, store, notify observers."""
        row = self.row(name)
        if row is None:
            return ConfigurationStatus.NOT_SUPPORTED
        if row.access is Access.READ_ONLY:
            return ConfigurationStatus.REJECTED
        normalised = self._normalise(row, value)
        if normalised is None:
            return ConfigurationStatus.REJECTED
        self._write(row, normalised)
        if row.reboot_required:
            return ConfigurationStatus.REBOOT_REQUIRED
        return ConfigurationStatus.ACCEPTED

    def change_configuration(
        self, request: ChangeConfigurationRequest
    ) -> ChangeConfigurationResponse:
        """ChangeConfiguration.conf for ``request``."""
        return ChangeConfigurationResponse(status=self.change(request.key, request.value))

    def set(self, name: str, value: str) -> None:
        """Set a key from inside the charger (read-only ones too), typed like :meth:`change`."""
        row = self.row(name)
        if row is None:
            raise KeyError(name)
        normalised = self._normalise(row, value)
        if normalised is None:
            raise ValueError(f"{row.name}: {value!r} is not a valid {row.type}")
        self._write(row, normalised)

    def _write(self, row: ConfigKey, value: str) -> None:
        self._stored.set_config(row.name.lower(), value)
        for observer in self._observers:
            observer(row.name, value)

    def _normalise(self, row: ConfigKey, value: str) -> str | None:
        """The value in canonical wire form, or None when the table refuses it."""
        if len(value) > _MAX_VALUE_LENGTH:
            return None
        parsed = parse_value(row, value)
        if parsed is None:
            return None
        if row.type is ConfigType.CSL and isinstance(parsed, tuple):
            limit = self.value(row.name + _MAX_LENGTH_SUFFIX)
            if isinstance(limit, int) and len(parsed) > limit:
                return None
        return to_wire(parsed)
