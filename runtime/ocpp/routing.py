"""How the charge point answers a CALL from the central system, from the messages table.

OCPP-J 1.6 §4.2.3: an action that is not OCPP 1.6 at all is answered NotImplemented; an OCPP
1.6 action the table does not support, or that only the charge point sends, NotSupported; and
a row's ``since_firmware`` gates the action per zappi, so an action newer than the zappi's
firmware is NotSupported too.
"""

from __future__ import annotations

from generated.messages import ACTIONS
from rows.firmware import Version
from rows.messages import Route, SupportStatus

__all__ = ["route", "supported_for_firmware"]


def supported_for_firmware(action: str, firmware: Version) -> bool:
    """True when the action is supported and the zappi's firmware is at least its
    since_firmware."""
    row = ACTIONS.get(action)
    if row is None or row.status is not SupportStatus.SUPPORTED or row.since_firmware is None:
        return False
    return firmware >= row.since_firmware


def route(action: str, firmware: Version | None = None) -> Route:
    """How the charge point answers a CALL for ``action`` from the central system; with
    ``firmware``, actions newer than the zappi's firmware are NotSupported too."""
    row = ACTIONS.get(action)
    if row is None:
        return Route.NOT_IMPLEMENTED
    if not row.sent_by_central_system or row.status is not SupportStatus.SUPPORTED:
        return Route.NOT_SUPPORTED
    if firmware is not None and not supported_for_firmware(action, firmware):
        return Route.NOT_SUPPORTED
    return Route.HANDLE
