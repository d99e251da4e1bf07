"""The energy register, Energy.Active.Import.Register (no I/O).

The zappi reports only the energy of the current (or last) session, ``che``. The bridge keeps
the register itself, in Wh, persisted with the charger's state, and it never decreases.

The rule, for each fresh snapshot (a malformed object never gets here; a negative ``che`` is
malformed, spec/myenergi.yaml ``min: 0``):

- ``che`` at or above the baseline (the ``che`` the register was last advanced from): the
  register grows by the difference, and ``che`` becomes the baseline.
- ``che`` below the baseline at a session boundary: a new session started at 0, so the
  register grows by the new ``che``, which becomes the baseline. A boundary is a plug cycle seen
  in the snapshots (the car disconnected, pst A, in this snapshot or the one before), or no
  earlier snapshot in this run of the bridge (the car may have been unplugged while it was
  down: a drop then is most likely a new session).
- ``che`` below the baseline anywhere else is not energy: a glitch (12.5 → 12.0 kWh), a
  zero-suppressed ``che`` read as 0, a late value. The register and the baseline stay, the drop
  is logged once (``meter.che_dropped``), and the register grows again once ``che`` is above
  the baseline.

Why not "``che`` near 0 means a new session": a missing ``che`` reads as 0 (ref §2.2: missing
numbers are 0), so near 0 cannot tell a new session from a dropped key, and counting it would
add the whole session again when the key comes back. The price of the rule: a whole unplug and
replug between two snapshots (or while the cloud was away) is seen as a drop, and the new
session counts only from where the old one stood. The register may undercount then; it never
counts energy twice.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from generated.myenergi import PlugState
from runtime.logs import event

from .state import DurableState

if TYPE_CHECKING:  # the myenergi package imports trio with its client
    from runtime.myenergi.status import ZappiStatus

__all__ = ["EnergyRegister", "advance_register", "session_boundary"]

#: logged as the rest of the core
log = logging.getLogger("runtime.bridge.charger")


def advance_register(
    register_wh: float, last_che_wh: float | None, che_wh: float, *, boundary: bool
) -> tuple[float, float, bool]:
    """The register and the ``che`` baseline after observing ``che_wh``, and whether the
    reading was a drop that was not counted."""
    if last_che_wh is None:
        return register_wh, che_wh, False  # the first reading is the baseline, not energy
    if che_wh >= last_che_wh:
        return register_wh + (che_wh - last_che_wh), che_wh, False
    if boundary:
        return register_wh + che_wh, che_wh, False  # a new session, started at 0
    return register_wh, last_che_wh, True


def session_boundary(previous: ZappiStatus | None, zappi: ZappiStatus) -> bool:
    """Whether a session may have ended between ``previous`` and ``zappi`` (see above)."""
    return (
        previous is None
        or previous.plug_state is PlugState.EV_DISCONNECTED
        or zappi.plug_state is PlugState.EV_DISCONNECTED
    )


class EnergyRegister:
    """Advances one charger's register, logging a drop that is not counted once."""

    __slots__ = ("_charge_box", "_dropped")

    def __init__(self, charge_box: str) -> None:
        self._charge_box = charge_box
        self._dropped = False

    def advanced(
        self, state: DurableState, previous: ZappiStatus | None, zappi: ZappiStatus
    ) -> DurableState:
        """``state`` with its register advanced by ``zappi``'s session energy."""
        che = zappi.session_energy_wh
        boundary = session_boundary(previous, zappi)
        register, baseline, dropped = advance_register(
            state.register_wh, state.last_che_wh, che, boundary=boundary
        )
        if dropped and not self._dropped:
            event(log, "meter.che_dropped", level=logging.WARNING, charge_box=self._charge_box,
                  che_wh=round(che), kept_wh=round(baseline),
                  reason="che fell without a plug cycle; not counted")  # fmt: skip
        self._dropped = dropped
        return replace(state, register_wh=register, last_che_wh=baseline)
