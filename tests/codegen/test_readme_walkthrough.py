"""The maintainer's guide in README.md is a walk-through with the real output of each command:
this test replays it on a copy of the project (the YAML edits as written, then each ``$``
command) and compares what the commands print with what the README says they print."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from codegen.cli import main
from tests.codegen.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
GUIDE = README[README.index("## Maintainer's guide") :].split("\n## ", 1)[0]
BLOCK = re.compile(r"^```(yaml|console)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
COMMAND = "$ zappi-ocpp generate"


def _apply(root: Path, block: str) -> None:
    """A YAML block of the guide: a row head for spec/messages.yaml, or a new release."""
    if block.startswith("  - action: "):
        messages = root / "spec" / "messages.yaml"
        text = messages.read_text(encoding="utf-8")
        start = text.index(block.splitlines()[0] + "\n")
        end = text.index("    comment:", start)
        messages.write_text(text[:start] + block + text[end:], encoding="utf-8")
    elif block.startswith("  - firmware: "):
        releases = root / "spec" / "releases.yaml"
        releases.write_text(releases.read_text(encoding="utf-8") + block, encoding="utf-8")
    else:
        raise AssertionError(f"the test does not know where this README block goes:\n{block}")


def _run(root: Path, console: str) -> tuple[str, str]:
    """(what the README says the command prints, what it prints on stdout and stderr)."""
    command, _, expected = console.partition("\n")
    assert command.startswith(COMMAND), command
    terminal = io.StringIO()
    with contextlib.redirect_stdout(terminal), contextlib.redirect_stderr(terminal):
        main([*command.removeprefix(COMMAND).split(), "--root", str(root)])
    return expected, terminal.getvalue()


def test_the_readme_walk_through_prints_what_the_readme_says(repo_copy: Path) -> None:
    blocks = BLOCK.findall(GUIDE)
    assert [kind for kind, _ in blocks].count("console") >= 5
    for kind, block in blocks:
        if kind == "yaml":
            _apply(repo_copy, block)
        else:
            expected, printed = _run(repo_copy, block)
            assert printed == expected, f"README says:\n{expected}\nthe command printed:\n{printed}"
    # what the guide says about the page afterwards
    page = (repo_copy / "docs" / "ocpp-support.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| Central System | ChangeAvailability |"))
    assert "Needs firmware 5.130 or later: a zappi on older firmware answers NotSupported" in row
    assert row.endswith("| Yes | 5.130 |")
    history = page[page.index("### 5.130: ChangeAvailability (date not published)") :]
    assert "- Messages: ChangeAvailability" in history
