from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def copy_repo(destination: Path) -> Path:
    """The parts of the checkout that ``generate --root`` reads and writes: spec/, generated/
    and docs/ (the compiler's own code and templates run from the installed package)."""
    for part in ("spec", "generated", "docs"):
        shutil.copytree(REPO / part, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


def add_release(root: Path, firmware: str, title: str, *, note: str = "A test release.") -> None:
    """Append a release to the copy's spec/releases.yaml (a new firmware phase starts there)."""
    releases = root / "spec" / "releases.yaml"
    releases.write_text(
        releases.read_text(encoding="utf-8")
        + f'  - firmware: "{firmware}"\n'
        + "    date: null\n"
        + f"    title: {title}\n"
        + f"    note: {note}\n"
        + "    source: tests/codegen\n",
        encoding="utf-8",
    )
