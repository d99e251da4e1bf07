"""What a charger is configured with, and what it tells its listeners."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import trio

from .outbox import TxRole

__all__ = [
    "ChargePointOptions",
    "LinkEvent",
    "LinkState",
    "TransactionAnswerListener",
    "default_status",
]


@dataclass(frozen=True, slots=True)
class ChargePointOptions:
    """Static settings of one charger (the OCPP configuration lives in the store)."""

    charge_box_id: str
    csms_url: str
    #: the first BootNotification.req payload (vendor, model, serial, firmware); later ones
    #: follow ``ChargePoint.set_boot_payload``
    boot: Mapping[str, object]
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None
    connectors: int = 1
    connect_timeout: float = 30.0
    #: wait after a failed Boot (and when Pending/Rejected give interval 0)
    boot_retry: float = 30.0
    reconnect_initial: float = 1.0
    reconnect_cap: float = 60.0
    #: security profile 3 (mutual TLS): the client certificate chain and key, PEM files
    client_cert: str | None = None
    client_key: str | None = None
    #: shared by the chargers of one Central System: connections being opened at once
    connect_limiter: trio.CapacityLimiter | None = field(default=None, compare=False)


class LinkState(StrEnum):
    """What :meth:`ChargePoint.add_listener` callbacks are told."""

    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    ACCEPTED = "accepted"
    PENDING = "pending"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class LinkEvent:
    state: LinkState
    detail: str = ""


#: ``(tx_ref, role, action, answer payload)`` of an answered transaction message
TransactionAnswerListener = Callable[[str, TxRole, str, dict[str, Any]], None]


def default_status(connector_id: int) -> dict[str, object]:
    return {"connectorId": connector_id, "errorCode": "NoError", "status": "Available"}
