"""The fleet supervisor: which hubs are polled and which chargers run, changed while running.

:class:`Fleet` owns one task per charger, each in its own cancel scope, and tells the hub
poller, the fan-out and the myenergi client about hubs and chargers as they come and go.
Everything goes through one call, :meth:`Fleet.apply`, with the wanted state as a
:class:`FleetPlan`: the start-up config, a SIGHUP reload (``reload.py``), and later a lease
manager that owns some hubs (``FleetPlan.only_hubs``) all drive the same method.

``apply`` compares the plan with what runs and changes only the difference:

1. removed chargers, and changed ones (any setting of theirs differs, their CSMS included),
   are stopped: out of the fan-out first, then their scope is cancelled, which closes their
   WebSocket politely; nothing of theirs is deleted, so their queued transaction messages
   stay in the store and go out when the charger comes back;
2. added and changed chargers are started (in batches, so 10,000 do not hold the event loop
   for seconds), and ``apply`` returns once every one of them takes inputs;
3. hubs are removed from, added to, or (a new API key) renewed in the client and the poller.

A charger that is untouched is not touched: same task, same WebSocket, no new
BootNotification. A charger whose task fails is logged and restarted after
``RESTART_DELAY_S``, never the others; it gets no poll results while it is down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

import trio

from runtime.logs import event

from .config import BridgeConfig, ChargerSettings, HubSettings
from .driver import ChargerDriver
from .eligibility import ineligible_reason
from .fan_out import FanOut
from .hub_poller import HubPoller

__all__ = ["Fleet", "FleetChange", "FleetPlan", "HubClient", "HubControl"]

log = logging.getLogger(__name__)

#: wait before restarting a charger whose task crashed
RESTART_DELAY_S = 5.0
#: chargers built between two checkpoints when many start at once (~0.5 ms each)
START_BATCH = 100


@dataclass(frozen=True, slots=True)
class FleetPlan:
    """What should run: these hubs polled, these chargers (by serial) connected."""

    hubs: tuple[HubSettings, ...]
    chargers: tuple[ChargerSettings, ...]

    @classmethod
    def from_config(cls, config: BridgeConfig) -> FleetPlan:
        return cls(config.hubs, config.chargers)

    def only_hubs(self, owned: Iterable[str]) -> FleetPlan:
        """The part of the plan for the hubs in ``owned`` (e.g. the hubs whose lease this
        replica holds): those hubs, and the chargers whose configured ``hub`` is one of them."""
        keep = set(owned)
        return FleetPlan(
            tuple(h for h in self.hubs if h.serial in keep),
            tuple(c for c in self.chargers if c.hub is not None and c.hub in keep),
        )


@dataclass(frozen=True, slots=True)
class FleetChange:
    """What one :meth:`Fleet.apply` did, as counts (chargers, then hubs)."""

    added: int
    removed: int
    changed: int
    unchanged: int
    hubs_added: int = 0
    hubs_removed: int = 0
    hubs_changed: int = 0


class HubClient(Protocol):
    """``runtime.myenergi.MyenergiClient`` as the fleet uses it."""

    def add_hub(self, serial: str, api_key: str) -> None: ...

    def remove_hub(self, serial: str) -> None: ...


class HubControl:
    """The three parts that must agree on the set of hubs: client, poller, fan-out."""

    def __init__(self, client: HubClient, poller: HubPoller, fan_out: FanOut) -> None:
        self.client, self.poller, self.fan_out = client, poller, fan_out

    def add(self, hub: HubSettings) -> None:
        self.client.add_hub(hub.serial, hub.api_key)
        self.fan_out.add_hub(hub.serial)
        self.poller.add_hub(hub.serial)

    def renew(self, hub: HubSettings) -> None:
        self.client.add_hub(hub.serial, hub.api_key)  # a fresh digest state, no cool-down

    def remove(self, serial: str) -> None:
        self.poller.remove_hub(serial)
        self.fan_out.remove_hub(serial)
        self.client.remove_hub(serial)


class _Charger:
    """One configured charger: its settings, and its driver and task while it runs."""

    __slots__ = ("done", "driver", "ended", "scope", "settings", "started")

    def __init__(self, settings: ChargerSettings, driver: ChargerDriver | None) -> None:
        self.settings = settings
        self.driver = driver  #: None: not eligible, never started
        self.scope = trio.CancelScope()
        #: set when the task ends; made only by a stop that waits for it (an Event is a
        #: quarter of a KiB, and a running charger needs none)
        self.done: trio.Event | None = None
        self.ended = self.started = False


class _Started:
    """The ``task_status`` a driver reports to: calls back each time it takes inputs."""

    __slots__ = ("_callback",)

    def __init__(self, callback: Callable[[], None]) -> None:
        self._callback = callback

    def started(self, value: object = None) -> None:
        self._callback()


class Fleet:
    """See the module docstring. ``drivers``: the running chargers by serial (live)."""

    def __init__(
        self,
        hubs: HubControl,
        make_driver: Callable[[ChargerSettings], ChargerDriver],
        on_started: Callable[[ChargerDriver], None] = lambda driver: None,
    ) -> None:
        self._hubs = hubs
        self._make_driver = make_driver
        self._on_started = on_started
        self._chargers: dict[str, _Charger] = {}
        self._hub_settings: dict[str, HubSettings] = {}
        self.drivers: dict[str, ChargerDriver] = {}
        self._nursery: trio.Nursery | None = None
        self._lock = trio.Lock()  # one apply at a time
        self._starting = 0
        self._all_started = trio.Event()

    async def run(self, *, task_status: trio.TaskStatus[Fleet] = trio.TASK_STATUS_IGNORED) -> None:
        """Hold the chargers' tasks until cancelled; ``started`` once ``apply`` may be called."""
        async with trio.open_nursery() as nursery:
            self._nursery = nursery
            task_status.started(self)
            await trio.sleep_forever()

    async def apply(self, plan: FleetPlan) -> FleetChange:
        """Make the running fleet what ``plan`` says; see the module docstring."""
        async with self._lock:
            wanted = {c.serial: c for c in plan.chargers}
            removed = [s for s in self._chargers if s not in wanted]
            changed = [s for s, c in wanted.items()
                       if s in self._chargers and self._chargers[s].settings != c]  # fmt: skip
            added = [s for s in wanted if s not in self._chargers]
            await self._stop([self._chargers.pop(s) for s in removed + changed])
            await self._start([wanted[s] for s in changed + added])
            hub_change = self._apply_hubs(plan.hubs)
            return FleetChange(
                len(added), len(removed), len(changed),
                len(wanted) - len(added) - len(changed), *hub_change,
            )  # fmt: skip

    # -- chargers -------------------------------------------------------------------------------

    async def _stop(self, chargers: list[_Charger]) -> None:
        for charger in chargers:
            self._unregister(charger)
            if charger.driver is not None and not charger.ended:
                charger.done = trio.Event()
            charger.scope.cancel()
        for charger in chargers:  # each closes its WebSocket (bounded) as it ends
            if charger.done is not None:
                await charger.done.wait()

    async def _start(self, chargers: list[ChargerSettings]) -> None:
        assert self._nursery is not None, "Fleet.run must be started first"
        self._all_started = trio.Event()
        self._starting += 1  # held until every charger is spawned, so no early "all started"
        for index, settings in enumerate(chargers):
            if index and index % START_BATCH == 0:
                await trio.lowlevel.checkpoint()  # let the chargers started so far connect
            self._chargers[settings.serial] = charger = self._build(settings)
            if charger.driver is not None:
                self._starting += 1
                self._nursery.start_soon(self._supervise, charger)
        self._starting -= 1
        if self._starting:
            await self._all_started.wait()

    def _build(self, settings: ChargerSettings) -> _Charger:
        reason = ineligible_reason(settings.serial, None)
        if reason is not None:
            event(log, "charger.ineligible", level=logging.WARNING, serial=settings.serial,
                  charge_box=settings.charge_box_id, reason=reason)  # fmt: skip
            return _Charger(settings, None)
        try:
            return _Charger(settings, self._make_driver(settings))
        except Exception as exc:  # e.g. its stored state cannot be read: the others go on
            event(log, "charger.crashed", level=logging.ERROR, charge_box=settings.charge_box_id,
                  error=f"{type(exc).__name__}: {exc}")  # fmt: skip
            return _Charger(settings, None)

    def _register(self, charger: _Charger) -> None:
        driver = charger.driver
        assert driver is not None
        serial = charger.settings.serial
        self._hubs.fan_out.add_charger(serial, driver, charger.settings.hub)
        self.drivers[serial] = driver
        if not charger.started:
            self._on_started(driver)
            self._settle(charger)

    def _settle(self, charger: _Charger) -> None:
        """The charger started (or gave up before): ``apply`` no longer waits for it."""
        if not charger.started:
            charger.started = True
            self._starting -= 1
            if self._starting == 0:
                self._all_started.set()

    def _unregister(self, charger: _Charger) -> None:
        self._hubs.fan_out.remove_charger(charger.settings.serial)
        serial = charger.settings.serial
        if charger.driver is not None and self.drivers.get(serial) is charger.driver:
            del self.drivers[serial]

    async def _supervise(self, charger: _Charger) -> None:
        """Run one charger in its own scope; a bug in it is logged and the charger restarted,
        never the others."""
        driver = charger.driver
        assert driver is not None
        status = _Started(lambda: self._register(charger))
        try:
            with charger.scope:
                while True:
                    try:
                        await driver.run(task_status=status)
                        # an ineligible firmware ends the task on purpose; the fleet page
                        # still shows the driver's reason
                        self._hubs.fan_out.remove_charger(charger.settings.serial)
                        return
                    except Exception as exc:
                        event(log, "charger.crashed", level=logging.ERROR,
                              charge_box=driver.identity.charge_box_id,
                              error=f"{type(exc).__name__}: {exc}")  # fmt: skip
                        log.debug("traceback", exc_info=True)
                    self._settle(charger)
                    self._hubs.fan_out.remove_charger(charger.settings.serial)
                    driver.cp.reboot()  # start over as a restarted charger: a BootNotification
                    await trio.sleep(RESTART_DELAY_S)
        finally:
            self._settle(charger)  # stopped before it ever ran: apply must not wait for it
            charger.ended = True
            if charger.done is not None:
                charger.done.set()

    # -- hubs -----------------------------------------------------------------------------------

    def _apply_hubs(self, hubs: Iterable[HubSettings]) -> tuple[int, int, int]:
        wanted = {h.serial: h for h in hubs}
        removed = [s for s in self._hub_settings if s not in wanted]
        for serial in removed:
            self._hubs.remove(serial)
            del self._hub_settings[serial]
        added = changed = 0
        for serial, hub in wanted.items():
            known = self._hub_settings.get(serial)
            if known is None:
                self._hubs.add(hub)
                added += 1
            elif known != hub:
                self._hubs.renew(hub)
                changed += 1
            self._hub_settings[serial] = hub
        return added, len(removed), changed
