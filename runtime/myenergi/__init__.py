"""The myenergi cloud: a client for the zappi ``cgi-*`` API and a simulator of it.

Client: ``MyenergiClient`` (``client.py``) with typed ``ZappiStatus`` values (``status.py``) and
typed errors (``errors.py``). Simulator: ``runtime.myenergi.simulator``.
"""

from __future__ import annotations

from runtime.myenergi.client import CommandResult, MyenergiClient
from runtime.myenergi.errors import (
    ApiKeyRejected,
    CloudRejected,
    CloudUnavailable,
    CommandFailed,
    CommandNotConfirmed,
    DeviceBusy,
    MalformedReply,
    MyenergiError,
    UnknownZappi,
)
from runtime.myenergi.retry import RetrySchedule
from runtime.myenergi.status import ZappiStatus

__all__ = [
    "ApiKeyRejected",
    "CloudRejected",
    "CloudUnavailable",
    "CommandFailed",
    "CommandNotConfirmed",
    "CommandResult",
    "DeviceBusy",
    "MalformedReply",
    "MyenergiClient",
    "MyenergiError",
    "RetrySchedule",
    "UnknownZappi",
    "ZappiStatus",
]
