"""``${NAME}`` in config values (runtime/bridge/config_env.py): secrets from the environment,
every mistake reported with its key, the values masked in logs like inline ones."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from runtime import logs
from runtime.bridge.config import ConfigError, parse_config
from tests.bridge.test_config import EXAMPLE

FROM_ENV = (
    EXAMPLE.replace('api_key: "secret-api-key-1"', 'api_key: "${TEST_HUB_KEY}"')
    .replace("password: null", "password: ${TEST_CSMS_PASSWORD}")
    .replace("  path: ./var/bridge.sqlite3",
             "  url: postgresql://zappi:${TEST_DB_PASSWORD}@db.example:5432/zappi_ocpp")
)  # fmt: skip


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {"TEST_HUB_KEY": "hub-key-from-env-1", "TEST_CSMS_PASSWORD": "csms-pw-from-env",
              "TEST_DB_PASSWORD": "db-pw-from-env"}  # fmt: skip
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def test_values_come_from_the_environment(tmp_path: Path, secrets: dict[str, str]) -> None:
    config = parse_config(FROM_ENV, tmp_path / "bridge.yaml")
    assert config.hubs[0].api_key == "hub-key-from-env-1"
    assert config.csms.password == "csms-pw-from-env"
    assert config.chargers[0].csms.password == "csms-pw-from-env"
    assert config.storage == "postgresql://zappi:db-pw-from-env@db.example:5432/zappi_ocpp"


def test_expanded_secrets_are_masked_in_logs(tmp_path: Path, secrets: dict[str, str]) -> None:
    parse_config(FROM_ENV, tmp_path / "bridge.yaml")
    stream = io.StringIO()
    logs.setup("INFO", stream)
    logging.getLogger("test").error("failed: %s", " ".join(secrets.values()))
    out = stream.getvalue()
    assert "failed: *** *** ***" in out
    assert not any(value in out for value in secrets.values())


def test_every_unset_variable_is_reported_with_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TEST_HUB_KEY", "TEST_CSMS_PASSWORD", "TEST_DB_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError) as info:
        parse_config(FROM_ENV, tmp_path / "bridge.yaml")
    assert info.value.problems == [
        "csms.password: environment variable TEST_CSMS_PASSWORD is not set",
        "myenergi.hubs[0].api_key: environment variable TEST_HUB_KEY is not set",
        "storage.url: environment variable TEST_DB_PASSWORD is not set",
    ]


def test_a_literal_dollar_brace_and_a_broken_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_HUB_KEY", "k")
    literal = EXAMPLE.replace("password: null", "password: pa$${ss}$word")
    assert parse_config(literal, tmp_path / "b.yaml").csms.password == "pa${ss}$word"
    typo = EXAMPLE.replace('api_key: "secret-api-key-1"', 'api_key: "${TEST_HUB_KEY"')
    with pytest.raises(ConfigError) as info:
        parse_config(typo, tmp_path / "b.yaml")
    assert info.value.problems == [
        "myenergi.hubs[0].api_key: '${' opens no ${NAME} reference (write $${ for a literal ${)"
    ]


def test_a_value_cannot_change_the_shape_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_HUB_KEY", "x\n    serial: 1\nlog_level: DEBUG")
    text = EXAMPLE.replace('api_key: "secret-api-key-1"', 'api_key: "${TEST_HUB_KEY}"')
    config = parse_config(text, tmp_path / "b.yaml")
    assert config.hubs[0].api_key == "x\n    serial: 1\nlog_level: DEBUG"
    assert config.log_level == "INFO"
