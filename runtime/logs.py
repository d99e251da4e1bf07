"""One log line per event, on stderr, readable by a person and parseable as key=value.

``event("charger.ineligible", serial=21000002, reason="firmware 5.100 < 5.114")`` prints::

    2026-11-26T23:40:01Z WARNING charger.ineligible serial=21000002 reason="firmware 5.100 < 5.114"

Secrets never reach the output: every password and API key the process knows is registered with
:func:`register_secret` and masked in the final line, whatever code path formatted it (a log
call, an exception message, a URL with credentials).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Mapping
from typing import TextIO

_MASK = "***"
#: secrets are at least this long; a line is searched by its pieces of this length
_SHORTEST = 4
_SECRETS: set[str] = set()
#: the first _SHORTEST characters of the secrets → their lengths. A fleet registers one API
#: key per hub: one pass over a line finds the secrets it holds, where replacing every
#: secret in turn took most of a core at 10,000 hubs (benchmarks/bench_fleet.py).
_LENGTHS: dict[str, tuple[int, ...]] = {}
#: secrets holding the mask's character: a mask put in could complete one, so always tried
_MASKLIKE: set[str] = set()


def register_secret(value: str | None) -> None:
    """Mask ``value`` in every log line from now on. Short values are ignored (they would mask
    ordinary words); OCPP passwords are ≥16 bytes and myenergi keys longer still."""
    if not value or len(value) < _SHORTEST or value in _SECRETS:
        return
    _SECRETS.add(value)
    lengths = _LENGTHS.get(value[:_SHORTEST], ())
    if len(value) not in lengths:
        _LENGTHS[value[:_SHORTEST]] = (*lengths, len(value))
    if _MASK[0] in value:
        _MASKLIKE.add(value)


def _secrets_in(text: str) -> set[str]:
    found = set(_MASKLIKE)
    secrets, by_prefix = _SECRETS, _LENGTHS
    for start in range(len(text) - _SHORTEST + 1):
        lengths = by_prefix.get(text[start : start + _SHORTEST])
        if lengths is not None:
            for length in lengths:
                piece = text[start : start + length]
                if piece in secrets:
                    found.add(piece)
    return found


def redact(text: str) -> str:
    if not _SECRETS:
        return text
    for secret in sorted(_secrets_in(text), key=len, reverse=True):  # longest first: no
        text = text.replace(secret, _MASK)  # partial leaks
    return text


def _quote(value: object) -> str:
    text = str(value)
    if text == "" or any(c in text for c in ' "=\n\t'):
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    return text


def format_fields(fields: Mapping[str, object]) -> str:
    return " ".join(f"{key}={_quote(value)}" for key, value in fields.items() if value is not None)


class KeyValueFormatter(logging.Formatter):
    """``<UTC time> <LEVEL> <event> key=value ...``; exceptions become one ``error=`` field.

    A record logged without :func:`event` (a library, or plain ``log.warning("...")``) keeps the
    same shape: the logger's name is the event and the text is its ``message=`` field, so every
    line parses the same way.
    """

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created))
        if hasattr(record, "fields"):
            name, fields = record.getMessage(), dict(record.fields)
        else:
            name, fields = record.name, {"message": record.getMessage()}
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            fields.setdefault("error", f"{type(exc).__name__}: {exc}")
        head = f"{stamp} {record.levelname} {name}"
        tail = format_fields(fields)
        return redact(f"{head} {tail}" if tail else head)


def setup(level: str = "INFO", stream: TextIO | None = None) -> None:
    """Route the root logger to ``stream`` (stderr) with the key=value format."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request with its URL at INFO; the bridge logs what matters itself.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def event(
    logger: logging.Logger, name: str, /, *, level: int = logging.INFO, **fields: object
) -> None:
    """Log the event ``name`` (a dotted, stable identifier) with its fields."""
    logger.log(level, name, extra={"fields": fields})
