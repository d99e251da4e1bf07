from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def copy_repo(destination: Path, parts: tuple[str, ...] = ("spec", "generated", "docs")) -> Path:
    """The parts of the checkout that ``generate --root`` reads and writes: spec/, generated/
    and docs/ (the compiler's own code and templates run from the installed package); add
    runtime/ to run the bridge from the copy."""
    for part in parts:
        shutil.copytree(REPO / part, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")

