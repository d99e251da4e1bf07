"""The myenergi cloud client: status polls and zappi commands, under trio.

``MyenergiClient(director_url, hubs=[(serial, api_key), ...])`` talks to every hub with HTTP
Digest auth (user = hub serial, password = API key; ref §1.1) through
:class:`~runtime.myenergi.cloud_requests.CloudRequests` (discovery, the asn server,
retries, a rejected key; the lean HTTP client of ``runtime/myenergi/http``). Hubs can be
added and removed while it runs (:meth:`MyenergiClient.add_hub`, :meth:`remove_hub`).

- ``poll(hub)``: one ``cgi-jstatus-*`` request serves every zappi of the hub.
- Commands (``set_mode``, ``unlock``: what the bridge sends) use the URL templates and
  parameter ranges of ``generated.myenergi.COMMANDS``.
  They are serialised per hub, a busy reply (the table's busy code, -26) is retried with
  backoff, and completion is confirmed from ``cmt`` (254 / 253) or from the status showing the
  change, with a timeout (the cloud applies commands late, ref §1.3).
- Timeouts, 5xx and unreadable JSON are retried with capped, jittered backoff and then
  reported as ``CloudUnavailable``; a 401 becomes ``ApiKeyRejected`` at once, and the hub is
  left alone for ``auth_cooldown_s`` so a wrong key never turns into a retry storm.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import trio

from generated.myenergi import (
    BUSY_ERROR_CODE,
    COMMANDS,
    RETRY_ERROR_CODES,
    ChargeMode,
    CommandName,
    CommandTimer,
)
from runtime.logs import event
from runtime.myenergi.cloud_requests import DISCOVERY_PATH, USER_AGENT, CloudRequests, HubAccess
from runtime.myenergi.commands import command_path
from runtime.myenergi.errors import (
    CloudRejected,
    CommandFailed,
    CommandNotConfirmed,
    DeviceBusy,
    MalformedReply,
    UnknownZappi,
)
from runtime.myenergi.http.client import DEFAULT_MAX_CONNECTIONS
from runtime.myenergi.retry import RetrySchedule
from runtime.myenergi.status import (
    StatusReply,
    ZappiStatus,
    command_reply_code,
    error_code,
    parse_status_reply,
)

__all__ = [
    "DIRECTOR_URL",
    "DISCOVERY_PATH",
    "REQUEST_OUTCOMES",
    "STATUS_PATH",
    "USER_AGENT",
    "CommandResult",
    "MyenergiClient",
]

log = logging.getLogger(__name__)

DIRECTOR_URL = "https://director.myenergi.net"
STATUS_PATH = "/cgi-jstatus-*"
#: Retries of one request after a timeout, 5xx or unreadable reply (jittered: a server
#: outage fails all its hubs at once, and their retries must not stay in step).
REQUEST_RETRY = RetrySchedule(attempts=4, initial_s=0.5, cap_s=8.0, jitter=0.5)
#: Retries of a command the cloud answers with the busy code: a command takes seconds to deliver.
BUSY_RETRY = RetrySchedule(attempts=6, initial_s=1.0, cap_s=10.0)


@dataclass(frozen=True, slots=True)
class CommandResult:
    """A command the device confirmed, with the status that confirmed it."""

    command: CommandName
    zappi: str
    confirmed_by: str  #: "cmt" (254 after counting) or "status" (the change is visible)
    status: ZappiStatus
    busy_retries: int


#: what ``on_request`` is told: a reply (ok, busy -26), 401, 5xx, another HTTP status, a timeout,
#: a failed connection, a reply that is not JSON
REQUEST_OUTCOMES = ("ok", "busy", "401", "5xx", "http_error", "timeout", "connect_error",
                    "malformed")


def _reply_outcome(reply: object) -> str:
    busy = isinstance(reply, dict) and error_code(reply.get("status")) == BUSY_ERROR_CODE
    return "busy" if busy else "ok"


class MyenergiClient:
    """Status and commands for the zappis of one or more hubs. Use as ``async with``."""

    def __init__(
        self,
        director_url: str = DIRECTOR_URL,
        hubs: Iterable[tuple[str, str]] = (),
        *,
        request_timeout_s: float = 15.0,
        max_connections_per_server: int = DEFAULT_MAX_CONNECTIONS,
        retry: RetrySchedule = REQUEST_RETRY,
        busy_retry: RetrySchedule = BUSY_RETRY,
        confirm_timeout_s: float = 60.0,
        confirm_poll_s: float = 2.0,
        auth_cooldown_s: float = 300.0,
        on_request: Callable[[str, float], None] | None = None,
    ) -> None:
        """``on_request`` is told ``(outcome, seconds)`` after every request attempt
        (runtime.observe); the outcomes are REQUEST_OUTCOMES. ``request_timeout_s`` bounds
        one request, a 401 re-challenge and the wait for a connection included;
        ``max_connections_per_server``: requests in flight per asn server at most."""
        self._cloud = CloudRequests(
            director_url,
            request_timeout_s=request_timeout_s,
            max_connections_per_server=max_connections_per_server,
            retry=retry,
            auth_cooldown_s=auth_cooldown_s,
            on_request=on_request,
            reply_outcome=_reply_outcome,
        )
        for serial, api_key in hubs:
            self.add_hub(str(serial), api_key)
        self._busy_retry = busy_retry
        self._confirm_timeout_s = confirm_timeout_s
        self._confirm_poll_s = confirm_poll_s
        #: the last ``cmt`` seen per zappi: the baseline that tells a new 253/254 from an old one
        self._last_cmt: dict[str, int] = {}

    @property
    def director_url(self) -> str:
        return self._cloud.director_url

    @property
    def hubs(self) -> tuple[str, ...]:
        return tuple(self._cloud.hubs)

    def add_hub(self, serial: str, api_key: str) -> None:
        """Talk to one more hub (or to a known one with a new key, from scratch)."""
        self._cloud.add_hub(serial, api_key)

    def remove_hub(self, serial: str) -> None:
        """Forget a hub; a request of its own already under way finishes."""
        self._cloud.remove_hub(serial)

    def server_url(self, hub: str) -> str | None:
        """The ASN server the hub is served from, once discovered."""
        return self._hub(hub).base_url

    async def aclose(self) -> None:
        await self._cloud.aclose()

    async def __aenter__(self) -> MyenergiClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def _hub(self, hub: str) -> HubAccess:
        return self._cloud.hub(hub)

    # ---- status -----------------------------------------------------------------------

    async def poll(self, hub: str, deadline: float = math.inf) -> StatusReply:
        """Every zappi of ``hub`` by serial, from one ``cgi-jstatus-*`` request; the objects
        that broke their schema are in the reply's ``malformed`` and ``unidentified``. Retries
        end by ``deadline`` (trio clock), and so does the last request."""
        reply = await self._cloud.get(self._hub(hub), STATUS_PATH, deadline)
        return self._remember(parse_status_reply(reply, hub, STATUS_PATH))

    async def zappi_status(self, hub: str, zappi: str) -> ZappiStatus:
        """One zappi, from ``cgi-jstatus-Z{serial}``; ``MalformedReply`` when its object
        breaks its schema, ``UnknownZappi`` when the reply has no such zappi."""
        path = f"/cgi-jstatus-Z{zappi}"
        statuses = self._remember(
            parse_status_reply(await self._cloud.get(self._hub(hub), path), hub, path)
        )
        if zappi in statuses.malformed:
            problem = statuses.malformed[zappi]
            raise MalformedReply(hub, path, problem.where, problem.problem)
        try:
            return statuses[zappi]
        except KeyError:
            raise UnknownZappi(hub, zappi) from None

    def _remember(self, statuses: StatusReply) -> StatusReply:
        for serial, status in statuses.items():
            self._last_cmt[serial] = status.command_timer
        return statuses

    # ---- commands -------------------------------------------------------------------

    async def set_mode(self, hub: str, zappi: str, mode: ChargeMode) -> CommandResult:
        if mode is ChargeMode.STARTUP:
            raise ValueError("mode 0 is not a charge mode; it selects the boost commands")
        return await self._command(
            hub, zappi, CommandName.SET_MODE, lambda s: s.mode is mode, mode=int(mode)
        )

    async def unlock(self, hub: str, zappi: str) -> CommandResult:
        """Allow a charge session on a PIN-locked unit (lck bit 4, 7 → 23; ref §2.4, §3). The
        ``cgi-jlock`` flag string is the table's default (two forms are in use)."""
        return await self._command(hub, zappi, CommandName.UNLOCK, lambda s: s.session_allowed)

    async def _command(
        self,
        hub: str,
        zappi: str,
        name: CommandName,
        done: Callable[[ZappiStatus], bool],
        **arguments: int | str,
    ) -> CommandResult:
        command = COMMANDS[name]
        path = command_path(command, zappi, **arguments)  # CommandArgumentError: nothing sent
        state = self._hub(hub)
        async with state.command_lock:
            retries = await self._send_command(state, name, command.reply, path)
            event(log, "myenergi.command_accepted", hub=hub, zappi=zappi, command=name)
            return await self._confirm(hub, zappi, name, done, retries)

    async def _send_command(
        self,
        state: HubAccess,
        name: CommandName,
        reply_kind: str,
        path: str,
    ) -> int:
        """Send until accepted; returns how many retryable (e.g. busy) replies were retried."""
        delays = list(self._busy_retry.delays())
        retries = 0
        while True:
            reply = await self._cloud.get(state, path)
            code = self._reply_code(state.serial, name, reply_kind, reply)
            if code == 0:
                return retries
            if code not in RETRY_ERROR_CODES:
                raise CloudRejected(state.serial, name, code)
            if retries == len(delays):
                busy = code == BUSY_ERROR_CODE
                raise (DeviceBusy if busy else CloudRejected)(state.serial, name, code)
            event(
                log,
                "myenergi.command_busy",
                level=logging.WARNING,
                hub=state.serial,
                command=name,
                code=-code,
                retry_in_s=delays[retries],
            )
            await trio.sleep(delays[retries])
            retries += 1

    @staticmethod
    def _reply_code(hub: str, name: CommandName, reply_kind: str, reply: object) -> int:
        if reply_kind == "status" or (isinstance(reply, dict) and "status" in reply):
            return command_reply_code(reply, hub, name)
        # Commands such as min green echo the field they set instead: {"mgl": 60} (ref §3).
        if not isinstance(reply, dict) or reply_kind not in reply:
            raise MalformedReply(hub, name, reply_kind, f"expected the {reply_kind} echo")
        return 0

    async def _confirm(
        self,
        hub: str,
        zappi: str,
        name: CommandName,
        done: Callable[[ZappiStatus], bool],
        busy_retries: int,
    ) -> CommandResult:
        # cmt 254/253 count only once they are news: after the 1..10 count-up was seen, or
        # when they differ from what the zappi showed before the command. A fast device can
        # finish between two polls, so the count-up is not always visible.
        baseline = self._last_cmt.get(zappi)
        seen_in_flight = False
        with trio.move_on_after(self._confirm_timeout_s):
            while True:
                try:
                    status = await self.zappi_status(hub, zappi)
                except MalformedReply:  # one garbled reply says nothing either way: ask again
                    await trio.sleep(self._confirm_poll_s)
                    continue
                cmt = status.command_timer
                seen_in_flight = seen_in_flight or status.command_in_flight
                news = seen_in_flight or (baseline is not None and cmt != baseline)
                if news and cmt == CommandTimer.FAILURE:
                    raise CommandFailed(hub, f"hub {hub}: zappi {zappi} reported {name} failed")
                if news and cmt == CommandTimer.SUCCESS:
                    return CommandResult(name, zappi, "cmt", status, busy_retries)
                if not status.command_in_flight and done(status):
                    return CommandResult(name, zappi, "status", status, busy_retries)
                await trio.sleep(self._confirm_poll_s)
        raise CommandNotConfirmed(
            hub, f"hub {hub}: zappi {zappi} did not confirm {name} in {self._confirm_timeout_s} s"
        )
