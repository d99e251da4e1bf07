"""A simulated myenergi cloud: zappi models behind the real ``cgi-*`` HTTP surface.

In process::

    fleet = default_fleet()
    port = await nursery.start(serve_simulator, fleet, "127.0.0.1", 0)

As a subprocess: ``zappi-ocpp simulate --host 127.0.0.1 --port P [--config FILE]``, or a
synthetic fleet of any size: ``--hubs 10000 --zappis-per-hub 1 --charging-fraction 0.3``.
Scenarios are scripted through ``apply_control`` (in process) or JSON POSTs under
``/_control/`` (see ``runtime/myenergi/simulator/control.py`` for the endpoints).
"""

from __future__ import annotations

from runtime.myenergi.simulator.clock import SimClock
from runtime.myenergi.simulator.control import apply_control
from runtime.myenergi.simulator.fleet import (
    DEFAULT_API_KEY,
    DEFAULT_HUB,
    Fleet,
    Hub,
    Outage,
    OutageKind,
)
from runtime.myenergi.simulator.fleet_config import (
    default_fleet,
    fleet_from_config,
    load_fleet,
    synthetic_fleet_config,
)
from runtime.myenergi.simulator.server import serve_simulator
from runtime.myenergi.simulator.zappi import ZappiModel

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_HUB",
    "Fleet",
    "Hub",
    "Outage",
    "OutageKind",
    "SimClock",
    "ZappiModel",
    "apply_control",
    "default_fleet",
    "fleet_from_config",
    "load_fleet",
    "serve_simulator",
    "synthetic_fleet_config",
]
