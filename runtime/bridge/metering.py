"""When MeterValues are due and what they carry (no I/O): part of the per-charger core.

OCPP 1.6 §3.16 / §4.7 and errata 3.15: during a transaction, MeterValues every
MeterValueSampleInterval seconds (context Sample.Periodic, the MeterValuesSampledData
measurands); at every ClockAlignedDataInterval boundary counted from midnight (Sample.Clock,
MeterValuesAlignedData), as a transaction message while a transaction runs and as a plain CALL
without a transactionId otherwise (errata 3.16); StopTxnAlignedData values taken at those
boundaries are kept with the transaction for StopTransaction.transactionData. Values are never
sent stale: without a fresh reading of the zappi nothing is sampled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Protocol

from generated.config_keys import ConfigValue
from generated.payloads import ReadingContext
from runtime.ocpp.outbox import TxRole

from .effects import Effect, QueueTxMessage, SendCall
from .meter import meter_value, next_clock_aligned
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

    __slots__ = ("_config", "next_aligned", "next_sample")

    def __init__(self, config: ConfigReader) -> None:
        self._config = config
        self.next_sample: float | None = None
        self.next_aligned: float | None = None

    def deadlines(self) -> list[float]:
        return [t for t in (self.next_sample, self.next_aligned) if t is not None]

    def restart_sampling(self, now: float, running: bool) -> None:
        """A transaction started (or stopped), or MeterValueSampleInterval changed."""
        interval = integer(self._config, "MeterValueSampleInterval")
        self.next_sample = now + interval if running and interval > 0 else None

    def restart_aligned(self, now: float) -> None:
        """Start, or ClockAlignedDataInterval changed."""
        interval = integer(self._config, "ClockAlignedDataInterval")
        self.next_aligned = next_clock_aligned(now, interval) if interval > 0 else None

    def due(
        self, now: float, reading: Reading | None, tx: TxRecord | None
    ) -> tuple[list[Effect], TxRecord | None]:
        """The messages due at ``now`` and the transaction with any values kept for its stop."""
        effects: list[Effect] = []
        if self.next_sample is not None and now >= self.next_sample:
            if tx is not None and reading is not None:
                value = self._value(
                    now, "MeterValuesSampledData", reading, ReadingContext.SAMPLE_PERIODIC
                )
                effects.append(_queued(tx, value))
            self.restart_sampling(now, tx is not None)
        if self.next_aligned is not None and now >= self.next_aligned:
            slot = self.next_aligned
            if reading is not None:
                value = self._value(
                    slot, "MeterValuesAlignedData", reading, ReadingContext.SAMPLE_CLOCK
                )
                if tx is None:
                    effects.append(SendCall("MeterValues", _payload(value)))
                else:
                    effects.append(_queued(tx, value))
                    tx = self._keep_for_stop(slot, reading, tx)
            self.restart_aligned(now)
        return effects, tx

    def _keep_for_stop(self, slot: float, reading: Reading, tx: TxRecord) -> TxRecord:
        if not csl(self._config, "StopTxnAlignedData"):
            return tx
        kept = self._value(slot, "StopTxnAlignedData", reading, ReadingContext.SAMPLE_CLOCK)
        return replace(tx, aligned_values=(*tx.aligned_values, kept))

    def _value(
        self, at: float, measurands: str, reading: Reading, context: ReadingContext
    ) -> dict[str, object]:
        zappi, register_wh = reading
        return meter_value(at, csl(self._config, measurands), zappi, register_wh, context.value)


def _payload(value: dict[str, object]) -> dict[str, object]:
    return {"connectorId": CONNECTOR, "meterValue": [value]}


def _queued(tx: TxRecord, value: dict[str, object]) -> QueueTxMessage:
    return QueueTxMessage("MeterValues", _payload(value), tx.tx_ref, TxRole.UPDATE)
