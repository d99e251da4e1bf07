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

#: the registered secrets by their first ``_KEY`` characters, longest first within each key:
#: a fleet registers 10,000 API keys and passwords, and a line is checked at each of its
#: positions with one dict look-up instead of once per secret
_KEY = 4
_SECRETS: dict[str, list[str]] = {}
_MASK = "***"


def register_secret(value: str | None) -> None:
    """Mask ``value`` in every log line from now on. Short values are ignored (they would mask
    ordinary words); OCPP passwords are ≥16 bytes and myenergi keys longer still."""
    if value and len(value) >= _KEY:
        found = _SECRETS.setdefault(value[:_KEY], [])
        if value not in found:
            found.append(value)
            found.sort(key=len, reverse=True)  # longest first: no partial leaks


def redact(text: str) -> str:
    """``text`` with every registered secret replaced by ``***``, scanning left to right."""
    if not _SECRETS:
        return text
    parts: list[str] = []
    done = i = 0
    end = len(text) - _KEY
    while i <= end:
        candidates = _SECRETS.get(text[i : i + _KEY])
        if candidates is not None:
            secret = next((s for s in candidates if text.startswith(s, i)), None)
            if secret is not None:
                parts += (text[done:i], _MASK)
                i = done = i + len(secret)
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
