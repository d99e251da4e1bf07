"""The ``zappi-ocpp run`` configuration file: YAML, checked by ``config.schema.json``, then
turned into frozen settings. Every problem is reported at once as ``file: key: reason`` and the
process refuses to start; a half-understood config must never run chargers.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from runtime.logs import register_secret

DEFAULT_POLL_INTERVAL_S = 15.0
DEFAULT_CONNECT_TIMEOUT_S = 30.0
#: old key → the key that replaced it; an old key still works and is warned about once
DEPRECATED_KEYS: dict[str, str] = {"csms.call_timeout_s": "csms.connect_timeout_s"}
#: OCPP-J leaves the back-off to the charger; 30 s keeps a returning CSMS reached quickly.
DEFAULT_RECONNECT_MAX_BACKOFF_S = 30.0


class ConfigError(Exception):
    """The config file cannot be used; ``problems`` lists every reason as ``key: reason``."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}: {p}" for p in problems))


@dataclass(frozen=True, slots=True)
class CsmsSettings:
    url: str
    password: str | None
    ca_file: Path | None
    connect_timeout_s: float  #: how long opening the WebSocket may take
    reconnect_max_backoff_s: float


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
    password: str | None  #: overrides csms.password for this charge box

    def __repr__(self) -> str:
        return (
            f"ChargerSettings(serial={self.serial!r}, charge_box_id={self.charge_box_id!r}, "
            f"pin_id_tag={self.pin_id_tag!r}, hub={self.hub!r})"
        )


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
    problems: list[str] = []
    hubs = [str(h["serial"]) for h in data["myenergi"]["hubs"]]
    for serial in {s for s in hubs if hubs.count(s) > 1}:
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
        if "hub" in charger and str(charger["hub"]) not in hubs:
            problems.append(f"chargers[{i}].hub: hub {charger['hub']} is not in myenergi.hubs")
    metrics = data.get("metrics")
    if metrics and parse_listen(metrics["listen"]).port > 65535:
        problems.append("metrics.listen: the port must be at most 65535")
    url = data["csms"]["url"]
    if data["csms"].get("ca_file") and not url.startswith("wss://"):
        problems.append("csms.ca_file: only used with a wss:// url")
    if "call_timeout_s" in data["csms"] and "connect_timeout_s" in data["csms"]:
        problems.append("csms.call_timeout_s: deprecated alias of csms.connect_timeout_s; keep one")
    problems.extend(_storage_checks(data["storage"]))
    return problems


_URL_SHAPE = "postgresql://user:password@host:port/dbname"


def _storage_checks(storage: dict[str, Any]) -> list[str]:
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


def _has(data: dict[str, Any], path: list[str]) -> bool:
    head, *rest = path
    if head not in data:
        return False
    return _has(data[head], rest) if rest else True


def parse_config(text: str, path: Path) -> BridgeConfig:
    """Check and convert config text; raises :class:`ConfigError` listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(path, [f"not valid YAML: {exc}"]) from None
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

    csms = data["csms"]
    ca_file = Path(csms["ca_file"]) if csms.get("ca_file") else None
    if ca_file is not None and not ca_file.is_absolute():
        ca_file = path.parent / ca_file
    url = data["storage"].get("url")
    storage = Path(data["storage"].get("path", "."))
    config = BridgeConfig(
        csms=CsmsSettings(
            url=csms["url"].rstrip("/"),
            password=csms.get("password"),
            ca_file=ca_file,
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
                password=c.get("password"),
            )
            for c in data["chargers"]
        ),
        storage_path=None if url else storage if storage.is_absolute() else Path.cwd() / storage,
        log_level=data.get("log_level", "INFO"),
        metrics=parse_listen(data["metrics"]["listen"]) if data.get("metrics") else None,
        deprecated=tuple(
            (old, new) for old, new in DEPRECATED_KEYS.items() if _has(data, old.split("."))
        ),
        storage_url=url,
    )
    database_password = urllib.parse.urlsplit(url).password if url else None
    for secret in [config.csms.password, *(h.api_key for h in config.hubs), database_password]:
        register_secret(secret)
    if database_password:
        register_secret(urllib.parse.unquote(database_password))
    for charger in config.chargers:
        register_secret(charger.password)
    return config


def load_config(path: Path) -> BridgeConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(path, [f"cannot read the file: {exc.strerror}"]) from None
    return parse_config(text, path)
