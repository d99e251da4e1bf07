"""``mapping.commands`` of spec/messages.yaml is what the handler does: every supported action
the central system sends is dispatched through the generated table to the bridge's handler,
over the real core, and the myenergi commands it produces are compared with its row. When the
handler can do its whole job it sends exactly the row's commands, in order; in every other
state it sends them or fewer, never others and never out of order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from core_helpers import T0, TAG, Harness, harness, plugged, zappi

from generated.handlers import dispatch
from generated.messages import ACTIONS
from generated.payloads import AuthorizationStatus
from generated.validators import validate_request
from runtime.bridge.effects import Effect, MyenergiCommand
from runtime.bridge.handler import BridgeHandler
from runtime.ocpp.config_store import ConfigStore

#: one valid request per supported action the central system sends
REQUESTS: dict[str, dict[str, Any]] = {
    "ChangeConfiguration": {"key": "OCPPChargeMode", "value": "ECO"},
    "ClearCache": {},
    "DataTransfer": {"vendorId": "com.example"},
    "GetConfiguration": {},
    "GetDiagnostics": {"location": "ftp://example.invalid/"},
    "RemoteStartTransaction": {"idTag": "CARD1"},
    "RemoteStopTransaction": {"transactionId": 1001},
    "Reset": {"type": "Soft"},
    "TriggerMessage": {"requestedMessage": "StatusNotification"},
    "UnlockConnector": {"connectorId": 1},
    "UpdateFirmware": {"location": "ftp://x.invalid/fw", "retrieveDate": "2027-01-15T08:00:00Z"},
}


def idle() -> Harness:
    h = harness()
    h.observe(zappi())
    return h


def charging_session() -> Harness:
    """FreeCharging: the plugged car's transaction runs (transactionId 1001 below)."""
    h = harness()
    h.observe(plugged())
    return h


def held_car() -> Harness:
    """FreeCharging false: the plugged car waits in Stop mode for an authorization."""
    h = harness(FreeCharging="false")
    h.observe(zappi())
    h.observe(plugged(), T0 + 1)
    return h


#: the state in which each handler with commands does its whole job
WHOLE_JOB: dict[str, Callable[[], Harness]] = {
    "ChangeConfiguration": charging_session,  # the running session follows OCPPChargeMode
    "RemoteStartTransaction": held_car,
    "RemoteStopTransaction": charging_session,
    "Reset": charging_session,
    "UnlockConnector": charging_session,
}


@dataclass
class Runner:
    """What the handler needs from the driver; ``applied`` collects the effects."""

    h: Harness
    applied: list[Effect] = field(default_factory=list)

    @property
    def core(self) -> Any:
        return self.h.core

    @property
    def config(self) -> ConfigStore:
        return self.h.config

    def now(self) -> float:
        return T0 + 10

    def apply(self, effects: list[Effect]) -> None:
        self.applied.extend(effects)

    def running_transaction_id(self) -> int | None:
        return 1001 if self.h.core.transaction is not None else None


def sent(effects: list[Effect]) -> list[str]:
    return [e.command.value for e in effects if isinstance(e, MyenergiCommand)]


async def handled(action: str, h: Harness) -> list[str]:
    runner = Runner(h)
    assert validate_request(action, REQUESTS[action]) is None
    await dispatch(BridgeHandler(runner), action, REQUESTS[action])
    return sent(runner.applied)


def handled_rows() -> list[str]:
    return sorted(
        a for a, row in ACTIONS.items() if row.status == "supported" and row.sent_by_central_system
    )


def test_every_handled_row_has_a_request_and_every_row_with_commands_a_whole_job() -> None:
    assert sorted(REQUESTS) == handled_rows()
    assert sorted(WHOLE_JOB) == sorted(a for a in handled_rows() if ACTIONS[a].mapping.commands)


@pytest.mark.parametrize("action", sorted(WHOLE_JOB))
async def test_a_handler_doing_its_whole_job_sends_exactly_its_rows_commands(action: str) -> None:
    assert await handled(action, WHOLE_JOB[action]()) == list(ACTIONS[action].mapping.commands)


def is_subsequence(part: list[str], whole: tuple[str, ...]) -> bool:
    rest = iter(whole)
    return all(item in rest for item in part)


@pytest.mark.parametrize("state", [idle, charging_session, held_car])
@pytest.mark.parametrize("action", handled_rows())
async def test_a_handler_never_sends_a_command_its_row_does_not_list(
    action: str, state: Callable[[], Harness]
) -> None:
    commands = await handled(action, state())
    assert is_subsequence(commands, ACTIONS[action].mapping.commands), commands


def test_authorize_blocked_sends_the_authorize_rows_commands() -> None:
    # the one charge-point row with commands: the answer to the PIN's Authorize
    h = harness(FreeCharging="false")
    h.observe(plugged(lck=7))
    h.observe(plugged(lck=23), T0 + 1)
    effects = h.core.authorize_answered(TAG, AuthorizationStatus.BLOCKED, False, T0 + 2)
    assert sent(effects) == list(ACTIONS["Authorize"].mapping.commands)

