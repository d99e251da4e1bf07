"""The bridge core never imports trio (h11-style sans-I/O): only the driver, the sending tasks,
the poller and the service do. Run in a fresh interpreter so sys.modules is clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: every module the sans-I/O ChargerCore is made of
CORE = ["charger", "authorization", "transactions", "metering", "averaging", "reports",
        "effects", "state", "triggers", "firmware", "settings", "eligibility", "handler",
        "sampling", "status_decision", "register", "zappi_view"]
#: the trio side, for the check that the probe can tell the difference
TRIO_SIDE = "driver"


def _import_without_trio(modules: list[str]) -> subprocess.CompletedProcess[str]:
    program = (
        "import sys\n"
        "sys.modules['trio'] = None  # any 'import trio' now fails\n"
        f"for name in {modules!r}:\n"
        "    __import__('runtime.bridge.' + name)\n"
        "print('ok')\n"
    )
    return subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)


def test_core_modules_import_without_trio() -> None:
    completed = _import_without_trio(CORE)
    assert completed.stdout.strip() == "ok", completed.stderr[-2000:]


def test_every_bridge_module_is_classified() -> None:
    on_disk = {p.stem for p in (ROOT / "runtime" / "bridge").glob("*.py")} - {"__init__"}
    # the hub poller's side (bad_data_log is what the fan-out logs about bad replies)
    trio_side = {"driver", "outgoing", "hub_poller", "fan_out", "bad_data_log", "poll_schedule",
                 "fleet", "reload", "service", "run_cli", "config", "csms_config",
                 "storage_config", "config_env", "open_files"}
    assert on_disk == set(CORE) | trio_side, "a new module: is it part of the core?"


def test_the_probe_catches_a_trio_import() -> None:
    completed = _import_without_trio([TRIO_SIDE])
    assert completed.stdout.strip() != "ok"
    assert "trio" in completed.stderr
