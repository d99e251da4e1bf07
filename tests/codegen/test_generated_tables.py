"""The generated messages, handlers and configuration-key modules behave as the tables say."""

from __future__ import annotations

from typing import cast

import pytest

from generated.config_keys import CONFIG_KEYS
from generated.handlers import (
    CentralSystemRequestHandler,
    ChargePointSender,
    UnroutableActionError,
    dispatch,
)
from generated.messages import (
    ACTIONS,
    HANDLED_ACTIONS,
    ROUTES,
    SENT_ACTIONS,
    SUPPORTED_FEATURE_PROFILES,
    TRIGGERABLE_MESSAGES,
)
from generated.payloads import (
    ClearCacheRequest,
    ClearCacheResponse,
    GenericStatus,
    HeartbeatRequest,
    HeartbeatResponse,
)
from rows.config_keys import Access, to_wire
from rows.firmware import firmware_version
from rows.messages import Origin, Route, SupportStatus
from runtime.ocpp.config_values import parse_value
from runtime.ocpp.routing import route, supported_for_firmware


def test_all_28_actions_with_the_corrected_facts() -> None:
    assert len(ACTIONS) == 28
    assert ACTIONS["GetConfiguration"].origin is Origin.CENTRAL_SYSTEM
    assert "FirmwareUpdate" not in ACTIONS
    assert ACTIONS["UpdateFirmware"].status is SupportStatus.SUPPORTED
    assert ACTIONS["DataTransfer"].origin is Origin.BOTH


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("RemoteStartTransaction", Route.HANDLE),
        ("DataTransfer", Route.HANDLE),  # either side may send it
        ("SetChargingProfile", Route.NOT_SUPPORTED),  # unsupported
        ("ChangeAvailability", Route.NOT_SUPPORTED),
        ("BootNotification", Route.NOT_SUPPORTED),  # an OCPP action, but the charge point's
        ("FirmwareUpdate", Route.NOT_IMPLEMENTED),  # not an OCPP 1.6 action
        ("", Route.NOT_IMPLEMENTED),
    ],
)
def test_route(action: str, expected: Route) -> None:
    assert route(action) is expected


def test_the_dispatch_table_agrees_with_route() -> None:
    assert set(ROUTES) == set(ACTIONS)
    assert all(route(action) is r for action, r in ROUTES.items())
    assert sorted(a for a, r in ROUTES.items() if r is Route.HANDLE) == list(HANDLED_ACTIONS)


def test_firmware_gating() -> None:
    assert firmware_version("5.114") == (5, 114)
    assert firmware_version("3562S5.114") == (5, 114)
    assert firmware_version("3560S3.139") == (3, 139)
    assert firmware_version("latest") is None
    assert supported_for_firmware("RemoteStartTransaction", (5, 114))
    assert not supported_for_firmware("RemoteStartTransaction", (5, 113))
    assert not supported_for_firmware("RemoteStartTransaction", (4, 999))
    assert not supported_for_firmware("ReserveNow", (9, 0))
    assert route("Reset", firmware=(5, 100)) is Route.NOT_SUPPORTED
    assert route("Reset", firmware=(5, 200)) is Route.HANDLE


def test_supported_feature_profiles_is_derived_and_reported() -> None:
    assert SUPPORTED_FEATURE_PROFILES == "Core,FirmwareManagement,RemoteTrigger"
    key = CONFIG_KEYS["supportedfeatureprofiles"]
    assert key.default is not None and to_wire(key.default) == SUPPORTED_FEATURE_PROFILES
    assert key.readonly


def test_config_keys_are_keyed_case_insensitively_with_myenergi_defaults() -> None:
    assert all(name == key.name.lower() for name, key in CONFIG_KEYS.items())
    assert CONFIG_KEYS["stoptransactiononinvalidid"].default is False
    assert CONFIG_KEYS["ocppchargemode"].allowed == ("FAST", "ECO", "ECO+")
    assert CONFIG_KEYS["authorizationkey"].access is Access.WRITE_ONLY
    assert CONFIG_KEYS["authorizationkey"].default is None


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("heartbeatinterval", "300", 300),
        ("heartbeatinterval", "-1", None),  # below min
        ("heartbeatinterval", "often", None),
        ("freecharging", "FALSE", False),
        ("freecharging", "no", None),
        ("ocppchargemode", "ECO+", "ECO+"),
        ("ocppchargemode", "BOOST", None),
        ("metervaluessampleddata", "Voltage,Frequency", ("Voltage", "Frequency")),
        ("metervaluessampleddata", "Voltage,SoC", None),  # SoC is never sent
    ],
)
def test_parse_checks_values_against_the_table(key: str, text: str, value: object) -> None:
    assert parse_value(CONFIG_KEYS[key], text) == value


class _Handler:
    """Answers ClearCache as the table's fixed field says; other methods are not called."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"dispatch called {name}")

    async def on_clear_cache(self, request: ClearCacheRequest) -> ClearCacheResponse:
        fixed = ACTIONS["ClearCache"].mapping.fixed_fields["status"]
        return ClearCacheResponse(status=GenericStatus(fixed))


async def test_dispatch_calls_the_handler_and_returns_the_payload() -> None:
    handler = cast(CentralSystemRequestHandler, _Handler())
    assert await dispatch(handler, "ClearCache", {}) == {"status": "Rejected"}


@pytest.mark.parametrize("action", ["SetChargingProfile", "BootNotification", "Nonsense"])
async def test_dispatch_refuses_what_is_not_routed_to_the_handler(action: str) -> None:
    with pytest.raises(UnroutableActionError) as caught:
        await dispatch(cast(CentralSystemRequestHandler, _Handler()), action, {})
    assert caught.value.route is route(action)


async def test_typed_sender_goes_through_call() -> None:
    sent: list[tuple[str, dict[str, object]]] = []

    async def call(action: str, payload: dict[str, object]) -> dict[str, object]:
        sent.append((action, payload))
        return {"currentTime": "2026-11-27T00:00:00Z"}

    response = await ChargePointSender(call).heartbeat(HeartbeatRequest())
    assert isinstance(response, HeartbeatResponse)
    assert sent == [("Heartbeat", {})]
    assert "Heartbeat" in SENT_ACTIONS
    assert not hasattr(ChargePointSender, "reserve_now")


def test_triggerable_messages_are_the_supported_requested_messages() -> None:
    assert TRIGGERABLE_MESSAGES == (
        "BootNotification",
        "DiagnosticsStatusNotification",
        "FirmwareStatusNotification",
        "Heartbeat",
        "MeterValues",
        "StatusNotification",
    )
