"""TLS for the charger's connection: security profiles 2 and 3 (OCPP 1.6 security whitepaper).

* Profile 2: the Central System's certificate is verified against the system CAs or a
  configured CA file, with its host name, on TLS 1.2 or newer (A00.FR.301-324).
* Profile 3: in addition the charger presents a client certificate and its private key
  (mutual TLS, A00.FR.401-417); the CSMS checks it.

Building a context reads the CA bundle (the system's: several milliseconds), so contexts are
shared: one per distinct (CA file, certificate, key) and the files' sizes and modification
times. Ten thousand chargers of one operator cost one context, and a file replaced on disk
is read again at the next connection.
"""

from __future__ import annotations

import functools
import os
import ssl

__all__ = ["file_signature", "tls_context"]

_Signature = tuple[str, int, int] | None


def file_signature(path: str | None) -> _Signature:
    """(path, size, mtime) of a file, or None for no file; a missing file raises OSError."""
    if path is None:
        return None
    stat = os.stat(path)
    return (path, stat.st_size, stat.st_mtime_ns)


def tls_context(
    ca_file: str | None, client_cert: str | None = None, client_key: str | None = None
) -> ssl.SSLContext:
    """The client context for a CSMS: verified server, TLS ≥ 1.2, and with ``client_cert``
    (PEM, the certificate chain) and ``client_key`` (PEM) a client certificate. Raises
    ``OSError`` (``ssl.SSLError`` included) for a file that cannot be read or used."""
    return _cached(file_signature(ca_file), file_signature(client_cert), file_signature(client_key))


@functools.lru_cache(maxsize=64)
def _cached(ca: _Signature, cert: _Signature, key: _Signature) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=ca[0] if ca else None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if cert is not None:
        context.load_cert_chain(cert[0], key[0] if key else None)
    return context
