"""HTTP Digest authentication, client side, with the server's challenge kept between requests.

RFC 7616 (which obsoletes RFC 2617): after one 401 the client knows the realm, nonce and qop,
and every later request carries an ``Authorization`` computed up front with the next nonce
count (``nc``, §3.4), so a poll costs one round trip, not two. A new challenge is taken only
when the server answers 401 again (an expired nonce, ``stale=true``, or a rejected key).
Supported: ``algorithm`` MD5 (what myenergi uses, ref §1.1) and SHA-256, ``qop=auth`` or no
qop at all (RFC 2069). ``parse_params`` is the auth-param list parser both sides use.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

#: auth-param = token "=" ( token / quoted-string ), RFC 7235 §2.1 (quoted-pair inside quotes)
_PARAM = re.compile(r'([A-Za-z0-9!#$%&\'*+.^_`|~-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*)')
_QUOTED_PAIR = re.compile(r"\\(.)")

_HASHES: dict[str, Callable[[bytes], str]] = {
    "MD5": lambda data: hashlib.md5(data, usedforsecurity=False).hexdigest(),
    "SHA-256": lambda data: hashlib.sha256(data).hexdigest(),
}


def parse_params(text: str) -> dict[str, str]:
    """The ``key=value`` list after the scheme of an auth header; keys in lower case."""
    params: dict[str, str] = {}
    for match in _PARAM.finditer(text):
        value = match[2]
        if value.startswith('"'):
            value = value[1:-1]
            if "\\" in value:
                value = _QUOTED_PAIR.sub(r"\1", value)
        params[match[1].lower()] = value
    return params


def split_scheme(header: str) -> tuple[str, str]:
    """(scheme in lower case, the rest) of an ``Authorization``/``WWW-Authenticate`` value."""
    scheme, _, rest = header.strip().partition(" ")
    return scheme.lower(), rest


@dataclass(frozen=True, slots=True)
class Challenge:
    """A server's ``WWW-Authenticate: Digest`` challenge, as far as a client needs it."""

    realm: str
    nonce: str
    opaque: str | None
    algorithm: str
    qop_auth: bool  #: the server offers qop "auth" (else: RFC 2069 digest without qop)
    stale: bool


def parse_challenge(header: str) -> Challenge | None:
    """The challenge of a ``WWW-Authenticate`` value; None if it is not a Digest challenge
    this client can answer (unknown algorithm, or only qop ``auth-int``)."""
    scheme, rest = split_scheme(header)
    if scheme != "digest":
        return None
    params = parse_params(rest)
    if "realm" not in params or "nonce" not in params:
        return None
    algorithm = params.get("algorithm", "MD5").upper()
    qops = {q.strip().lower() for q in params["qop"].split(",")} if "qop" in params else None
    if algorithm not in _HASHES or (qops is not None and "auth" not in qops):
        return None
    return Challenge(
        realm=params["realm"],
        nonce=params["nonce"],
        opaque=params.get("opaque"),
        algorithm=algorithm,
        qop_auth=qops is not None,
        stale=params.get("stale", "").lower() == "true",
    )


def new_cnonce() -> str:
    """The client nonce of one request (RFC 7616 §3.4: chosen by the client, unpredictable)."""
    return os.urandom(8).hex()


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


class DigestAuth:
    """One identity (user name, password) and the last challenge its server sent.

    Give each hub its own: the nonce count belongs to the (nonce, identity) pair. The password
    is only ever hashed into ``ha1``; no method returns it.
    """

    __slots__ = ("_challenge", "_ha1", "_hash", "_nc", "_password", "_prefix", "username")

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self._password = password
        self._challenge: Challenge | None = None
        self._hash = _HASHES["MD5"]
        self._ha1 = ""
        self._prefix = ""
        self._nc = 0

    def __repr__(self) -> str:
        return f"DigestAuth({self.username!r})"

    @property
    def challenge(self) -> Challenge | None:
        return self._challenge

    def accept(self, www_authenticate: str | None) -> bool:
        """Take the challenge of a 401; False when there is none this client can answer."""
        challenge = parse_challenge(www_authenticate) if www_authenticate else None
        if challenge is None:
            return False
        self._challenge = challenge
        self._hash = _HASHES[challenge.algorithm]
        self._ha1 = self._hash(f"{self.username}:{challenge.realm}:{self._password}".encode())
        self._nc = 0
        opaque = "" if challenge.opaque is None else f', opaque="{_quote(challenge.opaque)}"'
        self._prefix = (
            f'Digest username="{_quote(self.username)}", realm="{_quote(challenge.realm)}", '
            f'nonce="{_quote(challenge.nonce)}", algorithm={challenge.algorithm}{opaque}'
        )
        return True

    def forget(self) -> None:
        """Drop the challenge (the next request goes out unauthenticated to get a new one)."""
        self._challenge = None

    def authorization(self, method: str, uri: str) -> str | None:
        """The ``Authorization`` value for the next request, or None before any challenge."""
        challenge = self._challenge
        if challenge is None:
            return None
        ha2 = self._hash(f"{method}:{uri}".encode())
        if not challenge.qop_auth:
            response = self._hash(f"{self._ha1}:{challenge.nonce}:{ha2}".encode())
            return f'{self._prefix}, uri="{_quote(uri)}", response="{response}"'
        self._nc += 1
        nc = f"{self._nc:08x}"
        cnonce = new_cnonce()
        response = self._hash(f"{self._ha1}:{challenge.nonce}:{nc}:{cnonce}:auth:{ha2}".encode())
        return (
            f'{self._prefix}, uri="{_quote(uri)}", response="{response}", qop=auth, '
            f'nc={nc}, cnonce="{cnonce}"'
        )
