"""ChangeConfiguration(AuthorizationKey) end to end over an in-memory link (security whitepaper
A01): answered Accepted, not RebootRequired, as spec/config_keys.yaml says (effect reconnect,
reboot_required false); then the connection is opened again at once with the new password,
without a new BootNotification (OCPP-J 1.6 §5.4)."""

from __future__ import annotations

from typing import Any, cast

import trio
import trio.testing

from generated.config_keys import CONFIG_KEYS, ChangeEffect
from generated.payloads import ChangeConfigurationRequest, ChangeConfigurationResponse
from runtime.ocpp.charge_point import ChargePoint, ChargePointOptions
from runtime.storage.store import Store
from tests.runtime.memory_link import DEFAULT_REPLIES, MemoryCsms, eventually

BOOT = {"chargePointVendor": "myenergi", "chargePointModel": "zappi"}
OPTIONS = ChargePointOptions("CP 1", "ws://csms.invalid/ocpp", BOOT, boot_retry=30)
NEW_KEY = "0123456789abcdef0123"


class ConfigHandler:
    """The bridge's ChangeConfiguration, reduced to what it does: delegate to the store."""

    def __init__(self) -> None:
        self.cp: ChargePoint | None = None

    async def on_change_configuration(
        self, request: ChangeConfigurationRequest
    ) -> ChangeConfigurationResponse:
        assert self.cp is not None
        return self.cp.config.change_configuration(request)


async def test_change_configuration_of_authorization_key_is_accepted_then_reconnects(
    autojump_clock: trio.testing.MockClock,
) -> None:
    assert CONFIG_KEYS["authorizationkey"].effect is ChangeEffect.RECONNECT
    csms = MemoryCsms(replies=dict(DEFAULT_REPLIES))
    handler = ConfigHandler()
    cp = ChargePoint(
        OPTIONS,
        store=Store(":memory:"),
        handler=cast(Any, handler),
        connector=csms.connector(),
        wall_clock=trio.current_time,
    )
    handler.cp = cp
    with trio.fail_after(100):
        async with trio.open_nursery() as nursery:
            nursery.start_soon(csms.serve)
            nursery.start_soon(cp.run)
            await cp.wait_accepted()
            side = csms.current
            assert side is not None
            change = {"key": "AuthorizationKey", "value": NEW_KEY}
            await side.send([2, "k1", "ChangeConfiguration", change])
            await eventually(lambda: len(csms.endpoints) >= 2)
            nursery.cancel_scope.cancel()
    frames = [frame for _, frame in csms.received]
    assert [3, "k1", {"status": "Accepted"}] in frames
    assert csms.endpoints[0].password is None
    assert csms.endpoints[1].password == NEW_KEY
    assert len(csms.calls("BootNotification")) == 1  # a reconnect keeps the registration
