"""The energy register and MeterValues content, from the generated measurand table.

The zappi reports only the energy of the current (or last) session, ``che``. The bridge keeps
Energy.Active.Import.Register itself: it grows by every increase of ``che``; when ``che`` drops
(a new session started at 0) it grows by the new session's ``che``. It never decreases, across
sessions and restarts (it is persisted with the rest of the charger's state).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from typing import Any

from .sampling import samples

__all__ = [
    "ENERGY_REGISTER",
    "advance_register",
    "clock_aligned_start",
    "meter_value",
    "next_clock_aligned",
    "registers",
    "rfc3339",
    "sampled_values",
]

#: the register name generated/measurands.py reads Energy.Active.Import.Register from
ENERGY_REGISTER = "energy_import_wh"


def advance_register(
    register_wh: float, last_che_wh: float | None, che_wh: float
) -> tuple[float, float]:
    """The register and the ``che`` baseline after observing ``che_wh``."""
    if last_che_wh is None:
        return register_wh, che_wh  # the first reading is the baseline, not energy delivered
    if che_wh >= last_che_wh:
        return register_wh + (che_wh - last_che_wh), che_wh
    return register_wh + che_wh, che_wh  # che restarted at 0 with a new session


def rfc3339(now: float) -> str:
    """UTC, second precision, ``Z``: what strict central systems accept (ajv date-time)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))


def sampled_values(
    measurands: Iterable[str], zappi: Mapping[str, object], register_wh: float, context: str
) -> list[dict[str, str]]:
    """sampledValue objects for ``measurands`` (OCPP 1.6 §7.43), in measurand-table order."""
    return [s.to_payload(context) for s in samples(measurands, zappi, registers(register_wh))]


def registers(register_wh: float) -> dict[str, float]:
    """The bridge's registers by the names the measurand table uses, in whole Wh."""
    return {ENERGY_REGISTER: float(int(register_wh))}


def meter_value(
    now: float,
    measurands: Iterable[str],
    zappi: Mapping[str, object],
    register_wh: float,
    context: str,
) -> dict[str, Any]:
    """One MeterValue object (timestamp + sampledValue list)."""
    return {
        "timestamp": rfc3339(now),
        "sampledValue": sampled_values(measurands, zappi, register_wh, context),
    }


def next_clock_aligned(now: float, interval_s: int) -> float:
    """The next boundary strictly after ``now`` of ``interval_s`` slots counted from midnight
    UTC (OCPP 1.6 §9.1.8 ClockAlignedDataInterval)."""
    midnight = math.floor(now / 86_400) * 86_400
    slots = math.floor((now - midnight) / interval_s) + 1
    boundary = midnight + slots * interval_s
    return min(boundary, midnight + 86_400)  # a slot never spans midnight


def clock_aligned_start(now: float, interval_s: int) -> float:
    """The start of the ``interval_s`` slot counted from midnight UTC that holds ``now``."""
    midnight = math.floor(now / 86_400) * 86_400
    return midnight + math.floor((now - midnight) / interval_s) * interval_s
