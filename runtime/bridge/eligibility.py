"""Which zappis get an OCPP connection (myenergi-cloud-api.md §6.1): built-in WiFi, i.e. a
serial starting with 2, and firmware 5.114 or later. The firmware floor is the oldest
``since_firmware`` of the supported rows of the messages table, so it moves with the table.
"""

from __future__ import annotations

from generated.messages import ACTIONS
from rows.firmware import firmware_version
from rows.messages import SupportStatus

__all__ = ["MINIMUM_FIRMWARE", "ineligible_reason"]

#: the first firmware with OCPP: the oldest since_firmware of a supported row
MINIMUM_FIRMWARE: tuple[int, ...] = min(
    row.since_firmware
    for row in ACTIONS.values()
    if row.status is SupportStatus.SUPPORTED and row.since_firmware is not None
)
_WIFI_SERIAL_PREFIX = "2"


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version)


def ineligible_reason(serial: str, firmware: str | None) -> str | None:
    """Why this zappi cannot have an OCPP connection, or None when it can.

    ``firmware`` None (not known yet) does not make a zappi ineligible.
    """
    if not serial.startswith(_WIFI_SERIAL_PREFIX):
        return "serial does not start with 2 (no built-in WiFi)"
    if firmware is None:
        return None
    version = firmware_version(firmware)
    if version is None:
        return f"firmware {firmware!r} is not a version the bridge understands"
    if version < MINIMUM_FIRMWARE:
        return f"firmware {_dotted(version)} is older than {_dotted(MINIMUM_FIRMWARE)}"
    return None
