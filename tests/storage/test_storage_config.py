"""``storage`` in the run config: exactly one of ``path`` and ``url``, a URL of the right
shape, and a database password that never shows (not in config errors, not in log lines)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from runtime import logs
from runtime.bridge.config import ConfigError, parse_config
from runtime.storage.store import Store
from tests.support.postgres import PostgresServer

BASE = """
csms: {url: "ws://127.0.0.1:9000/ocpp"}
myenergi:
  director_url: https://director.myenergi.net
  hubs: [{serial: "21000001", api_key: "secret-api-key-1"}]
chargers: [{serial: 21000001, charge_box_id: zappi-21000001}]
"""
SECRET = "db-Secret-4711"


def _parse(storage: str) -> object:
    return parse_config(BASE + f"storage: {storage}\n", Path("bridge.yaml"))


def test_a_url_is_the_store_and_its_password_is_masked(tmp_path: Path) -> None:
    config = _parse(f'{{url: "postgresql://zappi:{SECRET}@db.example:5432/bridge"}}')
    assert config.storage == f"postgresql://zappi:{SECRET}@db.example:5432/bridge"  # type: ignore[attr-defined]
    assert config.storage_path is None  # type: ignore[attr-defined]
    stream = io.StringIO()
    logs.setup("INFO", stream)
    logging.getLogger("t").warning("connecting to %s", config.storage)  # type: ignore[attr-defined]
    assert SECRET not in stream.getvalue() and "zappi:***@db.example" in stream.getvalue()


@pytest.mark.parametrize(("storage", "problem"), [
    ("{}", "storage: give exactly one of path"),
    ('{path: x.sqlite3, url: "postgresql://u:p@h/d"}', "storage: give exactly one of path"),
    (f'{{url: "mysql://u:{SECRET}@h/d"}}', "storage.url: must look like postgresql://"),
    (f'{{url: "postgresql://u:{SECRET}@/d"}}', "storage.url: must look like postgresql://"),
    (f'{{url: "postgresql://u:{SECRET}@h:99999/d"}}', "storage.url: must look like"),
    (f'{{url: "postgresql://u:{SECRET}@h:5432"}}', "storage.url: names no database"),
    ("{url: 5432}", "storage.url: 5432 is not of type 'string'"),
])  # fmt: skip
def test_a_bad_storage_is_refused_without_showing_the_url(storage: str, problem: str) -> None:
    with pytest.raises(ConfigError) as refused:
        _parse(storage)
    assert [p for p in refused.value.problems if p.startswith(problem)], refused.value.problems
    assert SECRET not in str(refused.value)


def test_a_path_is_the_store(tmp_path: Path) -> None:
    config = _parse("{path: ./var/b.sqlite3}")
    assert config.storage == Path.cwd() / "var" / "b.sqlite3"  # type: ignore[attr-defined]


def test_the_store_names_itself_with_the_password_masked(postgres: PostgresServer) -> None:
    url = postgres.create_database()
    store = Store(url)
    try:
        assert postgres.password not in store.description
        assert store.description.startswith("postgresql://zappi:***@127.0.0.1:")
    finally:
        store.close()
