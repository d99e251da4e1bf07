"""What the bridge says about the zappi's identity and firmware (no I/O).

BootNotification carries the messages table's fixed fields (vendor myenergi, model zappi), the
zappi's serial and its firmware version (``fwv``). When ``fwv`` changes the charger boots again
with the new version (OCPP 1.6 §4.2), and if the central system asked for an UpdateFirmware
it first hears FirmwareStatusNotification Installed (§4.5): download progress is invisible
through the myenergi cloud, so that is the only status the bridge can observe.

A firmware update is an event with OCPP consequences, so only a sane value makes one: an
``fwv`` that parses as a zappi version (``rows.firmware``) and differs from the version of the
last boot. Garbage (``""``, a missing key, text that is no version) is not a change, and the
firmware the bridge reports stays the last good one.
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
from rows.firmware import firmware_version
from runtime.logs import event

from .effects import Effect, Reboot, SendCall
from .state import DurableState

if TYPE_CHECKING:  # the myenergi package imports trio with its client
    from runtime.myenergi.status import ZappiStatus

__all__ = ["boot_request", "current_firmware", "update_requested", "watch_firmware"]

#: logged as the rest of the core
log = logging.getLogger("runtime.bridge.charger")


def boot_request(serial: str, firmware: str | None) -> BootNotificationRequest:
    """BootNotification.req: the messages table's fixed fields plus serial and firmware."""
    fixed = BootNotificationRequest.from_payload(ACTIONS["BootNotification"].mapping.fixed_fields)
    return replace(fixed, charge_point_serial_number=serial, firmware_version=firmware or None)


def _sane(fwv: str | None) -> str | None:
    return fwv if fwv is not None and firmware_version(fwv) is not None else None


def current_firmware(zappi: ZappiStatus | None, state: DurableState) -> str | None:
    """The zappi's firmware: its ``fwv`` when that is a version, else the last boot's."""
    return _sane(zappi.firmware if zappi is not None else None) or state.reported_firmware


def watch_firmware(
    state: DurableState, zappi: ZappiStatus, charge_box: str
) -> tuple[DurableState, list[Effect]]:
    """The state and effects after seeing ``zappi``'s firmware."""
    fwv = _sane(zappi.firmware)
    reported = state.reported_firmware
    if fwv is None or (reported is not None and _same(fwv, reported)):
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


def _same(fwv: str, reported: str) -> bool:
    """Whether two fwv texts name the same version (blanks around one are no update)."""
    return fwv == reported or firmware_version(fwv) == firmware_version(reported)


def update_requested(state: DurableState, location: str, charge_box: str) -> DurableState:
    """UpdateFirmware (OCPP 1.6 §5.19): remembered for the next version change; the location
    is never fetched (the zappi updates through myenergi's own channel)."""
    event(log, "firmware.update_requested", level=logging.INFO, charge_box=charge_box,
          location_ignored=location)  # fmt: skip
    return replace(state, firmware_update_requested=True)
