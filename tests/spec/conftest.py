"""Spec failure cases, in the style of openapi-python-client's ``generator_failure_cases``:
each test copies the real spec/ into a temporary directory, replaces one snippet of one table
with a broken one, runs the checkers and asserts the message and the line it is reported at."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from codegen.errors import SpecCheckFailed, SpecError
from codegen.pipeline import build

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class BrokenSpec:
    """A temporary repository root whose spec/ has one edit; ``line`` is where the edit starts."""

    root: Path
    file: str
    line: int

    def errors(self) -> list[SpecError]:
        """Every error the compiler reports; fails the test when the spec is accepted."""
        try:
            build(self.root)
        except SpecCheckFailed as failure:
            return failure.errors
        pytest.fail(f"the edited {self.file} was accepted")

    def error(self, contains: str, *, line: int | None = None) -> SpecError:
        """The one error whose message contains ``contains``, at ``line`` (default: the edit)."""
        found = [e for e in self.errors() if contains in e.message]
        assert found, f"no error containing {contains!r}; got:\n" + "\n".join(map(str, self.errors()))
        error = found[0]
        assert error.path.name == self.file
        assert error.line == (self.line if line is None else line), str(error)
        return error


def copy_spec(destination: Path) -> Path:
    shutil.copytree(REPO / "spec", destination / "spec")
    return destination


Edit = Callable[..., BrokenSpec]


@pytest.fixture
def edit(tmp_path: Path) -> Edit:
    """``edit("messages.yaml", old, new)``: replace the first ``count`` occurrences of ``old``.
    The BrokenSpec's line is where ``new`` starts, or where ``at`` starts inside ``new``."""
    root = copy_spec(tmp_path)

    def apply(file: str, old: str, new: str, *, at: str | None = None, count: int = 1) -> BrokenSpec:
        path = root / "spec" / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= count, f"{old!r} not found {count} times in {file}"
        text = text.replace(old, new, count)
        path.write_text(text, encoding="utf-8")
        offset = text.index(new) + (new.index(at) if at is not None else 0)
        return BrokenSpec(root, file, text[:offset].count("\n") + 1)

    return apply
