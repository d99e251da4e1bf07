"""Per-charger gating end to end (issue 12): a maintainer moves UnlockConnector to a later
release in a copy of the project and regenerates; the change report names exactly that change;
a real ``zappi-ocpp run`` from the copy then serves a zappi below the release and one at it.
The older one answers CALLERROR NotSupported and the docs row says from which firmware; the
newer one unlocks as before; once the simulator updates the older one's firmware and it boots
again with the new version, it unlocks too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import trio

from tests.codegen.conftest import copy_repo
from tests.e2e.harness import (
    AT_RELEASE_FIRMWARE,
    BELOW_RELEASE_FIRMWARE,
    HUB_E,
    REPO,
    Charger,
    World,
    error_code,
    result,
)
from tests.support.spec_edits import add_release, move_to_release

pytestmark = pytest.mark.slow

ACTION = "UnlockConnector"
RELEASE = "5.130"
REPORT = (
    "Changes for operators since generated/manifest.py (1):\n"
    f"  action {ACTION}: handled from firmware {RELEASE} (was 5.114); zappis on older firmware"
    " now answer NotSupported\n"
)


def generate(project: Path, *flags: str) -> str:
    """``zappi-ocpp generate`` on the copy, as a maintainer runs it; its standard output."""
    done = subprocess.run(
        [sys.executable, "-m", "runtime.cli", "generate", "--root", str(project), *flags],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def docs_row(project: Path) -> str:
    page = (project / "docs" / "ocpp-support.md").read_text(encoding="utf-8")
    supported = page[page.index("## Supported messages") : page.index("## Using a PIN code")]
    return next(line for line in supported.splitlines() if f"| {ACTION} |" in line)


async def unlock(world: World, charger: Charger) -> list[object]:
    return await world.request(charger, ACTION, {"connectorId": 1})


async def test_a_row_moved_to_a_later_release_is_gated_per_charger(world: World) -> None:
    project = copy_repo(world.tmp / "project", ("spec", "generated", "docs", "runtime"))
    assert f"| {ACTION} |" in docs_row(project) and "Needs firmware" not in docs_row(project)
    add_release(project, RELEASE, f"{ACTION} needs {RELEASE}")
    move_to_release(project, ACTION, RELEASE)

    assert generate(project, "--report-only") == REPORT
    written = generate(project)
    assert written.startswith(REPORT)
    assert "updated: generated/messages.py" in written
    assert generate(project, "--report-only") == (
        "No changes for operators since generated/manifest.py.\n"
    )
    row = docs_row(project)
    assert row.endswith(f"| Yes | {RELEASE} |")
    assert f"Needs firmware {RELEASE} or later: a zappi on older firmware answers NotSupported." in row

    older, newer = world.charger("below_release"), world.charger("at_release")
    assert (await world.sim_call(world.sim.zappi, older.serial))["firmware"] == BELOW_RELEASE_FIRMWARE
    with trio.fail_after(40):
        await world.run(older, newer, hubs=(HUB_E,), project=project)
        assert error_code(await unlock(world, older)) == "NotSupported"
        assert result(await unlock(world, newer)) == {"status": "Unlocked"}
        await world.wait_zappi(newer.serial, lambda z: "applied: unlock" in z.get("log", []))
        assert "applied: unlock" not in (await world.sim_call(world.sim.zappi, older.serial))["log"]

        mark = world.mark()
        await world.sim_call(
            world.sim.control,
            f"zappi/{older.serial}/firmware-update",
            {"firmware": AT_RELEASE_FIRMWARE, "duration_s": 10},
        )
        await world.wait_call(
            older,
            "BootNotification",
            lambda p: p.get("firmwareVersion") == AT_RELEASE_FIRMWARE,
            since=mark,
            within=15,
        )
        await world.wait_status(older, since=mark, within=10)
        assert result(await unlock(world, older)) == {"status": "Unlocked"}
        await world.wait_zappi(older.serial, lambda z: "applied: unlock" in z.get("log", []))
