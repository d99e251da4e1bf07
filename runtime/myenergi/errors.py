"""Typed errors of the myenergi cloud client.

Every error names the hub it concerns; none ever carries the API key (the key is only handed
to the HTTP client's DigestAuth, and ``runtime.logs`` masks it in any log line as a second
line of defence).
"""

from __future__ import annotations

from generated.myenergi import ERROR_CODES


class MyenergiError(Exception):
    """Base class: something went wrong talking to the myenergi cloud for ``hub``."""

    def __init__(self, hub: str, message: str) -> None:
        super().__init__(message)
        self.hub = hub


class ApiKeyRejected(MyenergiError):
    """HTTP 401 after digest auth: the serial/API key pair is wrong or the key was regenerated.

    Not retried: the client refuses further requests for the hub for a cool-down period
    instead of hammering the cloud with a key that will not work (ref §1.3).
    """

    def __init__(self, hub: str) -> None:
        super().__init__(
            hub,
            f"API key rejected for hub {hub}: check the hub serial and generate a new API key "
            "at myaccount.myenergi.com",
        )


class CloudUnavailable(MyenergiError):
    """Timeouts, 5xx or unreadable replies persisted through every retry."""

    def __init__(self, hub: str, attempts: int, reason: str) -> None:
        super().__init__(
            hub, f"myenergi cloud unavailable for hub {hub} after {attempts} attempt(s): {reason}"
        )
        self.attempts = attempts
        self.reason = reason


class MalformedReply(MyenergiError):
    """A reply that parsed as JSON but does not fit the schema generated from the spec."""

    def __init__(self, hub: str, endpoint: str, where: str, problem: str) -> None:
        super().__init__(hub, f"hub {hub}: malformed {endpoint} reply at {where}: {problem}")
        self.endpoint = endpoint
        self.where = where
        self.problem = problem


class CloudRejected(MyenergiError):
    """The cloud answered with a negative ``status`` (ref §1.3); ``text`` is from the code table."""

    def __init__(self, hub: str, what: str, code: int) -> None:
        self.code = code
        self.text = ERROR_CODES.get(code, "unknown error code")
        super().__init__(hub, f"hub {hub}: {what} answered status -{code} ({self.text})")


class DeviceBusy(CloudRejected):
    """The busy code (spec/myenergi.yaml, -26) persisted through every retry: another command
    is still being delivered."""


class UnknownZappi(MyenergiError):
    """The hub's status reply has no zappi with this serial."""

    def __init__(self, hub: str, zappi: str) -> None:
        super().__init__(hub, f"hub {hub} has no zappi {zappi}")
        self.zappi = zappi


class CommandFailed(MyenergiError):
    """The device reported the command as failed (``cmt`` 253, ref §2.4)."""


class CommandNotConfirmed(MyenergiError):
    """The cloud accepted the command but the device did not confirm it in time."""
