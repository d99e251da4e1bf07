"""``zappi-ocpp simulate``: serve the myenergi cloud simulator until interrupted.

Without ``--config`` it serves the default fleet: hub 21000001 with API key ``demo-key`` and the
zappis 21000001 (firmware 3562S5.782) and 21000002. ``--hubs N`` serves a synthetic fleet
instead: hubs 30000000.. with API keys ``key-<serial>``, ``--zappis-per-hub`` zappis each
(serials 40000000..), ``--charging-fraction`` of them plugged in and charging
(``fleet_config.synthetic_fleet_config``). Point a client's director URL at
``http://HOST:PORT``; script scenarios with JSON POSTs under ``/_control/`` (see
``runtime/myenergi/simulator/control.py``).
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Sequence
from pathlib import Path

import trio

from runtime import logs
from runtime.myenergi.simulator import (
    Fleet,
    SimClock,
    default_fleet,
    fleet_from_config,
    load_fleet,
    serve_simulator,
    synthetic_fleet_config,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zappi-ocpp simulate",
        description="Serve a simulated myenergi cloud (director, ASN server, zappis) over HTTP.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default %(default)s)")
    parser.add_argument("--port", type=int, default=8080, help="port (0 = any free port)")
    fleet = parser.add_mutually_exclusive_group()
    fleet.add_argument("--config", type=Path, help="fleet file (YAML/JSON); default: demo fleet")
    fleet.add_argument("--hubs", type=int, help="serve a synthetic fleet of this many hubs")
    parser.add_argument("--zappis-per-hub", type=int, default=1, help="with --hubs (default 1)")
    parser.add_argument(
        "--charging-fraction", type=float, default=0.0, help="with --hubs: share charging (0-1)"
    )
    parser.add_argument(
        "--keep-alive-s", type=float, help="close connections idle this long (default: never)"
    )
    parser.add_argument(
        "--time-factor", type=float, help="simulated seconds per real second (default 1)"
    )
    parser.add_argument(
        "--asn", help="X_MYENERGI-asn value to advertise (default: this server's host:port)"
    )
    parser.add_argument("--log-level", default="INFO")
    return parser


async def _serve(
    fleet: Fleet, host: str, port: int, asn: str | None, keep_alive_s: float | None
) -> None:
    serve = functools.partial(serve_simulator, asn=asn, keep_alive_s=keep_alive_s)
    async with trio.open_nursery() as nursery:
        bound = await nursery.start(serve, fleet, host, port)
        # One machine-readable line on stdout so a parent process can learn a port-0 choice.
        print(f"listening http://{host}:{bound}", flush=True)


def _fleet(args: argparse.Namespace) -> Fleet:
    if args.hubs is not None:
        config = synthetic_fleet_config(args.hubs, args.zappis_per_hub, args.charging_fraction)
        return fleet_from_config(config)
    return load_fleet(args.config) if args.config else default_fleet()


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    logs.setup(args.log_level)
    try:
        fleet = _fleet(args)
    except (OSError, ValueError, KeyError) as exc:
        print(f"zappi-ocpp simulate: cannot load the fleet: {exc}", file=sys.stderr)
        return 2
    if args.time_factor is not None:
        if args.time_factor <= 0:
            print("zappi-ocpp simulate: --time-factor must be positive", file=sys.stderr)
            return 2
        # The clock starts on its first reading inside trio, so replacing it here is safe.
        fleet.clock = SimClock(args.time_factor, fleet.clock.epoch)
    try:
        trio.run(_serve, fleet, args.host, args.port, args.asn, args.keep_alive_s)
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        print(f"zappi-ocpp simulate: {exc}", file=sys.stderr)
        return 1
    return 0
