"""When MeterValues are due and what they carry (no I/O): part of the per-charger core.

OCPP 1.6 §3.16 / §4.7 and errata 3.15: during a transaction, MeterValues every
MeterValueSampleInterval seconds (context Sample.Periodic, the MeterValuesSampledData
measurands, read from the latest snapshot; never sent stale: without a fresh reading of the
zappi nothing is sampled). At every ClockAlignedDataInterval boundary counted from midnight:
Sample.Clock, MeterValuesAlignedData, averaged over the interval that just ended
(:mod:`runtime.bridge.averaging`), as a transaction message while a transaction runs and as a
plain CALL without a transactionId otherwise (errata 3.16); the StopTxnAlignedData values of the
same interval are kept with the transaction for StopTransaction.transactionData.

Timestamp of a clock-aligned value: the start of its interval, not the boundary it is sent at.
OCPP 1.6 §3.16 has per-period values "transmitted at the end of each interval, bearing the
interval start time timestamp", and ocpp16-charge-point.md §3.5 says the same ("averaged over
the interval, timestamped with interval start"); a central system that plots the 08:00 value
must get what happened from 08:00 to 08:15.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Protocol

from generated.payloads import ReadingContext
from rows.config_keys import ConfigValue
from runtime.ocpp.outbox import TxRole

from .averaging import IntervalAverages, Values, aligned_samples
from .effects import Effect, QueueTxMessage, SendCall
from .meter import clock_aligned_start, meter_value, next_clock_aligned, registers, rfc3339
from .state import TxRecord

__all__ = ["CONNECTOR", "ConfigReader", "MeterSchedule", "Reading", "csl", "flag", "integer"]

CONNECTOR = 1  #: a zappi has one connector


class ConfigReader(Protocol):
    """The charger's OCPP configuration (``runtime.ocpp.config_store.ConfigStore``)."""

    def value(self, name: str) -> ConfigValue | None: ...


def flag(config: ConfigReader, name: str) -> bool:
    return config.value(name) is True


def integer(config: ConfigReader, name: str) -> int:
    value = config.value(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def csl(config: ConfigReader, name: str) -> tuple[str, ...]:
    value = config.value(name)
    return value if isinstance(value, tuple) else ()


Reading = tuple[Mapping[str, object], float]  #: a fresh zappi object and the register (Wh)


class MeterSchedule:
    """The two meter-value timers of one charger and the messages they produce."""

    __slots__ = ("_averages", "_config", "aligned_from", "next_aligned", "next_sample")

    def __init__(self, config: ConfigReader) -> None:
        self._config = config
        self._averages = IntervalAverages()
        self.next_sample: float | None = None
        self.next_aligned: float | None = None
        self.aligned_from: float | None = None  #: the start of the interval ending next_aligned

    def deadlines(self) -> list[float]:
        return [t for t in (self.next_sample, self.next_aligned) if t is not None]

    def observe(self, zappi: Mapping[str, object] | None, now: float) -> None:
        """A snapshot of the zappi at ``now``, or None: the poll failed (for the averages)."""
        self._averages.hold(zappi, now)

    def restart_sampling(self, now: float, running: bool) -> None:
        """A transaction started (or stopped), or MeterValueSampleInterval changed."""
        interval = integer(self._config, "MeterValueSampleInterval")
        self.next_sample = now + interval if running and interval > 0 else None

    def restart_aligned(self, now: float) -> None:
        """Start, or ClockAlignedDataInterval changed: the current interval counts from now."""
        self._schedule_aligned(now)
        self._averages.restart(now)

    def _schedule_aligned(self, now: float) -> None:
        interval = integer(self._config, "ClockAlignedDataInterval")
        if interval > 0:
            self.next_aligned = next_clock_aligned(now, interval)
            self.aligned_from = clock_aligned_start(now, interval)
        else:
            self.next_aligned = self.aligned_from = None

    def due(
        self, now: float, reading: Reading | None, tx: TxRecord | None, register_wh: float
    ) -> tuple[list[Effect], TxRecord | None]:
        """The messages due at ``now`` and the transaction with any values kept for its stop;
        ``reading`` is the fresh snapshot (None: none), ``register_wh`` the bridge's register."""
        effects: list[Effect] = []
        if self.next_sample is not None and now >= self.next_sample:
            if tx is not None and reading is not None:
                zappi, reading_wh = reading
                value = meter_value(
                    now,
                    csl(self._config, "MeterValuesSampledData"),
                    zappi,
                    reading_wh,
                    ReadingContext.SAMPLE_PERIODIC.value,
                )
                effects.append(_queued(tx, value))
            self.restart_sampling(now, tx is not None)
        end, start = self.next_aligned, self.aligned_from
        if end is not None and start is not None and now >= end:
            averages = self._averages.close(end)
            if averages is not None:
                tx = self._aligned(start, averages, register_wh, tx, effects)
            self._schedule_aligned(now)
            if self.aligned_from is not None:
                self._averages.restart(self.aligned_from)  # ticks late by whole intervals
        return effects, tx

    def _aligned(
        self,
        start: float,
        averages: Values,
        register_wh: float,
        tx: TxRecord | None,
        effects: list[Effect],
    ) -> TxRecord | None:
        regs = registers(register_wh)
        value = _aligned_value(start, csl(self._config, "MeterValuesAlignedData"), averages, regs)
        if tx is None:
            effects.append(SendCall("MeterValues", _payload(value)))
            return tx
        effects.append(_queued(tx, value))
        stop_measurands = csl(self._config, "StopTxnAlignedData")
        if not stop_measurands:
            return tx
        kept = _aligned_value(start, stop_measurands, averages, regs)
        return replace(tx, aligned_values=(*tx.aligned_values, kept))


def _aligned_value(
    start: float, measurands: tuple[str, ...], averages: Values, regs: Mapping[str, float]
) -> dict[str, object]:
    context = ReadingContext.SAMPLE_CLOCK.value
    samples = aligned_samples(measurands, averages, regs)
    return {"timestamp": rfc3339(start), "sampledValue": [s.to_payload(context) for s in samples]}


def _payload(value: dict[str, object]) -> dict[str, object]:
    return {"connectorId": CONNECTOR, "meterValue": [value]}


def _queued(tx: TxRecord, value: dict[str, object]) -> QueueTxMessage:
    return QueueTxMessage("MeterValues", _payload(value), tx.tx_ref, TxRole.UPDATE)
