"""Runtime tests: loopback only, port 0, a ``trio.fail_after`` on every networked test."""

from __future__ import annotations

from tests.runtime import fake_generated

FAKED_GENERATED = fake_generated.install()
