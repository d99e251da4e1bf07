"""Errors of the HTTP transport, one kind per way a request can fail.

They mirror the kinds the myenergi client distinguishes today (with httpx): a request that
took too long, a connection that failed or broke, a status the caller did not expect, a body
that is not JSON. A timeout is a transport error too (as in httpx), so a caller that treats
both alike catches ``TransportError``. None of them carries credentials.
"""

from __future__ import annotations


class HttpError(Exception):
    """Base class: the request for ``url`` failed."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"{message} ({url})")
        self.url = url


class TransportError(HttpError):
    """No complete response: refused or broken connection, TLS failure, malformed reply."""


class RequestTimeout(TransportError):
    """The whole exchange (queueing for a connection included) outlasted its timeout."""


class StatusError(HttpError):
    """A complete response whose status the caller did not accept (``raise_for_status``)."""

    def __init__(self, url: str, status: int) -> None:
        super().__init__(url, f"HTTP {status}")
        self.status = status


class InvalidJson(HttpError, ValueError):
    """The body is not JSON (a ``ValueError`` too, like ``json.loads`` raises)."""
