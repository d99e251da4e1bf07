"""One replica's part of the cluster, as the bridge service starts it.

:func:`start_replica` makes the lease table, the ownership of hubs and the lease manager for a
service whose config has ``cluster``, and starts the manager in the service's nursery; the
service runs no charger of its own before that (its fleet starts with an empty plan).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Collection

import trio

from runtime.bridge.config import BridgeConfig
from runtime.bridge.fleet import Fleet, FleetPlan
from runtime.storage.store import Store

from .lease_manager import LeaseManager
from .lease_table import LeaseTable
from .ownership import Ownership

__all__ = ["default_replica_id", "start_replica"]


def default_replica_id() -> str:
    """``--replica-id``'s default: unique per process on a host, readable in the lease table."""
    return f"{socket.gethostname()}-{os.getpid()}"


async def start_replica(
    config: BridgeConfig,
    fleet: Fleet,
    store: Store,
    nursery: trio.Nursery,
    *,
    replica_id: str | None = None,
    on_owned: Callable[[Collection[str]], None] = lambda hubs: None,
    counted: Callable[[bool], None] = lambda ok: None,
) -> LeaseManager:
    """Start the lease manager of ``config.cluster`` in ``nursery`` (it closes its
    connections when it ends)."""
    assert config.cluster is not None and config.storage_url is not None  # config.py checks
    lease_s = config.cluster.lease_s
    table = LeaseTable(config.storage_url, replica_id or default_replica_id(), lease_s)
    ownership = Ownership(fleet, store, FleetPlan.from_config(config), lease_s, on_owned)
    manager = LeaseManager(table, ownership, store, counted)
    await nursery.start(manager.run)
    return manager
