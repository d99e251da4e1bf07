"""The frozen model of the messages and configuration-key tables: what the templates see.

The checkers in :mod:`codegen.tables` turn checked YAML into these values; nothing downstream
reads YAML. Rows keep the table's order (the docs page follows it); the generated Python sorts by
name so the output never depends on how a maintainer ordered the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from codegen.release_history import ReleaseHistory
from codegen.tables.measurands import MeasurandsModel

#: OCPP 1.6 §3.3 lists the feature profiles in this order; SupportedFeatureProfiles follows it.
PROFILE_ORDER: tuple[str, ...] = (
    "Core",
    "FirmwareManagement",
    "LocalAuthListManagement",
    "Reservation",
    "SmartCharging",
    "RemoteTrigger",
)

FieldValue = str | int | bool
ConfigValue = bool | int | str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActionMapping:
    """What the bridge uses to carry out one action (spec/messages.yaml ``mapping``)."""

    commands: tuple[str, ...]  #: myenergi commands sent, in order (a test holds the handlers to it)
    #: zappi status fields read; documentation only (nothing checks the handler against it)
    documents_reads: tuple[str, ...]
    #: configuration keys consulted; documentation only (the names are checked to exist)
    documents_config: tuple[str, ...]
    #: fields of the message the bridge produces whose value never changes
    fixed_fields: Mapping[str, FieldValue]
    note: str


@dataclass(frozen=True, slots=True)
class ActionRow:
    """One checked row of the messages table."""

    action: str
    origin: str  #: "ChargePoint", "CentralSystem" or "Both"
    profile: str
    status: str  #: "supported", "unsupported" or "planned"
    since_firmware: tuple[int, ...] | None
    comment: str
    mapping: ActionMapping
    #: the whole answer sent instead of calling the handler while the registration is Pending
    #: (spec/messages.yaml ``while_pending``); None: the handler answers
    while_pending: Mapping[str, FieldValue] | None = None

    @property
    def supported(self) -> bool:
        return self.status == "supported"

    @property
    def sent_by_central_system(self) -> bool:
        return self.origin != "ChargePoint"

    @property
    def sent_by_charge_point(self) -> bool:
        return self.origin != "CentralSystem"

    @property
    def since_firmware_text(self) -> str:
        return ".".join(map(str, self.since_firmware)) if self.since_firmware else ""

    @property
    def while_pending_text(self) -> str:
        """The Pending answer as the docs page shows it, e.g. ``status Rejected``."""
        fields = (self.while_pending or {}).items()
        return ", ".join(f"{field} {to_text(value)}" for field, value in fields)


@dataclass(frozen=True, slots=True)
class MessagesModel:
    rows: tuple[ActionRow, ...]  #: in table order
    #: TriggerMessage's requestedMessage values whose action is supported (OCPP 1.6 §5.17)
    triggerable: tuple[str, ...] = ()

    @property
    def by_action(self) -> Mapping[str, ActionRow]:
        return MappingProxyType({row.action: row for row in sorted(self.rows, key=_action)})

    @property
    def supported_profiles(self) -> tuple[str, ...]:
        """A profile is offered when any of its actions is supported (OCPP 1.6 §3.3, §9.1.29)."""
        offered = {row.profile for row in self.rows if row.supported}
        return tuple(p for p in PROFILE_ORDER if p in offered)

    @property
    def unsupported_profiles(self) -> tuple[str, ...]:
        return tuple(p for p in PROFILE_ORDER if p not in self.supported_profiles)

    def handled(self) -> tuple[ActionRow, ...]:
        """Supported actions the central system sends: the handler interface, sorted."""
        return tuple(
            r for r in sorted(self.rows, key=_action) if r.supported and r.sent_by_central_system
        )

    def sent(self) -> tuple[ActionRow, ...]:
        """Supported actions the charge point sends: the typed senders, sorted."""
        return tuple(
            r for r in sorted(self.rows, key=_action) if r.supported and r.sent_by_charge_point
        )


def to_text(value: FieldValue) -> str:
    """A field value as JSON spells it: ``true``, ``60``, ``Rejected``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _action(row: ActionRow) -> str:
    return row.action


@dataclass(frozen=True, slots=True)
class ConfigKey:
    """One checked row of the configuration keys table."""

    name: str
    type: str  #: "bool", "int", "csl" or "string"
    access: str  #: "R", "RW" or "W"
    profile: str
    default: ConfigValue | None
    allowed: tuple[str | int, ...]
    minimum: int | None
    maximum: int | None
    unit: str
    effect: str  #: "runtime", "reconnect", "myenergi_command", "stored", "fixed" or "derived"
    command: str | None
    #: effect runtime: what the runtime does on a change (a name of runtime/spec_hooks.py)
    reaction: str | None
    #: allowed value → the zappi ChargeMode name it switches to (OCPPChargeMode)
    zappi_modes: Mapping[str, str]
    reboot_required: bool
    description: str

    @property
    def wire_default(self) -> str | None:
        """The default as GetConfiguration sends it: OCPP values are strings (§7.20)."""
        return wire_value(self.default)

    @property
    def docs_note(self) -> str:
        """What the docs page adds to the description: when a change takes effect."""
        if self.reboot_required:
            return " A change takes effect after a reboot."
        if self.effect == "reconnect":
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
        if self.type == "bool":
            return "true, false"
        if self.minimum is None and self.maximum is None:
            return ""
        low = "" if self.minimum is None else str(self.minimum)
        high = "" if self.maximum is None else str(self.maximum)
        return f"{low}–{high}" + (f" {self.unit}" if self.unit else "")


def wire_value(value: ConfigValue | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


@dataclass(frozen=True, slots=True)
class ConfigKeysModel:
    keys: tuple[ConfigKey, ...]  #: in table order

    @property
    def by_lower_name(self) -> Mapping[str, ConfigKey]:
        return MappingProxyType({k.name.lower(): k for k in sorted(self.keys, key=_lower_name)})

    @property
    def names(self) -> frozenset[str]:
        return frozenset(k.name for k in self.keys)


def _lower_name(key: ConfigKey) -> str:
    return key.name.lower()


@dataclass(frozen=True, slots=True)
class SpecModel:
    """Everything the docs page shows: the two tables above, the measurands and the releases."""

    messages: MessagesModel
    config_keys: ConfigKeysModel
    measurands: MeasurandsModel
    releases: ReleaseHistory
