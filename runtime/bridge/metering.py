"""The energy register and MeterValues: what they carry and when they are due (no I/O).

Register. The zappi reports only the energy of the current (or last) session, ``che``; the
bridge keeps Energy.Active.Import.Register itself (:mod:`runtime.bridge.register` says how). It
never decreases, across sessions and restarts, and a drop of ``che`` counts only at a session
boundary.

Schedule. OCPP 1.6 §3.16 / §4.7 and errata 3.15: during a transaction, MeterValues every
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

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from generated.payloads import MeterValue, MeterValuesRequest, ReadingContext, SampledValue
from runtime.ocpp.outbox import TxRole

from .averaging import IntervalAverages, Values, aligned_samples
from .effects import Effect, QueueTxMessage, SendCall
from .sampling import Sample, samples
from .settings import ConfigReader, csl, integer
from .state import DurableState, TxRecord

if TYPE_CHECKING:  # the myenergi package imports trio with its client
    from runtime.myenergi.status import ZappiStatus

__all__ = [
    "CONNECTOR",
    "ENERGY_REGISTER",
    "MeterSchedule",
    "clock_aligned_start",
    "meter_value",
    "meter_values",
    "next_clock_aligned",
    "rfc3339",
    "sampled_values",
]

CONNECTOR = 1  #: a zappi has one connector
#: the register name generated/measurands.py reads Energy.Active.Import.Register from
ENERGY_REGISTER = "energy_import_wh"


def rfc3339(now: float) -> str:
    """UTC, second precision, ``Z``: what strict central systems accept (ajv date-time)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))


def _registers(register_wh: float) -> dict[str, float]:
    """The bridge's registers by the names the measurand table uses, in whole Wh."""
    return {ENERGY_REGISTER: float(int(register_wh))}


def _typed(found: Iterable[Sample], context: ReadingContext) -> tuple[SampledValue, ...]:
    return tuple(SampledValue.from_payload(s.to_payload(context.value)) for s in found)


def sampled_values(
    measurands: Iterable[str],
    zappi: Mapping[str, object],
    register_wh: float,
    context: ReadingContext,
) -> tuple[SampledValue, ...]:
    """sampledValue objects for ``measurands`` (OCPP 1.6 §7.43), in measurand-table order."""
    return _typed(samples(measurands, zappi, _registers(register_wh)), context)


def meter_value(
    now: float,
    measurands: Iterable[str],
    zappi: Mapping[str, object],
    register_wh: float,
    context: ReadingContext,
) -> MeterValue:
    """One MeterValue object (timestamp + sampledValue list)."""
    return MeterValue(rfc3339(now), sampled_values(measurands, zappi, register_wh, context))


def meter_values(value: MeterValue, transaction_id: int | None = None) -> MeterValuesRequest:
    """MeterValues.req of connector 1 with one value."""
    return MeterValuesRequest(CONNECTOR, (value,), transaction_id)


def next_clock_aligned(now: float, interval_s: int) -> float:
    """The next boundary strictly after ``now`` of ``interval_s`` slots counted from midnight
    UTC (OCPP 1.6 §9.1.8 ClockAlignedDataInterval)."""
    midnight = math.floor(now / 86_400) * 86_400
    slots = math.floor((now - midnight) / interval_s) + 1
    boundary = midnight + slots * interval_s
    return min(boundary, midnight + 86_400)  # a slot never spans midnight


def clock_aligned_start(now: float, interval_s: int) -> float:
    """The start of the ``interval_s`` slot counted from midnight UTC that holds ``now``."""
    midnight = math.floor(now / 86_400) * 86_400
    return midnight + math.floor((now - midnight) / interval_s) * interval_s


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
        if self.next_aligned is None:  # ClockAlignedDataInterval 0: nothing closes the spans
            self._averages.forget_before(now)  # first: the span that ends now is never made
        self._averages.hold(zappi, now)

    def restart_sampling(self, now: float, running: bool) -> None:
        """A transaction started (or stopped), or MeterValueSampleInterval changed."""
        interval = integer(self._config, "MeterValueSampleInterval")
        self.next_sample = now + interval if running and interval > 0 else None

    def restart_aligned(self, now: float) -> None:
        """Start, or ClockAlignedDataInterval changed: the current interval counts from now."""
        self._schedule_aligned(now)
        self._averages.restart(now)

    def value_now(
        self,
        now: float,
        zappi: Mapping[str, object],
        register_wh: float,
        measurands_key: str,
        context: ReadingContext,
    ) -> MeterValue:
        """The latest values of the measurands ``measurands_key`` names (a trigger)."""
        return meter_value(now, csl(self._config, measurands_key), zappi, register_wh, context)

    def _schedule_aligned(self, now: float) -> None:
        interval = integer(self._config, "ClockAlignedDataInterval")
        if interval > 0:
            self.next_aligned = next_clock_aligned(now, interval)
            self.aligned_from = clock_aligned_start(now, interval)
        else:
            self.next_aligned = self.aligned_from = None

    def due(
        self, now: float, fresh: ZappiStatus | None, state: DurableState
    ) -> tuple[DurableState, list[Effect]]:
        """The messages due at ``now``, and the state with any values kept for the stop of its
        transaction; ``fresh`` is the snapshot that still stands for the zappi (None: none)."""
        effects: list[Effect] = []
        tx, register_wh = state.transaction, state.register_wh
        if self.next_sample is not None and now >= self.next_sample:
            if tx is not None and fresh is not None:
                measurands = csl(self._config, "MeterValuesSampledData")
                context = ReadingContext.SAMPLE_PERIODIC
                value = meter_value(now, measurands, fresh.raw, register_wh, context)
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
        if tx is not state.transaction:
            state = replace(state, transaction=tx)
        return state, effects

    def _aligned(
        self,
        start: float,
        averages: Values,
        register_wh: float,
        tx: TxRecord | None,
        effects: list[Effect],
    ) -> TxRecord | None:
        regs = _registers(register_wh)
        value = _aligned_value(start, csl(self._config, "MeterValuesAlignedData"), averages, regs)
        if tx is None:
            effects.append(SendCall(meter_values(value)))
            return tx
        effects.append(_queued(tx, value))
        stop_measurands = csl(self._config, "StopTxnAlignedData")
        if not stop_measurands:
            return tx
        kept = _aligned_value(start, stop_measurands, averages, regs)
        return replace(tx, aligned_values=(*tx.aligned_values, kept.to_payload()))


def _aligned_value(
    start: float, measurands: tuple[str, ...], averages: Values, regs: Mapping[str, float]
) -> MeterValue:
    found = aligned_samples(measurands, averages, regs)
    return MeterValue(rfc3339(start), _typed(found, ReadingContext.SAMPLE_CLOCK))


def _queued(tx: TxRecord, value: MeterValue) -> QueueTxMessage:
    return QueueTxMessage(meter_values(value), tx.tx_ref, TxRole.UPDATE)
