"""A complete HTTP response: status, headers, body, and JSON decoding of the body."""

from __future__ import annotations

import json
from dataclasses import dataclass

from runtime.myenergi.http.errors import InvalidJson, StatusError


@dataclass(frozen=True, slots=True)
class Response:
    """``headers`` keep the server's order; names are lower case (HTTP names are
    case-insensitive, RFC 9110 §5.1) and values are decoded as ISO-8859-1 (§5.5)."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case), or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key == wanted:
                return value
        return None

    def json(self) -> object:
        """The body decoded as JSON; ``InvalidJson`` when it is not."""
        try:
            return json.loads(self.body)
        except ValueError:  # UnicodeDecodeError and JSONDecodeError are both ValueErrors
            raise InvalidJson(self.url, "the reply is not valid JSON") from None

    def raise_for_status(self, *accepted: int) -> None:
        """``StatusError`` unless the status is one of ``accepted`` (default: 200)."""
        if self.status not in (accepted or (200,)):
            raise StatusError(self.url, self.status)
