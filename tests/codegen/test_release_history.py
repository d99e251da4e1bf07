"""The docs page's release history comes from the rows' own since_firmware: each release lists
the messages, configuration keys and measurands that name it, in Markdown and HTML, and a row
gated above the first release says from which firmware."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.cli import main
from codegen.pipeline import build
from tests.codegen.conftest import REPO
from tests.support.spec_edits import add_release, move_to_release

MARKDOWN = (REPO / "docs" / "ocpp-support.md").read_text(encoding="utf-8")


def history(page: str) -> dict[str, dict[str, str]]:
    """``### heading`` → {"Messages": "...", "Configuration keys": ..., ...} of the history."""
    sections: dict[str, dict[str, str]] = {}
    for block in page[page.index("## Release history") :].split("\n### ")[1:]:
        heading, _, body = block.partition("\n")
        items = (line[2:].partition(": ") for line in body.splitlines() if line.startswith("- "))
        sections[heading] = {key: value for key, _, value in items}
    return sections


def test_each_release_lists_what_arrived_in_it() -> None:
    releases = history(MARKDOWN)
    assert list(releases) == [
        "5.114: OCPP phase 1 (July 2023)",
        "UpdateFirmware and TriggerMessage (firmware not published, date not published)",
    ]
    phase_1, revision_2 = releases.values()
    assert revision_2 == {
        "Messages": "UpdateFirmware, FirmwareStatusNotification, GetDiagnostics,"
        " DiagnosticsStatusNotification, TriggerMessage"
    }
    assert "UnlockConnector" in phase_1["Messages"] and "TriggerMessage" not in phase_1["Messages"]
    assert "`HeartbeatInterval`" in phase_1["Configuration keys"]
    assert "Voltage (Inlet)" in phase_1["Measurands"]
    spec = build(REPO).spec
    supported = [row.action for row in spec.messages.rows if row.supported]
    listed = [m for r in releases.values() for m in r["Messages"].split(", ")]
    assert sorted(listed) == sorted(supported)  # each supported message exactly once


def test_a_release_without_published_firmware_says_so_and_gates_from_the_one_before() -> None:
    row = next(line for line in MARKDOWN.splitlines() if line.startswith("| Central System | TriggerMessage |"))
    assert row.endswith("| Yes | not published (page-revision-2) |")
    assert "Needs firmware" not in row
    assert (
        "myenergi did not publish which firmware this release needs, so the service offers what"
        " arrived in it from firmware 5.114, the firmware of the release before it." in MARKDOWN
    )
    gates = {row.action: row.since_firmware for row in build(REPO).spec.messages.rows}
    assert gates["TriggerMessage"] == gates["BootNotification"] == (5, 114)


def test_moving_rows_moves_them_in_the_history_and_the_gated_row_says_from_which_firmware(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_release(repo_copy, "5.130", "Unlock later", note="A later phase.")
    add_release(repo_copy, "5.140", "Nothing yet", note="An empty phase.")
    move_to_release(repo_copy, "UnlockConnector", "5.130")
    move_to_release(repo_copy, "DiagnosticsStatusNotification", "5.130")
    keys = repo_copy / "spec" / "config_keys.yaml"
    keys.write_text(
        keys.read_text().replace(
            "  - name: FreeCharging\n", "  - name: FreeCharging\n    since_firmware: page-revision-2\n"
        )
    )
    assert main(["--root", str(repo_copy)]) == 0
    capsys.readouterr()
    page = (repo_copy / "docs" / "ocpp-support.md").read_text()
    releases = history(page)
    assert releases["5.130: Unlock later (date not published)"] == {
        "Messages": "UnlockConnector, DiagnosticsStatusNotification"
    }
    assert releases["5.140: Nothing yet (date not published)"] == {
        "Nothing in this service names this release yet.": ""
    }
    revision_2 = releases["UpdateFirmware and TriggerMessage (firmware not published, date not published)"]
    assert revision_2["Configuration keys"] == "`FreeCharging`"
    assert "`FreeCharging`" not in releases["5.114: OCPP phase 1 (July 2023)"]["Configuration keys"]
    assert "A zappi on firmware older than 5.130 does not get what arrived in it" in page

    unlock = next(line for line in page.splitlines() if line.startswith("| Central System | UnlockConnector |"))
    assert unlock.endswith(
        "Needs firmware 5.130 or later: a zappi on older firmware answers NotSupported. | Yes | 5.130 |"
    )
    diagnostics = next(line for line in page.splitlines() if line.startswith("| Charger | DiagnosticsStatusNotification |"))
    assert "Needs firmware 5.130 or later: a zappi on older firmware does not send it." in diagnostics
    html = (repo_copy / "docs" / "ocpp-support.html").read_text()
    assert "<h3>5.130: Unlock later (date not published)</h3>" in html
    assert "<li>Messages: UnlockConnector, DiagnosticsStatusNotification</li>" in html
    assert "Needs firmware 5.130 or later: a zappi on older firmware answers NotSupported.</td>" in html
    assert "<li>Nothing in this service names this release yet.</li>" in html


def test_a_planned_message_is_announced_under_its_release(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_release(repo_copy, "5.200", "Reservations", note="Planned.")
    messages = repo_copy / "spec" / "messages.yaml"
    messages.write_text(
        messages.read_text().replace(
            "  - action: ReserveNow\n    origin: CentralSystem\n    profile: Reservation\n    status: unsupported\n",
            '  - action: ReserveNow\n    origin: CentralSystem\n    profile: Reservation\n    status: planned\n    since_firmware: "5.200"\n',
        )
    )
    assert main(["--root", str(repo_copy)]) == 0
    capsys.readouterr()
    releases = history((repo_copy / "docs" / "ocpp-support.md").read_text())
    assert releases["5.200: Reservations (date not published)"] == {"Messages planned": "ReserveNow"}
