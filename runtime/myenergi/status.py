"""Parse ``cgi-jstatus`` replies into typed, normalised ``ZappiStatus`` values.

A reply is checked by the validators generated from ``spec/myenergi.yaml``
(``generated.myenergi_validators``) in two parts. Its envelope (a JSON array of device groups,
or an object with a ``zappi`` list) has one verdict: a broken envelope raises
``MalformedReply``, a cloud failure for the whole hub. Each zappi object has its own: an object
that breaks its schema affects only its zappi (``objects.py`` says how), and the other zappis
are served from the same reply. Normalisation comes from the same table: each attribute of
``ZappiStatus`` is made from its field as the ``zappi_status`` rows say (``conversions.py``),
missing keys take the field's default and values are scaled to SI units by the field's row.
Devices are found by key, never by position: the order of the classes in a ``cgi-jstatus-*``
reply changed over time (ref §2.1).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from sys import intern
from types import MappingProxyType

from generated.myenergi import ChargeMode, ChargeStatus, LockBits, PlugState, ZappiState
from generated.myenergi_validators import (
    command_reply_problem,
    jstatus_all_problem,
    jstatus_zappi_problem,
    zappi_faults,
)
from runtime.myenergi.conversions import ATTRIBUTES, attribute_values
from runtime.myenergi.errors import CloudRejected, MalformedReply
from runtime.myenergi.objects import ObjectProblem, examine


@dataclass(frozen=True, slots=True)
class ZappiStatus:
    """One zappi as the cloud last reported it, in SI units. ``raw`` keeps the wire object."""

    serial: str
    firmware: str | None
    mode: ChargeMode | None  #: None for a value outside the table (e.g. 0 while starting)
    charge_status: ChargeStatus | None
    plug_state: PlugState | None  #: None when missing or not in the table
    state: ZappiState | None  #: zsh, the detailed state; None when not in the table
    state_code: int  #: zsh as sent, also when it is not in the table
    lock: LockBits
    command_timer: int  #: cmt: 1..10 in flight, 254 success, 253 failure, 255 none
    charge_power_w: float
    session_energy_wh: float
    voltage_v: float
    frequency_hz: float
    grid_power_w: float
    generation_power_w: float
    min_green_pct: float
    manual_boost: bool
    smart_boost: bool
    timed_boost: bool
    manual_boost_target_wh: float
    smart_boost_target_wh: float
    smart_boost_hour: int
    smart_boost_minute: int
    pilot_duty_pct: float
    device_date: str | None  #: DD-MM-YYYY, device-local
    device_time: str | None  #: HH:MM:SS, device-local
    raw: Mapping[str, object]

    @property
    def locked_now(self) -> bool:
        return bool(self.lock & LockBits.LOCKED_NOW)

    @property
    def session_allowed(self) -> bool:
        """lck bit 4: set by PIN entry or an unlock (7 → 23, ref §2.4)."""
        return bool(self.lock & LockBits.CHARGE_SESSION_ALLOWED)

    @property
    def charge_allowed(self) -> bool:
        """ref §2.4: not locked, or charge-when-locked, or a session allowed."""
        return (
            not self.locked_now
            or bool(self.lock & LockBits.CHARGE_WHEN_LOCKED)
            or self.session_allowed
        )

    @property
    def command_in_flight(self) -> bool:
        return 1 <= self.command_timer <= 10


def zappi_status(zappi: Mapping[str, object]) -> ZappiStatus:
    """Normalise one zappi object that passed its schema (or lost its bad ``default`` fields):
    every attribute as its ``zappi_status`` row says, and the object as :attr:`ZappiStatus.raw`."""
    # positional, in ATTRIBUTES order then raw: _check_attributes below holds the class to it
    values = attribute_values(zappi)
    values.append(MappingProxyType(_shared_strings(zappi)))
    return ZappiStatus(*values)


def _shared_strings(zappi: Mapping[str, object]) -> dict[str, object]:
    """A copy of the object whose keys and string values are interned: every charger keeps its
    last object (``raw``) for as long as it runs, and the JSON parser makes new strings for
    each reply, so 10,000 chargers would hold 10,000 copies of ``"sno"``, ``"Grid"`` and the
    rest (an object of 25 keys: 2.6 KiB as parsed, 1.1 KiB shared; ~8 µs per poll)."""
    return {intern(k): intern(v) if v.__class__ is str else v for k, v in zappi.items()}


def _check_attributes() -> None:
    """ZappiStatus declares exactly the attributes spec/myenergi.yaml's ``zappi_status`` makes,
    in its order, then ``raw``."""
    declared = tuple(f.name for f in fields(ZappiStatus))
    if declared != (*ATTRIBUTES, "raw"):
        raise RuntimeError(
            "ZappiStatus and spec/myenergi.yaml zappi_status disagree: only the class has "
            f"{sorted(set(declared) - {*ATTRIBUTES, 'raw'})}, only the table has "
            f"{sorted(set(ATTRIBUTES) - set(declared))} (the order must match too, raw last)"
        )


_check_attributes()

class StatusReply(Mapping[str, ZappiStatus]):
    """The zappis of one ``cgi-jstatus`` reply whose objects parsed, by serial (a mapping), and
    what could not be read: the objects that broke their schema (by serial), those without a
    usable ``sno``, and the fields read as missing (``if_bad: default``) by serial."""

    __slots__ = ("_zappis", "ignored", "malformed", "unidentified")

    def __init__(
        self,
        zappis: dict[str, ZappiStatus],
        malformed: Mapping[str, ObjectProblem] | None = None,
        unidentified: tuple[ObjectProblem, ...] = (),
        ignored: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._zappis = zappis
        self.malformed: Mapping[str, ObjectProblem] = malformed or {}
        self.unidentified = unidentified
        self.ignored: Mapping[str, tuple[str, ...]] = ignored or {}

    def __getitem__(self, serial: str) -> ZappiStatus:
        return self._zappis[serial]

    def __iter__(self) -> Iterator[str]:
        return iter(self._zappis)

    def __len__(self) -> int:
        return len(self._zappis)

    def __repr__(self) -> str:
        return (
            f"StatusReply({sorted(self._zappis)}, malformed={sorted(self.malformed)}, "
            f"unidentified={len(self.unidentified)})"
        )


def _zappi_lists(reply: object, hub: str, endpoint: str) -> Iterator[tuple[str, list[object]]]:
    """(where, zappi list) of each device group, once the envelope passed its check."""
    if isinstance(reply, Mapping) and "status" in reply and "zappi" not in reply:
        code = error_code(reply.get("status"))
        if code:
            raise CloudRejected(hub, endpoint, code)
    envelope = jstatus_all_problem if isinstance(reply, list) else jstatus_zappi_problem
    problem = envelope(reply)
    if problem is not None:
        raise MalformedReply(hub, endpoint, problem[0] or "(top level)", problem[1])
    if isinstance(reply, list):
        for index, group in enumerate(reply):
            zappis = group.get("zappi")
            if zappis is not None:
                yield f"[{index}].zappi", zappis
    elif isinstance(reply, dict):
        yield "zappi", reply["zappi"]


def parse_status_reply(reply: object, hub: str, endpoint: str) -> StatusReply:
    """Every zappi in a ``cgi-jstatus-*`` / ``-Z`` / ``-Z{sn}`` reply, keyed by serial.

    Raises only :class:`~runtime.myenergi.errors.MyenergiError`s: ``MalformedReply`` for a
    broken envelope, ``CloudRejected`` for an error status. A zappi object that breaks its
    schema is in :attr:`StatusReply.malformed` (or :attr:`~StatusReply.unidentified` without a
    usable sno), and the other zappis of the reply are read as usual."""
    zappis: dict[str, ZappiStatus] = {}
    malformed: dict[str, ObjectProblem] = {}
    unidentified: list[ObjectProblem] = []
    ignored: dict[str, tuple[str, ...]] = {}
    for where, items in _zappi_lists(reply, hub, endpoint):
        for index, item in enumerate(items):
            faults = zappi_faults(item) if isinstance(item, dict) else None
            if faults is None and isinstance(item, dict):  # the common case: nothing wrong
                status = zappi_status(item)
                zappis[status.serial] = status
                continue
            found = examine(item, f"{where}[{index}]", faults)
            if found.problem is not None:
                if found.serial is None:
                    unidentified.append(found.problem)
                else:
                    malformed[found.serial] = found.problem
            elif found.zappi is not None:
                status = zappi_status(found.zappi)
                zappis[status.serial] = status
                if found.ignored:
                    ignored[status.serial] = found.ignored
    return StatusReply(zappis, malformed, tuple(unidentified), ignored)


def error_code(status: object) -> int | None:
    """The positive error code of a reply's ``status`` (0 = success), which may be an int or a
    string such as ``"-14"`` (ref §1.3); None when it is neither."""
    if isinstance(status, bool):
        return None
    if isinstance(status, str):
        try:
            status = int(status.strip())
        except ValueError:
            return None
    return -status if isinstance(status, int) else None


def command_reply_code(reply: object, hub: str, endpoint: str) -> int:
    """The positive error code of a ``{"status": ..., "statustext": ...}`` reply (0 = ok)."""
    problem = command_reply_problem(reply)
    if problem is not None:
        raise MalformedReply(hub, endpoint, problem[0] or "(top level)", problem[1])
    assert isinstance(reply, Mapping)
    code = error_code(reply["status"])
    if code is None or code < 0:
        raise MalformedReply(hub, endpoint, "status", f"{reply['status']!r} is not a status code")
    return code
