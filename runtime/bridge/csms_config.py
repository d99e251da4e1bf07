"""Which Central System each charger connects to, and how: the ``csms`` mappings of the config.

The top-level ``csms`` is the default. A charger's own ``csms`` mapping (keys ``url``,
``password``, ``ca_file``, ``client_cert``, ``client_key``) overrides it key by key, with one
rule for safety: a charger whose ``url`` is another operator's (differs from the default's)
inherits none of the default's credentials or trust (``password``, ``ca_file``,
``client_cert``, ``client_key``), so one operator is never sent another's password or
client certificate. ``chargers[].password`` is the deprecated spelling of
``chargers[].csms.password``.

Security profiles (OCPP 1.6 security whitepaper): 1 = ``ws://`` + ``password`` (HTTP Basic),
2 = ``wss://`` (+ ``ca_file``) + ``password``, 3 = ``wss://`` + ``client_cert`` and
``client_key`` (mutual TLS). Files are relative to the config file, and are checked (read,
and the certificate loaded with its key) when the config is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from runtime.ocpp.tls import tls_context

__all__ = ["CREDENTIALS", "CsmsEndpoint", "check_tls", "endpoint_from", "override"]

#: what a charger pointed at another operator's CSMS does not inherit from the default
CREDENTIALS = ("password", "ca_file", "client_cert", "client_key")
_FILES = ("ca_file", "client_cert", "client_key")


@dataclass(frozen=True, slots=True)
class CsmsEndpoint:
    """One Central System and how a charger authenticates to it. Chargers that use the
    default share one instance."""

    url: str
    password: str | None = field(default=None, repr=False)
    ca_file: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None

    @property
    def origin(self) -> str:
        """scheme://host:port: the chargers of one origin share a connection limiter."""
        parts = urlsplit(self.url)
        port = parts.port or (443 if parts.scheme == "wss" else 80)
        return f"{parts.scheme}://{parts.hostname}:{port}"

    @property
    def secure(self) -> bool:
        return self.url.startswith("wss://")


def _path(value: Any, base: Path) -> Path | None:
    if not value:
        return None
    path = Path(value)
    return path if path.is_absolute() else base / path


def endpoint_from(mapping: dict[str, Any], base: Path) -> CsmsEndpoint:
    """The top-level ``csms`` mapping (schema-checked) as an endpoint."""
    return CsmsEndpoint(
        url=mapping["url"].rstrip("/"),
        password=mapping.get("password"),
        ca_file=_path(mapping.get("ca_file"), base),
        client_cert=_path(mapping.get("client_cert"), base),
        client_key=_path(mapping.get("client_key"), base),
    )


def override(default: CsmsEndpoint, mapping: dict[str, Any], base: Path) -> CsmsEndpoint:
    """A charger's ``csms`` mapping over the default (see the module docstring)."""
    if not mapping:
        return default
    url = str(mapping.get("url", default.url)).rstrip("/")
    inherit = url == default.url

    def pick(key: str) -> Any:
        if key in mapping:
            value = mapping[key]
            return _path(value, base) if key in _FILES else value
        return getattr(default, key) if inherit else None

    found = CsmsEndpoint(url, *(pick(key) for key in CREDENTIALS))
    return default if found == default else found


def check_tls(where: str, mapping: dict[str, Any], endpoint: CsmsEndpoint) -> list[str]:
    """Problems with the TLS keys a ``csms`` mapping gives (``where``: its config key):
    TLS keys without ``wss://``, a certificate without its key, files that cannot be used."""
    given = [key for key in _FILES if mapping.get(key)]
    if not given:
        return []
    if not endpoint.secure:
        return [f"{where}.{key}: only used with a wss:// url" for key in given]
    if ("client_cert" in given) != ("client_key" in given):
        missing = "client_key" if "client_cert" in given else "client_cert"
        return [f"{where}.{missing}: client_cert and client_key go together (security "
                "profile 3); give both or neither"]  # fmt: skip
    problems = []
    for key in given:
        path = getattr(endpoint, key)
        if not path.is_file():
            problems.append(f"{where}.{key}: cannot read {path}: no such file")
    if problems:
        return problems
    try:
        tls_context(
            str(endpoint.ca_file) if endpoint.ca_file else None,
            str(endpoint.client_cert) if endpoint.client_cert else None,
            str(endpoint.client_key) if endpoint.client_key else None,
        )
    except OSError as exc:
        key = "client_cert" if "client_cert" in given else "ca_file"
        return [f"{where}.{key}: cannot be used for TLS: {exc}"]
    return []
