"""``zappi-ocpp status --config FILE``: a short summary of the running service, in a terminal.

It reads ``metrics.listen`` from the same config file ``zappi-ocpp run`` uses and asks the
service there; ``--address HOST:PORT`` asks that endpoint instead, for a shell that cannot load
the config (its ``${NAME}`` secrets are in the service's environment only). It asks for ``/``
with ``Accept: application/json`` (the fleet page's overview). Exit codes: 0 with a summary, 1
when no service answers there, 2 when the config cannot be used or has no ``metrics``, or the
address is not HOST:PORT.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from runtime.bridge.config import ConfigError, load_config

__all__ = ["main", "render_summary"]

TIMEOUT_S = 5.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zappi-ocpp status",
        description="Summarise a running `zappi-ocpp run` from its operator endpoint "
        "(metrics.listen in the config file).",
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--config", type=Path, metavar="FILE",
                       help="the config file the service runs with")  # fmt: skip
    where.add_argument("--address", metavar="HOST:PORT",
                       help="the service's metrics.listen, without reading a config")  # fmt: skip
    return parser


def _address(args: argparse.Namespace) -> str | None:
    """Where the service's endpoint is; None (having said why on stderr) when it is unknown."""
    if args.address is not None:
        host, sep, port = args.address.rpartition(":")
        if not (sep and host and port.isdigit() and 0 < int(port) < 65536):
            print(f"--address {args.address!r}: expected HOST:PORT, e.g. 127.0.0.1:9108",
                  file=sys.stderr)  # fmt: skip
            return None
        return str(args.address)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)  # one `file: key: reason` line per problem
        return None
    if config.metrics is None:
        print(f"{args.config}: metrics are off: add `metrics: {{listen: \"127.0.0.1:9108\"}}` "
              "and restart `zappi-ocpp run`", file=sys.stderr)  # fmt: skip
        return None
    if config.metrics.port == 0:
        print(f"{args.config}: metrics.listen uses port 0 (a new port at every start); give "
              "it a fixed port to use `zappi-ocpp status`", file=sys.stderr)  # fmt: skip
        return None
    return config.metrics.listen


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items())) or "none"


def render_summary(address: str, summary: Mapping[str, Any]) -> str:
    """The terminal text for a ``/`` JSON overview."""
    chargers, hubs, outbox = summary["chargers"], summary["hubs"], summary["outbox"]
    now = float(summary["now"])
    lines = [
        f"zappi-ocpp at {address}",
        f"chargers: {chargers['configured']} configured, {chargers['connected']} connected, "
        f"{chargers['accepted']} accepted",
        f"  by status: {_counts(chargers['by_status'])}",
        f"hubs: {hubs['owned']} owned; {_counts(hubs['by_cloud_state'])}",
    ]
    for hub in hubs["failing"]:
        since = f" for {int(now - hub['since'])} s" if hub.get("since") else ""
        lines.append(f"  failing: hub {hub['hub']} {hub['state']}{since}: {hub['error']}")
    if hubs["failing_total"] > len(hubs["failing"]):
        lines.append(f"  ... and {hubs['failing_total'] - len(hubs['failing'])} more")
    age = outbox["oldest_age_s"]
    lines.append(
        f"outbox: {outbox['messages']} messages queued"
        + (f", the oldest for {age:.0f} s" if age is not None else "")
    )
    if summary["not_connected_total"]:
        lines.append(f"not connected: {summary['not_connected_total']}")
        for row in summary["not_connected"][:5]:
            lines.append(f"  {row['charge_box_id']} ({row['serial']}): {row['why']}")
    for entry in summary["last_errors"][:5]:
        stamp = time.strftime("%H:%M:%S", time.gmtime(entry["at"]))
        lines.append(f"last error {stamp}: {entry['line']}")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    address = _address(args)
    if address is None:
        return 2
    try:
        status, content_type, body = _get_overview(address)
    except OSError as exc:  # urllib's URLError included
        reason = getattr(exc, "reason", exc)
        command = f"--config {args.config}" if args.config else f"with metrics.listen {address}"
        print(f"no zappi-ocpp service answers at {address} ({type(reason).__name__}): is "
              f"`zappi-ocpp run {command}` running?", file=sys.stderr)  # fmt: skip
        return 1
    if status != 200 or "json" not in content_type:
        print(f"{address} answered HTTP {status}, not a zappi-ocpp summary",
              file=sys.stderr)  # fmt: skip
        return 1
    print(render_summary(address, json.loads(body)))
    return 0


def _get_overview(address: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of ``GET /`` as JSON, straight to ``address`` (never
    through a proxy from the environment: the endpoint is on this box or its network)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(f"http://{address}/", headers={"Accept": "application/json"})
    try:
        with opener.open(request, timeout=TIMEOUT_S) as response:
            return response.status, response.headers.get("content-type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("content-type", ""), b""
