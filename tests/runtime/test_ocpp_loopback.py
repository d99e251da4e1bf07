"""The runtime over real loopback sockets against the ``ocpp`` package's central system
(tests/support/csms.py): boot, heartbeat, CSMS-initiated calls, reconnect after a CSMS
restart, outbox order and retries, security profiles 1 and 2, subprotocol refusal, and one
charger's crash not disturbing another."""

from __future__ import annotations

import logging
import ssl
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import trio
import trustme

from generated.payloads import (
    ChangeConfigurationRequest,
    ChangeConfigurationResponse,
    GenericStatus,
    GetConfigurationRequest,
    GetConfigurationResponse,
    HeartbeatRequest,
    ResetRequest,
    ResetResponse,
)
from runtime.ocpp.charge_point import ChargePoint, ChargePointOptions
from runtime.ocpp.outbox import TxRole
from runtime.ocpp.transport import (
    Connector,
    Endpoint,
    SubprotocolRefused,
    link_closed_from_group,
    open_websocket_link,
)
from runtime.ocpp.wsproto_link import open_wsproto_link
from runtime.storage.store import Store
from tests.support.csms import TestCsms

BOOT = {"chargePointVendor": "myenergi", "chargePointModel": "zappi",
        "chargePointSerialNumber": "21234567", "firmwareVersion": "5.114"}
START = {"connectorId": 1, "idTag": "VIRTUAL1", "meterStart": 0,
         "timestamp": "2025-01-01T00:00:00Z"}
STOP = {"meterStop": 1200, "timestamp": "2025-01-01T01:00:00Z", "reason": "Local"}


class Handler:
    """The bridge's side for these tests: configuration and Reset."""

    def __init__(self) -> None:
        self.charge_point: ChargePoint | None = None

    async def on_get_configuration(self, request: GetConfigurationRequest) -> GetConfigurationResponse:
        assert self.charge_point is not None
        return self.charge_point.config.get_configuration(request)

    async def on_change_configuration(
        self, request: ChangeConfigurationRequest
    ) -> ChangeConfigurationResponse:
        assert self.charge_point is not None
        return self.charge_point.config.change_configuration(request)

    async def on_reset(self, request: ResetRequest) -> ResetResponse:
        assert self.charge_point is not None
        self.charge_point.reboot()
        return ResetResponse(status=GenericStatus.ACCEPTED)


#: the transport under test; the ``connector`` fixture runs every test over both
CONNECTORS: dict[str, Connector] = {"wsproto": open_wsproto_link, "trio-websocket": open_websocket_link}
_connector: list[Connector] = [open_wsproto_link]


@pytest.fixture(autouse=True, params=sorted(CONNECTORS))
def connector(request: pytest.FixtureRequest) -> Iterator[Connector]:
    _connector[0] = CONNECTORS[request.param]
    yield _connector[0]
    _connector[0] = open_wsproto_link


def make_charge_point(url: str, cb: str = "CP 1", *, store: Store | None = None,
                      **options: Any) -> ChargePoint:
    handler = Handler()
    cp = ChargePoint(
        ChargePointOptions(cb, url, BOOT, reconnect_initial=0.05, reconnect_cap=0.2, **options),
        store=store or Store(":memory:"),
        handler=handler,  # type: ignore[arg-type]
        connector=_connector[0],
    )
    handler.charge_point = cp
    return cp


@asynccontextmanager
async def running(*charge_points: ChargePoint) -> AsyncIterator[None]:
    async with trio.open_nursery() as nursery:
        for cp in charge_points:
            nursery.start_soon(cp.run)
        yield
        nursery.cancel_scope.cancel()


@pytest.fixture
def csms() -> Iterator[TestCsms]:
    with TestCsms() as server:
        yield server


async def test_boot_status_and_heartbeat(csms: TestCsms) -> None:
    csms.script.reply("BootNotification", lambda cb, p: {
        "status": "Accepted", "currentTime": "2025-01-01T00:00:00Z", "interval": 1})
    cp = make_charge_point(csms.url)
    with trio.fail_after(10):
        async with running(cp):
            await csms.wait_for_call("Heartbeat")
            answer = await cp.sender.heartbeat(HeartbeatRequest())
    assert answer.current_time
    actions = [frame[2] for frame in csms.calls()]
    assert actions[:3] == ["BootNotification", "StatusNotification", "StatusNotification"]
    assert csms.connections == ["CP 1"]  # the id was percent-encoded and decoded back
    assert not [f for f in csms.sent() if f[0] == 4], "the ocpp package found no invalid CALL"


async def test_csms_initiated_calls(csms: TestCsms) -> None:
    cp = make_charge_point(csms.url)
    with trio.fail_after(10):
        async with running(cp):
            await cp.wait_accepted()
            answer = await csms.request("CP 1", "GetConfiguration", {"key": ["heartbeatinterval"]})
            assert answer[2] == {"configurationKey": [
                {"key": "HeartbeatInterval", "readonly": False, "value": "300"}]}
            changed = await csms.request("CP 1", "ChangeConfiguration",
                                         {"key": "HeartbeatInterval", "value": "20"})
            assert changed[2] == {"status": "Accepted"}
            unknown = await csms.request("CP 1", "MakeCoffee", {})
            assert unknown[:3] == [4, unknown[1], "NotImplemented"]
            unsupported = await csms.request("CP 1", "ReserveNow", {})
            assert unsupported[2] == "NotSupported"
            invalid = await csms.request("CP 1", "Reset", {"type": "Sideways"})
            assert invalid[2] == "PropertyConstraintViolation"
            missing = await csms.request("CP 1", "ChangeConfiguration", {"key": "HeartbeatInterval"})
            assert missing[2] == "OccurenceConstraintViolation"
    assert cp.config.get("HeartbeatInterval") == "20"


async def test_reset_boots_again_on_a_new_connection(csms: TestCsms) -> None:
    cp = make_charge_point(csms.url)
    with trio.fail_after(10):
        async with running(cp):
            await cp.wait_accepted()
            answer = await csms.request("CP 1", "Reset", {"type": "Soft"})
            assert answer[2] == {"status": "Accepted"}
            await csms.wait_for_call("BootNotification", count=2)
    assert csms.connections == ["CP 1", "CP 1"]


async def test_reconnect_after_the_csms_restarts_without_a_new_boot(csms: TestCsms) -> None:
    cp = make_charge_point(csms.url)
    with trio.fail_after(15):
        async with running(cp):
            await cp.wait_accepted()
            await trio.to_thread.run_sync(csms.stop)
            await trio.sleep(0.3)
            await trio.to_thread.run_sync(csms.start)
            await csms.wait_connected("CP 1", count=2)
            await cp.wait_accepted()
            await cp.sender.heartbeat(HeartbeatRequest())
    assert len(csms.calls("BootNotification")) == 1  # OCPP-J 1.6 §5.4
    assert len(csms.calls("Heartbeat")) == 1


async def test_outbox_order_and_retries_over_the_wire(csms: TestCsms) -> None:
    csms.script.error("StartTransaction", "InternalError", times=2)
    cp = make_charge_point(csms.url)
    cp.config.change("TransactionMessageRetryInterval", "1")
    first = cp.enqueue_transaction_message("StartTransaction", START, tx_ref="t", role=TxRole.START)
    cp.enqueue_transaction_message("MeterValues", {"connectorId": 1, "meterValue": [
        {"timestamp": "2025-01-01T00:30:00Z", "sampledValue": [{"value": "600"}]}]},
        tx_ref="t", role=TxRole.UPDATE)
    cp.enqueue_transaction_message("StopTransaction", STOP, tx_ref="t", role=TxRole.STOP)
    with trio.fail_after(15):
        async with running(cp):
            assert await cp.transaction_id("t") == 1001
            await csms.wait_for_call("StopTransaction")
    starts = csms.calls("StartTransaction")
    assert [frame[1] for frame in starts] == [first] * 3
    ordered = [f[2] for f in csms.calls() if f[2] in ("StartTransaction", "MeterValues",
                                                     "StopTransaction")]
    assert ordered == ["StartTransaction"] * 3 + ["MeterValues", "StopTransaction"]
    assert csms.calls("MeterValues")[0][3]["transactionId"] == 1001
    assert csms.calls("StopTransaction")[0][3]["transactionId"] == 1001


async def test_subprotocol_must_be_agreed(connector: Connector) -> None:
    with TestCsms(agree_subprotocol=False) as other, trio.fail_after(10), pytest.raises(
        BaseException
    ) as caught:
        async with trio.open_nursery() as nursery, connector(
            Endpoint(other.url, "CP1"), nursery
        ):
            pass  # pragma: no cover - never reached
    error = caught.value
    if isinstance(error, BaseExceptionGroup):
        error = link_closed_from_group(error)
    assert isinstance(error, SubprotocolRefused)


async def test_security_profile_1_basic_auth(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    password = "0011223344556677889900aabbccddeeff001122"
    with TestCsms(password=password) as secured:
        good = make_charge_point(secured.url, "GOOD", password=password)
        bad = make_charge_point(secured.url, "BAD", password="wrong-password-123")
        with trio.fail_after(10):
            async with running(good, bad):
                await good.wait_accepted()
                while len(secured.auth_failures) < 2:  # noqa: ASYNC110 - a thread's list
                    await trio.sleep(0.05)
        assert secured.connections == ["GOOD"]
        assert set(secured.auth_failures) == {"BAD"}
    assert password not in caplog.text
    assert "wrong-password-123" not in caplog.text


@pytest.fixture(scope="module")
def tls_ca() -> trustme.CA:
    return trustme.CA()


async def test_security_profile_2_tls(tls_ca: trustme.CA, tmp_path: Path) -> None:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_ca.issue_cert("localhost").configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    tls_ca.cert_pem.write_to_path(str(ca_file))
    with TestCsms(ssl_context=server_context, password="p" * 20, url_host="localhost") as tls:
        assert tls.url.startswith("wss://localhost:")
        trusted = make_charge_point(tls.url, "TLS1", password="p" * 20, ca_file=str(ca_file))
        untrusted = make_charge_point(tls.url, "TLS2", password="p" * 20)  # system CAs only
        with trio.fail_after(10):
            async with running(trusted, untrusted):
                await trusted.wait_accepted()
                await trio.sleep(0.5)
        assert tls.connections == ["TLS1"]
        assert not untrusted.connected


async def test_one_chargers_crash_does_not_disturb_another(csms: TestCsms) -> None:
    csms.script.reply("BootNotification", lambda cb, p: {
        "status": "Accepted", "currentTime": "2025-01-01T00:00:00Z", "interval": 1})
    good = make_charge_point(csms.url, "GOOD")
    broken = ChargePoint(
        ChargePointOptions("BROKEN", csms.url, BOOT, reconnect_initial=0.05),
        store=Store(":memory:"),
        connector=_connector[0],
        status_of=lambda connector: 1 / 0,  # type: ignore[arg-type,return-value]
    )

    async def crash_and_restart(cp: ChargePoint) -> None:
        # A bug ends the charger's own run(), in its own task; the service's supervisor
        # (runtime/bridge/service.py) then restarts it like this.
        while True:
            with pytest.raises(ZeroDivisionError):
                await cp.run()
            cp.reboot()
            await trio.sleep(0.1)

    with trio.fail_after(10):
        async with trio.open_nursery() as nursery:
            nursery.start_soon(good.run)
            nursery.start_soon(crash_and_restart, broken)
            await csms.wait_for_call("Heartbeat", count=2, charge_box="GOOD")
            await csms.wait_for_call("BootNotification", count=2, charge_box="BROKEN")
            nursery.cancel_scope.cancel()
    assert csms.connections.count("GOOD") == 1
