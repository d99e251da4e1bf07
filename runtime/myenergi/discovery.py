"""Director / ASN server discovery (ref §1.2).

The director answers any ``cgi-*`` request and names the server that holds the hub in the
``X_MYENERGI-asn`` response header. Clients re-check the header on every response and follow a
change (pymyenergi commit dc6e852). Header-name case differs between clients (``x_myenergi-asn``
in buckning/myzappi), so it is matched case-insensitively; mec ignores the value ``undefined``.
The ASN host is used with the configured director URL's scheme, so an ``http://`` loopback
simulator works as well as ``https://director.myenergi.net``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

ASN_HEADER = "x_myenergi-asn"

#: host or host:port; rejects anything that could smuggle a path or credentials into a URL
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$")
_IGNORED_VALUES = frozenset({"", "undefined"})


def asn_from_headers(headers: Iterable[tuple[str, str]]) -> str | None:
    """The ASN host named by the response headers, or None when absent or unusable."""
    for name, value in headers:
        if name.lower() != ASN_HEADER:
            continue
        host = value.strip()
        if host.lower() in _IGNORED_VALUES or not _HOST.match(host):
            return None
        return host
    return None


def server_url(director_url: str, asn_host: str) -> str:
    """``asn_host`` with the director URL's scheme: ``https://s18.myenergi.net``."""
    scheme = urlsplit(director_url).scheme or "https"
    return f"{scheme}://{asn_host}"
