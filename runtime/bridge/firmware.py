"""What the bridge says about the zappi's identity and firmware (no I/O).

BootNotification carries the messages table's fixed fields (vendor myenergi, model zappi), the
zappi's serial and its firmware version (``fwv``). When ``fwv`` changes the charger boots again
with the new version (OCPP 1.6 §4.2), and if the central system asked for an UpdateFirmware
it first hears FirmwareStatusNotification Installed (§4.5): download progress is invisible
through the myenergi cloud, so that is the only status the bridge can observe.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from generated.messages import ACTIONS
from generated.payloads import (
    BootNotificationRequest,
    FirmwareStatus,
    FirmwareStatusNotificationRequest,
)
from runtime.logs import event

from .effects import Effect, Reboot, SendCall
from .state import DurableState

if TYPE_CHECKING:  # the myenergi package imports trio with its client
    from runtime.myenergi.status import ZappiStatus

__all__ = ["boot_request", "update_requested", "watch_firmware"]

#: logged as the rest of the core
log = logging.getLogger("runtime.bridge.charger")


def boot_request(serial: str, firmware: str | None) -> BootNotificationRequest:
    """BootNotification.req: the messages table's fixed fields plus serial and firmware."""
    fixed = BootNotificationRequest.from_payload(ACTIONS["BootNotification"].mapping.fixed_fields)
    return replace(fixed, charge_point_serial_number=serial, firmware_version=firmware or None)


def watch_firmware(
    state: DurableState, zappi: ZappiStatus, charge_box: str
) -> tuple[DurableState, list[Effect]]:
    """The state and effects after seeing ``zappi``'s firmware."""
    fwv = zappi.firmware
    reported = state.reported_firmware
    if fwv is None or fwv == reported:
        return state, []
    state = replace(state, reported_firmware=fwv)
    if reported is None:
        return state, []  # the first version seen is what the first boot says
    event(log, "firmware.changed", level=logging.INFO, charge_box=charge_box, old=reported, new=fwv)
    effects: list[Effect] = []
    if state.firmware_update_requested:
        state = replace(state, firmware_update_requested=False)
        installed = FirmwareStatusNotificationRequest(status=FirmwareStatus.INSTALLED)
        effects.append(SendCall(installed))
    effects.append(Reboot(f"firmware {fwv}"))
    return state, effects


def update_requested(state: DurableState, location: str, charge_box: str) -> DurableState:
    """UpdateFirmware (OCPP 1.6 §5.19): remembered for the next version change; the location
    is never fetched (the zappi updates through myenergi's own channel)."""
    event(log, "firmware.update_requested", level=logging.INFO, charge_box=charge_box,
          location_ignored=location)  # fmt: skip
    return replace(state, firmware_update_requested=True)
