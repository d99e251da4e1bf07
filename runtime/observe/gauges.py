"""The gauges, read at scrape time: how the fleet stands right now.

:class:`FleetGauges` is a prometheus-client collector: nothing is updated between scrapes;
each scrape makes one pass over the chargers (:meth:`FleetView.counts`), one over the hubs
and one SQL statement for the outbox. Labels are bounded: OCPP statuses, cloud states.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from .fleet import FleetView
from .outbox_reads import queue_totals

__all__ = ["FleetGauges"]


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


class FleetGauges(Collector):
    """Chargers, hubs, outbox and event loop, as gauges."""

    def __init__(
        self,
        view: FleetView,
        loop_lag: Callable[[], float],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._view = view
        self._loop_lag = loop_lag
        self._clock = clock

    def collect(self) -> Iterator[Metric]:
        counts = self._view.counts()
        yield _gauge(
            "zappi_ocpp_chargers_configured", "Chargers in the config file", counts.configured
        )
        yield _gauge(
            "zappi_ocpp_chargers_connected",
            "Chargers with an open OCPP WebSocket to their Central System",
            counts.connected,
        )
        yield _gauge(
            "zappi_ocpp_chargers_accepted",
            "Connected chargers whose BootNotification the Central System accepted",
            counts.accepted,
        )
        by_status = GaugeMetricFamily(
            "zappi_ocpp_chargers_by_status",
            "Chargers by the connector 1 status last reported to the Central System "
            "(Unknown: none reported yet)",
            labels=["status"],
        )
        for status, count in sorted(counts.by_status.items()):
            by_status.add_metric([status], count)
        yield by_status

        depth, oldest = queue_totals(self._view.store)
        yield _gauge(
            "zappi_ocpp_outbox_messages",
            "Transaction messages queued durably for delivery, all chargers together",
            depth,
        )
        age = 0.0 if oldest is None else max(0.0, self._clock() - oldest)
        yield _gauge(
            "zappi_ocpp_outbox_oldest_age_seconds",
            "Age of the oldest queued transaction message (0 when the queue is empty)",
            age,
        )

        hubs = self._view.hubs
        yield _gauge(
            "zappi_ocpp_hubs_owned",
            "myenergi hubs this process polls (with replicas: the hubs whose lease it holds)",
            len(hubs.records),
        )
        by_state = GaugeMetricFamily(
            "zappi_ocpp_hubs_by_cloud_state",
            "Hubs by the myenergi cloud state of their last poll (unknown: not polled yet)",
            labels=["state"],
        )
        for state, count in sorted(hubs.count_by_state().items()):
            by_state.add_metric([state], count)
        yield by_state

        yield _gauge(
            "zappi_ocpp_event_loop_lag_seconds",
            "How late the event loop's watchdog tick ran at its last beat",
            self._loop_lag(),
        )
