"""Fleets from configuration: a fleet file (YAML/JSON), the demo fleet, a synthetic fleet.

``fleet_from_config`` reads the mapping a ``--config`` file holds; ``synthetic_fleet_config``
writes such a mapping for N hubs (``zappi-ocpp simulate --hubs 10000 --zappis-per-hub 1
--charging-fraction 0.3``), so scale runs need no file and the bridge's side can be generated
from the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from generated.myenergi import ChargeMode, LockBits
from runtime.myenergi.simulator.clock import SimClock
from runtime.myenergi.simulator.fleet import DEFAULT_API_KEY, DEFAULT_HUB, Fleet, Hub
from runtime.myenergi.simulator.zappi import ZappiModel

_ZAPPI_KEYS = {
    "serial", "firmware", "name", "mode", "lock", "pin", "min_green", "phases",
    "max_current_a", "voltage_dv", "house_load_w", "generation_w", "ct_types", "vhub",
    "plugged", "ev_wants_kwh", "transition_s",
}  # fmt: skip


def zappi_from_config(row: Mapping[str, object]) -> ZappiModel:
    unknown = set(row) - _ZAPPI_KEYS
    if unknown:
        raise ValueError(f"unknown zappi settings: {', '.join(sorted(unknown))}")
    zappi = ZappiModel(serial=int(str(row["serial"])))
    if "firmware" in row:
        zappi.firmware = str(row["firmware"])
    zappi.name = str(row.get("name", f"Zappi {zappi.serial}"))
    if "mode" in row:
        zappi.mode = ChargeMode[str(row["mode"]).upper().replace("+", "_PLUS")]
    if "lock" in row:
        zappi.lock_settings = LockBits(_int(row["lock"]) & 0b1110)
    if "pin" in row:
        zappi.pin = str(row["pin"])
    for key, attr in (
        ("min_green", "min_green_pct"),
        ("phases", "phases"),
        ("voltage_dv", "voltage_dv"),
        ("house_load_w", "house_load_w"),
        ("generation_w", "generation_w"),
    ):
        if key in row:
            setattr(zappi, attr, _int(row[key]))
    if "max_current_a" in row:
        zappi.max_current_a = float(str(row["max_current_a"]))
    if "ct_types" in row:
        types = row["ct_types"]
        assert isinstance(types, list)
        zappi.ct_types = tuple(str(t) for t in types)
    zappi.vhub = bool(row.get("vhub", False))
    if "ev_wants_kwh" in row:
        zappi.ev_wants_kwh = float(str(row["ev_wants_kwh"]))
    if "transition_s" in row:
        zappi.transition_s = float(str(row["transition_s"]))
    if row.get("plugged"):
        zappi.plug_in()
        zappi.transition_remaining_s = 0.0  # plugged in before the simulator started
    return zappi


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def hub_from_config(row: object) -> Hub:
    """A hub row of a fleet file (also the body rows of ``POST /_control/hubs``)."""
    if not isinstance(row, dict):
        raise ValueError("each hub must be a mapping")
    hub = Hub(serial=str(row["serial"]), api_key=str(row["api_key"]))
    if "firmware" in row:
        hub.firmware = str(row["firmware"])
    hub.site_name = str(row.get("site_name", hub.site_name))
    hub.command_delay_s = float(row.get("command_delay_s", hub.command_delay_s))
    for zrow in row.get("zappis", []):
        zappi = zappi_from_config(zrow)
        if zappi.serial in hub.zappis:
            raise ValueError(f"hub {hub.serial} lists zappi {zappi.serial} twice")
        hub.zappis[zappi.serial] = zappi
    return hub


def fleet_from_config(config: Mapping[str, object]) -> Fleet:
    """Build a fleet from a mapping: the ``--config`` file. ``DEFAULT_FLEET_CONFIG`` below is a
    complete example. Top level: ``time_factor`` (simulated seconds per real second) and
    ``hubs``. A hub: ``serial``, ``api_key``, optional ``firmware`` (decides the reply era of
    ``cgi-jstatus-*``), ``site_name``, ``command_delay_s``, ``zappis``. A zappi: ``serial`` and
    any of ``firmware``, ``name``, ``mode`` (fast/eco/eco+/stop), ``lock`` (lck setting bits,
    e.g. 6 = lock when plugged and unplugged), ``pin``, ``min_green``, ``phases``,
    ``max_current_a``, ``voltage_dv``, ``house_load_w``, ``generation_w``, ``ct_types``,
    ``vhub``, ``plugged``, ``ev_wants_kwh``, ``transition_s``."""
    hubs: list[Hub] = []
    rows = config.get("hubs")
    if not isinstance(rows, list) or not rows:
        raise ValueError("a fleet needs a non-empty 'hubs' list")
    for row in rows:
        hubs.append(hub_from_config(row))
    factor = config.get("time_factor", 1.0)
    assert isinstance(factor, (int, float))
    return Fleet(hubs, SimClock(float(factor)))


def load_fleet(path: Path) -> Fleet:
    """Read a fleet from a YAML (or JSON) file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a fleet file must hold a mapping")
    return fleet_from_config(data)


#: The fleet ``zappi-ocpp simulate`` and ``make demo`` serve when no ``--config`` is given.
DEFAULT_FLEET_CONFIG: Mapping[str, object] = {
    "time_factor": 1.0,
    "hubs": [
        {
            "serial": DEFAULT_HUB,
            "api_key": DEFAULT_API_KEY,
            "firmware": "3402S5.782",
            "site_name": "Demo site",
            "zappis": [
                {
                    "serial": 21000001,
                    "firmware": "3562S5.782",
                    "name": "Driveway",
                    "vhub": True,
                    "generation_w": 1800,
                },
                {"serial": 21000002, "firmware": "3562S5.782", "name": "Garage", "lock": 6},
            ],
        }
    ],
}


def default_fleet() -> Fleet:
    return fleet_from_config(DEFAULT_FLEET_CONFIG)


#: Serial numbers of a synthetic fleet: hub i is ``SYNTHETIC_HUB_BASE + i`` with API key
#: ``key-<hub serial>``; its zappis are numbered from ``SYNTHETIC_ZAPPI_BASE`` in hub order.
SYNTHETIC_HUB_BASE = 30_000_000
SYNTHETIC_ZAPPI_BASE = 40_000_000


def synthetic_fleet_config(
    hubs: int, zappis_per_hub: int = 1, charging_fraction: float = 0.0, time_factor: float = 1.0
) -> dict[str, object]:
    """A fleet file's mapping for ``hubs`` hubs of ``zappis_per_hub`` zappis each.

    ``charging_fraction`` of the zappis, spread evenly through the fleet, are plugged in and
    charging (fast mode, no lock); the rest are unplugged. Serials follow the bases above, so a
    bridge configuration for the same fleet can be written from these rows.
    """
    if hubs < 1 or zappis_per_hub < 0:
        raise ValueError("a synthetic fleet needs at least one hub and zappis_per_hub >= 0")
    if not 0.0 <= charging_fraction <= 1.0:
        raise ValueError("charging_fraction must be between 0 and 1")
    rows: list[dict[str, object]] = []
    for index in range(hubs):
        serial = SYNTHETIC_HUB_BASE + index
        zappis: list[dict[str, object]] = []
        for slot in range(zappis_per_hub):
            number = index * zappis_per_hub + slot
            # Bresenham-style spread: zappi n charges when floor((n+1)f) steps past floor(nf).
            charging = int((number + 1) * charging_fraction) > int(number * charging_fraction)
            row: dict[str, object] = {"serial": SYNTHETIC_ZAPPI_BASE + number}
            if charging:
                row.update(plugged=True, mode="fast", ev_wants_kwh=99.0)
            zappis.append(row)
        rows.append({"serial": str(serial), "api_key": f"key-{serial}", "zappis": zappis})
    return {"time_factor": time_factor, "hubs": rows}
