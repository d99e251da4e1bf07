"""myenergi firmware versions: the one parser, for the spec's ``since_firmware`` and a zappi's
``fwv``.

A version is dotted numbers, ``5.114``; a zappi reports it behind its product code,
``3562S5.114`` (ref §2.2: ``fwv`` is ``<productCode>S<version>``). Versions compare as tuples
of ints, so ``5.114`` is older than ``5.120`` (not as the decimal 5.12 would suggest).
"""

from __future__ import annotations

import re

__all__ = ["Version", "firmware_version", "parse_version", "version_text"]

Version = tuple[int, ...]

_DOTTED = re.compile(r"[0-9]+(?:\.[0-9]+)+")


def parse_version(text: str) -> Version | None:
    """``"5.114"`` → ``(5, 114)``; None when ``text`` is not dotted numbers (``"5"``,
    ``"5.x"``, ``" 5.114"``): the spec's ``since_firmware`` is written exactly."""
    if _DOTTED.fullmatch(text) is None:
        return None
    return tuple(int(part) for part in text.split("."))


def firmware_version(text: str) -> Version | None:
    """A zappi's ``fwv`` (``"3562S5.114"``) or a bare version (``"5.114"``) → ``(5, 114)``;
    None otherwise. What follows the last ``S`` is the version; surrounding blanks are ignored."""
    return parse_version(text.strip().rpartition("S")[2])


def version_text(version: Version) -> str:
    """``(5, 114)`` → ``"5.114"``."""
    return ".".join(map(str, version))
