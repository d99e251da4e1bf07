"""Replicas of ``zappi-ocpp run`` sharing the fleet through hub leases in PostgreSQL.

* :mod:`~runtime.cluster.lease_table`: the ``leases`` and ``replicas`` tables, every time on
  the database's clock (blocking; called in a thread);
* :mod:`~runtime.cluster.fair_share`: how many hubs each live replica should hold;
* :mod:`~runtime.cluster.ownership`: the hubs this replica holds, their local deadlines, and
  the chargers that run for them (through :meth:`runtime.bridge.fleet.Fleet.apply`);
* :mod:`~runtime.cluster.lease_manager`: the renewal loop that claims, keeps and hands over.

Nothing is imported here, so importing one module does not import psycopg or trio.
"""
