"""The store's contract tests: the same tests against both engines, real ones (a SQLite file,
and the session's throw-away PostgreSQL server from tests/support/postgres.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.postgres import postgres, postgres_url

__all__ = ["location", "postgres", "postgres_url"]


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a store is: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "store.sqlite3"
    url: str = request.getfixturevalue("postgres_url")
    return url
