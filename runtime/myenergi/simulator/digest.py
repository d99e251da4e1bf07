"""Server side of HTTP Digest authentication as the myenergi cloud does it.

RFC 7616 with the parameters myenergi uses (ref §1.1): realm "MyEnergi Telemetry",
``qop="auth"``, ``algorithm=MD5``, a server nonce and a ``stale`` flag. User name = hub serial,
password = API key. Only what clients send is implemented: MD5, qop=auth (and RFC 2069 without
qop, which old clients may send).
"""

from __future__ import annotations

import collections
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from runtime.myenergi.http.digest import parse_params, split_scheme

REALM = "MyEnergi Telemetry"

#: Nonces are valid this long (simulated-time independent, real seconds); a client holding an
#: older one gets a 401 with ``stale=TRUE`` and retries with the new nonce.
NONCE_LIFETIME_S = 300.0


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class DigestCredentials:
    """The fields of an ``Authorization: Digest ...`` header."""

    username: str
    realm: str
    nonce: str
    uri: str
    response: str
    qop: str | None
    nc: str | None
    cnonce: str | None


def parse_authorization(header: str) -> DigestCredentials | None:
    """Parse a Digest ``Authorization`` header; None when it is not one or lacks a field."""
    scheme, rest = split_scheme(header)
    if scheme != "digest":
        return None
    fields = parse_params(rest)
    try:
        return DigestCredentials(
            username=fields["username"],
            realm=fields["realm"],
            nonce=fields["nonce"],
            uri=fields["uri"],
            response=fields["response"],
            qop=fields.get("qop"),
            nc=fields.get("nc"),
            cnonce=fields.get("cnonce"),
        )
    except KeyError:
        return None


class DigestVerifier:
    """Issues nonces and checks responses. ``now`` is a real-time clock in seconds.

    Nonces are kept in issue order, so expired ones leave from the front: a challenge costs
    the same with 10 live nonces or 10,000 (one per hub of a large fleet).
    """

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self._nonces: dict[str, float] = {}
        self._issued: collections.deque[tuple[float, str]] = collections.deque()
        self.opaque = secrets.token_hex(16)

    def challenge(self, *, stale: bool = False) -> str:
        """A ``WWW-Authenticate`` value with a fresh nonce."""
        nonce = secrets.token_hex(16)
        now = self._now()
        while self._issued and now - self._issued[0][0] >= NONCE_LIFETIME_S:
            del self._nonces[self._issued.popleft()[1]]
        self._nonces[nonce] = now
        self._issued.append((now, nonce))
        return (
            f'Digest realm="{REALM}", qop="auth", nonce="{nonce}", opaque="{self.opaque}", '
            f"stale={'TRUE' if stale else 'FALSE'}, algorithm=MD5"
        )

    def verify(
        self, creds: DigestCredentials, method: str, target: str, password: str
    ) -> bool | None:
        """True if valid, False if wrong, None if the nonce is unknown or expired (stale)."""
        if creds.realm != REALM or creds.uri != target:
            return False
        issued = self._nonces.get(creds.nonce)
        if issued is None or self._now() - issued >= NONCE_LIFETIME_S:
            return None
        ha1 = _md5(f"{creds.username}:{REALM}:{password}")
        ha2 = _md5(f"{method}:{creds.uri}")
        if creds.qop is None:
            expected = _md5(f"{ha1}:{creds.nonce}:{ha2}")
        elif creds.qop == "auth" and creds.nc and creds.cnonce:
            expected = _md5(f"{ha1}:{creds.nonce}:{creds.nc}:{creds.cnonce}:auth:{ha2}")
        else:
            return False
        return secrets.compare_digest(expected, creds.response)
