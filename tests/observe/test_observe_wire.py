"""The wire observer: CALLs counted in both directions with their outcome and round trip,
reconnects by reason, the last StatusNotification kept and nothing else of a payload."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
import trio
from prometheus_client import CollectorRegistry

from runtime.observe.instruments import Instruments
from runtime.observe.wire import ObservedConnector
from runtime.ocpp.transport import Endpoint, Link, LinkClosed

ENDPOINT = Endpoint("ws://127.0.0.1:1/ocpp", "CP-1")


class ScriptedLink:
    """A link whose received frames are queued by the test; sent ones are recorded."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self._in_send, self._in = trio.open_memory_channel[str](100)

    def feed(self, *frame: object) -> None:
        self._in_send.send_nowait(json.dumps(list(frame)))

    async def send(self, text: str) -> None:
        self.sent.append(text)

    async def receive(self) -> str:
        return await self._in.receive()

    async def ping(self) -> None:
        pass

    async def close(self) -> None:
        pass


class Connector:
    """Hands out ScriptedLinks, or fails the attempt when told to."""

    def __init__(self) -> None:
        self.links: list[ScriptedLink] = []
        self.fail_next = False

    @asynccontextmanager
    async def __call__(self, endpoint: Endpoint, nursery: trio.Nursery) -> AsyncIterator[Link]:
        if self.fail_next:
            self.fail_next = False
            raise LinkClosed("connection refused")
        link = ScriptedLink()
        self.links.append(link)
        yield link


def _value(registry: CollectorRegistry, name: str, **labels: str) -> float:
    return registry.get_sample_value(name, labels) or 0.0


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
def observed(registry: CollectorRegistry) -> tuple[ObservedConnector, Connector]:
    inner = Connector()
    return ObservedConnector(inner, Instruments(registry)), inner


async def test_calls_both_ways_are_counted_with_their_outcome(
    registry: CollectorRegistry, observed: tuple[ObservedConnector, Connector], nursery: trio.Nursery
) -> None:
    connector, _ = observed
    async with connector(ENDPOINT, nursery) as link:
        await link.send(json.dumps([2, "1", "BootNotification", {"chargePointModel": "zappi"}]))
        inner = connector_links(observed)[-1]
        inner.feed(3, "1", {"status": "Accepted", "currentTime": "x", "interval": 30})
        await link.receive()
        await link.send(json.dumps([2, "2", "Heartbeat", {}]))
        await link.send(json.dumps([2, "3", "Heartbeat", {}]))  # "2" was given up on
        inner.feed(4, "3", "InternalError", "", {})
        await link.receive()
        inner.feed(2, "a", "RemoteStartTransaction", {"idTag": "T"})
        await link.receive()
        await link.send(json.dumps([3, "a", {"status": "Accepted"}]))
        inner.feed(2, "b", "MadeUpAction", {})
        await link.receive()
        await link.send(json.dumps([4, "b", "NotImplemented", "", {}]))
        inner.feed(2, "c", "Reset", {"type": "Soft"})
        await link.receive()
        await link.send(json.dumps([4, "c", "NoSuchCode", "", {}]))
    sent = {"origin": "ChargePoint"}
    received = {"origin": "CentralSystem"}
    calls = "zappi_ocpp_ocpp_calls_total"
    assert _value(registry, calls, action="BootNotification", outcome="CALLRESULT", **sent) == 1
    assert _value(registry, calls, action="Heartbeat", outcome="timeout", **sent) == 1
    assert _value(registry, calls, action="Heartbeat", outcome="InternalError", **sent) == 1
    assert _value(registry, calls, action="RemoteStartTransaction", outcome="CALLRESULT",
                  **received) == 1  # fmt: skip
    assert _value(registry, calls, action="unknown", outcome="NotImplemented", **received) == 1
    assert _value(registry, calls, action="Reset", outcome="other", **received) == 1
    durations = "zappi_ocpp_ocpp_call_duration_seconds_count"
    assert _value(registry, durations, action="BootNotification", **sent) == 1
    assert _value(registry, durations, action="Heartbeat", **sent) == 1  # only the answered one
    record = connector.records["CP-1"]
    assert record.connected_since is None and record.last_end == "requested"


def connector_links(observed: tuple[ObservedConnector, Connector]) -> list[ScriptedLink]:
    return observed[1].links


async def test_status_is_kept_and_nothing_else_of_a_payload(
    observed: tuple[ObservedConnector, Connector], nursery: trio.Nursery
) -> None:
    connector, _ = observed
    secret = "a-new-authorization-key-0123456789"
    async with connector(ENDPOINT, nursery) as link:
        await link.send(json.dumps([2, "1", "StatusNotification", {
            "connectorId": 1, "status": "Faulted", "errorCode": "GroundFailure",
            "vendorErrorCode": "zsh 29 EVSE_FAULT_RCD_TRIP"}]))  # fmt: skip
        inner = connector_links(observed)[-1]
        inner.feed(3, "1", {})
        await link.receive()
        await link.send(json.dumps([2, "2", "StatusNotification", {
            "connectorId": 0, "status": "Available", "errorCode": "NoError"}]))  # fmt: skip
        inner.feed(2, "k", "ChangeConfiguration", {"key": "AuthorizationKey", "value": secret})
        await link.receive()
        record = connector.records["CP-1"]
        assert record.status is not None and record.status.status == "Faulted"
        assert record.status.error_code == "GroundFailure"
        assert record.status.vendor_error_code == "zsh 29 EVSE_FAULT_RCD_TRIP"
        assert secret not in repr(record)


async def test_reconnects_are_counted_by_how_the_last_connection_ended(
    registry: CollectorRegistry, observed: tuple[ObservedConnector, Connector], nursery: trio.Nursery
) -> None:
    connector, inner = observed
    reconnects = "zappi_ocpp_reconnects_total"
    async with connector(ENDPOINT, nursery) as link:  # the first connection is no reconnect
        await link.send(json.dumps([2, "1", "Heartbeat", {}]))
        inner.links[-1].feed(2, "x", "Reset", {"type": "Soft"})
        await link.receive()
    assert sum(_value(registry, reconnects, reason=r) for r in
               ("connect_failed", "connection_lost", "requested")) == 0  # fmt: skip
    # the pending CALLs of the ended connection were counted as such
    calls = "zappi_ocpp_ocpp_calls_total"
    assert _value(registry, calls, origin="ChargePoint", action="Heartbeat",
                  outcome="connection_lost") == 1  # fmt: skip
    assert _value(registry, calls, origin="CentralSystem", action="Reset",
                  outcome="unanswered") == 1  # fmt: skip

    with pytest.raises(LinkClosed):
        async with connector(ENDPOINT, nursery):  # after a wanted disconnect
            raise LinkClosed("the CSMS closed the TCP connection")
    assert _value(registry, reconnects, reason="requested") == 1
    record = connector.records["CP-1"]
    assert record.last_error is not None and "closed the TCP" in record.last_error

    inner.fail_next = True
    with pytest.raises(LinkClosed):
        async with connector(ENDPOINT, nursery):
            pass
    assert _value(registry, reconnects, reason="connection_lost") == 1
    with pytest.raises(LinkClosed):
        inner.fail_next = True
        async with connector(ENDPOINT, nursery):
            pass
    assert _value(registry, reconnects, reason="connect_failed") == 1
    assert connector.records["CP-1"].attempts == 4

    with trio.CancelScope() as scope:  # this attempt follows a failed one...
        async with connector(ENDPOINT, nursery):
            scope.cancel()
            await trio.sleep_forever()
    assert _value(registry, reconnects, reason="connect_failed") == 2
    # ...and ends in a shutdown: no attempt follows, so nothing more is counted
    assert connector.records["CP-1"].last_end == "connection_lost"
    assert sum(_value(registry, reconnects, reason=r) for r in
               ("connect_failed", "connection_lost", "requested")) == 4  # fmt: skip
