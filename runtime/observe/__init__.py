"""What operators see: Prometheus metrics, health and readiness, and the fleet page.

:class:`~runtime.observe.watch.FleetWatch` is the one entry point (``run_bridge`` uses it);
``zappi-ocpp status`` is :mod:`runtime.observe.status_cli`.
"""

from .watch import FleetWatch

__all__ = ["FleetWatch"]
