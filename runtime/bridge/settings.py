"""What the bridge core is told about its charger: who it is, and how it reads the charger's
OCPP configuration (no I/O of its own).

The core is given a :class:`ConfigReader` (``runtime.ocpp.config_store.ConfigStore`` in the
service): typed values per the generated key table, and the key's row for what the table says
about it (its reaction, the zappi modes of OCPPChargeMode). The helpers read a value as the
kind the caller needs, with the neutral value when the key is unset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rows.config_keys import ConfigKey, ConfigValue

__all__ = ["ChargerIdentity", "ConfigReader", "csl", "flag", "integer"]


@dataclass(frozen=True, slots=True)
class ChargerIdentity:
    """Who the charger is (from the bridge's config file)."""

    serial: str
    charge_box_id: str
    pin_id_tag: str | None  #: the Virtual OCPP Tag sent for a PIN entry


class ConfigReader(Protocol):
    """The charger's OCPP configuration as the core reads it."""

    def value(self, name: str) -> ConfigValue | None: ...

    def row(self, name: str) -> ConfigKey | None: ...


def flag(config: ConfigReader, name: str) -> bool:
    return config.value(name) is True


def integer(config: ConfigReader, name: str) -> int:
    value = config.value(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def csl(config: ConfigReader, name: str) -> tuple[str, ...]:
    value = config.value(name)
    return value if isinstance(value, tuple) else ()
