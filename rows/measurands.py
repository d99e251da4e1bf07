"""The rows of the measurands table (spec/measurands.yaml): OCPP measurand ← myenergi value.

Each :class:`MeasurandRow` says which OCPP measurand (phase, location, unit) is sent and where
its value comes from: a zappi field of a cgi-jstatus object (scaled by spec/myenergi.yaml), the
bridge's persisted energy register, a ratio of two fields, or the control-pilot duty cycle.
``generated/measurands.py`` holds the rows; ``runtime/bridge/sampling.py`` computes their values.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FromField",
    "FromPilotDuty",
    "FromRatio",
    "FromRegister",
    "MeasurandRow",
    "Source",
]


@dataclass(frozen=True, slots=True)
class FromField:
    """The field in its si_unit, × factor, clamped to minimum..maximum."""

    field: str
    factor: float
    minimum: float | None
    maximum: float | None


@dataclass(frozen=True, slots=True)
class FromRegister:
    """A register the bridge keeps itself (not a myenergi field)."""

    register: str


@dataclass(frozen=True, slots=True)
class FromRatio:
    """numerator / denominator, both in their si_units; 0 when the denominator is 0."""

    numerator: str
    denominator: str


@dataclass(frozen=True, slots=True)
class FromPilotDuty:
    """The current a control-pilot duty cycle (in %) offers, by IEC 61851-1."""

    field: str


Source = FromField | FromRegister | FromRatio | FromPilotDuty


@dataclass(frozen=True, slots=True)
class MeasurandRow:
    measurand: str  #: OCPP Measurand
    phase: str | None
    location: str | None
    unit: str | None  #: None: sent without a unit
    source: Source
    decimals: int
    why: str

    @property
    def is_register(self) -> bool:
        """A cumulative reading (the bridge's own register): clock-aligned MeterValues send it
        as it stands at the interval's end, where every other row is averaged over the interval
        (OCPP 1.6 §3.16); the table checker ties ``*.Register`` measurands to register sources."""
        return isinstance(self.source, FromRegister)
