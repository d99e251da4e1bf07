"""A spec edit changes what the bridge does, with no code change: edit a table in a temporary
copy of the repository, regenerate, and drive the bridge core in a fresh interpreter whose
``generated`` package is the copy's (the runtime is this checkout's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.cli import main
from tests.codegen.conftest import REPO, copy_repo

#: the program each case runs: core_helpers' harness, then ``SCENARIO`` printing a JSON object
PROLOGUE = """
import json, generated.messages, generated.config_keys
from core_helpers import T0, commands, harness, plugged, zappi
from generated.payloads import MessageTrigger
out = {"generated": generated.messages.__file__, "keys": generated.config_keys.__file__}
"""

TRIGGER = """
h = harness()
h.observe(zappi())
for kind in (MessageTrigger.DIAGNOSTICS_STATUS_NOTIFICATION, MessageTrigger.HEARTBEAT):
    status, effects = h.core.trigger(kind, None, T0)
    out[kind.value] = [status.value, [type(e).__name__ for e in effects]]
print(json.dumps(out))
"""

CHARGE_MODE = """
h = harness(FreeCharging="false")
h.observe(plugged())
h.config.set("OCPPChargeMode", "ECO")
out["remote_start"] = commands(h.core.remote_start(None, "CARD1", T0)[1])
h.config.set("OCPPChargeMode", "FAST")
out["changed_during_session"] = commands(h.core.config_changed("OCPPChargeMode", T0 + 1))
print(json.dumps(out))
"""


def run(root: Path, scenario: str) -> dict[str, object]:
    """``scenario`` against the ``generated`` package under ``root``."""
    path = os.pathsep.join([str(root), str(REPO / "tests" / "bridge"), str(REPO)])
    completed = subprocess.run(
        [sys.executable, "-c", PROLOGUE + scenario],
        cwd=root,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    out: dict[str, object] = json.loads(completed.stdout)
    assert str(out["generated"]).startswith(str(root)), out  # the copy's tables, not ours
    return out


def edited(tmp_path: Path, file: str, old: str, new: str) -> Path:
    root = copy_repo(tmp_path / "repo")
    spec = root / "spec" / file
    text = spec.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not one snippet of {file}"
    spec.write_text(text.replace(old, new), encoding="utf-8")
    assert main(["--root", str(root)]) == 0
    return root


DIAGNOSTICS_ROW = (
    "  - action: DiagnosticsStatusNotification\n    origin: ChargePoint\n"
    "    profile: FirmwareManagement\n    status: supported\n"
    '    since_firmware: page-revision-2\n'
)


def test_a_message_made_untriggerable_in_the_table_is_answered_not_implemented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = run(REPO, TRIGGER)
    assert before["DiagnosticsStatusNotification"] == ["Accepted", ["SendCall"]]
    unsupported = DIAGNOSTICS_ROW.replace("supported\n", "unsupported\n").replace(
        '    since_firmware: page-revision-2\n', ""
    )
    root = edited(tmp_path, "messages.yaml", DIAGNOSTICS_ROW, unsupported)
    capsys.readouterr()
    after = run(root, TRIGGER)
    assert after["DiagnosticsStatusNotification"] == ["NotImplemented", []]  # nothing is sent
    assert after["Heartbeat"] == before["Heartbeat"] == ["Accepted", ["SendCall"]]


REACTION = "    effect: runtime\n    reaction: charge_mode\n"
MODES = "    zappi_modes: {FAST: FAST, ECO: ECO, ECO+: ECO_PLUS}\n"


@pytest.mark.parametrize(
    ("old", "new", "remote_start_mode"),
    [
        # the value is still read when used (a remote start takes ECO), but a change does not act
        (REACTION, "    effect: runtime\n    reaction: read_when_used\n", 2),
        # kept and reported only: no modes either, so a remote start takes the FAST fallback
        (MODES + REACTION, "    effect: stored\n", 1),
    ],
)
def test_a_key_whose_reaction_the_table_removes_no_longer_acts_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, remote_start_mode: int
) -> None:
    before = run(REPO, CHARGE_MODE)
    assert before["changed_during_session"] == [["set_mode", 1]]
    root = edited(tmp_path, "config_keys.yaml", old, new)
    capsys.readouterr()
    after = run(root, CHARGE_MODE)
    assert after["changed_during_session"] == []
    assert after["remote_start"] == [["unlock", None], ["set_mode", remote_start_mode]]


def test_the_zappi_mode_of_a_charge_mode_value_comes_from_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = run(REPO, CHARGE_MODE)
    assert before["remote_start"] == [["unlock", None], ["set_mode", 2]]  # ECO
    root = edited(tmp_path, "config_keys.yaml", "ECO: ECO,", "ECO: ECO_PLUS,")
    capsys.readouterr()
    after = run(root, CHARGE_MODE)
    assert after["remote_start"] == [["unlock", None], ["set_mode", 3]]  # now ECO+
