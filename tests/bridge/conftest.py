"""Fixtures of the bridge tests (defined in ``bridge_helpers``)."""

from __future__ import annotations

from bridge_helpers import bridge, csms, sim

__all__ = ["bridge", "csms", "sim"]
