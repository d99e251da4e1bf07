"""The configuration store against the compiled key table (OCPP 1.6 §5.3, §5.8, §9)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generated.config_keys import CONFIG_KEYS, Access, ChangeEffect
from generated.payloads import (
    ChangeConfigurationRequest,
    ConfigurationStatus,
    GetConfigurationRequest,
)
from runtime.ocpp.config_store import ConfigStore
from runtime.storage.store import Store


@pytest.fixture
def config() -> ConfigStore:
    return ConfigStore(Store(":memory:"), "cb", CONFIG_KEYS)


def test_defaults_come_from_the_table(config: ConfigStore) -> None:
    assert config.get("HeartbeatInterval") == "60"
    assert config.get_int("heartbeatinterval") == 60
    assert config.get("NoSuchKey") is None


def test_keys_are_case_insensitive_and_reported_with_table_spelling(config: ConfigStore) -> None:
    assert config.change("heartBEATinterval", "120") is ConfigurationStatus.ACCEPTED
    known, unknown = config.read(["HEARTBEATINTERVAL", "Bogus"])
    assert [(k.key, k.value) for k in known] == [("HeartbeatInterval", "120")]
    assert unknown == ["Bogus"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("HeartbeatInterval", "-1"),
        ("HeartbeatInterval", "ten"),
        ("HeartbeatInterval", "86401"),
        ("StopTransactionOnInvalidId", "maybe"),
        ("MeterValuesSampledData", "Energy.Active.Import.Register,NotAMeasurand"),
        ("MessageTimeout", "x" * 501),
    ],
)
def test_bad_values_are_rejected_and_nothing_changes(config: ConfigStore, key: str, value: str) -> None:
    before = config.get(key)
    assert config.change(key, value) is ConfigurationStatus.REJECTED
    assert config.get(key) == before


def test_read_only_keys_are_refused(config: ConfigStore) -> None:
    assert config.change("NumberOfConnectors", "2") is ConfigurationStatus.REJECTED
    assert config.get("NumberOfConnectors") == "1"
    config.set("NumberOfConnectors", "2")  # the charger itself may
    assert config.get("NumberOfConnectors") == "2"


def test_unknown_key_is_not_supported(config: ConfigStore) -> None:
    assert config.change("MakeCoffee", "1") is ConfigurationStatus.NOT_SUPPORTED


def test_values_are_normalised(config: ConfigStore) -> None:
    assert config.change("StopTransactionOnInvalidId", "TRUE") is ConfigurationStatus.ACCEPTED
    assert config.get("StopTransactionOnInvalidId") == "true"
    assert config.value("StopTransactionOnInvalidId") is True


def test_csl_length_is_limited_by_its_max_length_key() -> None:
    keys = dict(CONFIG_KEYS)
    limit_row = keys["metervaluessampleddatamaxlength"]
    keys["metervaluessampleddatamaxlength"] = replace(limit_row, default=2)
    config = ConfigStore(Store(":memory:"), "cb", keys)
    allowed = [str(a) for a in CONFIG_KEYS["metervaluessampleddata"].allowed]
    assert config.change("MeterValuesSampledData", ",".join(allowed[:2])) is ConfigurationStatus.ACCEPTED
    assert config.change("MeterValuesSampledData", ",".join(allowed[:3])) is ConfigurationStatus.REJECTED


def test_write_only_key_is_never_read_back(config: ConfigStore) -> None:
    status = config.change("AuthorizationKey", "00112233445566778899aabbccddeeff")
    assert status is ConfigurationStatus.ACCEPTED
    everything, _ = config.read()
    assert "AuthorizationKey" not in [k.key for k in everything]
    (asked,), _ = config.read(["AuthorizationKey"])
    assert asked.value is None
    assert config.get("AuthorizationKey") == "00112233445566778899aabbccddeeff"


def test_changes_persist_and_are_per_charger(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    store = Store(path)
    ConfigStore(store, "a", CONFIG_KEYS).change("HeartbeatInterval", "30")
    assert ConfigStore(store, "b", CONFIG_KEYS).get("HeartbeatInterval") == "60"
    store.close()
    assert ConfigStore(Store(path), "a", CONFIG_KEYS).get("HeartbeatInterval") == "30"


def test_observers_see_accepted_changes_only(config: ConfigStore) -> None:
    seen: list[tuple[str, str]] = []
    config.on_change(lambda name, value: seen.append((name, value)))
    config.change("heartbeatinterval", "45")
    config.change("HeartbeatInterval", "nope")
    assert seen == [("HeartbeatInterval", "45")]


def test_typed_requests_and_responses(config: ConfigStore) -> None:
    response = config.change_configuration(ChangeConfigurationRequest(key="HeartbeatInterval", value="90"))
    assert response.status is ConfigurationStatus.ACCEPTED
    got = config.get_configuration(GetConfigurationRequest(key=("HeartbeatInterval", "Nope")))
    assert got.to_payload() == {
        "configurationKey": [{"key": "HeartbeatInterval", "readonly": False, "value": "90"}],
        "unknownKey": ["Nope"],
    }
    everything = config.get_configuration(GetConfigurationRequest())
    assert everything.configuration_key is not None and len(everything.configuration_key) > 20


def test_authorization_key_is_accepted_and_reconnects_per_the_table(config: ConfigStore) -> None:
    """Security whitepaper A01: Accepted (not RebootRequired), then the connection is opened
    again at once with the new password; the table's effect says so, and observers see it."""
    row = CONFIG_KEYS["authorizationkey"]
    assert row.effect is ChangeEffect.RECONNECT and not row.reboot_required
    seen: list[tuple[str, str]] = []
    config.on_change(lambda name, value: seen.append((name, value)))
    answer = config.change_configuration(
        ChangeConfigurationRequest(key="authorizationKEY", value="0123456789abcdef0123")
    )
    assert answer.status is ConfigurationStatus.ACCEPTED
    assert seen == [("AuthorizationKey", "0123456789abcdef0123")]


def test_only_writable_keys_without_reboot_reconnect() -> None:
    reconnecting = [k for k in CONFIG_KEYS.values() if k.effect is ChangeEffect.RECONNECT]
    assert [k.name for k in reconnecting] == ["AuthorizationKey"]
    assert all(k.access is not Access.READ_ONLY and not k.reboot_required for k in reconnecting)


def test_a_reboot_required_row_answers_reboot_required() -> None:
    keys = dict(CONFIG_KEYS)
    keys["connectiontimeout"] = replace(keys["connectiontimeout"], reboot_required=True)
    config = ConfigStore(Store(":memory:"), "cb", keys)
    assert config.change("ConnectionTimeOut", "60") is ConfigurationStatus.REBOOT_REQUIRED
    assert config.get("ConnectionTimeOut") == "60"
