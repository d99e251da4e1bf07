"""The steps ``zappi-ocpp demo`` plays, in order: what an operator and a driver do, and what
OCPP 1.6 and the support table say must follow. Each step raises :class:`StepFailed` (or runs
into the caller's timeout) when the bridge does something else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import trio

from generated.myenergi import ChargeMode
from runtime.demo.csms import DemoCsms, Frame
from runtime.myenergi.simulator import Fleet, apply_control

__all__ = ["STEPS", "DemoContext", "StepFailed"]

Payload = dict[str, Any]


class Narrator(Protocol):
    """What the steps need of the timeline (runtime.demo.main.Timeline)."""

    commands: list[str]  #: the myenergi commands seen so far, described

    def note(self, text: str) -> None: ...


class StepFailed(Exception):
    """The bridge did not do what the step expects; the message says what happened."""


@dataclass
class DemoContext:
    csms: DemoCsms
    fleet: Fleet
    timeline: Narrator
    chargers: tuple[tuple[str, str], ...]  #: (zappi serial, charge box id)
    bridge: trio.Process
    transaction_id: int = 0

    @property
    def first(self) -> tuple[str, str]:
        return self.chargers[0]

    @property
    def second(self) -> tuple[str, str]:
        return self.chargers[1]

    def say(self, text: str) -> None:
        self.timeline.note(text)

    def control(self, what: str, path: str, body: Mapping[str, object] | None = None) -> Payload:
        """Script the simulated world (a driver at the zappi) and say so on the timeline."""
        self.say(what)
        status, reply = apply_control(self.fleet, "POST", f"/_control/{path}", dict(body or {}))
        if status != 200 or not isinstance(reply, dict):
            raise StepFailed(f"simulator refused {path}: {reply}")
        return reply

    def _check_bridge(self) -> None:
        if self.bridge.returncode is not None:
            raise StepFailed(f"the bridge exited with code {self.bridge.returncode}")

    async def expect(
        self,
        box: str,
        action: str,
        where: Callable[[Payload], bool] = lambda p: True,
        since: int = 0,
    ) -> Frame:
        """Wait for the charger's CALL ``action`` matching ``where``; fail if the bridge dies."""
        while True:
            self._check_bridge()
            with trio.move_on_after(0.5):
                return await self.csms.wait_for(box, action, where, since)

    async def status(self, box: str, status: str, since: int) -> Frame:
        return await self.expect(
            box,
            "StatusNotification",
            lambda p: p.get("connectorId") == 1 and p.get("status") == status,
            since,
        )

    async def call(
        self, box: str, action: str, payload: Payload, expected: Mapping[str, object] | None = None
    ) -> Frame:
        """Send a CSMS request; with ``expected``, the answer must contain those fields."""
        self._check_bridge()
        answer = await self.csms.call(box, action, payload)
        if expected is not None:
            wrong = {
                k: answer.payload.get(k) for k, v in expected.items() if answer.payload.get(k) != v
            }
            if answer.kind != 3 or wrong:
                raise StepFailed(
                    f"{action} answered {answer.error_code or answer.payload}, "
                    f"expected {dict(expected)}"
                )
        return answer

    async def wait_mode(self, serial: str, mode: ChargeMode) -> None:
        while self.fleet.zappi(int(serial)).mode is not mode:
            self._check_bridge()
            await trio.sleep(0.1)


async def boot(ctx: DemoContext) -> None:
    ctx.say("the bridge polls the myenergi cloud, then opens one OCPP connection per zappi")
    for _serial, box in ctx.chargers:
        await ctx.expect(box, "BootNotification")
        await ctx.expect(box, "StatusNotification", lambda p: p.get("connectorId") == 1)
    ctx.say("the operator asks for authorization on every charge and meter values every 3 s")
    for _serial, box in ctx.chargers:
        for key, value in (("FreeCharging", "false"), ("MeterValueSampleInterval", "3")):
            await ctx.call(
                box, "ChangeConfiguration", {"key": key, "value": value}, {"status": "Accepted"}
            )


async def plug_in(ctx: DemoContext) -> None:
    serial, box = ctx.first
    mark = ctx.csms.mark()
    ctx.control(f"a driver plugs a car into zappi {serial}", f"zappi/{serial}/plug")
    await ctx.status(box, "Preparing", mark)
    with trio.move_on_after(3):  # narration only: the step does not depend on it
        await ctx.wait_mode(serial, ChargeMode.STOP)
        ctx.say("FreeCharging is false: the bridge holds the car in Stop mode until authorized")


async def remote_start(ctx: DemoContext) -> None:
    _serial, box = ctx.first
    mark = ctx.csms.mark()
    ctx.say("the operator starts a session for the driver's tag DEMO-DRIVER")
    await ctx.call(
        box,
        "RemoteStartTransaction",
        {"connectorId": 1, "idTag": "DEMO-DRIVER"},
        {"status": "Accepted"},
    )
    await ctx.expect(box, "StartTransaction", lambda p: p.get("idTag") == "DEMO-DRIVER", mark)
    await ctx.status(box, "Charging", mark)
    answers = [
        f
        for f in ctx.csms.frames[mark:]
        if f.action == "StartTransaction" and f.kind == 3 and f.charge_box == box
    ]
    ctx.transaction_id = int(answers[0].payload["transactionId"])


async def meter_values(ctx: DemoContext) -> None:
    _serial, box = ctx.first
    ctx.say("while the car charges, the bridge reports the zappi's readings")
    since = ctx.csms.mark()
    for _ in range(2):
        frame = await ctx.expect(
            box, "MeterValues", lambda p: p.get("transactionId") == ctx.transaction_id, since
        )
        since = ctx.csms.frames.index(frame) + 1


async def remote_stop(ctx: DemoContext) -> None:
    serial, box = ctx.first
    mark = ctx.csms.mark()
    await ctx.call(
        box, "RemoteStopTransaction", {"transactionId": ctx.transaction_id}, {"status": "Accepted"}
    )
    stop = await ctx.expect(box, "StopTransaction", since=mark)
    if stop.payload.get("reason") != "Remote":
        raise StepFailed(f"StopTransaction reason {stop.payload.get('reason')}, expected Remote")
    await ctx.status(box, "Finishing", mark)
    mark = ctx.csms.mark()
    ctx.control(f"the driver unplugs the car from zappi {serial}", f"zappi/{serial}/unplug")
    await ctx.status(box, "Available", mark)


async def pin_accepted(ctx: DemoContext) -> None:
    serial, box = ctx.second
    tag = f"VTAG{serial}"
    mark = ctx.csms.mark()
    ctx.control(
        f"a driver plugs a car into zappi {serial}, which has a PIN lock", f"zappi/{serial}/plug"
    )
    await ctx.status(box, "Preparing", mark)
    ctx.control(
        "the driver enters the PIN; the bridge sends the Virtual OCPP Tag, never the PIN",
        f"zappi/{serial}/pin",
        {"pin": "44444"},
    )
    await ctx.expect(box, "Authorize", lambda p: p.get("idTag") == tag, mark)
    await ctx.expect(box, "StartTransaction", lambda p: p.get("idTag") == tag, mark)
    mark = ctx.csms.mark()
    ctx.control("the driver unplugs", f"zappi/{serial}/unplug")
    stop = await ctx.expect(box, "StopTransaction", since=mark)
    if stop.payload.get("reason") != "EVDisconnected":
        raise StepFailed(f"StopTransaction reason {stop.payload.get('reason')}")


async def pin_blocked(ctx: DemoContext) -> None:
    serial, box = ctx.second
    tag = f"VTAG{serial}"
    ctx.say(f"the operator blocks tag {tag}")
    ctx.csms.authorize = lambda id_tag: "Blocked" if id_tag == tag else "Accepted"
    try:
        mark = ctx.csms.mark()
        ctx.control("the driver plugs in again and enters the PIN", f"zappi/{serial}/plug")
        await ctx.status(box, "Preparing", mark)
        ctx.control("(PIN entry)", f"zappi/{serial}/pin", {"pin": "44444"})
        await ctx.expect(box, "Authorize", lambda p: p.get("idTag") == tag, mark)
        await ctx.wait_mode(serial, ChargeMode.STOP)
        ctx.say("Blocked: the zappi is in Stop mode and no transaction starts")
        await trio.sleep(1.5)
        if any(
            f.action == "StartTransaction" and f.charge_box == box for f in ctx.csms.frames[mark:]
        ):
            raise StepFailed("a transaction started for a blocked tag")
        ctx.control("the driver unplugs", f"zappi/{serial}/unplug")
    finally:
        ctx.csms.authorize = lambda id_tag: "Accepted"


async def unlock(ctx: DemoContext) -> None:
    _serial, box = ctx.second
    before = len(ctx.timeline.commands)
    ctx.say("the operator unlocks the connector (the zappi's screen lock)")
    await ctx.call(box, "UnlockConnector", {"connectorId": 1}, {"status": "Unlocked"})
    while not any("unlock" in c for c in ctx.timeline.commands[before:]):  # noqa: ASYNC110
        await trio.sleep(0.1)


async def unsupported(ctx: DemoContext) -> None:
    _serial, box = ctx.first
    ctx.say("requests the zappi cannot carry out are refused, as the support table says")
    schedule = {
        "chargingRateUnit": "A",
        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 10}],
    }
    profile = {
        "chargingProfileId": 1,
        "stackLevel": 0,
        "chargingSchedule": schedule,
        "chargingProfilePurpose": "TxDefaultProfile",
        "chargingProfileKind": "Absolute",
    }
    requests: dict[str, Payload] = {
        "ReserveNow": {
            "connectorId": 1,
            "expiryDate": "2030-01-01T00:00:00Z",
            "idTag": "DEMO-DRIVER",
            "reservationId": 7,
        },
        "SetChargingProfile": {"connectorId": 1, "csChargingProfiles": profile},
    }
    for action, payload in requests.items():
        answer = await ctx.call(box, action, payload)
        if answer.kind != 4 or answer.error_code != "NotSupported":
            raise StepFailed(f"{action} answered {answer.error_code or answer.payload}")


STEPS: tuple[tuple[str, Callable[[DemoContext], Awaitable[None]]], ...] = (
    ("Boot: each zappi appears as an OCPP charger", boot),
    ("Plug in: the car waits for authorization", plug_in),
    ("Remote start: unlock and charge mode, then StartTransaction", remote_start),
    ("Charging: MeterValues from the zappi's readings", meter_values),
    ("Remote stop: Stop mode, StopTransaction reason Remote", remote_stop),
    ("PIN accepted: Authorize with the Virtual OCPP Tag, then a transaction", pin_accepted),
    ("PIN blocked: Stop mode, no transaction", pin_blocked),
    ("Unlock: UnlockConnector unlocks the zappi", unlock),
    ("Unsupported: Reservation and Smart Charging answered NotSupported", unsupported),
)
