"""The same spec gives the same bytes, whatever the hash seed: nothing depends on set or dict
iteration order, and no header carries a time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.codegen.conftest import copy_repo


def _generate(root: Path, seed: str) -> dict[str, bytes]:
    for part in ("generated", "docs"):
        for path in (root / part).rglob("*"):
            if path.is_file() and path.name != "__init__.py" and path.suffix in (".py", ".md", ".html"):
                path.unlink()  # everything must be rendered afresh by this run
    subprocess.run(
        [sys.executable, "-m", "codegen", "--root", str(root)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for part in ("generated", "docs")
        for path in sorted((root / part).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_output_is_byte_identical_under_two_hash_seeds(tmp_path: Path) -> None:
    first = _generate(copy_repo(tmp_path / "a"), "0")
    second = _generate(copy_repo(tmp_path / "b"), "4242")
    assert first.keys() == second.keys()
    assert "generated/messages.py" in first
    assert "docs/ocpp-support.html" in first
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []
