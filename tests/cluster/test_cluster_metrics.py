"""What a cluster replica's operator endpoint says (runtime/observe): the hubs it holds (told
by the lease manager, not the config's), its lease renewals and failures, and ``/readyz``
counting only the held hubs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import httpx
import trio

from generated.status_table import CloudState
from runtime.bridge.config import ClusterConfig, MetricsSettings, parse_config
from runtime.bridge.hub_poller import HubResult
from runtime.observe import FleetWatch
from runtime.storage.store import Store

CONFIG = """
csms: {url: "ws://127.0.0.1:9000/ocpp"}
myenergi:
  director_url: https://director.myenergi.net
  hubs: [{serial: "31000001", api_key: "key-00001"}, {serial: "31000002", api_key: "key-00002"},
         {serial: "31000003", api_key: "key-00003"}]
chargers: []
storage: {path: "unused.sqlite3"}
"""


def metric(text: str, name: str) -> float:
    line = next(line for line in text.splitlines() if line.startswith(name + " "))
    return float(line.split()[1])


async def test_the_held_hubs_and_the_renewals_are_what_the_endpoint_reports(
    nursery: trio.Nursery,
) -> None:
    config = dataclasses.replace(
        parse_config(CONFIG, Path("bridge.yaml")),
        cluster=ClusterConfig(15.0), metrics=MetricsSettings("127.0.0.1", 0),
    )  # fmt: skip
    watch = FleetWatch(config)
    polled = watch.hub_results(lambda result: None)
    store = Store(":memory:")
    port = await nursery.start(watch.serve, store, {}, {})
    base = f"http://127.0.0.1:{port}"
    with trio.fail_after(10):
        async with httpx.AsyncClient() as http:
            assert metric((await http.get(base + "/metrics")).text, "zappi_ocpp_hubs_owned") == 0
            watch.hubs_owned(["31000001", "31000002"])
            for ok in (True, True, False):
                watch.lease_renewed(ok)
            text = (await http.get(base + "/metrics")).text
            assert metric(text, "zappi_ocpp_hubs_owned") == 2
            assert metric(text, "zappi_ocpp_lease_renewals_total") == 2
            assert metric(text, "zappi_ocpp_lease_renewal_failures_total") == 1
            assert "# HELP zappi_ocpp_lease_renewal_failures_total" in text
            ready = await http.get(base + "/readyz")
            assert ready.status_code == 503 and "2 of 2 hubs not polled" in ready.text
            for hub in ("31000001", "31000002"):
                polled(HubResult(hub, {}, CloudState.REACHABLE, None))
            ready = await http.get(base + "/readyz")
            assert ready.status_code == 200 and "2 hubs polled" in ready.text  # not the third
            watch.fleet_changed(config)  # a reload: the held hubs stay what is counted
            text = (await http.get(base + "/metrics")).text
            assert metric(text, "zappi_ocpp_hubs_owned") == 2
    store.close()
