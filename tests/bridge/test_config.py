"""The run config: the documented keys load, and every mistake is reported at once."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from runtime import logs
from runtime.bridge.config import ConfigError, load_config, parse_config

EXAMPLE = """
csms:
  url: ws://127.0.0.1:9000/ocpp
  password: null
  ca_file: null
myenergi:
  director_url: https://director.myenergi.net
  poll_interval_s: 15
  hubs:
    - serial: "21000001"
      api_key: "secret-api-key-1"
chargers:
  - serial: 21000001
    charge_box_id: zappi-21000001
    pin_id_tag: VTAG21000001
storage:
  path: ./var/bridge.sqlite3
"""


def test_documented_example_loads(tmp_path: Path) -> None:
    config = parse_config(EXAMPLE, tmp_path / "bridge.yaml")
    assert config.csms.url == "ws://127.0.0.1:9000/ocpp"
    assert config.csms.password is None
    assert config.poll_interval_s == 15
    assert config.hubs[0].serial == "21000001"
    charger = config.chargers[0]
    assert (charger.serial, charger.charge_box_id, charger.pin_id_tag) == (
        "21000001",
        "zappi-21000001",
        "VTAG21000001",
    )
    assert config.storage_path.name == "bridge.sqlite3"
    assert config.csms.reconnect_max_backoff_s == 30


def test_every_problem_is_reported_with_its_key(tmp_path: Path) -> None:
    broken = EXAMPLE.replace("ws://127.0.0.1", "http://127.0.0.1").replace(
        "charge_box_id: zappi-21000001", "charge_box: zappi-21000001"
    )
    with pytest.raises(ConfigError) as info:
        parse_config(broken, tmp_path / "bridge.yaml")
    text = str(info.value)
    assert "bridge.yaml: csms.url:" in text
    assert "chargers[0]: 'charge_box_id' is a required property" in text
    assert "chargers[0]: Additional properties are not allowed ('charge_box'" in text


def test_duplicate_chargers_and_unknown_hub_are_refused(tmp_path: Path) -> None:
    extra = """  - serial: "21000001"
    charge_box_id: zappi-21000001
    hub: 99
storage:"""
    text = EXAMPLE.replace("storage:", extra)
    with pytest.raises(ConfigError) as info:
        parse_config(text, tmp_path / "c.yaml")
    problems = info.value.problems
    assert "chargers[1].serial: zappi 21000001 is listed twice" in problems
    assert "chargers[1].charge_box_id: 'zappi-21000001' is used twice" in problems
    assert "chargers[1].hub: hub 99 is not in myenergi.hubs" in problems


def test_missing_file_and_bad_yaml_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the file"):
        load_config(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("csms: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)


def test_api_key_and_password_never_reach_the_log(tmp_path: Path) -> None:
    text = EXAMPLE.replace("password: null", "password: csms-password-123")
    config = parse_config(text, tmp_path / "bridge.yaml")
    stream = io.StringIO()
    logs.setup("INFO", stream)
    log = logging.getLogger("test")
    logs.event(log, "hub.rejected", hub="21000001", url="https://21000001:secret-api-key-1@x")
    log.error("failed with csms-password-123 and %s", config.hubs[0])
    out = stream.getvalue()
    assert "secret-api-key-1" not in out and "csms-password-123" not in out
    assert "hub.rejected hub=21000001 url=https://21000001:***@x" in out
    assert "api_key='***'" in out


def test_connect_timeout_is_read_and_the_old_key_still_works(tmp_path: Path) -> None:
    named = EXAMPLE.replace("  ca_file: null\n", "  ca_file: null\n  connect_timeout_s: 7\n")
    config = parse_config(named, tmp_path / "bridge.yaml")
    assert config.csms.connect_timeout_s == 7 and config.deprecated == ()
    assert parse_config(EXAMPLE, tmp_path / "bridge.yaml").csms.connect_timeout_s == 30
    old = EXAMPLE.replace("  ca_file: null\n", "  ca_file: null\n  call_timeout_s: 9\n")
    config = parse_config(old, tmp_path / "bridge.yaml")
    assert config.csms.connect_timeout_s == 9
    assert config.deprecated == (("csms.call_timeout_s", "csms.connect_timeout_s"),)
    both = named.replace("  connect_timeout_s: 7\n", "  connect_timeout_s: 7\n  call_timeout_s: 9\n")
    with pytest.raises(ConfigError) as info:
        parse_config(both, tmp_path / "bridge.yaml")
    assert any(p.startswith("csms.call_timeout_s: deprecated alias") for p in info.value.problems)
