"""Each charger's Central System in the config: its ``csms`` mapping over the top-level one,
no credentials inherited by another operator's charger, profile 3 files checked at load, the
deprecated ``chargers[].password``, secrets masked, and a fleet-sized file checked quickly."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
import trustme
import yaml

from runtime import logs
from runtime.bridge.config import ConfigError, parse_config

BASE = {
    "csms": {"url": "wss://csms.a.example/ocpp", "password": "operator-a-password-01"},
    "myenergi": {"director_url": "https://director.myenergi.net",
                 "hubs": [{"serial": "21000001", "api_key": "hub-key-000001"}]},
    "chargers": [{"serial": "21000001", "charge_box_id": "A-1"}],
    "storage": {"path": "./var/bridge.sqlite3"},
}  # fmt: skip


def config_with(tmp_path: Path, *chargers: dict[str, object], **csms: object) -> str:
    data = {**BASE, "csms": {**BASE["csms"], **csms}, "chargers": list(chargers) or BASE["chargers"]}
    return yaml.safe_dump(data)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ca.pem, cp.crt and cp.key (a client certificate) and other.key (not its key)."""
    folder = tmp_path_factory.mktemp("pki")
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    cert = ca.issue_cert("cp-1")
    (folder / "cp.crt").write_bytes(b"".join(b.bytes() for b in cert.cert_chain_pems))
    cert.private_key_pem.write_to_path(str(folder / "cp.key"))
    ca.issue_cert("cp-2").private_key_pem.write_to_path(str(folder / "other.key"))
    return folder


def test_a_charger_overrides_the_default_key_by_key(tmp_path: Path) -> None:
    text = config_with(
        tmp_path,
        {"serial": "21000001", "charge_box_id": "A-1"},
        {"serial": "21000002", "charge_box_id": "A-2", "csms": {"password": "own-password-0002"}},
        {"serial": "21000003", "charge_box_id": "B-1",
         "csms": {"url": "ws://csms.b.example:9000/ocpp/", "password": "operator-b-password"}},
        {"serial": "21000004", "charge_box_id": "C-1", "csms": {"url": "ws://csms.c.example/x"}},
    )  # fmt: skip
    config = parse_config(text, tmp_path / "bridge.yaml")
    default, own_password, operator_b, operator_c = (c.csms for c in config.chargers)
    assert default is config.csms.default  # one shared object for the default's chargers
    assert (own_password.url, own_password.password) == ("wss://csms.a.example/ocpp",
                                                         "own-password-0002")  # fmt: skip
    assert (operator_b.url, operator_b.password) == ("ws://csms.b.example:9000/ocpp",
                                                     "operator-b-password")  # fmt: skip
    # another operator's charger inherits none of the default's credentials
    assert (operator_c.url, operator_c.password) == ("ws://csms.c.example/x", None)
    assert operator_b.origin == "ws://csms.b.example:9000" and default.origin.endswith(":443")
    assert "password" not in repr(config.chargers[2]) and "operator-b" not in repr(config)


def test_profile_3_files_are_resolved_and_loaded(tmp_path: Path, pki: Path) -> None:
    charger = {"serial": "21000001", "charge_box_id": "A-1",
               "csms": {"client_cert": "cp.crt", "client_key": "cp.key"}}  # fmt: skip
    config = parse_config(config_with(tmp_path, charger, ca_file="ca.pem"), pki / "bridge.yaml")
    endpoint = config.chargers[0].csms
    assert endpoint.ca_file == pki / "ca.pem"  # inherited: the same operator
    assert (endpoint.client_cert, endpoint.client_key) == (pki / "cp.crt", pki / "cp.key")
    top = config_with(tmp_path, client_cert="cp.crt", client_key="cp.key")
    assert parse_config(top, pki / "bridge.yaml").chargers[0].csms.client_key == pki / "cp.key"


@pytest.mark.parametrize(
    ("charger_csms", "problem"),
    [
        ({"client_cert": "cp.crt"}, "chargers[0].csms.client_key: client_cert and client_key go"),
        ({"client_key": "cp.key"}, "chargers[0].csms.client_cert: client_cert and client_key go"),
        ({"client_cert": "cp.crt", "client_key": "missing.key"},
         "chargers[0].csms.client_key: cannot read"),
        ({"client_cert": "cp.crt", "client_key": "other.key"},
         "chargers[0].csms.client_cert: cannot be used for TLS"),
        ({"url": "ws://plain.example/ocpp", "ca_file": "ca.pem"},
         "chargers[0].csms.ca_file: only used with a wss:// url"),
        ({"url": "ftp://x/ocpp"}, "chargers[0].csms.url: 'ftp://x/ocpp' does not match"),
        ({"user": "x"}, "chargers[0].csms: Additional properties are not allowed ('user'"),
    ],
)
def test_csms_mistakes_are_refused_with_their_key(
    tmp_path: Path, pki: Path, charger_csms: dict[str, object], problem: str
) -> None:
    charger = {"serial": "21000001", "charge_box_id": "A-1", "csms": charger_csms}
    with pytest.raises(ConfigError) as info:
        parse_config(config_with(tmp_path, charger), pki / "bridge.yaml")
    assert any(p.startswith(problem) for p in info.value.problems), info.value.problems


def test_the_old_charger_password_key_still_works_once_warned(tmp_path: Path) -> None:
    old = {"serial": "21000001", "charge_box_id": "A-1", "password": "legacy-password-01"}
    config = parse_config(config_with(tmp_path, old), tmp_path / "bridge.yaml")
    assert config.chargers[0].csms.password == "legacy-password-01"
    assert config.chargers[0].password == "legacy-password-01"
    assert config.deprecated == (("chargers[].password", "chargers[].csms.password"),)
    both = {**old, "csms": {"password": "new-password-0001"}}
    with pytest.raises(ConfigError) as info:
        parse_config(config_with(tmp_path, both), tmp_path / "bridge.yaml")
    assert info.value.problems == [
        "chargers[0].password: deprecated alias of chargers[0].csms.password; keep one"
    ]


def test_every_charger_password_is_masked_in_the_log(tmp_path: Path) -> None:
    chargers = [{"serial": str(21000001 + i), "charge_box_id": f"A-{i}",
                 "csms": {"url": f"ws://op{i}.example/ocpp", "password": f"secret-of-op-{i:03d}"}}
                for i in range(3)]  # fmt: skip
    parse_config(config_with(tmp_path, *chargers), tmp_path / "bridge.yaml")
    stream = io.StringIO()
    logs.setup("INFO", stream)
    logging.getLogger("t").warning("sent secret-of-op-000 secret-of-op-002 operator-a-password-01")
    assert stream.getvalue().count("***") == 3 and "secret-of-op" not in stream.getvalue()


def test_a_fleet_sized_file_is_checked_in_one_pass(tmp_path: Path) -> None:
    hubs = [{"serial": str(30_000_000 + i), "api_key": f"key-{i:05d}"} for i in range(10_000)]
    chargers = [{"serial": str(20_000_000 + i), "charge_box_id": f"home-{i:05d}",
                 "hub": str(30_000_000 + i)} for i in range(10_000)]  # fmt: skip
    chargers[9_999]["hub"] = "39999999"
    hubs.append(dict(hubs[0]))
    text = json.dumps({**BASE, "myenergi": {**BASE["myenergi"], "hubs": hubs},
                       "chargers": chargers})  # JSON is YAML, and quicker to write  # fmt: skip
    with pytest.raises(ConfigError) as info:
        parse_config(text, tmp_path / "bridge.yaml")
    assert info.value.problems == [
        "myenergi.hubs: hub 30000000 is listed twice",
        "chargers[9999].hub: hub 39999999 is not in myenergi.hubs",
    ]
