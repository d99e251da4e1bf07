"""The value of each measurand row (spec/measurands.yaml) for one zappi object: no I/O.

A row's source says where its value comes from: a zappi field in its si_unit (× factor,
clamped), the bridge's own register, a ratio of two fields, or the current a control-pilot duty
cycle offers. Missing fields take their spec/myenergi.yaml default; a value that is not a
number counts as 0, so a quirk of one firmware never stops MeterValues.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generated.measurands import ROWS
from generated.myenergi import ZAPPI_FIELDS
from rows.measurands import FromPilotDuty, FromRatio, FromRegister, MeasurandRow
from runtime.myenergi.fields import to_si

__all__ = ["Sample", "pilot_current", "sample_of", "samples", "value_of"]


@dataclass(frozen=True, slots=True)
class Sample:
    """One sampledValue, before the bridge adds its context."""

    value: str
    measurand: str
    phase: str | None
    location: str | None
    unit: str | None

    def to_payload(self, context: str | None = None) -> dict[str, str]:
        """A camelCase sampledValue object; ``None`` entries are left out."""
        items = {
            "value": self.value,
            "context": context,
            "measurand": self.measurand,
            "phase": self.phase,
            "location": self.location,
            "unit": self.unit,
        }
        return {k: v for k, v in items.items() if v is not None}


def pilot_current(duty_percent: float) -> float:
    """IEC 61851-1 Annex A: the maximum current a pilot duty cycle offers, in A."""
    if 10.0 <= duty_percent <= 85.0:
        return duty_percent * 0.6
    if 85.0 < duty_percent <= 96.0:
        return (duty_percent - 64.0) * 2.5
    return 0.0  # below 10 % (or 5 %: digital communication) and above 96 %: nothing offered


def _si(zappi: Mapping[str, object], name: str) -> float:
    field = ZAPPI_FIELDS[name]
    raw = zappi.get(name, field.default)
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return 0.0
    return to_si(field, raw)


def value_of(
    row: MeasurandRow, zappi: Mapping[str, object], registers: Mapping[str, float]
) -> float:
    """The row's value for one zappi object; ``registers`` holds the bridge's own registers by
    name (e.g. ``{"energy_import_wh": 12345.0}``)."""
    source = row.source
    if isinstance(source, FromRegister):
        return registers[source.register]
    if isinstance(source, FromRatio):
        denominator = _si(zappi, source.denominator)
        return _si(zappi, source.numerator) / denominator if denominator else 0.0
    if isinstance(source, FromPilotDuty):
        return pilot_current(_si(zappi, source.field))
    value = _si(zappi, source.field) * source.factor
    if source.minimum is not None:
        value = max(value, source.minimum)
    if source.maximum is not None:
        value = min(value, source.maximum)
    return value


def samples(
    measurands: Iterable[str], zappi: Mapping[str, object], registers: Mapping[str, float]
) -> list[Sample]:
    """A Sample for every row whose measurand is in ``measurands`` (e.g. the
    MeterValuesSampledData list), in table order."""
    wanted = set(measurands)
    rows = [row for row in ROWS if row.measurand in wanted]
    return [sample_of(row, value_of(row, zappi, registers)) for row in rows]


def sample_of(row: MeasurandRow, value: float) -> Sample:
    """The row's Sample for ``value``, rounded to the row's decimals (e.g. an average)."""
    rounded = round(value, row.decimals) + 0.0  # no "-0"
    return Sample(f"{rounded:.{row.decimals}f}", row.measurand, row.phase, row.location, row.unit)
