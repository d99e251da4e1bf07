"""The rows of the messages table (spec/messages.yaml): one :class:`ActionRow` per OCPP 1.6 action.

``generated/messages.py`` holds the rows (``ACTIONS``) and what the compiler derives from them;
``runtime/ocpp/routing.py`` decides from them how a CALL is answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from rows.firmware import Version, version_text

__all__ = [
    "ActionMapping",
    "ActionRow",
    "FeatureProfile",
    "FieldValue",
    "Origin",
    "Route",
    "SupportStatus",
    "to_text",
]


class Origin(StrEnum):
    """Who sends an action's request (OCPP 1.6 §4: the charge point, §5: the central system)."""

    CHARGE_POINT = "ChargePoint"
    CENTRAL_SYSTEM = "CentralSystem"
    #: DataTransfer only: either side may send it (OCPP 1.6 §4.3, §5.6)
    BOTH = "Both"


class SupportStatus(StrEnum):
    SUPPORTED = "supported"
    UNSUPPORTED = "unsupported"
    #: shown as coming on the docs page, answered like unsupported
    PLANNED = "planned"


class FeatureProfile(StrEnum):
    """The feature profiles of OCPP 1.6 §3.3, in its order, spelt as in
    SupportedFeatureProfiles (§9.1.29)."""

    CORE = "Core"
    FIRMWARE_MANAGEMENT = "FirmwareManagement"
    LOCAL_AUTH_LIST_MANAGEMENT = "LocalAuthListManagement"
    RESERVATION = "Reservation"
    SMART_CHARGING = "SmartCharging"
    REMOTE_TRIGGER = "RemoteTrigger"


class Route(StrEnum):
    """What the charge point does with a CALL from the central system (OCPP-J 1.6 §4.2.3)."""

    #: a supported action the central system may send: the handler answers it
    HANDLE = "Handle"
    #: an OCPP 1.6 action that is unsupported, planned, too new for the firmware or not one
    #: the central system sends: CALLERROR NotSupported
    NOT_SUPPORTED = "NotSupported"
    #: not an OCPP 1.6 action at all: CALLERROR NotImplemented
    NOT_IMPLEMENTED = "NotImplemented"


#: a fixed field value in a mapping
FieldValue = str | int | bool


@dataclass(frozen=True, slots=True)
class ActionMapping:
    """What the bridge uses to carry out an action (spec/messages.yaml ``mapping``)."""

    #: myenergi commands sent, in order (spec/myenergi.yaml; a test holds the handlers to it)
    commands: tuple[str, ...]
    #: zappi status fields read (spec/myenergi.yaml); documentation only
    documents_reads: tuple[str, ...]
    #: configuration keys consulted (spec/config_keys.yaml; the names are checked to exist);
    #: documentation only
    documents_config: tuple[str, ...]
    #: fields of the message the bridge produces (the response to a central-system action, the
    #: request of a charge-point action) that always have this value
    fixed_fields: Mapping[str, FieldValue]
    note: str


@dataclass(frozen=True, slots=True)
class ActionRow:
    action: str
    origin: Origin
    profile: FeatureProfile
    status: SupportStatus
    #: the myenergi firmware the action shipped in; None when it is not supported
    since_firmware: Version | None
    #: the text of the docs page
    comment: str
    mapping: ActionMapping
    #: the whole answer sent instead of calling the handler while the registration is not yet
    #: Accepted (BootNotification Pending, OCPP 1.6 §4.2.1); None: the handler answers
    while_pending: Mapping[str, FieldValue] | None = None

    @property
    def supported(self) -> bool:
        return self.status is SupportStatus.SUPPORTED

    @property
    def sent_by_central_system(self) -> bool:
        return self.origin is not Origin.CHARGE_POINT

    @property
    def sent_by_charge_point(self) -> bool:
        return self.origin is not Origin.CENTRAL_SYSTEM

    @property
    def since_firmware_text(self) -> str:
        return version_text(self.since_firmware) if self.since_firmware else ""

    @property
    def while_pending_text(self) -> str:
        """The Pending answer as the docs page shows it, e.g. ``status Rejected``."""
        fields = (self.while_pending or {}).items()
        return ", ".join(f"{field} {to_text(value)}" for field, value in fields)


def to_text(value: FieldValue) -> str:
    """A field value as JSON spells it: ``true``, ``60``, ``Rejected``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
