"""Everything ``zappi-ocpp run`` starts, from one :class:`BridgeConfig`, in one nursery.

One myenergi client for every hub, one :class:`HubPoller` and its :class:`FanOut`, and the
:class:`~runtime.bridge.fleet.Fleet` supervisor, which runs one :class:`ChargerDriver` per
eligible charger in its own cancel scope and starts, stops and restarts them as
:meth:`Fleet.apply` is told (the config at start, each SIGHUP reload). Each charger connects
to its own Central System (``csms_config.py``), at most ``CONNECTS_PER_CSMS`` connections
being opened at once per CSMS. Every charger shares the one store of ``storage`` (a SQLite
file, or a PostgreSQL database). With ``cluster`` the process is one replica of several: it
starts no charger by itself, and its lease manager (runtime.cluster) runs the chargers of the
hubs whose lease it holds.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import trio

from generated.myenergi import ChargeMode, CommandName
from runtime.logs import event
from runtime.myenergi.client import CommandResult, MyenergiClient
from runtime.myenergi.retry import RetrySchedule
from runtime.observe import FleetWatch
from runtime.ocpp.gc_tuning import tune_gc_for_server
from runtime.ocpp.transport import Connector
from runtime.storage.store import Store

from .charger import ChargerIdentity
from .config import BridgeConfig, ChargerSettings
from .driver import ChargerDriver
from .effects import MyenergiCommand
from .fan_out import FanOut
from .fleet import Fleet, FleetChange, FleetPlan, HubControl
from .hub_poller import HubPoller
from .poll_schedule import poll_budget
from .reload import Reloader

if TYPE_CHECKING:
    from runtime.cluster.lease_manager import LeaseManager

__all__ = ["CONNECTS_PER_CSMS", "CloudCommands", "RunningBridge", "run_bridge"]

log = logging.getLogger(__name__)

_Send = Callable[[MyenergiClient, str, str, int | str | None], Awaitable[CommandResult]]


async def _set_mode(
    c: MyenergiClient, hub: str, zappi: str, arg: int | str | None
) -> CommandResult:
    return await c.set_mode(hub, zappi, ChargeMode(int(arg or 0)))


async def _unlock(c: MyenergiClient, hub: str, zappi: str, arg: int | str | None) -> CommandResult:
    return await c.unlock(hub, zappi)


#: CommandName (spec/myenergi.yaml) → the client call that sends it
SENDERS: Mapping[CommandName, _Send] = {
    CommandName.SET_MODE: _set_mode,
    CommandName.UNLOCK: _unlock,
}


@dataclass
class CloudCommands:
    """Sends a charger's commands to the hub it was found on."""

    client: MyenergiClient
    hub_of: dict[str, str] = field(default_factory=dict)

    async def run_command(self, serial: str, command: MyenergiCommand) -> None:
        hub = self.hub_of.get(serial)
        if hub is None:
            raise LookupError(f"zappi {serial} was not found on any configured hub yet")
        sender = SENDERS.get(command.command)
        if sender is None:
            raise LookupError(f"the bridge cannot send {command.command}")
        event(
            log,
            "myenergi.command",
            zappi=serial,
            hub=hub,
            command=command.command,
            argument=command.argument,
        )
        result = await sender(self.client, hub, serial, command.argument)
        event(
            log,
            "myenergi.command_confirmed",
            zappi=serial,
            hub=hub,
            command=command.command,
            by=result.confirmed_by,
        )


def _request_timeout(config: BridgeConfig) -> float:
    """One request (a re-challenge included) must not outlast many intervals."""
    return min(15.0, max(2.0, config.poll_interval_s))


def _client(
    config: BridgeConfig, on_request: Callable[[str, float], None] | None
) -> MyenergiClient:
    interval = config.poll_interval_s
    return MyenergiClient(
        config.director_url,
        (),  # the fleet adds the hubs
        request_timeout_s=_request_timeout(config),
        max_connections_per_server=CONNECTIONS_PER_SERVER,
        # retries inside one poll stay within about one interval (the poll's budget cuts
        # them there anyway), jittered so a server's hubs do not retry in step
        retry=RetrySchedule(
            attempts=4, initial_s=min(0.5, interval / 8), cap_s=min(8.0, interval / 2), jitter=0.5
        ),
        confirm_poll_s=min(2.0, interval),
        # a rejected key is tried again once per interval: no storm, and a fixed key (or a
        # cloud that recovers) is noticed within one interval
        auth_cooldown_s=interval,
        on_request=on_request,
    )


#: requests in flight per myenergi asn server: 10,000 hubs every 15 s are 667 requests a
#: second, and a reply waits for its turn in a busy event loop as well as on the network
#: (at 50 ms a request, 16 connections would carry only 320 a second); kept-alive
#: connections are opened only as the concurrency needs them
CONNECTIONS_PER_SERVER = 64
#: connections being opened at once per Central System (TCP, TLS, WebSocket handshake):
#: at a few ms each this still opens hundreds a second, and a CSMS coming back after an
#: outage is not hit by a whole fleet at once
CONNECTS_PER_CSMS = 64


class _DriverFactory:
    """Builds each charger's driver with its own Central System's settings."""

    def __init__(
        self,
        config: BridgeConfig,
        store: Store,
        commands: CloudCommands,
        connector: Connector | None,
    ) -> None:
        self._config = config
        self._store = store
        self._commands = commands
        self._connector = connector
        #: one limiter per CSMS origin: a slow CSMS never holds another's slots
        self._limiters: dict[str, trio.CapacityLimiter] = {}

    def __call__(self, charger: ChargerSettings) -> ChargerDriver:
        csms = charger.csms
        limiter = self._limiters.get(csms.origin)
        if limiter is None:
            limiter = self._limiters[csms.origin] = trio.CapacityLimiter(CONNECTS_PER_CSMS)
        return ChargerDriver(
            ChargerIdentity(charger.serial, charger.charge_box_id, charger.pin_id_tag),
            store=self._store,
            csms_url=csms.url,
            commands=self._commands,
            password=csms.password,
            ca_file=_text(csms.ca_file),
            client_cert=_text(csms.client_cert),
            client_key=_text(csms.client_key),
            connect_limiter=limiter,
            reconnect_cap=self._config.csms.reconnect_max_backoff_s,
            connect_timeout=self._config.csms.connect_timeout_s,
            connector=self._connector,
        )


def _text(path: Path | None) -> str | None:
    return None if path is None else str(path)


def _open_store(config: BridgeConfig) -> Store:
    """The one store every charger shares (``storage``: a SQLite file or a PostgreSQL URL)."""
    if config.storage_path is not None:
        config.storage_path.parent.mkdir(parents=True, exist_ok=True)
    return Store(config.storage)


@dataclass
class RunningBridge:
    """What ``run_bridge`` hands back once every charger of the config has started."""

    fleet: Fleet
    reloader: Reloader | None
    watch: FleetWatch  #: metrics, probes, the fleet page (``watch.port`` once serving)
    cluster: LeaseManager | None = None  #: this replica's leases (``cluster`` in the config)

    @property
    def drivers(self) -> dict[str, ChargerDriver]:
        """The running chargers by serial (live)."""
        return self.fleet.drivers

    async def reload(self) -> FleetChange | None:
        """Read the config file again and apply it (SIGHUP); None if it was refused."""
        if self.reloader is None:
            raise RuntimeError("this bridge was started without a config file to reload")
        return await self.reloader.reload()

    async def hand_over(self) -> None:
        """SIGTERM in a cluster: stop the chargers, commit, free every lease at once (the
        other replicas take the hubs now, not when the leases expire). Alone: nothing."""
        if self.cluster is not None:
            await self.cluster.hand_over()


async def run_bridge(
    config: BridgeConfig,
    *,
    config_path: Path | None = None,
    connector: Connector | None = None,
    client: MyenergiClient | None = None,
    replica_id: str | None = None,
    task_status: trio.TaskStatus[RunningBridge] = trio.TASK_STATUS_IGNORED,
) -> None:
    """Run every charger of ``config`` until cancelled; ``started`` with a
    :class:`RunningBridge` once each has started (``config_path``: the file a reload reads;
    ``replica_id``: this replica's name in the lease table, with ``cluster``)."""
    for old, new in config.deprecated:
        event(log, "config.deprecated", level=logging.WARNING, key=old, use=new)
    store = _open_store(config)
    watch = FleetWatch(config)  # metrics, probes, fleet page (off without `metrics`)
    own_client = client is None
    cloud = client if client is not None else _client(config, watch.myenergi_request)
    try:
        commands = CloudCommands(cloud)
        # a replica waits for the first poll of the hubs it holds only (the fleet adds them)
        fan_out = FanOut({}, {}, [] if config.cluster else [h.serial for h in config.hubs])
        commands.hub_of = fan_out.hub_of
        poller = HubPoller(
            cloud, (), config.poll_interval_s, watch.hub_results(fan_out),
            budget_s=poll_budget(config.poll_interval_s, _request_timeout(config)),
        )  # fmt: skip
        make_driver = _DriverFactory(config, store, commands, watch.connector(connector))
        fleet = Fleet(HubControl(cloud, poller, fan_out), make_driver, watch.charger_started)
        async with trio.open_nursery() as nursery:
            await nursery.start(watch.serve, store, fleet.drivers, fan_out.hub_of)
            await nursery.start(poller.run)
            await nursery.start(fleet.run)
            plan = FleetPlan.from_config(config)
            change = await fleet.apply(plan.only_hubs(()) if config.cluster else plan)
            # the chargers live as long as the process: out of the collector's way (gc_tuning.py)
            tune_gc_for_server()
            event(
                log,
                "bridge.started",
                chargers=len(fleet.drivers),
                hubs=change.hubs_added,
                poll_interval_s=config.poll_interval_s,
                storage=store.description,
            )
            cluster = None
            if config.cluster is not None:
                from runtime.cluster.replica import start_replica  # psycopg: only in a cluster

                cluster = await start_replica(config, fleet, store, nursery, replica_id=replica_id,
                                              on_owned=watch.hubs_owned,
                                              counted=watch.lease_renewed)  # fmt: skip
            apply = cluster.set_plan if cluster is not None else fleet.apply
            reloader = Reloader(config_path, config, apply, watch) if config_path else None
            task_status.started(RunningBridge(fleet, reloader, watch, cluster))
    finally:
        if own_client:
            with trio.CancelScope(shield=True):
                await cloud.aclose()
        # what is queued is committed before the process ends (in a thread: a slow disk or
        # a database outage must not stall the event loop's shutdown)
        with trio.CancelScope(shield=True):
            await trio.to_thread.run_sync(store.close)
