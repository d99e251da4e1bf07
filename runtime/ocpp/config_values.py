"""ChangeConfiguration values (OCPP 1.6 §5.3) checked against their row of spec/config_keys.yaml.

Every OCPP configuration value travels as a string (§7.20); :func:`parse_value` reads one as
the row's type and refuses what the row does not allow, so the answer is Rejected instead of a
value the bridge cannot use. The reverse, a value as GetConfiguration sends it, is
:func:`rows.config_keys.to_wire`.
"""

from __future__ import annotations

from rows.config_keys import ConfigKey, ConfigType, ConfigValue

__all__ = ["parse_value"]

_BOOLEANS = {"true": True, "false": False}


def parse_value(key: ConfigKey, text: str) -> ConfigValue | None:
    """The value of a ChangeConfiguration ``value`` string for ``key``, or None when the table
    does not allow it (the answer is then Rejected, OCPP 1.6 §5.3)."""
    if key.type is ConfigType.BOOL:
        return _BOOLEANS.get(text.strip().lower())
    if key.type is ConfigType.INT:
        return _integer(key, text)
    if key.type is ConfigType.CSL:
        items = tuple(item.strip() for item in text.split(",") if item.strip())
        if key.allowed and any(item not in key.allowed for item in items):
            return None
        return items
    if key.allowed and text not in key.allowed:
        return None
    return text


def _integer(key: ConfigKey, text: str) -> int | None:
    try:
        number = int(text.strip())
    except ValueError:
        return None
    if key.minimum is not None and number < key.minimum:
        return None
    if key.maximum is not None and number > key.maximum:
        return None
    if key.allowed and number not in key.allowed:
        return None
    return number
