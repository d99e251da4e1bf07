"""The session core never imports trio (h11-style sans-I/O): only the adapter modules do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ["errors", "frames", "ids", "session", "lifecycle", "outbox", "config_store", "tables"]


def test_core_modules_import_without_trio() -> None:
    program = (
        "import sys\n"
        "sys.modules['trio'] = None  # any 'import trio' now fails\n"
        f"for name in {CORE!r}:\n"
        "    __import__('runtime.ocpp.' + name)\n"
        "print('ok')\n"
    )
    completed = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True,
                               text=True, timeout=60, check=False)
    assert completed.stdout.strip() == "ok", completed.stderr[-2000:]
