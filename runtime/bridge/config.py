"""The ``zappi-ocpp run`` configuration file: YAML, checked by ``config.schema.json``, then
turned into frozen settings. Every problem is reported at once as ``file: key: reason`` and the
process refuses to start; a half-understood config must never run chargers.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from runtime.logs import register_secret

from .config_env import expand_environment
from .csms_config import CsmsEndpoint, check_tls, endpoint_from, override
from .storage_config import cluster_checks, register_database_password, storage_checks

DEFAULT_POLL_INTERVAL_S = 15.0
DEFAULT_CONNECT_TIMEOUT_S = 30.0
#: ``cluster.lease_s``; the schema bounds it to 3..300 s: shorter leaves no time to renew over a
#: slow database, longer leaves a dead replica's chargers off their CSMS for minutes
DEFAULT_LEASE_S = 15.0
#: old key → the key that replaced it; an old key still works and is warned about once
DEPRECATED_KEYS: dict[str, str] = {
    "csms.call_timeout_s": "csms.connect_timeout_s",
    "chargers[].password": "chargers[].csms.password",
}
#: OCPP-J leaves the back-off to the charger; 30 s keeps a returning CSMS reached quickly.
DEFAULT_RECONNECT_MAX_BACKOFF_S = 30.0


#: libyaml's safe loader when PyYAML has it: a 10,000-charger file parses in about 1 s
#: instead of 6 (the same documents, the same errors)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConfigError(Exception):
    """The config file cannot be used; ``problems`` lists every reason as ``key: reason``."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}: {p}" for p in problems))


@dataclass(frozen=True, slots=True)
class CsmsSettings:
    """The top-level ``csms``: the default Central System, and the process-wide timeouts."""

    default: CsmsEndpoint
    connect_timeout_s: float  #: how long opening the WebSocket may take
    reconnect_max_backoff_s: float

    @property
    def url(self) -> str:
        return self.default.url

    @property
    def password(self) -> str | None:
        return self.default.password

    @property
    def ca_file(self) -> Path | None:
        return self.default.ca_file


@dataclass(frozen=True, slots=True)
class HubSettings:
    serial: str
    api_key: str

    def __repr__(self) -> str:  # the key must not leak through a debug print
        return f"HubSettings(serial={self.serial!r}, api_key='***')"


@dataclass(frozen=True, slots=True)
class ChargerSettings:
    serial: str
    charge_box_id: str
    pin_id_tag: str | None
    hub: str | None  #: the hub that serves it; found by polling when not given
    #: its Central System: the default ``csms`` or its own ``csms`` mapping over it
    #: (``csms_config.py``); the password is kept out of repr there
    csms: CsmsEndpoint

    @property
    def password(self) -> str | None:
        return self.csms.password


@dataclass(frozen=True, slots=True)
class MetricsSettings:
    """``metrics.listen``: where the operator endpoint (runtime.observe) listens."""

    host: str
    port: int  #: 0 = any free port (logged at start)

    @property
    def listen(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def parse_listen(text: str) -> MetricsSettings:
    """``host:port`` or ``[v6 address]:port`` (the schema has checked the shape)."""
    host, _, port = text.rpartition(":")
    return MetricsSettings(host.strip("[]"), int(port))


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """``cluster``: this process is one of several replicas sharing the fleet through hub
    leases in the PostgreSQL database of ``storage.url`` (runtime.cluster)."""

    lease_s: float = DEFAULT_LEASE_S  #: a lease not renewed for this long is free to take


@dataclass(frozen=True, slots=True)
class BridgeConfig:
    csms: CsmsSettings
    director_url: str
    poll_interval_s: float
    hubs: tuple[HubSettings, ...]
    chargers: tuple[ChargerSettings, ...]
    storage_path: Path | None  #: the SQLite file (None with ``storage_url``)
    log_level: str
    #: None: no operator endpoint (the default)
    metrics: MetricsSettings | None = None
    #: deprecated keys the file used, as (old key, new key); the service warns once for each
    deprecated: tuple[tuple[str, str], ...] = ()
    #: the PostgreSQL database (``storage.url``) instead of a SQLite file
    storage_url: str | None = None
    #: None: one process serves the whole fleet (no leases)
    cluster: ClusterConfig | None = None

    @property
    def storage(self) -> str | Path:
        """What runtime.storage.Store opens: the URL, or the file."""
        location = self.storage_url or self.storage_path
        assert location is not None  # parse_config requires exactly one
        return location


def _schema() -> dict[str, Any]:
    text = (resources.files("runtime.bridge") / "config.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _key(path: Any) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in path]
    return "".join(parts).lstrip(".") or "(top level)"


def _cross_checks(data: dict[str, Any]) -> list[str]:
    """What the schema cannot say. Sets and counters: a fleet file has 10,000 entries."""
    problems: list[str] = []
    hubs = [str(h["serial"]) for h in data["myenergi"]["hubs"]]
    known_hubs = set(hubs)
    for serial, count in sorted(Counter(hubs).items()):
        if count > 1:
            problems.append(f"myenergi.hubs: hub {serial} is listed twice")
    seen_serials: set[str] = set()
    seen_ids: set[str] = set()
    for i, charger in enumerate(data["chargers"]):
        serial, box = str(charger["serial"]), charger["charge_box_id"]
        if serial in seen_serials:
            problems.append(f"chargers[{i}].serial: zappi {serial} is listed twice")
        if box in seen_ids:
            problems.append(f"chargers[{i}].charge_box_id: {box!r} is used twice")
        seen_serials.add(serial)
        seen_ids.add(box)
        if "hub" in charger and str(charger["hub"]) not in known_hubs:
            problems.append(f"chargers[{i}].hub: hub {charger['hub']} is not in myenergi.hubs")
        if "password" in charger and "password" in charger.get("csms", {}):
            problems.append(f"chargers[{i}].password: deprecated alias of "
                            f"chargers[{i}].csms.password; keep one")  # fmt: skip
    metrics = data.get("metrics")
    if metrics and parse_listen(metrics["listen"]).port > 65535:
        problems.append("metrics.listen: the port must be at most 65535")
    if "call_timeout_s" in data["csms"] and "connect_timeout_s" in data["csms"]:
        problems.append("csms.call_timeout_s: deprecated alias of csms.connect_timeout_s; keep one")
    problems.extend(storage_checks(data["storage"]))
    problems.extend(cluster_checks(data))
    return problems



def _charger_csms(charger: dict[str, Any]) -> dict[str, Any]:
    """A charger's own ``csms`` mapping, with the deprecated ``password`` folded in."""
    own = dict(charger.get("csms", {}))
    if "password" in charger:
        own["password"] = charger["password"]
    return own


def _endpoints(
    data: dict[str, Any], base: Path
) -> tuple[CsmsEndpoint, list[CsmsEndpoint], list[str]]:
    """The default endpoint, each charger's, and the problems with their TLS keys."""
    default = endpoint_from(data["csms"], base)
    problems = check_tls("csms", data["csms"], default)
    endpoints = []
    for i, charger in enumerate(data["chargers"]):
        own = _charger_csms(charger)
        endpoint = override(default, own, base)
        problems += check_tls(f"chargers[{i}].csms", own, endpoint)
        endpoints.append(endpoint)
    return default, endpoints, problems


def _has(data: dict[str, Any], path: list[str]) -> bool:
    head, *rest = path
    if head.endswith("[]"):
        items = data.get(head[:-2], [])
        return any(isinstance(item, dict) and _has(item, rest) for item in items)
    if head not in data:
        return False
    return _has(data[head], rest) if rest else True


def parse_config(text: str, path: Path) -> BridgeConfig:
    """Check and convert config text; raises :class:`ConfigError` listing every problem."""
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise ConfigError(path, [f"not valid YAML: {exc}"]) from None
    if "${" in text:  # ${NAME} values: secrets kept out of the file (config_env.py)
        data, env_problems = expand_environment(data, os.environ)
        if env_problems:
            raise ConfigError(path, [f"{_key(w)}: {problem}" for w, problem in env_problems])
    validator = jsonschema.Draft202012Validator(_schema())
    problems = [
        f"{_key(e.absolute_path)}: {e.message}"
        for e in sorted(validator.iter_errors(data), key=lambda e: _key(e.absolute_path))
    ]
    if problems:
        raise ConfigError(path, problems)
    problems = _cross_checks(data)
    if problems:
        raise ConfigError(path, problems)

    default, endpoints, problems = _endpoints(data, path.parent)
    if problems:
        raise ConfigError(path, problems)
    csms = data["csms"]
    url = data["storage"].get("url")
    storage = Path(data["storage"].get("path", "."))
    config = BridgeConfig(
        csms=CsmsSettings(
            default=default,
            connect_timeout_s=float(
                csms.get("connect_timeout_s", csms.get("call_timeout_s", DEFAULT_CONNECT_TIMEOUT_S))
            ),
            reconnect_max_backoff_s=float(
                csms.get("reconnect_max_backoff_s", DEFAULT_RECONNECT_MAX_BACKOFF_S)
            ),
        ),
        director_url=data["myenergi"]["director_url"].rstrip("/"),
        poll_interval_s=float(data["myenergi"].get("poll_interval_s", DEFAULT_POLL_INTERVAL_S)),
        hubs=tuple(HubSettings(str(h["serial"]), h["api_key"]) for h in data["myenergi"]["hubs"]),
        chargers=tuple(
            ChargerSettings(
                serial=str(c["serial"]),
                charge_box_id=c["charge_box_id"],
                pin_id_tag=c.get("pin_id_tag"),
                hub=str(c["hub"]) if "hub" in c else None,
                csms=endpoint,
            )
            for c, endpoint in zip(data["chargers"], endpoints, strict=True)
        ),
        storage_path=None if url else storage if storage.is_absolute() else Path.cwd() / storage,
        log_level=data.get("log_level", "INFO"),
        metrics=parse_listen(data["metrics"]["listen"]) if data.get("metrics") else None,
        deprecated=tuple(
            (old, new) for old, new in DEPRECATED_KEYS.items() if _has(data, old.split("."))
        ),
        storage_url=url,
        cluster=(
            ClusterConfig(float(data["cluster"].get("lease_s", DEFAULT_LEASE_S)))
            if "cluster" in data
            else None
        ),
    )
    for hub in config.hubs:
        register_secret(hub.api_key)
    for endpoint in {default, *endpoints}:
        register_secret(endpoint.password)
    register_database_password(url)
    return config


def load_config(path: Path) -> BridgeConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(path, [f"cannot read the file: {exc.strerror}"]) from None
    return parse_config(text, path)
