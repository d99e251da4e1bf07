"""Clock-aligned values averaged over their interval (no I/O): part of the per-charger core.

OCPP 1.6 §3.16 (ocpp16-charge-point.md §3.5): clock-aligned values are accumulated or averaged
over the whole interval, not read at its end. The bridge only sees the zappi at each poll, so
each snapshot stands for the time until the next one, and an instantaneous measurand's aligned
value is the time-weighted mean of the snapshots over the interval. A register (the table's
``MeasurandRow.is_register``) is cumulative: averaging it would report energy the meter showed
halfway through, so it is sent as it stands at the interval's end.

When the cloud cannot be reached, the last snapshot stops standing for anything (the zappi may
have stopped charging a second later), so an outage adds no time to the average. An interval
with no time covered at all is not reported (:meth:`IntervalAverages.close` returns None): any
value would be invented, the last known one is already in the previous interval, OCPP 1.6 has
no "unknown" sampledValue, and the StatusNotification already tells the central system the
cloud is gone. The register reaches the central system again with the next covered interval.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generated.measurands import ROWS

from .sampling import Sample, sample_of, value_of

__all__ = ["IntervalAverages", "aligned_samples"]

#: row index → value, for the rows that are averaged (registers are not)
Values = Mapping[int, float]


@dataclass(frozen=True, slots=True)
class _Span:
    """One snapshot's values, standing from ``start`` to ``end``."""

    start: float
    end: float
    values: Values


def _values(zappi: Mapping[str, object]) -> dict[int, float]:
    # registers come from the bridge, not the zappi object, and are never averaged
    return {i: value_of(row, zappi, {}) for i, row in enumerate(ROWS) if not row.is_register}


class IntervalAverages:
    """The time-weighted mean of every averaged row since the last :meth:`close`."""

    __slots__ = ("_held", "_spans")

    def __init__(self) -> None:
        self._spans: list[_Span] = []  #: snapshots that stood, not yet fully closed
        #: the snapshot standing now, since when; its values are read only once it has stood
        #: (most chargers never average: ClockAlignedDataInterval is 0 by default)
        self._held: tuple[float, Mapping[str, object]] | None = None

    def hold(self, zappi: Mapping[str, object] | None, now: float) -> None:
        """A new snapshot at ``now`` (None: the poll failed, nothing is known from now on)."""
        if self._held is not None:
            since, previous = self._held
            if now > since:
                self._spans.append(_Span(since, now, _values(previous)))
        self._held = (now, zappi) if zappi is not None else None

    def forget_before(self, now: float) -> None:
        """No interval is being averaged: drop what stood before ``now``, keep the snapshot
        standing now (so the spans never pile up while nothing closes them)."""
        self._spans.clear()
        if self._held is not None:
            self._held = (max(self._held[0], now), self._held[1])

    def restart(self, now: float) -> None:
        """An interval starts at ``now`` (the bridge started, the interval changed, or ticks
        were late by whole intervals): the time before belongs to no interval still reported."""
        self._spans = [
            _Span(max(span.start, now), span.end, span.values)
            for span in self._spans
            if span.end > now
        ]
        if self._held is not None:
            since, zappi = self._held
            self._held = (max(since, now), zappi)

    def close(self, end: float) -> Values | None:
        """The averages up to ``end``, the interval's boundary; None when no snapshot stood at
        any time before it. Time after ``end`` (a poll answered after the boundary but handled
        before the boundary's tick) is kept for the next interval."""
        spans = list(self._spans)
        if self._held is not None:
            since, zappi = self._held
            spans.append(_Span(since, max(since, end), _values(zappi)))
        sums: dict[int, float] = {}
        covered = 0.0
        for span in spans:
            weight = min(span.end, end) - span.start
            if weight <= 0:
                continue
            covered += weight
            for index, value in span.values.items():
                sums[index] = sums.get(index, 0.0) + value * weight
        self.restart(end)
        if covered <= 0:
            return None
        return {index: total / covered for index, total in sums.items()}


def aligned_samples(
    measurands: Iterable[str], averages: Values, registers: Mapping[str, float]
) -> list[Sample]:
    """Samples for ``measurands`` in table order: averaged rows from ``averages``, registers
    as ``registers`` hold them at the interval's end."""
    wanted = set(measurands)
    return [
        sample_of(row, value_of(row, {}, registers) if row.is_register else averages[index])
        for index, row in enumerate(ROWS)
        if row.measurand in wanted
    ]
