"""The endpoint's answers as plain functions: paths, readiness, the page at 10,000 chargers,
escaping, the JSON overview and the gauges as Prometheus text."""

from __future__ import annotations

import json
import re

import pytest
import trio
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from generated.status_table import CloudState
from runtime.bridge.config import ChargerSettings
from runtime.bridge.hub_poller import HubResult
from runtime.observe.error_ring import ErrorRing
from runtime.observe.fleet import FleetView
from runtime.observe.gauges import FleetGauges
from runtime.observe.hubs import HubBoard
from runtime.observe.page import PAGE_SIZE
from runtime.observe.routes import OperatorRoutes
from runtime.observe.status_cli import render_summary
from runtime.observe.watchdog import Watchdog
from runtime.ocpp.outbox import Outbox, TxRole
from runtime.storage.store import Store

FLEET = 10_000
HOSTILE = '<script>alert("x")</script>&'


def _chargers() -> list[ChargerSettings]:
    # serials starting with 1: no built-in WiFi, so no driver is needed for any of them
    rows = [ChargerSettings(str(10_000_000 + i), f"box-{i:05d}", None, None, None)
            for i in range(FLEET - 1)]  # fmt: skip
    rows.append(ChargerSettings("19999999", HOSTILE, None, None, None))
    return rows


class Fleet:
    def __init__(self) -> None:
        self.store = Store(":memory:")
        self.hubs = HubBoard(["31000001", "31000002"], lambda result: None)
        self.view = FleetView(_chargers(), {}, {}, self.hubs, {}, self.store)
        self.registry = CollectorRegistry()
        self.watchdog = Watchdog()
        self.ring = ErrorRing(self.registry)
        self.registry.register(FleetGauges(self.view, lambda: self.watchdog.lag))
        self.routes = OperatorRoutes(self.registry, self.view, self.ring, self.watchdog)

    def get(self, target: str, accept: str = "") -> tuple[int, str]:
        response = self.routes.answer("GET", target, accept)
        return response.status, response.body.decode()


@pytest.fixture
async def fleet() -> Fleet:
    return Fleet()


def _rows(page: str) -> list[str]:
    return re.findall(r'<a class="charger" href="[^"]*">([^<]*)</a>', page)


async def test_every_other_path_is_404_and_only_get_and_head(fleet: Fleet) -> None:
    for target in ("/nope", "/metrics/", "/favicon.ico", "//", "/index.html", "/readyz/x"):
        assert fleet.get(target)[0] == 404, target
    assert fleet.routes.answer("POST", "/").status == 405
    assert fleet.routes.answer("DELETE", "/metrics").status == 405
    assert fleet.routes.answer("HEAD", "/healthz").status == 200
    assert fleet.get("/?page=0")[0] == 400 and fleet.get("/?page=x")[0] == 400
    assert fleet.get("/?charger=nobody")[0] == 404
    # query parameters on / are the page's own, never a new path
    assert fleet.get("/?q=box-00001&page=1&unknown=1")[0] == 200


async def test_readiness_waits_for_every_hub_and_the_storage(fleet: Fleet) -> None:
    status, text = fleet.get("/readyz")
    assert status == 503 and "2 of 2 hubs not polled yet" in text
    fleet.hubs(HubResult("31000001", {}, CloudState.REACHABLE))
    status, text = fleet.get("/readyz")
    assert status == 503 and "1 of 2 hubs not polled yet" in text
    fleet.hubs(HubResult("31000002", None, CloudState.UNREACHABLE, "timed out"))  # failed counts
    assert fleet.get("/readyz")[0] == 200
    fleet.store.close()
    status, text = fleet.get("/readyz")
    assert status == 503 and "storage is not open" in text


async def test_healthz_fails_once_the_watchdog_tick_is_late(autojump_clock: trio.abc.Clock) -> None:
    watchdog = Watchdog(tick_s=0.5, stall_s=5.0)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(watchdog.run)
        await trio.sleep(30)
        assert watchdog.healthy() and watchdog.lag < 0.01
        nursery.cancel_scope.cancel()
    await trio.sleep(6)  # nothing ticks: as if the loop had been stuck
    assert not watchdog.healthy() and watchdog.stalled_for() > 5


async def test_the_page_lists_a_page_of_rows_at_10000_chargers(fleet: Fleet) -> None:
    status, page = fleet.get("/")
    assert status == 200
    assert len(_rows(page)) == PAGE_SIZE
    assert f"Chargers not connected ({FLEET})" in page
    assert f"page 1 of {FLEET // PAGE_SIZE}" in page
    last = fleet.get(f"/?page={FLEET // PAGE_SIZE}")[1]
    assert len(_rows(last)) == PAGE_SIZE and 'rel="next"' not in last
    assert _rows(fleet.get("/?q=&page=2")[1])[0] == f"box-{PAGE_SIZE:05d}"  # all chargers
    found = fleet.get("/?q=10000042")[1]
    assert _rows(found) == ["box-00042"]
    assert _rows(fleet.get("/?q=BOX-0004")[1])[:2] == ["box-00040", "box-00041"]
    assert "<link" not in page and "src=" not in page  # nothing loaded from elsewhere


async def test_every_value_is_escaped(fleet: Fleet) -> None:
    for target in ("/?page=200", "/?q=<script>", "/?charger=" + HOSTILE.replace("&", "%26")):
        _, page = fleet.get(target)
        assert "<script>alert" not in page, target
    detail = fleet.get("/?charger=" + HOSTILE.replace("&", "%26"))[1]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in detail
    assert "ineligible: serial does not start with 2" in detail
    search = fleet.get("/?q=%22%3E%3Cb%3E")[1]
    assert "&quot;&gt;&lt;b&gt;" in search and '"><b>' not in search


async def test_gauges_at_scrape_time(fleet: Fleet) -> None:
    box = "box-00007"
    outbox = Outbox(fleet.store, box)
    outbox.enqueue("StartTransaction", {"connectorId": 1}, tx_ref="t1", role=TxRole.START,
                   message_id="1")  # fmt: skip
    fleet.hubs(HubResult("31000001", None, CloudState.KEY_REJECTED, "API key rejected"))
    text = fleet.routes.answer("GET", "/metrics").body.decode()
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text) for s in family.samples
    }
    assert samples[("zappi_ocpp_chargers_configured", ())] == FLEET
    assert samples[("zappi_ocpp_chargers_connected", ())] == 0
    assert samples[("zappi_ocpp_chargers_by_status", (("status", "Unknown"),))] == FLEET
    assert samples[("zappi_ocpp_chargers_by_status", (("status", "Charging"),))] == 0
    assert samples[("zappi_ocpp_outbox_messages", ())] == 1
    assert 0 <= samples[("zappi_ocpp_outbox_oldest_age_seconds", ())] < 60
    assert samples[("zappi_ocpp_hubs_by_cloud_state", (("state", "key_rejected"),))] == 1
    assert samples[("zappi_ocpp_hubs_by_cloud_state", (("state", "unknown"),))] == 1
    assert samples[("zappi_ocpp_hubs_owned", ())] == 2
    # no label names a charger or a hub
    assert not [key for key in samples if any(v.startswith(("box-", "3100")) for _, v in key[1])]
    detail = fleet.get(f"/?charger={box}")[1]
    assert "StartTransaction" in detail  # its queued message


async def test_json_overview_and_the_status_text(fleet: Fleet) -> None:
    fleet.hubs(HubResult("31000002", None, CloudState.UNREACHABLE, "HTTP 503"))
    response = fleet.routes.answer("GET", "/", "application/json")
    assert response.content_type == "application/json"
    summary = json.loads(response.body)
    assert summary["chargers"]["configured"] == FLEET
    assert summary["not_connected_total"] == FLEET and len(summary["not_connected"]) == 20
    assert summary["hubs"]["failing"][0]["hub"] == "31000002"
    text = render_summary("127.0.0.1:9108", summary)
    assert f"chargers: {FLEET} configured, 0 connected, 0 accepted" in text
    assert "by status: Unknown 10000" in text
    assert "failing: hub 31000002 unreachable" in text and "HTTP 503" in text
    assert f"not connected: {FLEET}" in text
