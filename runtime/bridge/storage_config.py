"""The ``storage`` key of the config: a SQLite file (``path``) or a PostgreSQL database
(``url``). The url carries the database password, so it is never echoed in an error and the
password is masked in every log line. ``cluster`` (replicas) depends on it: the replicas
meet in that database."""

from __future__ import annotations

import urllib.parse
from typing import Any

from runtime.logs import register_secret

__all__ = ["cluster_checks", "register_database_password", "storage_checks"]

_URL_SHAPE = "postgresql://user:password@host:port/dbname"


def storage_checks(storage: dict[str, Any]) -> list[str]:
    """Exactly one of path and url; a url of the right shape. The url is never echoed: it
    carries the database password."""
    if ("path" in storage) == ("url" in storage):
        return ["storage: give exactly one of path (a SQLite file) and url (PostgreSQL, "
                f"{_URL_SHAPE})"]
    if "url" not in storage:
        return []
    parts = urllib.parse.urlsplit(storage["url"])
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme not in ("postgresql", "postgres") or not parts.hostname or not port_ok:
        return [f"storage.url: must look like {_URL_SHAPE}"]
    if parts.path.strip("/") == "":
        return [f"storage.url: names no database (the /dbname of {_URL_SHAPE})"]
    return []


def register_database_password(url: str | None) -> None:
    """Mask the password of ``url`` in logs, as written and percent-decoded."""
    password = urllib.parse.urlsplit(url).password if url else None
    if password:
        register_secret(password)
        register_secret(urllib.parse.unquote(password))


def cluster_checks(data: dict[str, Any]) -> list[str]:
    """Replicas share their state and their leases through PostgreSQL, and hand over whole
    hubs: each charger must name its hub (a charger found by polling has no lease unit)."""
    if "cluster" not in data:
        return []
    if "url" not in data["storage"]:
        return ["cluster: needs a PostgreSQL storage.url: replicas share the fleet "
                "through it (a SQLite storage.path serves one process)"]
    return [f"chargers[{i}].hub: required with cluster (a replica owns whole hubs)"
            for i, charger in enumerate(data["chargers"]) if "hub" not in charger]  # fmt: skip
