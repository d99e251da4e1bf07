"""GitHub collapses generated files only if .gitattributes still matches them (trio's pattern
silently stopped matching after a move): ask git itself."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.codegen.conftest import REPO


def _linguist_generated(*paths: str) -> dict[str, str]:
    result = subprocess.run(
        ["git", "check-attr", "linguist-generated", "--", *paths],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    # "<path>: linguist-generated: <value>"
    return {line.split(": ")[0]: line.split(": ")[-1] for line in result.stdout.splitlines()}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_generated_files_and_the_docs_page_are_marked_generated() -> None:
    values = _linguist_generated(
        "generated/messages.py",
        "generated/handlers.py",
        "generated/config_keys.py",
        "docs/ocpp-support.md",
        "docs/ocpp-support.html",
        "codegen/cli.py",
        "spec/messages.yaml",
    )
    for path in ("generated/messages.py", "generated/handlers.py", "generated/config_keys.py",
                 "docs/ocpp-support.md", "docs/ocpp-support.html"):
        assert values[path] in ("set", "true"), (path, values[path])
    assert values["codegen/cli.py"] == "unspecified"
    assert values["spec/messages.yaml"] == "unspecified"
