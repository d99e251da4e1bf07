"""The cluster tests: the lease tables and the lease manager against the session's real
PostgreSQL server (tests/support/postgres.py), and the drills with real ``zappi-ocpp run``
replicas (test_drills.py)."""

from __future__ import annotations

from tests.support.postgres import postgres, postgres_url

__all__ = ["postgres", "postgres_url"]
