"""The maintainer's flow from the README, end to end in a temporary copy: flip ChangeAvailability
to supported, regenerate, and see the docs page, the dispatch table and the handler interface
change, with mypy pointing at the handler method the bridge now lacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.cli import main
from codegen.render import snake_case
from generated.messages import HANDLED_ACTIONS
from tests.codegen.conftest import REPO
from tests.support.spec_edits import add_release

UNSUPPORTED_ROW = "  - action: ChangeAvailability\n    origin: CentralSystem\n    profile: Core\n    status: unsupported\n"
SUPPORTED_ROW = (
    "  - action: ChangeAvailability\n    origin: CentralSystem\n    profile: Core\n    status: supported\n"
    '    since_firmware: "5.120"\n'
)


def _bridge_module() -> str:
    """A handler class with exactly the methods today's interface asks for."""
    methods = "\n".join(
        f"    async def on_{snake_case(action)}(self, request: p.{action}Request) -> p.{action}Response:\n"
        f"        raise NotImplementedError\n"
        for action in HANDLED_ACTIONS
    )
    return (
        "from __future__ import annotations\n\n"
        "from generated import payloads as p\n"
        "from generated.handlers import dispatch\n\n\n"
        f"class Bridge:\n{methods}\n\n"
        "async def answer(action: str) -> dict[str, object]:\n"
        "    return await dispatch(Bridge(), action, {})\n"
    )


def _mypy(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(root / ".mypy_cache"), "bridge.py"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_flipping_change_availability_to_supported(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # mypy reads the generated modules of the copy, and the row types they import beside them
    shutil.copytree(REPO / "rows", repo_copy / "rows", ignore=shutil.ignore_patterns("__pycache__"))
    (repo_copy / "bridge.py").write_text(_bridge_module())
    before = _mypy(repo_copy)
    assert before.returncode == 0, before.stdout

    spec = repo_copy / "spec" / "messages.yaml"
    text = spec.read_text()
    assert UNSUPPORTED_ROW in text
    spec.write_text(text.replace(UNSUPPORTED_ROW, SUPPORTED_ROW))
    add_release(repo_copy, "5.120", "ChangeAvailability")
    assert main(["--check", "--root", str(repo_copy)]) == 1
    assert main(["--root", str(repo_copy)]) == 0
    capsys.readouterr()

    page = (repo_copy / "docs" / "ocpp-support.md").read_text()
    supported_table = page[page.index("## Supported messages") : page.index("## Using a PIN code")]
    assert "| Central System | ChangeAvailability |" in supported_table
    assert "| Core | ChangeAvailability | Central System | Yes | 5.120 |" in page

    messages = (repo_copy / "generated" / "messages.py").read_text()
    assert "'ChangeAvailability': Route.HANDLE," in messages
    handlers = (repo_copy / "generated" / "handlers.py").read_text()
    assert "case 'ChangeAvailability':" in handlers
    assert "async def on_change_availability(" in handlers

    after = _mypy(repo_copy)
    assert after.returncode == 1
    assert 'Argument 1 to "dispatch" has incompatible type "Bridge"' in after.stdout
    assert "on_change_availability" in after.stdout
