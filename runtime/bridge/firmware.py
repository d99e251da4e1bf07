"""What the bridge says about the zappi's identity and firmware (no I/O).

BootNotification carries the messages table's fixed fields (vendor myenergi, model zappi), the
zappi's serial and its firmware version (``fwv``). When ``fwv`` changes the charger boots again
with the new version (OCPP 1.6 §4.2), and if the central system asked for an UpdateFirmware
it first hears FirmwareStatusNotification Installed (§4.5): download progress is invisible
through the myenergi cloud, so that is the only status the bridge can observe.
"""

from __future__ import annotations

from dataclasses import replace

from generated.messages import ACTIONS
from generated.payloads import (
    BootNotificationRequest,
    FirmwareStatus,
    FirmwareStatusNotificationRequest,
)
from runtime.myenergi.status import ZappiStatus

from .effects import Effect, Reboot, SendCall
from .state import DurableState

__all__ = ["boot_request", "watch_firmware"]


def boot_request(serial: str, firmware: str | None) -> BootNotificationRequest:
    """BootNotification.req: the messages table's fixed fields plus serial and firmware."""
    fixed = BootNotificationRequest.from_payload(ACTIONS["BootNotification"].mapping.fixed_fields)
    return replace(fixed, charge_point_serial_number=serial, firmware_version=firmware or None)


def watch_firmware(
    state: DurableState, zappi: ZappiStatus
) -> tuple[DurableState, list[Effect], str | None]:
    """The state and effects after seeing ``zappi``'s firmware, and the version it replaced
    (None: no change to report)."""
    fwv = zappi.firmware
    reported = state.reported_firmware
    if fwv is None or fwv == reported:
        return state, [], None
    state = replace(state, reported_firmware=fwv)
    if reported is None:
        return state, [], None  # the first version seen is what the first boot says
    effects: list[Effect] = []
    if state.firmware_update_requested:
        state = replace(state, firmware_update_requested=False)
        installed = FirmwareStatusNotificationRequest(status=FirmwareStatus.INSTALLED)
        effects.append(SendCall(installed))
    effects.append(Reboot(f"firmware {fwv}"))
    return state, effects, reported
