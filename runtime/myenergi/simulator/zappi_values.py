"""A simulated zappi rendered as the raw values of its ``cgi-jstatus`` object: every key any
firmware generation may send (``shapes.py`` then keeps those of the zappi's generation). The
facts and their sources are in ``../shared/reference/myenergi-cloud-api.md`` ("ref §n")."""

from __future__ import annotations

import datetime as dt

from runtime.myenergi.simulator.clock import DEFAULT_EPOCH
from runtime.myenergi.simulator.zappi import ZappiModel

__all__ = ["zappi_values"]


def zappi_values(
zappi: ZappiModel, sim_seconds: float, epoch: dt.datetime = DEFAULT_EPOCH
) -> dict[str, object]:
    """Every key any firmware generation may send, with ``zappi``'s current value at
    ``sim_seconds`` after ``epoch``."""
    wall = epoch + dt.timedelta(seconds=sim_seconds)
    pst, sta, zsh = zappi.state()
    power = zappi.power_w()
    grid = zappi.house_load_w + power - zappi.generation_w
    ct_power = {"Internal Load": power, "Grid": grid, "Generation": zappi.generation_w}
    # zsl: meaning unknown; recordings show 2 with an EV connected and mostly 0 (left out,
    # zs = 256) without one (ref §2.2).
    zsl = 2 if zappi.plugged else 0
    values: dict[str, object] = {
        "deviceClass": "ZAPPI",
        "sno": zappi.serial,
        "dat": wall.strftime("%d-%m-%Y"),
        "tim": wall.strftime("%H:%M:%S"),
        "bsm": int(zappi.manual_boost),
        "bst": 0,
        "bss": int(zappi.smart_boost),
        "cmt": int(zappi.cmt),
        "dst": zappi.dst,
        "div": power,
        "frq": zappi.frequency_hz,
        "fwv": zappi.firmware,
        "gen": zappi.generation_w,
        "grd": grid,
        "pha": zappi.phases,
        "pri": zappi.priority,
        "sta": sta,
        "tz": zappi.tz,
        "vol": zappi.voltage_dv,
        "che": round(zappi.che_kwh, 2),
        "isVHubEnabled": zappi.vhub,
        "lck": zappi.lck,
        "pst": pst,
        "zmo": int(zappi.mode),
        "pwm": zappi.pwm(),
        "zs": zsh * 256 + zsl,  # zs = zsh·256 + zsl holds in every recording (ref §2.2)
        "rdc": -1,
        "rac": 1,
        "rrac": -3,
        "zsh": int(zsh),
        "zsl": zsl,
        "tbk": zappi.boost_target_kwh,  # the last boost target; 2021 units keep showing it
        "tbh": zappi.tbh,
        "tbm": zappi.tbm,
        "beingTamperedWith": False,
        "batteryDischargeEnabled": False,
        "g100LockoutState": "NONE",
        "phaseSetting": zappi.phase_setting,
        "wifiLink": False,
        "ethernetLink": True,
        "ocppEnabled": False,
        "mgl": zappi.min_green_pct,
        "sbh": zappi.smart_boost_hour,
        "sbk": zappi.smart_boost_kwh,
        "sbm": zappi.smart_boost_minute,
        "newAppAvailable": False,
        "newBootloaderAvailable": zappi.next_firmware is not None,
        "productCode": zappi.firmware.split("S", 1)[0],
    }
    for index, ct_type in enumerate(zappi.ct_types, start=1):
        values[f"ectt{index}"] = ct_type
        offset = zappi.ct_offsets_w[index - 1] if index <= len(zappi.ct_offsets_w) else 0
        values[f"ectp{index}"] = ct_power.get(ct_type, 0) + offset
    return values
