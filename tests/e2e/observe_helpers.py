"""The operator endpoint of a bridge subprocess: start it with ``metrics`` on, scrape it.

The bridge listens on port 0 and logs ``observe.listening address=HOST:PORT``; the tests read
the port from there, so no port is ever guessed. ``/metrics`` is parsed with
``prometheus_client.parser``, never a regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import httpx
import trio
import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.harness import HUB_A, BridgeProcess, Charger, HubSpec, World

_LISTENING = re.compile(r"observe\.listening address=127\.0\.0\.1:(\d+)")


def with_metrics(config_file: Path, listen: str = "127.0.0.1:0") -> Path:
    """Add ``metrics: {listen: ...}`` to a config written by :meth:`World.write_config`."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["metrics"] = {"listen": listen}
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


async def endpoint_port(bridge: BridgeProcess, within: float = 15.0) -> int:
    with trio.move_on_after(within):
        while not (found := _LISTENING.search(bridge.log())):  # noqa: ASYNC110
            await trio.sleep(0.05)
        return int(found.group(1))
    raise AssertionError(f"the endpoint never listened; log tail:\n{bridge.log()[-2000:]}")


async def start_observed(
    world: World,
    *chargers: Charger,
    hubs: Iterable[HubSpec] = (HUB_A,),
    wait_booted: bool = True,
    **config: Any,
) -> tuple[BridgeProcess, str]:
    """A bridge with metrics on; returns it and the endpoint's base URL."""
    config_file = with_metrics(world.write_config(chargers, hubs=hubs, **config))
    bridge = world.start_bridge(config_file)
    base = f"http://127.0.0.1:{await endpoint_port(bridge)}"
    if wait_booted:
        for charger in chargers:
            await world.wait_call(charger, "BootNotification", within=15)
            await world.wait_status(charger, connector=1, within=10)
    return bridge, base


async def get(url: str, *, wait_s: float = 5.0, **headers: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=wait_s) as http:
        return await http.get(url, headers=headers)


Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(base: str) -> Samples:
    """Every sample of ``/metrics`` as ``{(name, sorted labels): value}``."""
    response = await get(base + "/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    samples: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    """One sample; 0 when the series does not exist (yet)."""
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def wait_metric(
    base: str, name: str, predicate: Any, within: float = 10.0, **labels: str
) -> Samples:
    """Scrape until ``predicate(value)`` holds; fails with the last value."""
    last: float | None = None
    with trio.move_on_after(within):
        while True:
            samples = await scrape(base)
            last = value(samples, name, **labels)
            if predicate(last):
                return samples
            await trio.sleep(0.2)
    raise AssertionError(f"{name}{labels} stayed at {last}")


def family_values(samples: Samples, name: str, label: str) -> Mapping[str, float]:
    return {
        dict(labels)[label]: v for (n, labels), v in samples.items() if n == name
    }
