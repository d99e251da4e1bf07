"""What the parts of the bridge core share: the state, the effects collected, the helpers.

:class:`runtime.bridge.charger.ChargerCore` is assembled from one-job parts over
:class:`CoreBase`: :class:`runtime.bridge.authorization.Authorization` (who may charge: a
remote start, a PIN's Virtual OCPP Tag, FreeCharging; holding unauthorized cars) and
:class:`runtime.bridge.transactions.Transactions` (when a transaction starts and stops, and its
messages). The core itself takes the inputs, follows the zappi and reports the status. The
state is initialised by the core; here it is declared, with what each field means.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from generated.myenergi import CommandName, PlugState
from generated.status_table import CloudState
from runtime.logs import event
from runtime.myenergi.status import ZappiStatus

from .effects import Effect, MyenergiCommand
from .metering import ConfigReader, MeterSchedule, csl, flag, integer
from .state import DurableState

__all__ = ["CAR_CONNECTED", "ChargerIdentity", "CoreBase"]

#: every part logs as the core does, whichever module the rule lives in
log = logging.getLogger("runtime.bridge.charger")

#: plug states with a car at the connector
CAR_CONNECTED = frozenset(
    {PlugState.EV_CONNECTED, PlugState.WAITING_FOR_EV, PlugState.EV_READY, PlugState.CHARGING}
)


@dataclass(frozen=True, slots=True)
class ChargerIdentity:
    serial: str
    charge_box_id: str
    pin_id_tag: str | None  #: the Virtual OCPP Tag sent for a PIN entry


class CoreBase:
    """The state every part of the core reads and changes; see the module docstring."""

    identity: ChargerIdentity
    config: ConfigReader
    #: what must survive a restart (committed with the outbox messages of the same input)
    state: DurableState
    zappi: ZappiStatus | None  #: the last snapshot (None before the first poll)
    cloud: CloudState
    _effects: list[Effect]  #: produced by the input being handled, handed out by _drain
    _meter: MeterSchedule
    _car_deadline: float | None  #: ConnectionTimeOut of an authorization given without a car
    _authorizing: bool  #: an Authorize is outstanding
    _pin_entered: bool | None  #: lck bit 4 while locked, last poll
    _self_unlocked: bool  #: bit 4 came from our own unlock command, not a PIN
    _held: bool  #: the bridge put this plug-in's zappi in Stop mode (FreeCharging false)

    # -- between the parts: defined by the core (status) and Transactions ---------------------

    def _report_status(self, now: float) -> None:
        raise NotImplementedError

    def _maybe_start(self, now: float) -> None:
        raise NotImplementedError

    # -- helpers ------------------------------------------------------------------------------

    def _command(self, command: CommandName, argument: int | str | None = None) -> None:
        self._effects.append(MyenergiCommand(command, argument))

    def _flag(self, name: str) -> bool:
        return flag(self.config, name)

    def _int(self, name: str) -> int:
        return integer(self.config, name)

    def _csl(self, name: str) -> tuple[str, ...]:
        return csl(self.config, name)

    def _log(self, name: str, level: int = logging.INFO, **fields: object) -> None:
        event(log, name, level=level, charge_box=self.identity.charge_box_id, **fields)

    def _drain(self) -> list[Effect]:
        effects, self._effects = self._effects, []
        return effects
