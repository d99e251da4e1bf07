"""``zappi-ocpp run --config FILE``: the bridge in the foreground until SIGINT or SIGTERM.

SIGHUP reads the config file again and applies the difference (``reload.py``): chargers
added, removed and changed start, stop and restart; the others keep their connections. With
``cluster`` in the config, SIGTERM first hands this replica's hubs over (chargers stopped,
writes committed, leases freed), so the other replicas take them at once.

Exit codes: 0 after a signal (clean shutdown, every queued transaction message kept in the
SQLite file for the next start), 2 for a config that cannot be used (each problem printed as
``file: key: reason``), 1 if the bridge itself fails.
"""

from __future__ import annotations

import argparse
import functools
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import trio

from runtime import logs
from runtime.cluster.replica import default_replica_id
from runtime.logs import event

from .config import BridgeConfig, ConfigError, load_config
from .open_files import ensure_open_files
from .service import RunningBridge, run_bridge

__all__ = ["build_parser", "main"]

log = logging.getLogger("runtime.bridge")

#: SIGINT/SIGTERM → everything is closed within this many seconds (issue 5 §2 asks for 10)
SHUTDOWN_GRACE_S = 8.0


def build_parser() -> argparse.ArgumentParser:
    """The options of ``zappi-ocpp run`` (tests/deploy parses the deployed command lines)."""
    parser = argparse.ArgumentParser(
        prog="zappi-ocpp run",
        description="Run the OCPP 1.6J bridge for the zappi chargers in a config file. "
        "Logs go to stderr, one key=value line per event. See docs/operation.md.",
    )
    parser.add_argument(
        "--config",
        required=True,
        type=Path,
        metavar="FILE",
        help="the YAML config file (csms, myenergi, chargers, storage)",
    )
    parser.add_argument(
        "--log-level",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="overrides log_level from the config file",
    )
    parser.add_argument(
        "--replica-id",
        default=default_replica_id(),
        metavar="ID",
        help="this replica's name in the lease table, with cluster in the config; unique "
        "among the replicas sharing one storage.url (default: the hostname and the pid)",
    )
    return parser


#: of the grace period, what a cluster replica's hand-over leaves for closing the rest
CLOSE_RESERVE_S = 3.0


async def _serve(config: BridgeConfig, path: Path, replica_id: str | None) -> None:
    with trio.open_signal_receiver(signal.SIGINT, signal.SIGTERM, signal.SIGHUP) as signals:
        async with trio.open_nursery() as nursery:
            bridge: RunningBridge | None = None

            async def start(task_status: trio.TaskStatus[None]) -> None:
                nonlocal bridge
                task_status.started()
                bridge = await nursery.start(
                    functools.partial(run_bridge, config, config_path=path, replica_id=replica_id)
                )

            await nursery.start(start)
            async for signum in signals:
                if signum == signal.SIGHUP:
                    # in a task of its own, so SIGTERM is heard while chargers start and stop;
                    # reloads queue behind one another in the fleet
                    if bridge is not None:
                        nursery.start_soon(bridge.reload)
                    else:
                        event(log, "config.reload_refused", level=logging.WARNING,
                              reason="the bridge is still starting; send SIGHUP again")  # fmt: skip
                    continue
                event(log, "bridge.stopping", signal=signal.Signals(signum).name)
                break
            stop_by = trio.current_time() + SHUTDOWN_GRACE_S
            if bridge is not None:
                with trio.move_on_at(stop_by - CLOSE_RESERVE_S):
                    await bridge.hand_over()
            # Cancelling closes every WebSocket on the way out; nothing queued is lost (the
            # service commits what the store holds before it returns). A peer that never
            # completes the close cannot hold us.
            nursery.cancel_scope.cancel()
            nursery.cancel_scope.deadline = stop_by


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"{exc.path}: {problem}", file=sys.stderr)
        return 2
    logs.setup(args.log_level or config.log_level)
    ensure_open_files(len(config.chargers), len(config.hubs))
    try:
        trio.run(_serve, config, args.config, args.replica_id)
    except KeyboardInterrupt:  # a second Ctrl-C during shutdown
        return 130
    except Exception as exc:
        event(log, "bridge.failed", level=logging.ERROR, error=f"{type(exc).__name__}: {exc}")
        log.debug("traceback", exc_info=True)
        return 1
    event(log, "bridge.stopped")
    return 0
