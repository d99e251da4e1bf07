"""An in-memory harness for the sans-I/O core: a real ConfigStore on ``:memory:``, zappi
snapshots from plain dicts, and helpers that pick effects apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from generated.config_keys import CONFIG_KEYS
from runtime.bridge.charger import ChargerCore, ChargerIdentity
from runtime.bridge.effects import (
    AuthorizeTag,
    Effect,
    MyenergiCommand,
    QueueTxMessage,
    Reboot,
    SendCall,
    StatusReport,
)
from runtime.bridge.state import DurableState
from runtime.myenergi.status import ZappiStatus, zappi_status
from runtime.ocpp.config_store import ConfigStore
from runtime.storage.store import Store

SERIAL = "21000001"
TAG = "VTAG21000001"
T0 = 1_800_000_000.0  # 2027-01-15T08:00:00Z, on a 900 s boundary

IDLE: dict[str, object] = {
    "sno": int(SERIAL), "pst": "A", "sta": 1, "zmo": 1, "lck": 16, "zsh": 1, "che": 0.0,
    "div": 0, "vol": 2400, "frq": 50.0, "grd": 300, "pwm": 10000, "fwv": "3562S5.782",
    "cmt": 254,
}  # fmt: skip


def zappi(**changes: object) -> ZappiStatus:
    return zappi_status({**IDLE, **changes})


def plugged(**changes: object) -> ZappiStatus:
    return zappi(**{"pst": "B1", "zsh": 4, **changes})


def charging(che: float = 1.0, **changes: object) -> ZappiStatus:
    return zappi(**{"pst": "C2", "sta": 3, "zsh": 12, "div": 7200, "che": che, **changes})


@dataclass
class Harness:
    """A core plus the config store it reads; ``effects`` collects everything produced."""

    store: Store
    config: ConfigStore
    core: ChargerCore
    effects: list[Effect] = field(default_factory=list)

    def feed(self, produced: Sequence[Effect]) -> list[Effect]:
        self.effects.extend(produced)
        return list(produced)

    def observe(self, snapshot: ZappiStatus, now: float = T0) -> list[Effect]:
        return self.feed(self.core.observe(snapshot, now))

    def restart(self) -> Harness:
        """A new core on the same config and the state the driver would have saved."""
        core = ChargerCore(self.core.identity, self.config, self.core.state)
        return Harness(self.store, self.config, core)


def harness(
    state: DurableState | None = None, pin_id_tag: str | None = TAG, **config: str
) -> Harness:
    store = Store(":memory:")
    store_config = ConfigStore(store, "box", CONFIG_KEYS)
    for key, value in config.items():
        store_config.set(key, value)
    identity = ChargerIdentity(SERIAL, "box", pin_id_tag)
    return Harness(
        store, store_config, ChargerCore(identity, store_config, state or DurableState())
    )


def statuses(effects: Sequence[Effect], connector: int = 1) -> list[dict[str, Any]]:
    return [
        e.payload for e in effects if isinstance(e, StatusReport) and e.connector_id == connector
    ]


def status_names(effects: Sequence[Effect], connector: int = 1) -> list[str]:
    return [p["status"] for p in statuses(effects, connector)]


def queued(effects: Sequence[Effect], action: str | None = None) -> list[QueueTxMessage]:
    return [e for e in effects if isinstance(e, QueueTxMessage) and action in (None, e.action)]


def calls(effects: Sequence[Effect], action: str | None = None) -> list[SendCall]:
    return [e for e in effects if isinstance(e, SendCall) and action in (None, e.action)]


def commands(effects: Sequence[Effect]) -> list[tuple[str, object]]:
    return [(e.command.value, e.argument) for e in effects if isinstance(e, MyenergiCommand)]


def authorizations(effects: Sequence[Effect]) -> list[AuthorizeTag]:
    return [e for e in effects if isinstance(e, AuthorizeTag)]


def reboots(effects: Sequence[Effect]) -> list[Reboot]:
    return [e for e in effects if isinstance(e, Reboot)]
