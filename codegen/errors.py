"""Spec errors are values: every check appends to one :class:`SpecErrors` and the run fails once.

A maintainer who edits three rows wrongly sees three errors, each with file, line and a hint,
instead of fixing them one traceback at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SpecError:
    """One problem in one spec file, located well enough for an editor to jump to it."""

    path: Path
    line: int  #: 1-based line number; 0 when the problem concerns the whole file
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


@dataclass(slots=True)
class SpecErrors:
    """Collects :class:`SpecError` values from every stage; raise :class:`SpecCheckFailed` once."""

    errors: list[SpecError] = field(default_factory=list)

    def add(self, path: Path, line: int, message: str, hint: str = "") -> None:
        self.errors.append(SpecError(path, line, message, hint))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def __iter__(self) -> Iterator[SpecError]:
        return iter(sorted(self.errors, key=lambda e: (str(e.path), e.line, e.message)))

    def raise_if_any(self) -> None:
        if self.errors:
            raise SpecCheckFailed(list(self))


class SpecCheckFailed(Exception):
    """The spec tables contradict themselves or OCPP 1.6; carries every error found."""

    def __init__(self, errors: list[SpecError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} spec error(s)")

    def report(self) -> str:
        lines = [str(e) for e in self.errors]
        lines.append(f"{len(self.errors)} error(s); nothing was generated.")
        return "\n".join(lines)
