"""The command line reports spec errors as ``file:line: message`` plus a hint, exits 1 and
prints no traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from codegen.cli import main
from tests.spec.conftest import Edit


def test_errors_are_printed_with_file_line_and_hint(edit: Edit, capsys: pytest.CaptureFixture[str]) -> None:
    edit("messages.yaml", "- action: UpdateFirmware", "- action: FirmwareUpdate")
    spec = edit(
        "messages.yaml",
        "- action: GetConfiguration\n    origin: CentralSystem",
        "- action: GetConfiguration\n    origin: ChargePoint",
        at="origin",
    )
    assert main(["--root", str(spec.root)]) == 1
    err = capsys.readouterr().err
    assert f"spec/messages.yaml:{spec.line}: GetConfiguration is sent by the central system" in err
    assert "hint: did you mean 'UpdateFirmware'?" in err
    assert "nothing was generated" in err
    assert not (spec.root / "generated").exists()


def test_a_refused_spec_exits_1_without_a_traceback(edit: Edit) -> None:
    spec = edit("messages.yaml", "- action: UpdateFirmware", "- action: FirmwareUpdate")
    result = subprocess.run(
        [sys.executable, "-m", "codegen", "--root", str(spec.root)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"spec/messages.yaml:{spec.line}: unknown OCPP 1.6 action 'FirmwareUpdate'" in result.stderr
