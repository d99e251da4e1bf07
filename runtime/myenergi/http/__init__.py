"""A lean HTTP/1.1 client for polling thousands of myenergi hubs: h11 over trio.

``HttpClient.get(url, auth=DigestAuth(serial, api_key)) -> Response`` with errors
``RequestTimeout`` ⊂ ``TransportError`` ⊂ ``HttpError``, ``StatusError`` and ``InvalidJson``.
Why not httpx, with the numbers: ``docs/design.md`` ("The myenergi HTTP transport").

- ``digest.py``: RFC 7616 client state per hub, the challenge reused with a counted nonce
- ``connection.py``: one kept-alive connection, h11 framing
- ``pool.py``: per origin, bounded, first come first served, stale connections dropped
- ``client.py``: timeouts, the 401 re-challenge, the retry of a GET on a dropped connection
"""

from __future__ import annotations

from runtime.myenergi.http.client import HttpClient
from runtime.myenergi.http.digest import DigestAuth
from runtime.myenergi.http.errors import (
    HttpError,
    InvalidJson,
    RequestTimeout,
    StatusError,
    TransportError,
)
from runtime.myenergi.http.response import Response

__all__ = [
    "DigestAuth",
    "HttpClient",
    "HttpError",
    "InvalidJson",
    "RequestTimeout",
    "Response",
    "StatusError",
    "TransportError",
]
