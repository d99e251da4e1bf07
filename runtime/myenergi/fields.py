"""Field values of a zappi object as spec/myenergi.yaml describes them: defaults for missing
keys and scaling to SI units.

Zero-suppressing firmware leaves out numeric fields that are 0 (ref §2.2: "clients must treat
missing numeric fields as 0"), so a missing key takes its row's default; a field without a
default stays unknown (None). Scaling follows the row too: ``vol`` decivolts → V, or volts when
sent as a float (2019 firmware); ``che`` kWh → Wh.
"""

from __future__ import annotations

from collections.abc import Mapping

from generated.myenergi import ZAPPI_FIELDS
from rows.myenergi import ZappiField

__all__ = ["field_value", "to_si"]


def field_value(zappi: Mapping[str, object], name: str) -> object:
    """The field's value in one zappi object, or its default when the key is missing."""
    if name in zappi:
        return zappi[name]
    return ZAPPI_FIELDS[name].default


def to_si(field: ZappiField, raw: int | float) -> float:
    """``raw`` in the field's si_unit; a float uses ``scale_when_float`` when the row has one
    (``vol`` is decivolts as an integer but volts as a float on 2019 firmware)."""
    if isinstance(raw, float) and field.scale_when_float is not None:
        return raw * field.scale_when_float
    return raw * field.scale
