"""Every configuration row is tied to code: an ``effect: runtime`` row names a reaction the
runtime provides (the OCPP layer and the bridge core match over their own enums, so mypy sees
each name handled), a ``read_when_used`` key is read by the runtime, and a ``stored`` key is
not. The TriggerMessage builders are the names the compiler checks the table against."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trio
import trio.testing
from core_helpers import T0, charging, harness, plugged, queued, zappi
from test_driver_memory import payloads, running, wait

from generated.config_keys import CONFIG_KEYS, ChangeEffect
from generated.messages import TRIGGERABLE_MESSAGES
from generated.payloads import AuthorizationStatus
from rows.hooks import (
    REACTIONS,
    TRIGGER_BUILDERS,
    BridgeReaction,
    OcppReaction,
    ReadWhenUsed,
)
from runtime.bridge.triggers import BUILDERS
from runtime.ocpp.config_store import ConfigStore
from runtime.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
READ_WHEN_USED = sorted(
    k.name for k in CONFIG_KEYS.values() if k.reaction is ReadWhenUsed.READ_WHEN_USED
)
STORED = sorted(k.name for k in CONFIG_KEYS.values() if k.effect is ChangeEffect.STORED)


def test_exactly_the_runtime_rows_name_a_reaction() -> None:
    for key in CONFIG_KEYS.values():
        assert (key.reaction is not None) is (key.effect is ChangeEffect.RUNTIME), key.name
        assert key.reaction is None or REACTIONS[key.reaction.value] is key.reaction


def test_every_reaction_the_runtime_provides_is_named_by_a_row() -> None:
    named = {k.reaction for k in CONFIG_KEYS.values() if k.reaction is not None}
    provided = {*OcppReaction, *BridgeReaction, *ReadWhenUsed}
    assert provided - named == set()  # a reaction no row names is dead code
    assert STORED == ["ConnectorPhaseRotation", "ResetRetries"]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """The lower-case names of every key the runtime reads from its ConfigStore."""
    seen: set[str] = set()
    original = ConfigStore.get

    def get(self: ConfigStore, name: str) -> str | None:
        seen.add(name.lower())
        return original(self, name)

    monkeypatch.setattr(ConfigStore, "get", get)
    yield seen


def _drive_the_core() -> None:
    """Every rule of the core that reads a key: authorization without a car, a transaction
    with sampled and clock-aligned values, a StartTransaction answered Invalid."""
    h = harness(
        FreeCharging="false",
        ClockAlignedDataInterval="900",
        MeterValueSampleInterval="10",
        MinimumStatusDuration="0",
        StopTransactionOnInvalidId="true",
        StopTxnAlignedData="Energy.Active.Import.Register",
    )
    h.feed(h.core.start(T0))
    h.observe(zappi(), T0)
    h.feed(h.core.remote_start(None, "CARD1", T0 + 1)[1])  # waits ConnectionTimeOut for a car
    h.observe(plugged(), T0 + 2)
    h.observe(charging(che=1.0), T0 + 3)
    h.feed(h.core.tick(T0 + 13))  # sampled
    h.feed(h.core.tick(T0 + 900))  # clock-aligned, kept for the stop
    h.feed(h.core.start_answered("tx1", AuthorizationStatus.INVALID, T0 + 901))
    assert queued(h.effects, "StopTransaction")  # DeAuthorized: the scenario went all the way


async def _drive_the_ocpp_layer() -> None:
    """A StartTransaction the central system fails once, so the outbox retries it."""
    failed: list[str] = []

    def start_reply(unique_id: str, payload: dict[str, Any]) -> list[Any]:
        if not failed:
            failed.append(unique_id)
            return [4, unique_id, "InternalError", "try again", {}]
        return [3, unique_id, {"transactionId": 42, "idTagInfo": {"status": "Accepted"}}]

    async with running(Store(":memory:"), {"StartTransaction": start_reply}) as (driver, csms, _):
        driver.observe(plugged())
        await wait(lambda: len(payloads(csms, "StartTransaction")) == 2)


async def test_every_read_when_used_key_is_read_and_no_stored_key_is(
    reads: set[str], autojump_clock: trio.testing.MockClock
) -> None:
    _drive_the_core()
    await _drive_the_ocpp_layer()
    assert [name for name in READ_WHEN_USED if name.lower() not in reads] == []
    assert [name for name in STORED if name.lower() in reads] == []


def test_the_trigger_builders_are_the_names_the_compiler_checks() -> None:
    assert {kind.value for kind in BUILDERS} == TRIGGER_BUILDERS
    assert set(TRIGGERABLE_MESSAGES) <= TRIGGER_BUILDERS


def test_importing_builders_that_disagree_with_the_names_fails() -> None:
    program = (
        "import rows.hooks as hooks\n"
        "hooks.TRIGGER_BUILDERS = hooks.TRIGGER_BUILDERS - {'Heartbeat'}\n"
        "import runtime.bridge.triggers\n"
    )
    completed = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True,
                               text=True, timeout=60, check=False)
    assert completed.returncode != 0
    assert "TRIGGER_BUILDERS disagree" in completed.stderr
