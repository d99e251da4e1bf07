"""Which keys each zappi firmware generation sends, in which order, and when it leaves one out.

The myenergi cloud changed its zappi object between firmware generations (ref §2.2, §5): 2019
firmware sent volts as a float and dropped every zero-valued integer; later firmware sends
explicit zeros but still drops a few keys (``zsl``, ``sbm`` when 0, ``ectp4..6`` when that CT
input is unused) and adds keys (``deviceClass``, ``productCode``, ``phaseSetting``,
``ocppEnabled``...). Each row below was read off the recordings named in its comment
(``../shared/fixtures/myenergi/`` and the 2026 capture in the reference, §4 C); the test
``tests/myenergi/test_simulator_shapes.py`` checks the simulator against those recordings.

Key spelling in the tables: ``name`` is always sent; ``name?`` is left out when its value is 0;
``name~`` (only ``ectpN``) is left out when CT input N is ``"None"``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass


class Generation(enum.StrEnum):
    G2019 = "2019"  # no fwv; twonk README examples
    G2021 = "2021"  # 3560S3.x; pymyenergi fixtures (real capture)
    G2023 = "2023"  # 3562S4.x and 3562S5.0xx-3xx; buckning/myzappi mocks
    G2024 = "2024"  # 3562S5.4xx-6xx; buckning/myzappi 2024 mock
    G2026 = "2026"  # 3562S5.7xx and later; Rouzax real capture (ref §4 C)


class Rule(enum.Enum):
    ALWAYS = enum.auto()
    OMIT_ZERO = enum.auto()
    OMIT_UNUSED_CT = enum.auto()


_OLD = (
    "dat tim ectp1? ectp2? ectp3? ectt1 ectt2 ectt3 frq grd? gen? div? pha? sno sta? "
    "vol pri? cmt? zmo? tbk? che pst bsm? mgl? sbh? sbk? sbm? ectp4? ectt4 ectp5? "
    "ectt5 ectp6? ectt6 fwv dst? lck? pwm? zs? rdc? rac? rrac? zsh? zsl?"
)

_KEYS: Mapping[Generation, str] = {
    # 2019-01/2019-06 twonk examples: every integer zero dropped, vol in volts, no fwv.
    Generation.G2019: (
        "dat tim div? ectp1? ectp2? ectt1 ectt2 frq gen? grd? pha? sno sta? vol pri? cmt? "
        "zmo? tbh? tbm? tbk? pst bsm? mgl? sbh? sbk?"
    ),
    # pymyenergi-zappi-device-2021.json and the pymyenergi client fixtures.
    Generation.G2021: _OLD,
    # jstatus-Z-2023-locked.json (S4.525), jstatus-all-2023.json (S5.044, adds g100LockoutState).
    Generation.G2023: (
        "sno dat tim ectp1 ectp2 ectp3 ectt1 ectt2 ectt3 bsm bst cmt dst div frq fwv gen "
        "grd pha pri sta tz vol che? bss lck pst zmo pwm zs rdc rac rrac zsh zsl? tbk? "
        "ectp4~ ectt4 ectp5~ ectt5 ectp6~ ectt6 newAppAvailable newBootloaderAvailable "
        "beingTamperedWith batteryDischargeEnabled g100LockoutState mgl sbh sbk sbm?"
    ),
    # jstatus-all-2024.json (S5.434).
    Generation.G2024: (
        "deviceClass sno dat tim ectp1 ectp2 ectp3 ectt1 ectt2 ectt3 bsm bst dst div frq "
        "gen grd pha pri sta tz vol che isVHubEnabled bss lck pst zmo pwm zs rdc rac rrac "
        "zsh zsl? tbk? ectp4~ ectt4 ectp5~ ectt5 ectp6~ ectt6 beingTamperedWith "
        "batteryDischargeEnabled g100LockoutState phaseSetting mgl sbh sbk sbm? fwv cmt "
        "newAppAvailable newBootloaderAvailable productCode"
    ),
    # Rouzax jstatus_real.json (S5.782, 2026): adds wifiLink/ethernetLink/ocppEnabled, sends sbm.
    Generation.G2026: (
        "deviceClass sno dat tim ectp1 ectp2 ectp3 ectt1 ectt2 ectt3 bsm bst dst div frq "
        "gen grd pha pri sta tz vol che isVHubEnabled bss lck pst zmo pwm zs rdc rac rrac "
        "zsh zsl? tbk? ectp4~ ectp5~ ectp6~ ectt4 ectt5 ectt6 beingTamperedWith "
        "batteryDischargeEnabled g100LockoutState phaseSetting wifiLink ethernetLink "
        "ocppEnabled mgl sbh sbk sbm fwv cmt newAppAvailable newBootloaderAvailable "
        "productCode"
    ),
}

#: Order of the device-class elements in a ``cgi-jstatus-*`` reply; clients must not rely on
#: it (ref §2.1), so the simulator reproduces each era's order.
CLASS_ORDER: Mapping[Generation, tuple[str, ...]] = {
    Generation.G2019: ("eddi", "zappi", "harvi"),
    Generation.G2021: ("eddi", "zappi", "harvi", "libbi"),
    Generation.G2023: ("eddi", "zappi", "harvi", "libbi"),
    Generation.G2024: ("eddi", "harvi", "libbi", "zappi"),
    Generation.G2026: ("eddi", "harvi", "libbi", "zappi"),
}

#: Keys of the trailer element (``{"asn": ..., "fwv": ..., "vhub": 1}``) per era.
TRAILER_KEYS: Mapping[Generation, tuple[str, ...]] = {
    Generation.G2019: ("asn",),
    Generation.G2021: ("asn", "fwv"),
    Generation.G2023: ("asn", "fwv", "vhub"),
    Generation.G2024: ("asn", "fwv", "vhub"),
    Generation.G2026: ("asn", "fwv", "vhub"),
}


@dataclass(frozen=True, slots=True)
class KeyRule:
    name: str
    rule: Rule


def _parse(spec: str) -> tuple[KeyRule, ...]:
    rows = []
    for token in spec.split():
        if token.endswith("?"):
            rows.append(KeyRule(token[:-1], Rule.OMIT_ZERO))
        elif token.endswith("~"):
            rows.append(KeyRule(token[:-1], Rule.OMIT_UNUSED_CT))
        else:
            rows.append(KeyRule(token, Rule.ALWAYS))
    return tuple(rows)


SHAPES: Mapping[Generation, tuple[KeyRule, ...]] = {g: _parse(s) for g, s in _KEYS.items()}

_FIRMWARE = re.compile(r"^(?P<product>\d+)S(?P<major>\d+)\.(?P<minor>\d+)$")


def generation_of(firmware: str) -> Generation:
    """The reply generation for a firmware string such as ``3562S5.782``."""
    match = _FIRMWARE.match(firmware)
    if match is None:
        return Generation.G2019
    major, minor = int(match["major"]), int(match["minor"])
    if major <= 2:
        return Generation.G2019
    if major == 3:
        return Generation.G2021
    if major == 4 or minor < 400:
        return Generation.G2023
    if minor < 700:
        return Generation.G2024
    return Generation.G2026


def render(values: Mapping[str, object], firmware: str) -> dict[str, object]:
    """The zappi object a unit on ``firmware`` sends, built from the model's full values."""
    generation = generation_of(firmware)
    out: dict[str, object] = {}
    for row in SHAPES[generation]:
        value = values[row.name]
        if generation is Generation.G2019 and row.name == "vol":
            assert isinstance(value, int)
            value = value / 10  # volts as a float on 2019 firmware (ref §2.2)
        if row.rule is Rule.OMIT_ZERO and value == 0 and not isinstance(value, bool):
            continue
        if row.rule is Rule.OMIT_UNUSED_CT and values[f"ectt{row.name[-1]}"] == "None":
            continue
        if (
            row.name == "g100LockoutState"
            and generation is Generation.G2023
            and (firmware.split("S", 1)[-1].startswith("4"))
        ):
            continue  # S4 firmware predates the G100 field (jstatus-Z-2023-locked.json)
        out[row.name] = value
    return out
