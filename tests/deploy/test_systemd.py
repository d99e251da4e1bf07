"""deploy/systemd/zappi-ocpp@.service starts the real CLI with the config of deploy/systemd,
reloads with SIGHUP, stops with SIGTERM within the flush, and keeps its secrets in the
EnvironmentFile and the credentials."""

from __future__ import annotations

import shlex
import signal
from collections import defaultdict
from pathlib import Path

import pytest

from runtime.bridge.config import BridgeConfig, load_config
from tests.deploy.deployed import (
    DEPLOY,
    client_pem_pair,
    parse_run_command,
    secrets_of,
    shutdown_budget_s,
)

SYSTEMD = DEPLOY / "systemd"
UNIT = SYSTEMD / "zappi-ocpp@.service"
INSTANCE, HOST = "9108", "bridge-host-1"

Unit = dict[str, dict[str, list[str]]]


def parse_unit(text: str) -> Unit:
    """A unit file (systemd.syntax(7)): sections of ``Key=value`` lines, a key given again adds
    a value, a trailing backslash continues the line, ``#`` and ``;`` lines are comments."""
    unit: Unit = {}
    section: dict[str, list[str]] | None = None
    pending = ""
    for raw in text.splitlines():
        line = pending + raw.strip() if pending else raw.strip()
        if line.endswith("\\"):
            pending = line[:-1].rstrip() + " "
            continue
        pending = ""
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = unit.setdefault(line[1:-1], defaultdict(list))
            continue
        assert section is not None, f"{line!r} before any section"
        key, _, value = line.partition("=")
        section[key.strip()].append(value.strip())
    return unit


def specifiers(text: str) -> str:
    """systemd.unit(5) specifiers of this instance: %i, %H, %%."""
    replaced = {"%i": INSTANCE, "%H": HOST, "%%": "%"}
    out, i = [], 0
    while i < len(text):
        pair = text[i : i + 2]
        assert not (pair.startswith("%") and pair not in replaced), f"specifier {pair}"
        out.append(replaced.get(pair, text[i]))
        i += 2 if pair in replaced else 1
    return "".join(out)


@pytest.fixture
def service() -> dict[str, list[str]]:
    return parse_unit(UNIT.read_text())["Service"]


def _environment(service: dict[str, list[str]], credentials: Path) -> dict[str, str]:
    """The process's environment: Environment=, the EnvironmentFile (its example stands for
    /etc/zappi-ocpp/secrets.env), and $CREDENTIALS_DIRECTORY with the LoadCredential files."""
    (env_file,) = service["EnvironmentFile"]
    assert env_file == "/etc/zappi-ocpp/secrets.env"
    env = dict(specifiers(v).split("=", 1) for v in service["Environment"])
    example = (SYSTEMD / "secrets.env.example").read_text().splitlines()
    env |= dict(line.split("=", 1) for line in example if line and not line.startswith("#"))
    credentials.mkdir()
    cert, key = client_pem_pair()
    for credential in service["LoadCredential"]:
        name, _, source = credential.partition(":")
        assert source.startswith("/etc/zappi-ocpp/tls/"), source
        (credentials / name).write_bytes(key if name.endswith(".key") else cert)
    return env | {"CREDENTIALS_DIRECTORY": str(credentials)}


def _load(service: dict[str, list[str]], tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> BridgeConfig:  # fmt: skip
    for name, value in _environment(service, tmp_path / "credentials").items():
        monkeypatch.setenv(name, value)
    args = parse_run_command(shlex.split(specifiers(service["ExecStart"][0])))
    assert args.config == Path("/etc/zappi-ocpp/bridge.yaml")  # deploy/systemd/bridge.yaml
    return load_config(SYSTEMD / args.config.name)


def test_exec_start_is_the_real_cli(service: dict[str, list[str]], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (exec_start,) = service["ExecStart"]
    args = parse_run_command(shlex.split(specifiers(exec_start)))
    assert args.replica_id == f"{HOST}-{INSTANCE}"
    config = _load(service, tmp_path, monkeypatch)
    assert config.cluster is not None and config.storage_url is not None
    assert config.metrics is not None and config.metrics.port == int(INSTANCE)
    assert config.metrics.host == "127.0.0.1"
    key = config.chargers[1].csms.client_key
    assert key is not None and key.parent == tmp_path / "credentials"


def test_reload_is_sighup_to_the_main_process(service: dict[str, list[str]]) -> None:
    (reload,) = service["ExecReload"]
    program, flag, target = shlex.split(reload)
    assert Path(program).name == "kill" and target == "$MAINPID"
    assert signal.Signals["SIG" + flag.lstrip("-")] is signal.SIGHUP


def test_stop_waits_for_the_flush_and_restarts_on_failure(
    service: dict[str, list[str]],
) -> None:
    assert service["KillSignal"] == ["SIGTERM"]
    (timeout,) = service["TimeoutStopSec"]
    assert float(timeout) >= shutdown_budget_s()
    assert service["Restart"] == ["on-failure"]
    assert service["RestartPreventExitStatus"] == ["2"]  # a bad config: no restart loop
    assert int(service["LimitNOFILE"][0]) >= 16384  # a socket per charger


def test_hardening(service: dict[str, list[str]]) -> None:
    assert service["DynamicUser"] == ["yes"] and "User" not in service
    assert service["ProtectSystem"] == ["strict"] and service["NoNewPrivileges"] == ["yes"]
    assert service["CapabilityBoundingSet"] == [""]
    assert service["StateDirectory"] == ["zappi-ocpp"]


def test_no_secret_is_in_the_config_or_the_unit(service: dict[str, list[str]], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    held = secrets_of(_load(service, tmp_path, monkeypatch))
    assert len(held) == 4
    public = (SYSTEMD / "bridge.yaml").read_text() + UNIT.read_text()
    assert [s for s in held if s in public] == []


def test_the_unit_parser_and_specifiers_can_fail() -> None:
    unit = parse_unit("[Service]\nExecStart=/bin/a \\\n  --b %i\nX=1\nX=2\n# X=3\n")
    assert unit == {"Service": {"ExecStart": ["/bin/a --b %i"], "X": ["1", "2"]}}
    assert specifiers("/bin/a --b %i 100%%") == f"/bin/a --b {INSTANCE} 100%"
    with pytest.raises(AssertionError, match="specifier %n"):
        specifiers("--replica-id %n")
    with pytest.raises(SystemExit):  # the real parser refuses what run does not know
        parse_run_command(["zappi-ocpp", "run", "--config", "b.yaml", "--replicas", "3"])
