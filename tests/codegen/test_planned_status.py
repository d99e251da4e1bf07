"""A planned row is shown as coming on the docs page and answered like an unsupported one."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.cli import main
from tests.support.spec_edits import add_release

RESERVE_NOW = "  - action: ReserveNow\n    origin: CentralSystem\n    profile: Reservation\n    status: unsupported\n"


def test_a_planned_row_is_announced_but_not_dispatched(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = repo_copy / "spec" / "messages.yaml"
    text = spec.read_text()
    assert RESERVE_NOW in text
    spec.write_text(
        text.replace(RESERVE_NOW, RESERVE_NOW.replace("unsupported", 'planned\n    since_firmware: "5.200"'))
    )
    add_release(repo_copy, "5.200", "Reservation")
    assert main(["--root", str(repo_copy)]) == 0
    capsys.readouterr()
    page = (repo_copy / "docs" / "ocpp-support.md").read_text()
    coming = page[page.index("## Coming soon") : page.index("## Unsupported messages")]
    assert "| Central System | ReserveNow |" in coming
    assert "| 5.200 |" in coming
    assert "| Reservation | ReserveNow | Central System | Coming | 5.200 |" in page
    messages = (repo_copy / "generated" / "messages.py").read_text()
    assert "'ReserveNow': Route.NOT_SUPPORTED," in messages
    assert "on_reserve_now" not in (repo_copy / "generated" / "handlers.py").read_text()
    # Reservation still has no supported action, so it is not offered
    assert "SUPPORTED_FEATURE_PROFILES = 'Core,FirmwareManagement,RemoteTrigger'" in messages
