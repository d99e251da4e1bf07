"""Who may charge a zappi (no I/O).

Charging is authorized by an accepted RemoteStartTransaction (OCPP 1.6 §5.11, Authorize first
when AuthorizeRemoteTxRequests), by a PIN entered on the zappi whose Virtual OCPP Tag the
central system accepts (lck bit 4 rising while locked, myenergi-cloud-api.md §6.2), or by
FreeCharging. With FreeCharging false the bridge holds a car that plugs in unauthorized in
Stop mode (the cloud has no other way to keep it from charging) and releases it with the
OCPPChargeMode mode once authorized. An authorization given without a car lapses after
ConnectionTimeOut.

:class:`Authorization` owns what only it needs (an Authorize outstanding, the PIN bit last
seen, whether the bridge unlocked or held the zappi itself, the ConnectionTimeOut deadline).
It is given the charger's :class:`~runtime.bridge.state.DurableState` and the last snapshot,
and returns the next state and the effects; whether a transaction then starts is the core's
to ask :class:`~runtime.bridge.transactions.Transactions`.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from generated.myenergi import ChargeMode, CommandName
from generated.payloads import AuthorizationStatus
from generated.status_table import AuthorizationState
from runtime.logs import event

from .effects import STOP_MODE, AuthorizeTag, Effect, MyenergiCommand
from .settings import ConfigReader, flag, integer
from .state import DurableState

if TYPE_CHECKING:  # the myenergi package imports trio with its client
    from runtime.myenergi.status import ZappiStatus

__all__ = ["CHARGE_MODE_KEY", "Authorization", "restored"]

log = logging.getLogger("runtime.bridge.charger")

#: the key whose row maps each value to the zappi mode (spec/config_keys.yaml zappi_modes)
CHARGE_MODE_KEY = "OCPPChargeMode"


def restored(state: DurableState) -> DurableState:
    """The state after a restart: an authorization waiting for a car does not survive it
    (its ConnectionTimeOut is gone with the process)."""
    if state.transaction is None and state.authorization is AuthorizationState.ACCEPTED:
        return replace(state, authorization=AuthorizationState.WAITING, auth_id_tag=None)
    return state


def _waiting(state: DurableState) -> DurableState:
    return replace(state, authorization=AuthorizationState.WAITING, auth_id_tag=None)


class Authorization:
    """The authorization rules of one charger; see the module docstring."""

    __slots__ = (
        "_authorizing",
        "_car_deadline",
        "_charge_box",
        "_config",
        "_held",
        "_pin_entered",
        "_pin_id_tag",
        "_self_unlocked",
    )

    def __init__(self, charge_box: str, pin_id_tag: str | None, config: ConfigReader) -> None:
        self._charge_box = charge_box
        self._pin_id_tag = pin_id_tag  #: the Virtual OCPP Tag sent for a PIN entry
        self._config = config
        self._car_deadline: float | None = None  #: ConnectionTimeOut of an authorization
        self._authorizing = False  #: an Authorize is outstanding
        self._pin_entered: bool | None = None  #: lck bit 4 while locked, last poll
        self._self_unlocked = False  #: bit 4 came from our own unlock command, not a PIN
        self._held = False  #: the bridge put this plug-in's zappi in Stop mode (FreeCharging)

    @property
    def authorizing(self) -> bool:
        return self._authorizing

    def deadlines(self) -> list[float]:
        """When an authorization given without a car lapses (ConnectionTimeOut)."""
        return [] if self._car_deadline is None else [self._car_deadline]

    def ask(self, id_tag: str, *, remote: bool) -> AuthorizeTag:
        """Send Authorize for ``id_tag``; its answer comes back through :meth:`answered`."""
        self._authorizing = True
        return AuthorizeTag(id_tag, remote)

    def answered(
        self, state: DurableState, status: AuthorizationStatus | None
    ) -> tuple[DurableState, list[Effect], bool]:
        """Authorize.conf (None: no answer); True when accepted (the core then grants).
        Blocked, Invalid, Expired → Stop mode, no transaction (myenergi §6.2)."""
        self._authorizing = False
        if status is AuthorizationStatus.ACCEPTED:
            return state, [], True
        if status is None:
            return state, [], False
        rejected = replace(state, authorization=AuthorizationState.REJECTED, auth_id_tag=None)
        return rejected, [STOP_MODE], False

    def grant(
        self, state: DurableState, zappi: ZappiStatus | None, id_tag: str, *, remote: bool
    ) -> tuple[DurableState, list[Effect]]:
        """``id_tag`` may charge: a remote start unlocks and switches to the OCPPChargeMode
        mode (myenergi §6.3); a car the bridge holds in Stop mode is released."""
        state = replace(
            state,
            authorization=AuthorizationState.ACCEPTED,
            auth_id_tag=id_tag,
            ended_while_plugged=False,
        )
        self._held = False  # whatever held the car, the mode is set below
        if remote:
            self._self_unlocked = True
            return state, [MyenergiCommand(CommandName.UNLOCK), self._mode_command()]
        if not flag(self._config, "FreeCharging") or (
            zappi is not None and zappi.mode is ChargeMode.STOP
        ):
            # the bridge holds unauthorized cars in Stop mode (maybe not applied yet): release
            return state, [self._mode_command()]
        return state, []

    def wait_for_car(self, now: float) -> None:
        """Authorized without a car: it has ConnectionTimeOut seconds to arrive."""
        self._car_deadline = now + integer(self._config, "ConnectionTimeOut")

    def car_arrived(self) -> None:
        """A transaction started: no authorization is waiting for a car any more."""
        self._car_deadline = None

    def unlocked_by_bridge(self) -> None:
        """The bridge sent the unlock command: the lck bit 4 it sets is not a PIN entry."""
        self._self_unlocked = True

    def watch_pin(self, state: DurableState, zappi: ZappiStatus) -> list[Effect]:
        """lck bit 4 rising while the zappi is locked = a PIN was entered (myenergi §6.2)."""
        entered = zappi.locked_now and zappi.session_allowed
        previous, self._pin_entered = self._pin_entered, entered
        if previous is None or previous or not entered or self._self_unlocked:
            return []
        if state.transaction is not None or self._authorizing:
            return []
        if self._pin_id_tag is None:
            self._log("pin.no_tag", level=logging.WARNING, hint="set chargers[].pin_id_tag")
            return []
        return [self.ask(self._pin_id_tag, remote=False)]

    def hold(self, state: DurableState, zappi: ZappiStatus) -> list[Effect]:
        """A car plugged in: with FreeCharging false and no authorization, Stop mode until
        a remote start or an accepted PIN tag switches the mode back."""
        waiting = state.authorization is not AuthorizationState.ACCEPTED
        idle = state.transaction is None and not state.ended_while_plugged
        if not waiting or not idle or flag(self._config, "FreeCharging"):
            return []
        if zappi.mode is ChargeMode.STOP:
            return []
        self._held = True
        return [STOP_MODE]

    def lapse(self, state: DurableState, now: float) -> tuple[DurableState, list[Effect], bool]:
        """ConnectionTimeOut passed without a car: the authorization lapses; True when it
        did (the status changes)."""
        if self._car_deadline is None or now < self._car_deadline:
            return state, [], False
        self._car_deadline = None
        if state.transaction is not None:
            return state, [], False
        self._log("authorization.timed_out")
        effects: list[Effect] = [] if flag(self._config, "FreeCharging") else [STOP_MODE]
        return _waiting(state), effects, True

    def unplugged(self, state: DurableState) -> DurableState:
        """The car is gone: the next one waits for an authorization of its own, and neither
        the bridge's unlock nor its hold concern it."""
        self._self_unlocked = self._held = False
        return replace(_waiting(state), ended_while_plugged=False)

    def free_charging_changed(self) -> list[Effect]:
        """FreeCharging switched on lets the car held in Stop mode charge."""
        if self._held and flag(self._config, "FreeCharging"):
            self._held = False
            return [self._mode_command()]
        return []

    def charge_mode_changed(self, state: DurableState) -> list[Effect]:
        """A running session follows OCPPChargeMode."""
        return [self._mode_command()] if state.transaction is not None else []

    def _mode_command(self) -> MyenergiCommand:
        return MyenergiCommand(CommandName.SET_MODE, int(self._charge_mode()))

    def _charge_mode(self) -> ChargeMode:
        row = self._config.row(CHARGE_MODE_KEY)
        modes = row.zappi_modes if row is not None else {}
        name = modes.get(str(self._config.value(CHARGE_MODE_KEY)))
        return ChargeMode.FAST if name is None else ChargeMode[name]

    def _log(self, name: str, level: int = logging.INFO, **fields: object) -> None:
        event(log, name, level=level, charge_box=self._charge_box, **fields)
