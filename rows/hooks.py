"""The names spec rows use for behaviour that lives in hand-written runtime code.

A row of spec/config_keys.yaml with ``effect: runtime`` names its ``reaction``; the rows of
spec/messages.yaml that TriggerMessage may request need a builder here. The compiler checks
every row against these names (an unknown one is a spec error with file and line, and a hint
listing the known ones), and the runtime registries are tied to the same names: the OCPP layer
and the bridge core each ``match`` over their own reaction enum with ``assert_never`` (mypy
proves every name has code), and the TriggerMessage builders are checked against
:data:`TRIGGER_BUILDERS` when :mod:`runtime.bridge.triggers` is imported.

A leaf of the neutral rows package (the standard library only), so the compiler imports it
without the runtime, and even when ``generated/`` is stale or broken.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "REACTIONS",
    "TRIGGER_BUILDERS",
    "BridgeReaction",
    "OcppReaction",
    "Reaction",
    "ReadWhenUsed",
    "reaction_hint",
]


class OcppReaction(StrEnum):
    """What the OCPP layer (:mod:`runtime.ocpp.charge_point`) does at once on a change."""

    #: the lifecycle's heartbeat timer takes the new interval (OCPP 1.6 §4.6)
    HEARTBEAT_INTERVAL = "heartbeat_interval"
    #: the cached MessageTimeout / WebSocketPingInterval are read again
    CALL_TIMEOUTS = "call_timeouts"


class BridgeReaction(StrEnum):
    """What the bridge core (:mod:`runtime.bridge.charger`) does at once on a change."""

    #: a car held in Stop mode is released, and a waiting car may start a transaction
    FREE_CHARGING = "free_charging"
    #: a running session switches to the zappi mode the new value names
    CHARGE_MODE = "charge_mode"
    #: the periodic MeterValues timer restarts with the new interval
    SAMPLE_INTERVAL = "sample_interval"
    #: the clock-aligned MeterValues timer restarts with the new interval
    ALIGNED_INTERVAL = "aligned_interval"


class ReadWhenUsed(StrEnum):
    """No reaction: the runtime reads the value each time it uses it (a test proves it is read)."""

    READ_WHEN_USED = "read_when_used"


#: what an ``effect: runtime`` key's ``reaction`` may name
Reaction = OcppReaction | BridgeReaction | ReadWhenUsed

#: every reaction by its spec name
REACTIONS: Mapping[str, Reaction] = MappingProxyType(
    {m.value: m for kind in (OcppReaction, BridgeReaction, ReadWhenUsed) for m in kind}
)

#: the requestedMessage values (OCPP 1.6 §7.44 MessageTrigger) the bridge has a builder for
TRIGGER_BUILDERS: frozenset[str] = frozenset(
    {
        "BootNotification",
        "DiagnosticsStatusNotification",
        "FirmwareStatusNotification",
        "Heartbeat",
        "MeterValues",
        "StatusNotification",
    }
)


def reaction_hint() -> str:
    """The known reactions, by the layer that provides them (for a spec error's hint)."""
    layers = (
        ("OCPP layer", OcppReaction),
        ("bridge core", BridgeReaction),
        ("no reaction", ReadWhenUsed),
    )
    parts = [f"{', '.join(m.value for m in kind)} ({layer})" for layer, kind in layers]
    return "known reactions: " + "; ".join(parts)
