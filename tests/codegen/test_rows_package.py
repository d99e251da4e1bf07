"""The ``rows`` package is the neutral ground of codegen, generated/ and the runtime: it imports
only the standard library, the compiler builds everything without generated/ (which may be
stale or missing while a maintainer edits), and one firmware parser serves the spec and the
zappi's ``fwv``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rows.firmware import firmware_version, parse_version
from tests.codegen.conftest import REPO

ROW_MODULES = ("config_keys", "firmware", "measurands", "messages", "myenergi", "status")


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_rows_imports_only_the_standard_library() -> None:
    result = _run(
        "import sys\n"
        "before = set(sys.modules)\n"
        f"for name in {ROW_MODULES!r}:\n"
        "    __import__('rows.' + name)\n"
        "tops = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(tops - set(sys.stdlib_module_names) - {'rows'}))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_compiler_builds_without_generated_or_runtime() -> None:
    result = _run(
        "import sys\n"
        "from pathlib import Path\n"
        "sys.modules['generated'] = None  # any import of it now fails\n"
        "sys.modules['runtime'] = None\n"
        "from codegen.pipeline import build\n"
        "print(len(build(Path('.')).outputs))\n"
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 10


@pytest.mark.parametrize(
    ("text", "version"),
    [("5.114", (5, 114)), ("5.120", (5, 120)), ("10.2.3", (10, 2, 3))],
)
def test_a_spec_version_is_dotted_numbers(text: str, version: tuple[int, ...]) -> None:
    assert parse_version(text) == version
    assert firmware_version(text) == version  # a bare version is a valid fwv too


@pytest.mark.parametrize("text", ["5", "5.", "5.x", " 5.114", "3562S5.114", "latest", ""])
def test_the_spec_parser_refuses_anything_else(text: str) -> None:
    assert parse_version(text) is None


@pytest.mark.parametrize(
    ("fwv", "version"),
    [
        ("3562S5.114", (5, 114)),
        ("3560S3.139", (3, 139)),
        (" 3562S5.782\n", (5, 782)),
        ("3562S5.x", None),
        ("5.114S", None),
        ("latest", None),
    ],
)
def test_a_zappi_fwv_is_read_behind_its_product_code(
    fwv: str, version: tuple[int, ...] | None
) -> None:
    assert firmware_version(fwv) == version
