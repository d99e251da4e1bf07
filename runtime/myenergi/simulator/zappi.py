"""One simulated zappi: the state a real unit reports through the myenergi cloud.

The model is advanced in simulated seconds by ``advance``; ``zappi_values.py`` renders it into
the raw values of a ``cgi-jstatus`` zappi object and ``shapes.py`` decides which of those keys
a firmware generation sends. Facts and their sources are in
``../shared/reference/myenergi-cloud-api.md`` (cited below as "ref §n"); the coded values
(``zmo``, ``lck`` bits, ``zsh``, ``cmt``) are the enumerations generated from spec/myenergi.yaml.

Mutable on purpose: a simulated device changes state on every tick, and only the fleet (which
serialises access inside one trio task per request) touches it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from generated.myenergi import ChargeMode, CommandTimer, LockBits, ZappiState

#: ``zsh`` codes the model produces; the 2026 real capture shows B1 / sta 1 / zsh 5 while an
#: Eco+ unit waits for surplus (ref §4 C), hence "surplus wait" for EVSE_SURPLUS_AVAILABLE.
ZSH_SURPLUS_WAIT = ZappiState.EVSE_SURPLUS_AVAILABLE

#: ``cmt`` counts 1..10 while a command is being delivered (ref §2.4).
CMT_IN_FLIGHT_MAX = 10

#: IEC 61851 minimum charging current; the zappi will not charge below it.
MIN_CURRENT_A = 6.0

# The lck bits as plain ints: every status reply reads them several times, and IntFlag
# arithmetic costs microseconds per operation.
_LOCKED_NOW = int(LockBits.LOCKED_NOW)
_LOCK_WHEN_PLUGGED_IN = int(LockBits.LOCK_WHEN_PLUGGED_IN)
_LOCK_WHEN_UNPLUGGED = int(LockBits.LOCK_WHEN_UNPLUGGED)
_LOCK_SETTINGS = _LOCK_WHEN_PLUGGED_IN | _LOCK_WHEN_UNPLUGGED
_CHARGE_WHEN_LOCKED = int(LockBits.CHARGE_WHEN_LOCKED)
_SESSION_ALLOWED = int(LockBits.CHARGE_SESSION_ALLOWED)


@dataclass(slots=True)
class PendingCommand:
    """A command accepted by the cloud and still on its way to the device."""

    description: str
    apply: Callable[[ZappiModel], None]
    delay_s: float
    elapsed_s: float = 0.0
    fail: bool = False


@dataclass(slots=True)
class ZappiModel:
    """A zappi's settings and live state. Units: W, kWh, simulated seconds."""

    serial: int
    firmware: str = "3562S5.782"
    name: str = ""
    mode: ChargeMode = ChargeMode.ECO_PLUS
    lock_settings: LockBits = field(default_factory=lambda: LockBits(0))
    pin: str = "44444"
    min_green_pct: int = 100
    priority: int = 1
    phases: int = 1
    phase_setting: str = "SINGLE_PHASE"
    max_current_a: float = 32.0
    voltage_dv: int = 2400
    frequency_hz: float = 50.0
    house_load_w: int = 400
    generation_w: int = 0
    ct_types: tuple[str, ...] = ("Internal Load", "Grid", "None", "None", "None", "None")
    #: Added to each CT reading: real units show a few watts on idle or unused inputs (the
    #: 2021 capture has ectp4 = 2, ectp5 = -1 on inputs typed "None").
    ct_offsets_w: tuple[int, ...] = (0, 0, 0, 0, 0, 0)
    vhub: bool = False
    dst: int = 1
    tz: int = 0
    # live state
    plugged: bool = False
    ev_ready: bool = True  # the car requests charge; False gives "charge delayed" (pst B2)
    ev_wants_kwh: float = 40.0  # energy the car accepts this session before it is full
    session_allowed: bool = False  # lck bit 4, set by PIN entry or the unlock command
    che_kwh: float = 0.0
    manual_boost: bool = False
    boost_target_kwh: int = 0
    smart_boost: bool = False
    smart_boost_kwh: int = 0
    smart_boost_hour: int = 0
    smart_boost_minute: int = 0
    boost_start_kwh: float = 0.0
    #: tbh/tbm: "boost hour?/minute?", meaning unknown, only in 2019 samples (ref §2.2)
    tbh: int = 0
    tbm: int = 0
    fault_zsh: int | None = None
    restart_remaining_s: float = 0.0
    #: How long the unit shows the short states around plugging (zsh 3 EV_CONNECTED_START
    #: after plug-in, zsh 2 EV_JUST_DISCONNECTED after unplugging); 0 = none.
    transition_s: float = 2.0
    transition_remaining_s: float = 0.0
    transition_zsh: ZappiState = ZappiState.EV_CONNECTED_START
    next_firmware: str | None = None
    cmt: int = CommandTimer.SUCCESS
    pending: PendingCommand | None = None
    log: list[str] = field(default_factory=list)

    # ---- derived state ---------------------------------------------------------------

    @property
    def volts(self) -> float:
        return self.voltage_dv / 10

    @property
    def lock_enabled(self) -> bool:
        return bool(int(self.lock_settings) & _LOCK_SETTINGS)

    @property
    def locked_now(self) -> bool:
        when = _LOCK_WHEN_PLUGGED_IN if self.plugged else _LOCK_WHEN_UNPLUGGED
        return bool(int(self.lock_settings) & when)

    @property
    def lck(self) -> int:
        # With no lock configured a session is always allowed: recordings show 16 and 24.
        allowed = self.session_allowed or not self.lock_enabled
        bits = int(self.lock_settings) & ~(_LOCKED_NOW | _SESSION_ALLOWED)
        if self.locked_now:
            bits |= _LOCKED_NOW
        if allowed:
            bits |= _SESSION_ALLOWED
        return bits

    @property
    def charge_allowed(self) -> bool:
        """ref §2.4: not locked, or charge-when-locked, or session allowed."""
        lck = self.lck
        return not lck & _LOCKED_NOW or bool(lck & (_CHARGE_WHEN_LOCKED | _SESSION_ALLOWED))

    @property
    def boosting(self) -> bool:
        return self.manual_boost or self.smart_boost

    @property
    def ev_full(self) -> bool:
        return self.che_kwh >= self.ev_wants_kwh

    def _power_limits(self) -> tuple[float, float]:
        per_amp = self.volts * self.phases
        return MIN_CURRENT_A * per_amp, self.max_current_a * per_amp

    @property
    def surplus_w(self) -> float:
        return max(0.0, self.generation_w - self.house_load_w)

    def power_w(self) -> int:
        """Charge power the unit delivers now (``div``)."""
        if self.restart_remaining_s > 0 or self.fault_zsh is not None or not self.plugged:
            return 0
        if self.transition_remaining_s > 0:
            return 0
        if not self.charge_allowed or not self.ev_ready or self.ev_full:
            return 0
        low, high = self._power_limits()
        if self.boosting:
            return round(high)
        if self.mode is ChargeMode.FAST:
            return round(high)
        if self.mode is ChargeMode.ECO:
            return round(min(high, max(low, self.surplus_w)))
        if self.mode is ChargeMode.ECO_PLUS:
            # Eco+ waits until the green share reaches the minimum green level (ref §2.2 mgl).
            if self.surplus_w >= low * self.min_green_pct / 100:
                return round(min(high, max(low, self.surplus_w)))
            return 0
        return 0

    def state(self) -> tuple[str, int, int]:
        """(``pst``, ``sta``, ``zsh``) for the current state (ref §2.3 tables)."""
        if self.restart_remaining_s > 0:
            return ("B1" if self.plugged else "A"), 0, ZappiState.EVSE_RESTARTING
        if self.fault_zsh is not None:
            return "F", 1, self.fault_zsh
        if self.transition_remaining_s > 0:
            return ("B1" if self.plugged else "A"), 1, self.transition_zsh
        if not self.plugged:
            return "A", 1, ZappiState.EV_DISC
        if not self.charge_allowed:
            return "B1", 1, ZappiState.EVSE_LOCKED
        if self.ev_full:
            return "B2", 5, ZappiState.EV_CHARGE_COMPLETE
        if not self.ev_ready:
            return "B2", 1, ZappiState.EV_CHARGE_DELAYED
        if self.power_w() > 0:
            return "C2", (4 if self.boosting else 3), ZappiState.EVSE_CHARGING
        if self.mode is ChargeMode.STOP:
            return "B1", 1, ZappiState.EVSE_CHARGE_STOPPED
        return "B1", 1, ZSH_SURPLUS_WAIT

    def pwm(self) -> int:
        """Pilot duty ×100: IEC 61851 duty % = amps / 0.6 (6 A → 1000, 32 A → 5333)."""
        power = self.power_w()
        if power <= 0:
            return 1000
        amps = power / (self.volts * self.phases)
        return round(amps / 0.6 * 100)

    # ---- behaviour -------------------------------------------------------------------

    def plug_in(self, ev_wants_kwh: float | None = None, ev_ready: bool = True) -> None:
        self.plugged = True
        self.ev_ready = ev_ready
        self._transition(ZappiState.EV_CONNECTED_START)
        self.che_kwh = 0.0  # che is the energy of the current session (ref §2.2)
        if ev_wants_kwh is not None:
            self.ev_wants_kwh = ev_wants_kwh
        self._note("plugged in")

    def unplug(self) -> None:
        self.plugged = False
        self._transition(ZappiState.EV_JUST_DISCONNECTED)
        # A new session needs the PIN again (ref §2.4: bit 4 is 0 when locked on plug-in).
        self.session_allowed = False
        self.manual_boost = self.smart_boost = False
        self._note("unplugged")

    def enter_pin(self, pin: str) -> bool:
        if pin != self.pin:
            self._note("wrong PIN")
            return False
        self.session_allowed = True  # lck 7 → 23 (ref §2.4)
        self._note("PIN accepted")
        return True

    def start_firmware_update(self, new_firmware: str, duration_s: float) -> None:
        self.next_firmware = new_firmware
        self.restart_remaining_s = max(duration_s, 0.001)
        self._note(f"firmware update to {new_firmware}")

    def set_fault(self, zsh: int | None) -> None:
        self.fault_zsh = zsh
        self._note("fault cleared" if zsh is None else f"fault zsh {zsh}")

    def queue(self, command: PendingCommand) -> None:
        self.pending = command
        self.cmt = 1

    def advance(self, seconds: float) -> None:
        """Move simulated time forward; long spans are integrated in ≤ 1 s steps.

        Spans in which only the energy count can change are taken whole: a fleet's hubs are
        brought up to date lazily, a poll interval or more at a time. Such a span ends a
        step before the car would be full or a boost done, so those still land on the same
        1 s step as when stepping all the way."""
        remaining = seconds
        while remaining > 1e-9:
            if self._quiescent():
                power = self.power_w()
                if power == 0:
                    return  # nothing changes with time in this state
                whole = math.floor(min(remaining, self._seconds_to_next_event(power))) - 1
                if whole >= 1:
                    self.che_kwh += power * whole / 3_600_000
                    remaining -= whole
                    continue
            step = min(1.0, remaining)
            self._step(step)
            remaining -= step

    def _quiescent(self) -> bool:
        """No countdown running: no plug transition, restart or command in delivery."""
        return (
            self.transition_remaining_s <= 0
            and self.restart_remaining_s <= 0
            and self.pending is None
        )

    def _seconds_to_next_event(self, power: int) -> float:
        """Seconds of charging at ``power`` until the car is full or a boost is done."""
        kwh_per_s = power / 3_600_000
        kwh = self.ev_wants_kwh - self.che_kwh
        delivered = self.che_kwh - self.boost_start_kwh
        if self.manual_boost:
            kwh = min(kwh, self.boost_target_kwh - delivered)
        if self.smart_boost:
            kwh = min(kwh, self.smart_boost_kwh - delivered)
        return kwh / kwh_per_s

    def _transition(self, zsh: ZappiState) -> None:
        self.transition_zsh = zsh
        self.transition_remaining_s = self.transition_s

    def _step(self, dt: float) -> None:
        if self.transition_remaining_s > 0:
            self.transition_remaining_s = max(0.0, self.transition_remaining_s - dt)
        power = self.power_w()
        if power > 0:
            self.che_kwh += power * dt / 3_600_000
            self._check_boost_done()
        if self.restart_remaining_s > 0:
            self.restart_remaining_s -= dt
            if self.restart_remaining_s <= 0:
                self.restart_remaining_s = 0.0
                if self.next_firmware is not None:
                    self.firmware, self.next_firmware = self.next_firmware, None
                self._note(f"restarted on {self.firmware}")
        if self.pending is not None:
            self._advance_command(dt)

    def _advance_command(self, dt: float) -> None:
        pending = self.pending
        assert pending is not None
        pending.elapsed_s += dt
        if self.restart_remaining_s > 0:
            return  # a restarting unit does not take commands; the cloud keeps re-sending
        if pending.elapsed_s < pending.delay_s:
            self.cmt = min(CMT_IN_FLIGHT_MAX, 1 + int(pending.elapsed_s))
            return
        self.pending = None
        if pending.fail:
            self.cmt = CommandTimer.FAILURE
            self._note(f"command failed: {pending.description}")
            return
        pending.apply(self)
        self.cmt = CommandTimer.SUCCESS
        self._note(f"applied: {pending.description}")

    def _check_boost_done(self) -> None:
        delivered = self.che_kwh - self.boost_start_kwh
        if self.manual_boost and delivered >= self.boost_target_kwh:
            self.manual_boost = False
        if self.smart_boost and delivered >= self.smart_boost_kwh:
            self.smart_boost = False

    # ---- command effects (applied when the device receives the command) -------------

    def apply_mode(self, mode: ChargeMode) -> None:
        self.mode = mode
        if mode is ChargeMode.STOP:
            self.manual_boost = self.smart_boost = False

    def apply_manual_boost(self, kwh: int) -> None:
        self.manual_boost, self.smart_boost = True, False
        self.boost_target_kwh = kwh
        self.boost_start_kwh = self.che_kwh

    def apply_smart_boost(self, kwh: int, hour: int, minute: int) -> None:
        self.smart_boost, self.manual_boost = True, False
        self.smart_boost_kwh, self.smart_boost_hour, self.smart_boost_minute = kwh, hour, minute
        self.boost_start_kwh = self.che_kwh

    def apply_stop_boost(self) -> None:
        self.manual_boost = self.smart_boost = False

    def apply_unlock(self) -> None:
        self.session_allowed = True

    def _note(self, text: str) -> None:
        self.log.append(text)
        del self.log[:-50]
