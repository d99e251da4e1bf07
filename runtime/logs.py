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

#: the registered secrets by their first ``_KEY`` characters, then by length: a fleet
#: registers 10,000 API keys and passwords, often with one common prefix ("key-..."), so a
#: line is checked at each of its positions with one dict look-up per distinct length of the
#: secrets starting there, never once per secret, and registering one stays O(1)
_KEY = 4
_SECRETS: dict[str, dict[int, set[str]]] = {}
#: the lengths of each ``_SECRETS`` entry, longest first (no partial leaks)
_LENGTHS: dict[str, list[int]] = {}
_MASK = "***"


def register_secret(value: str | None) -> None:
    """Mask ``value`` in every log line from now on. Short values are ignored (they would mask
    ordinary words); OCPP passwords are ≥16 bytes and myenergi keys longer still."""
    if value and len(value) >= _KEY:
        by_length = _SECRETS.setdefault(value[:_KEY], {})
        if len(value) not in by_length:
            by_length[len(value)] = set()
            _LENGTHS[value[:_KEY]] = sorted(by_length, reverse=True)
        by_length[len(value)].add(value)


def redact(text: str) -> str:
    """``text`` with every registered secret replaced by ``***``, scanning left to right."""
    if not _SECRETS:
        return text
    parts: list[str] = []
    done = i = 0
    end = len(text) - _KEY
    while i <= end:
        key = text[i : i + _KEY]
        by_length = _SECRETS.get(key)
        if by_length is not None:
            size = next((n for n in _LENGTHS[key] if text[i : i + n] in by_length[n]), 0)
            if size:
                parts += (text[done:i], _MASK)
                i = done = i + size
                continue
        i += 1
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


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
