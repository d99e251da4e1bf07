"""The one object the bridge service hands what it wants observed: :class:`FleetWatch`.

``zappi-ocpp run`` (:func:`runtime.bridge.service.run_bridge`) makes one from its config and
passes its parts where the things to observe already meet:

* :meth:`FleetWatch.connector` wraps the connector of every ChargePoint (the frames);
* :meth:`FleetWatch.hub_results` sits between the hub poller and the fan-out (hub states);
* :attr:`FleetWatch.myenergi_request` is the myenergi client's ``on_request`` (requests);
* :meth:`FleetWatch.serve` runs the HTTP endpoint, the watchdog and the error ring;
* :meth:`FleetWatch.charger_started` is told of every charger the fleet starts (at start
  and after a reload), :meth:`FleetWatch.fleet_changed` of the config a reload applied;
* :meth:`FleetWatch.config_reloaded` is for the SIGHUP reload to report its result;
* in a cluster, :meth:`FleetWatch.hubs_owned` is told the hubs whose lease this replica holds
  (the hubs gauge and ``/readyz`` count those, not the config's), and
  :meth:`FleetWatch.lease_renewed` of each lease renewal.

With ``metrics`` absent from the config every one of them hands back what it was given and
nothing is counted: the switch that lets a benchmark compare the cost with and without.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping

import trio
from prometheus_client import CollectorRegistry, GCCollector, PlatformCollector, ProcessCollector

from generated.config_keys import CONFIG_KEYS
from rows.config_keys import Access
from runtime.bridge.config import BridgeConfig
from runtime.bridge.driver import ChargerDriver
from runtime.bridge.hub_poller import HubResult
from runtime.logs import register_secret
from runtime.ocpp.transport import Connector
from runtime.ocpp.wsproto_link import open_wsproto_link
from runtime.storage.store import Store

from .error_ring import ErrorRing
from .fleet import FleetView
from .gauges import FleetGauges
from .http_server import serve_http
from .hubs import HubBoard
from .instruments import Instruments
from .routes import OperatorRoutes
from .watchdog import Watchdog, block_hook_enabled, serve_block_hook
from .wire import ObservedConnector

__all__ = ["FleetWatch"]

log = logging.getLogger(__name__)


class FleetWatch:
    """What one service observes; see the module docstring."""

    def __init__(self, config: BridgeConfig) -> None:
        self._config = config
        self.enabled = config.metrics is not None
        #: in a cluster the hubs observed are the ones held, told by hubs_owned()
        self._leased = config.cluster is not None
        self._owned: list[str] | None = None  #: the hubs last told by hubs_owned()
        self.registry = CollectorRegistry()
        self._instruments = Instruments(self.registry)
        self._connector: ObservedConnector | None = None
        self._hubs: HubBoard | None = None
        self._view: FleetView | None = None
        self.port: int | None = None  #: the bound port once serving

    # -- the seams ------------------------------------------------------------------------------

    def connector(self, connector: Connector | None) -> Connector | None:
        """The connector to give every ChargePoint (``None``: the runtime's default)."""
        if not self.enabled:
            return connector
        if self._connector is None:
            self._connector = ObservedConnector(connector or open_wsproto_link, self._instruments)
        return self._connector

    def hub_results(
        self, forward: Callable[[HubResult], None]
    ) -> Callable[[HubResult], None]:
        """What the hub poller reports to: the board, which hands each result to ``forward``."""
        if not self.enabled:
            return forward
        malformed = self._instruments.zappi_object_malformed
        self._hubs = self._board(forward, malformed)
        return self._hubs

    @property
    def myenergi_request(self) -> Callable[[str, float], None] | None:
        return self._instruments.myenergi_request if self.enabled else None

    def _board(
        self, forward: Callable[[HubResult], None], malformed: Callable[[str], None] | None = None
    ) -> HubBoard:
        if not self._leased:
            return HubBoard([h.serial for h in self._config.hubs], forward, malformed=malformed)
        board = HubBoard(self._owned or [], forward, malformed=malformed)
        if self._owned is None:
            board.not_known = "no lease turn yet (the hubs this replica owns are not known)"
        return board

    def hubs_owned(self, hubs: Collection[str]) -> None:
        """A cluster replica now holds the leases of ``hubs`` (and no other)."""
        self._owned = list(hubs)
        if self._hubs is not None:
            self._hubs.set_hubs(self._owned)

    def lease_renewed(self, ok: bool) -> None:
        """Count one lease renewal (``ok``) or a failed one."""
        self._instruments.lease_renewal(ok)

    def config_reloaded(self, result: str) -> None:
        """Count one config reload: ``applied`` or ``refused``."""
        self._instruments.config_reload(result)

    def charger_started(self, driver: ChargerDriver) -> None:
        """A charger's task took inputs: its write-only OCPP keys are masked from now on."""
        if self.enabled:
            _mask_write_only_keys(driver)

    def fleet_changed(self, config: BridgeConfig) -> None:
        """A reload applied ``config``'s hubs and chargers: the views follow it."""
        gone = {c.charge_box_id for c in self._config.chargers} - {
            c.charge_box_id for c in config.chargers
        }
        self._config = config
        if self._view is not None:
            self._view.set_chargers(config.chargers)
        if self._hubs is not None and not self._leased:
            self._hubs.set_hubs(h.serial for h in config.hubs)
        if self._connector is not None:
            for charge_box in gone:
                self._connector.records.pop(charge_box, None)

    # -- the endpoint ---------------------------------------------------------------------------

    async def serve(
        self,
        store: Store,
        drivers: Mapping[str, ChargerDriver],
        hub_of: Mapping[str, str],
        *,
        task_status: trio.TaskStatus[int | None] = trio.TASK_STATUS_IGNORED,
    ) -> None:
        """Serve ``/metrics``, ``/healthz``, ``/readyz`` and ``/`` until cancelled.
        ``drivers`` and ``hub_of`` are read live: the fleet changes them as it runs."""
        settings = self._config.metrics
        if settings is None:
            task_status.started(None)
            return
        hubs = self._hubs or self._board(lambda _: None)
        self._hubs = hubs
        links = self._connector.records if self._connector is not None else {}
        view = FleetView(self._config.chargers, drivers, links, hubs, hub_of, store)
        self._view = view
        watchdog = Watchdog()
        ring = ErrorRing(self.registry)
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        self.registry.register(FleetGauges(view, lambda: watchdog.lag))
        routes = OperatorRoutes(self.registry, view, ring, watchdog)
        ring.install()
        try:
            async with trio.open_nursery() as nursery:
                nursery.start_soon(watchdog.run)
                if block_hook_enabled():
                    nursery.start_soon(serve_block_hook)
                self.port = await nursery.start(serve_http, routes, settings.host, settings.port)
                task_status.started(self.port)
        finally:
            ring.uninstall()


def _mask_write_only_keys(driver: ChargerDriver) -> None:
    """Write-only OCPP keys (AuthorizationKey, errata 3.12) are secrets: mask their values in
    every log line, and so on the fleet page's error list, now and after each change."""
    config = driver.config

    def changed(name: str, value: str) -> None:
        row = config.row(name)
        if row is not None and row.access is Access.WRITE_ONLY:
            register_secret(value)

    for row in CONFIG_KEYS.values():
        value = config.get(row.name) if row.access is Access.WRITE_ONLY else None
        if value is not None:
            changed(row.name, value)
    config.on_change(changed)
