"""Everything ``zappi-ocpp run`` starts, from one :class:`BridgeConfig`, in one nursery.

One myenergi client for every hub, one :class:`ChargerDriver` per eligible charger (each in its
own task scope: a crash is logged and that charger alone restarts), and one
:class:`HubPoller` feeding them. Every charger shares the one store of ``storage`` (a SQLite
file, or a PostgreSQL database).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

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
from .config import BridgeConfig
from .driver import ChargerDriver
from .effects import MyenergiCommand
from .eligibility import ineligible_reason
from .hub_poller import FanOut, HubPoller

__all__ = ["CloudCommands", "run_bridge"]

log = logging.getLogger(__name__)

#: wait before restarting a charger whose task crashed
RESTART_DELAY_S = 5.0

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


async def _supervise(driver: ChargerDriver, task_status: trio.TaskStatus[None]) -> None:
    """Run one charger; a bug in it is logged and the charger restarted, never the others."""
    first = True
    while True:
        try:
            if first:
                first = False
                await driver.run(task_status=task_status)
            else:
                await driver.run()
            return  # an ineligible charger ends its task on purpose
        except Exception as exc:
            event(
                log,
                "charger.crashed",
                level=logging.ERROR,
                charge_box=driver.identity.charge_box_id,
                error=f"{type(exc).__name__}: {exc}",
            )
            log.debug("traceback", exc_info=True)
        driver.cp.reboot()  # start over as a restarted charger would: a new BootNotification
        await trio.sleep(RESTART_DELAY_S)


def _client(
    config: BridgeConfig, on_request: Callable[[str, float], None] | None
) -> MyenergiClient:
    interval = config.poll_interval_s
    return MyenergiClient(
        config.director_url,
        [(hub.serial, hub.api_key) for hub in config.hubs],
        # one poll must not outlast many intervals while the cloud is away
        request_timeout_s=min(15.0, max(2.0, interval)),
        # retries inside one poll stay within about one interval, so an outage is reported
        # (and a recovery seen) on the poll's own schedule
        retry=RetrySchedule(
            attempts=4, initial_s=min(0.5, interval / 8), cap_s=min(8.0, interval / 2)
        ),
        confirm_poll_s=min(2.0, interval),
        # a rejected key is tried again once per interval: no storm, and a fixed key (or a
        # cloud that recovers) is noticed within one interval
        auth_cooldown_s=interval,
        on_request=on_request,
    )


async def run_bridge(
    config: BridgeConfig,
    *,
    connector: Connector | None = None,
    client: MyenergiClient | None = None,
    task_status: trio.TaskStatus[dict[str, ChargerDriver]] = trio.TASK_STATUS_IGNORED,
) -> None:
    """Run every charger of ``config`` until cancelled."""
    for old, new in config.deprecated:
        event(log, "config.deprecated", level=logging.WARNING, key=old, use=new)
    if config.storage_path is not None:
        config.storage_path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(config.storage)
    watch = FleetWatch(config)  # metrics, probes, fleet page (off without `metrics`)
    own_client = client is None
    cloud = client if client is not None else _client(config, watch.myenergi_request)
    try:
        commands = CloudCommands(cloud)
        drivers: dict[str, ChargerDriver] = {}
        for charger in config.chargers:
            reason = ineligible_reason(charger.serial, None)
            if reason is not None:
                event(
                    log,
                    "charger.ineligible",
                    level=logging.WARNING,
                    serial=charger.serial,
                    charge_box=charger.charge_box_id,
                    reason=reason,
                )
                continue
            drivers[charger.serial] = ChargerDriver(
                ChargerIdentity(charger.serial, charger.charge_box_id, charger.pin_id_tag),
                store=store,
                csms_url=config.csms.url,
                commands=commands,
                password=charger.password or config.csms.password,
                ca_file=str(config.csms.ca_file) if config.csms.ca_file else None,
                reconnect_cap=config.csms.reconnect_max_backoff_s,
                connect_timeout=config.csms.connect_timeout_s,
                connector=watch.connector(connector),
            )
        hubs = [h.serial for h in config.hubs]
        fan_out = FanOut(drivers, {c.serial: c.hub for c in config.chargers if c.hub}, hubs)
        commands.hub_of = fan_out.hub_of
        poller = HubPoller(cloud, hubs, config.poll_interval_s, watch.hub_results(fan_out))
        event(
            log,
            "bridge.started",
            chargers=len(drivers),
            hubs=len(config.hubs),
            poll_interval_s=config.poll_interval_s,
            storage=store.description,
        )
        async with trio.open_nursery() as nursery:
            await nursery.start(watch.serve, store, drivers, fan_out.hub_of)
            for driver in drivers.values():
                await nursery.start(_supervise, driver)
            # the chargers live as long as the process: out of the collector's way (gc_tuning.py)
            tune_gc_for_server()
            nursery.start_soon(poller.run)
            task_status.started(drivers)
    finally:
        if own_client:
            with trio.CancelScope(shield=True):
                await cloud.aclose()
        # what is queued is committed before the process ends (in a thread: a slow disk or
        # a database outage must not stall the event loop's shutdown)
        with trio.CancelScope(shield=True):
            await trio.to_thread.run_sync(store.close)
