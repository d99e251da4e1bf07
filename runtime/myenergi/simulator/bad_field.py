"""What the ``bad-field`` outage does to a status reply: one field of one zappi's object (or of
every zappi's) is given a value that breaks its schema, or is left out.

Scripted through the control interface with the outage itself::

    POST /_control/hub/{serial}/outage
        {"kind": "bad-field", "zappi": 21000101, "field": "sta", "value": "banana"}
        {"kind": "bad-field", "zappi": 21000101, "field": "sno", "remove": true, "count": 3}

Without ``zappi`` every zappi object of the hub is changed; without ``field`` and ``value`` it
is ``div`` as the text ``"n/a"``. ``value`` may be any JSON value, ``null`` included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["BadField", "garble"]

_KEYS = frozenset({"kind", "count", "zappi", "field", "value", "remove"})


@dataclass(frozen=True, slots=True)
class BadField:
    zappi: int | None = None  #: the zappi whose object is changed; None = every zappi
    field: str = "div"
    value: object = "n/a"
    remove: bool = False  #: leave the field out instead of setting it

    @classmethod
    def from_control(cls, body: Mapping[str, object]) -> BadField:
        """From the body of an outage request; ValueError says what is wrong with it."""
        unknown = set(body) - _KEYS
        if unknown:
            raise ValueError(f"unknown bad-field settings: {', '.join(sorted(unknown))}")
        zappi, name, remove = body.get("zappi"), body.get("field", "div"), body.get("remove")
        if zappi is not None and (not isinstance(zappi, int) or isinstance(zappi, bool)):
            raise ValueError("zappi must be a serial number")
        if not isinstance(name, str) or not name:
            raise ValueError("field must be the name of a zappi field")
        if remove is not None and not isinstance(remove, bool):
            raise ValueError("remove must be true or false")
        if remove and "value" in body:
            raise ValueError("give a value or remove: true, not both")
        value = body.get("value", "n/a" if name == "div" else None)
        return cls(zappi, name, value, bool(remove))


def garble(payload: object, bad: BadField) -> object:
    """``payload`` (a cgi-jstatus reply, changed in place) with the bad field applied."""
    groups = payload if isinstance(payload, list) else [payload]
    for group in groups:
        if not isinstance(group, dict) or not isinstance(group.get("zappi"), list):
            continue
        for zappi in group["zappi"]:
            if bad.zappi is not None and zappi.get("sno") != bad.zappi:
                continue
            if bad.remove:
                zappi.pop(bad.field, None)
            else:
                zappi[bad.field] = bad.value
    return payload
