"""What the deploy/ tests share: the deployed command line read by the real ``zappi-ocpp``
parsers, the shutdown budget of the real code, and the files the example Secrets stand for."""

from __future__ import annotations

import argparse
import inspect
import tomllib
import urllib.parse
from pathlib import Path

import trustme

from runtime import cli
from runtime.bridge import run_cli
from runtime.bridge.config import BridgeConfig
from runtime.storage.store import Store

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"


def parse_run_command(argv: list[str]) -> argparse.Namespace:
    """``argv`` (program first) as the installed ``zappi-ocpp`` reads it: the console script of
    pyproject.toml, its subcommand parser, then ``run``'s own parser (errors exit: SystemExit)."""
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    program = Path(argv[0]).name
    assert scripts.get(program) == "runtime.cli:main", f"{argv[0]} is not the console script"
    assert cli.build_parser().parse_args(argv[1:2]).command == "run"
    return run_cli.build_parser().parse_args(argv[2:])


def shutdown_budget_s() -> float:
    """The longest a SIGTERM may take in the real code: the WebSockets close within
    ``SHUTDOWN_GRACE_S``, then ``Store.close`` commits what is queued, waiting out a database
    outage for its default timeout (runtime/bridge/service.py calls it without one)."""
    close_timeout = inspect.signature(Store.close).parameters["timeout"].default
    assert isinstance(close_timeout, float)
    return run_cli.SHUTDOWN_GRACE_S + close_timeout


def client_pem_pair() -> tuple[bytes, bytes]:
    """A client certificate chain and its key, as an operator's PKI would issue them."""
    issued = trustme.CA().issue_cert("ZAP-0002")
    return b"".join(p.bytes() for p in issued.cert_chain_pems), issued.private_key_pem.bytes()


def secrets_of(config: BridgeConfig) -> set[str]:
    """Every secret the loaded config holds: hub API keys, CSMS passwords, the database's."""
    found = {hub.api_key for hub in config.hubs}
    found |= {c.csms.password for c in config.chargers if c.csms.password}
    found |= {config.csms.password} if config.csms.password else set()
    database_password = urllib.parse.urlsplit(config.storage_url or "").password
    return found | ({database_password} if database_password else set())
