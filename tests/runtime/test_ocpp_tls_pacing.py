"""Security profile 3 (mutual TLS) and connection pacing, over both connectors and real
sockets: a CSMS that requires and checks a client certificate, a limiter that bounds the
connections being opened at once, and a reconnect back-off that is capped and jittered."""

from __future__ import annotations

import random
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trio
import trio.lowlevel
import trustme

from runtime.ocpp.charge_point import ChargePoint, ChargePointOptions
from runtime.ocpp.pacing import ReconnectBackoff
from runtime.ocpp.tls import tls_context
from runtime.ocpp.transport import Connector, open_websocket_link
from runtime.ocpp.wsproto_link import open_wsproto_link
from runtime.storage.store import Store
from tests.support.csms import TestCsms

BOOT = {"chargePointVendor": "myenergi", "chargePointModel": "zappi",
        "chargePointSerialNumber": "21234567", "firmwareVersion": "5.114"}
CONNECTORS: dict[str, Connector] = {"wsproto": open_wsproto_link,
                                    "trio-websocket": open_websocket_link}


@pytest.fixture(params=sorted(CONNECTORS))
def connector(request: pytest.FixtureRequest) -> Connector:
    return CONNECTORS[request.param]


def charge_point(url: str, name: str, connector: Connector, **options: Any) -> ChargePoint:
    return ChargePoint(
        ChargePointOptions(name, url, BOOT, reconnect_initial=0.05, reconnect_cap=0.2, **options),
        store=Store(":memory:"),
        connector=connector,
    )


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def mtls_csms(ca: trustme.CA) -> Iterator[TestCsms]:
    """A wss:// CSMS that requires a client certificate signed by ``ca`` (profile 3)."""
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(server)
    server.verify_mode = ssl.CERT_REQUIRED
    ca.configure_trust(server)
    with TestCsms(ssl_context=server, url_host="localhost") as csms:
        yield csms


def client_files(tmp_path: Path, ca: trustme.CA, name: str) -> dict[str, str]:
    cert = ca.issue_cert(name)
    paths = {"ca_file": tmp_path / "ca.pem", "client_cert": tmp_path / f"{name}.crt",
             "client_key": tmp_path / f"{name}.key"}
    ca.cert_pem.write_to_path(str(paths["ca_file"]))
    paths["client_cert"].write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    cert.private_key_pem.write_to_path(str(paths["client_key"]))
    return {key: str(path) for key, path in paths.items()}


async def test_security_profile_3_client_certificate_is_required_and_checked(
    mtls_csms: TestCsms, ca: trustme.CA, tmp_path: Path, connector: Connector
) -> None:
    mine = client_files(tmp_path, ca, "cp-mtls")
    (tmp_path / "other").mkdir()
    stranger = client_files(tmp_path / "other", trustme.CA(), "cp-other")  # another CA
    good = charge_point(mtls_csms.url, "MTLS1", connector, **mine)
    no_cert = charge_point(mtls_csms.url, "MTLS2", connector, ca_file=mine["ca_file"])
    wrong_ca = charge_point(mtls_csms.url, "MTLS3", connector, ca_file=mine["ca_file"],
                            client_cert=stranger["client_cert"],
                            client_key=stranger["client_key"])
    with trio.fail_after(15):
        async with trio.open_nursery() as nursery:
            for cp in (good, no_cert, wrong_ca):
                nursery.start_soon(cp.run)
            await good.wait_accepted()
            await trio.sleep(0.6)  # several reconnect attempts of the refused ones
            nursery.cancel_scope.cancel()
    assert mtls_csms.connections == ["MTLS1"]
    assert not no_cert.accepted and not wrong_ca.accepted


def test_tls_contexts_are_shared_and_reread_when_a_file_changes(
    ca: trustme.CA, tmp_path: Path
) -> None:
    files = client_files(tmp_path, ca, "cp-shared")
    first = tls_context(files["ca_file"], files["client_cert"], files["client_key"])
    assert tls_context(files["ca_file"], files["client_cert"], files["client_key"]) is first
    other = ca.issue_cert("cp-renewed")
    Path(files["client_cert"]).write_bytes(b"".join(b.bytes() for b in other.cert_chain_pems))
    other.private_key_pem.write_to_path(files["client_key"])
    assert tls_context(files["ca_file"], files["client_cert"], files["client_key"]) is not first
    with pytest.raises(OSError):
        tls_context(files["ca_file"], str(tmp_path / "missing.crt"), files["client_key"])


async def test_a_limiter_bounds_the_connections_opened_at_once(connector: Connector) -> None:
    limiter = trio.CapacityLimiter(2)
    seen = {"borrowed": 0, "waiting": 0}
    with TestCsms() as csms:
        chargers = [charge_point(csms.url, f"LIM{i}", connector, connect_limiter=limiter)
                    for i in range(8)]

        async def watch() -> None:
            while True:
                seen["borrowed"] = max(seen["borrowed"], limiter.borrowed_tokens)
                seen["waiting"] = max(seen["waiting"], limiter.statistics().tasks_waiting)
                await trio.lowlevel.checkpoint()

        with trio.fail_after(20):
            async with trio.open_nursery() as nursery:
                nursery.start_soon(watch)
                for cp in chargers:
                    nursery.start_soon(cp.run)
                for cp in chargers:
                    await cp.wait_accepted()
                nursery.cancel_scope.cancel()
        assert sorted(csms.connections) == sorted(f"LIM{i}" for i in range(8))
    assert seen["borrowed"] == 2  # used, and never more than its slots
    assert seen["waiting"] >= 1  # the others queued for a slot
    assert limiter.borrowed_tokens == 0  # every slot handed back once connected


def test_reconnect_backoff_is_capped_jittered_and_reset() -> None:
    backoffs = [ReconnectBackoff(1.0, 30.0, random.Random(seed)) for seed in range(100)]
    rounds = [[b.next_delay() for b in backoffs] for _ in range(8)]
    for n, delays in enumerate(rounds):
        nominal = min(30.0, 2.0**n)
        assert all(nominal / 2 <= d <= nominal for d in delays)
        assert len({round(d, 6) for d in delays}) > 90  # not in lock step
    assert backoffs[0].failures == 8
    backoffs[0].reset()
    assert backoffs[0].failures == 0 and backoffs[0].next_delay() <= 1.0
