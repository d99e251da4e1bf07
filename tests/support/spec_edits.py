"""Edits a maintainer makes when a firmware phase ships, applied to a copy of the project: a new
release in spec/releases.yaml, and a row of spec/messages.yaml moved to it."""

from __future__ import annotations

from pathlib import Path


def add_release(root: Path, firmware: str, title: str, *, note: str = "A test release.") -> None:
    """Append a release to ``root``'s spec/releases.yaml (a new firmware phase starts there)."""
    releases = root / "spec" / "releases.yaml"
    releases.write_text(
        releases.read_text(encoding="utf-8")
        + f'  - firmware: "{firmware}"\n'
        + "    date: null\n"
        + f"    title: {title}\n"
        + f"    note: {note}\n"
        + "    source: tests\n",
        encoding="utf-8",
    )


def move_to_release(root: Path, action: str, since_firmware: str) -> None:
    """Change the ``since_firmware`` of ``action``'s row in ``root``'s spec/messages.yaml."""
    messages = root / "spec" / "messages.yaml"
    text = messages.read_text(encoding="utf-8")
    start = text.index(f"  - action: {action}\n")
    end = text.find("\n  - action: ", start + 1)
    end = len(text) if end == -1 else end
    row = text[start:end]
    line = next(line for line in row.splitlines() if line.startswith("    since_firmware: "))
    moved = row.replace(line, f'    since_firmware: "{since_firmware}"')
    messages.write_text(text[:start] + moved + text[end:], encoding="utf-8")
