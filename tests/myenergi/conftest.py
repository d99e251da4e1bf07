"""Fixtures of the myenergi tests (defined in ``myenergi_helpers``)."""

from __future__ import annotations

from myenergi_helpers import client, sim

__all__ = ["client", "sim"]
