"""How the generated validators (OCPP and myenergi) name and show a decoded JSON value in the
message of a violation: the same words in every message, written once."""

from __future__ import annotations

__all__ = ["json_type", "show"]


def json_type(value: object) -> str:
    """The JSON type name of a decoded value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def show(value: str) -> str:
    """A string value for a message, cut short: it comes from a peer that may misbehave."""
    return repr(value if len(value) <= 60 else value[:57] + "...")
