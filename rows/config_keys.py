"""The rows of the configuration keys table (spec/config_keys.yaml): one :class:`ConfigKey` each.

What GetConfiguration reports and ChangeConfiguration may change (OCPP 1.6 §5.3, §5.8, §9).
``generated/config_keys.py`` holds the rows; ``runtime/ocpp/config_values.py`` parses a
ChangeConfiguration value against one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Access", "ChangeEffect", "ConfigKey", "ConfigType", "ConfigValue", "to_wire"]


class ConfigType(StrEnum):
    BOOL = "bool"
    INT = "int"
    #: comma-separated list (OCPP 1.6 §9: CSL)
    CSL = "csl"
    STRING = "string"


class Access(StrEnum):
    READ_ONLY = "R"
    READ_WRITE = "RW"
    #: accepted by ChangeConfiguration, never reported by GetConfiguration (OCPP-J 1.6 errata 3.12)
    WRITE_ONLY = "W"


class ChangeEffect(StrEnum):
    """What an accepted ChangeConfiguration of the key does (the ``effect`` column)."""

    #: the runtime changes its own behaviour, as :attr:`ConfigKey.reaction` says
    RUNTIME = "runtime"
    #: once the change is answered Accepted, the connection is closed and opened again at once
    #: with the new value, queued messages kept (security whitepaper A01: AuthorizationKey)
    RECONNECT = "reconnect"
    #: a change sends :attr:`ConfigKey.command` to the zappi
    MYENERGI_COMMAND = "myenergi_command"
    #: the Central System may change it and read it back; nothing in the bridge reads it
    STORED = "stored"
    #: a read-only fact about the charger
    FIXED = "fixed"
    #: computed by the compiler from another spec table
    DERIVED = "derived"


#: a configuration value: bool, int, str, or the items of a CSL key
ConfigValue = bool | int | str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConfigKey:
    name: str
    type: ConfigType
    access: Access
    profile: str
    default: ConfigValue | None
    #: allowed values; for a CSL key the allowed items; empty when any value of the type goes
    allowed: tuple[str | int, ...]
    minimum: int | None
    maximum: int | None
    unit: str
    effect: ChangeEffect
    command: str | None
    #: effect runtime: what the runtime does on a change, a name of rows/hooks.py (the
    #: compiler's model holds the name, the generated row that enum member; None otherwise)
    reaction: str | None
    #: allowed value → the name of the zappi ChargeMode it switches to (OCPPChargeMode)
    zappi_modes: Mapping[str, str]
    #: ChangeConfiguration answers RebootRequired instead of Accepted
    reboot_required: bool
    description: str

    @property
    def readonly(self) -> bool:
        """GetConfiguration's ``readonly`` flag (OCPP 1.6 §7.20)."""
        return self.access is Access.READ_ONLY

    @property
    def wire_default(self) -> str | None:
        """The default as GetConfiguration sends it."""
        return None if self.default is None else to_wire(self.default)

    @property
    def docs_note(self) -> str:
        """What the docs page adds to the description: when a change takes effect."""
        if self.reboot_required:
            return " A change takes effect after a reboot."
        if self.effect is ChangeEffect.RECONNECT:
            return (
                " An accepted change closes the connection and opens it again at once with the"
                " new value; queued messages are kept."
            )
        return ""

    @property
    def allowed_text(self) -> str:
        """The allowed values or range, as the docs page shows them."""
        if self.allowed:
            return ", ".join(map(str, self.allowed))
        if self.type is ConfigType.BOOL:
            return "true, false"
        if self.minimum is None and self.maximum is None:
            return ""
        low = "" if self.minimum is None else str(self.minimum)
        high = "" if self.maximum is None else str(self.maximum)
        return f"{low}–{high}" + (f" {self.unit}" if self.unit else "")


def to_wire(value: ConfigValue) -> str:
    """A configuration value as GetConfiguration sends it: every value is a string (§7.20)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)
