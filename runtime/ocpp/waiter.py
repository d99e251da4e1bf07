"""The slot in which our one outstanding CALL waits for its answer."""

from __future__ import annotations

from typing import Any

import trio

from .errors import CallFailed

__all__ = ["AnswerWaiter"]


class AnswerWaiter:
    """The answer slot of our one outstanding CALL: the caller parks on it, the reader
    resolves it. Built on trio.lowlevel park/reschedule because it is on every CALL's path
    (a trio.Event with its parking lot costs measurably more)."""

    __slots__ = ("action", "done", "error", "payload", "task", "unique_id")

    def __init__(self, unique_id: str, action: str) -> None:
        self.unique_id = unique_id
        self.action = action
        self.done = False
        self.payload: dict[str, Any] | None = None
        self.error: CallFailed | None = None
        self.task: trio.lowlevel.Task | None = None

    def resolve(self, payload: dict[str, Any] | None, error: CallFailed | None) -> None:
        if self.done:
            return
        self.done, self.payload, self.error = True, payload, error
        if self.task is not None:
            trio.lowlevel.reschedule(self.task)
            self.task = None

    async def wait(self) -> None:
        """Until resolved; cancellable (the call timeout is a cancel scope around it)."""
        if self.done:
            return
        self.task = trio.lowlevel.current_task()

        def abort(_: object) -> trio.lowlevel.Abort:
            self.task = None
            return trio.lowlevel.Abort.SUCCEEDED

        await trio.lowlevel.wait_task_rescheduled(abort)
