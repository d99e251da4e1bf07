"""Who may charge a zappi, a part of the bridge core (:mod:`runtime.bridge.core_base`).

Charging is authorized by an accepted RemoteStartTransaction (OCPP 1.6 §5.11, Authorize first
when AuthorizeRemoteTxRequests), by a PIN entered on the zappi whose Virtual OCPP Tag the
central system accepts (lck bit 4 rising while locked, myenergi-cloud-api.md §6.2), or by
FreeCharging. With FreeCharging false the bridge holds a car that plugs in unauthorized in
Stop mode (the cloud has no other way to keep it from charging) and releases it with the
OCPPChargeMode mode once authorized. An authorization given without a car lapses after
ConnectionTimeOut.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace

from generated.myenergi import ChargeMode, CommandName
from generated.payloads import AuthorizationStatus, GenericStatus
from generated.status_table import AuthorizationState, CloudState
from runtime.myenergi.status import ZappiStatus

from .core_base import CAR_CONNECTED, CoreBase
from .effects import AuthorizeTag, Effect
from .metering import CONNECTOR

__all__ = ["CHARGE_MODES", "Authorization"]

#: OCPPChargeMode (spec/config_keys.yaml) → the zappi mode a remote start switches to
CHARGE_MODES: Mapping[str, ChargeMode] = {
    "FAST": ChargeMode.FAST,
    "ECO": ChargeMode.ECO,
    "ECO+": ChargeMode.ECO_PLUS,
}


class Authorization(CoreBase):
    """The authorization rules of the core; see the module docstring."""

    def remote_start(
        self, connector_id: int | None, id_tag: str, now: float
    ) -> tuple[GenericStatus, list[Effect]]:
        """RemoteStartTransaction (OCPP 1.6 §5.11): Accepted = will try (TC_010, TC_011_1);
        connector 0 or unknown, a running transaction, or no cloud → Rejected (TC_026/027)."""
        busy = self.state.transaction is not None or self._authorizing
        if connector_id not in (None, CONNECTOR) or busy or self.cloud is not CloudState.REACHABLE:
            return GenericStatus.REJECTED, self._drain()
        if self._flag("AuthorizeRemoteTxRequests"):
            self._authorizing = True
            self._effects.append(AuthorizeTag(id_tag, remote=True))
        else:
            self._grant(id_tag, now, remote=True)
        return GenericStatus.ACCEPTED, self._drain()

    def authorize_answered(
        self, id_tag: str, status: AuthorizationStatus | None, remote: bool, now: float
    ) -> list[Effect]:
        """Authorize.conf (None: no answer). Accepted → authorized; Blocked, Invalid, Expired
        → Stop mode, no transaction (myenergi §6.2)."""
        self._authorizing = False
        if status is AuthorizationStatus.ACCEPTED:
            self._grant(id_tag, now, remote=remote)
        elif status is not None:
            self._command(CommandName.SET_MODE, int(ChargeMode.STOP))
            self.state = replace(
                self.state, authorization=AuthorizationState.REJECTED, auth_id_tag=None
            )
        self._report_status(now)
        return self._drain()

    def _grant(self, id_tag: str, now: float, *, remote: bool) -> None:
        self.state = replace(
            self.state,
            authorization=AuthorizationState.ACCEPTED,
            auth_id_tag=id_tag,
            ended_while_plugged=False,
        )
        zappi = self.zappi
        self._held = False  # whatever held the car, the mode is set below
        if remote:  # myenergi §6.3: unlock, then the OCPPChargeMode mode
            self._command(CommandName.UNLOCK)
            self._self_unlocked = True
            self._command(CommandName.SET_MODE, int(self._charge_mode()))
        elif not self._flag("FreeCharging") or (
            zappi is not None and zappi.mode is ChargeMode.STOP
        ):
            # the bridge holds unauthorized cars in Stop mode (maybe not applied yet): release
            self._command(CommandName.SET_MODE, int(self._charge_mode()))
        if zappi is not None and zappi.plug_state in CAR_CONNECTED:
            self._maybe_start(now)
        else:
            self._car_deadline = now + self._int("ConnectionTimeOut")
            self._report_status(now)

    def _watch_pin(self, zappi: ZappiStatus, now: float) -> None:
        """lck bit 4 rising while the zappi is locked = a PIN was entered (myenergi §6.2)."""
        entered = zappi.locked_now and zappi.session_allowed
        previous, self._pin_entered = self._pin_entered, entered
        if previous is None or previous or not entered or self._self_unlocked:
            return
        if self.state.transaction is not None or self._authorizing:
            return
        tag = self.identity.pin_id_tag
        if tag is None:
            self._log("pin.no_tag", level=logging.WARNING, hint="set chargers[].pin_id_tag")
            return
        self._authorizing = True
        self._effects.append(AuthorizeTag(tag, remote=False))

    def _holds_charge(self, zappi: ZappiStatus) -> bool:
        waiting = self.state.authorization is not AuthorizationState.ACCEPTED
        idle = self.state.transaction is None and not self.state.ended_while_plugged
        return (
            waiting
            and idle
            and not self._flag("FreeCharging")
            and zappi.mode is not ChargeMode.STOP
        )

    def _authorization_lapsed(self, now: float) -> None:
        """ConnectionTimeOut passed without a car: the authorization lapses."""
        if self._car_deadline is None or now < self._car_deadline:
            return
        self._car_deadline = None
        if self.state.transaction is None:
            self._log("authorization.timed_out")
            self.state = replace(
                self.state, authorization=AuthorizationState.WAITING, auth_id_tag=None
            )
            if not self._flag("FreeCharging"):
                self._command(CommandName.SET_MODE, int(ChargeMode.STOP))
            self._report_status(now)

    def _free_charging_changed(self, now: float) -> None:
        if self._held and self._flag("FreeCharging"):  # let the car we held in Stop mode charge
            self._held = False
            self._command(CommandName.SET_MODE, int(self._charge_mode()))
        self._maybe_start(now)

    def _charge_mode_changed(self, now: float) -> None:
        if self.state.transaction is not None:  # the running session follows OCPPChargeMode
            self._command(CommandName.SET_MODE, int(self._charge_mode()))

    def _charge_mode(self) -> ChargeMode:
        value = self.config.value("OCPPChargeMode")
        return CHARGE_MODES.get(str(value), ChargeMode.FAST)
