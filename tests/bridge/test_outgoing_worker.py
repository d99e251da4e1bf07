"""runtime/bridge/outgoing.py's Worker: one task at a time drains a queue in order, starts when
an item arrives, ends when none is left, and keeps what a cancelled run did not finish."""

from __future__ import annotations

import trio
import trio.testing

from runtime.bridge.outgoing import Worker


class Recorder:
    """A drain that takes a second per item and notes who ran it."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self.active = 0
        self.most_active = 0
        self.tasks: set[trio.lowlevel.Task] = set()

    async def drain(self, items: list[str]) -> None:
        self.active += 1
        self.most_active = max(self.most_active, self.active)
        self.tasks.add(trio.lowlevel.current_task())
        try:
            await trio.sleep(1)
            self.done.append(items.pop(0))
        finally:
            self.active -= 1


async def test_items_wait_for_attach_then_go_in_order_on_one_task(
    autojump_clock: trio.testing.MockClock,
) -> None:
    recorder = Recorder()
    worker = Worker[str](recorder.drain)
    worker.push("a")
    worker.push("b")
    await trio.sleep(5)
    assert recorder.done == []  # no nursery to run in yet
    async with trio.open_nursery() as nursery:
        worker.attach(nursery.start_soon)
        await trio.sleep(1.5)
        worker.push("c")  # while the task is busy: the same task takes it
        await trio.sleep(10)
        assert recorder.done == ["a", "b", "c"]
        assert (recorder.most_active, len(recorder.tasks)) == (1, 1)
        assert len(nursery.child_tasks) == 0  # nothing left: the task has ended
        worker.push("d")  # a new item starts a new task
        await trio.sleep(2)
        assert recorder.done[-1] == "d" and len(recorder.tasks) == 2


async def test_a_cancelled_run_leaves_the_item_for_the_next_one(
    autojump_clock: trio.testing.MockClock,
) -> None:
    recorder = Recorder()
    worker = Worker[str](recorder.drain)
    async with trio.open_nursery() as nursery:
        worker.attach(nursery.start_soon)
        worker.push("a")
        await trio.sleep(0.5)
        nursery.cancel_scope.cancel()  # the charger's task ends mid-item
    worker.attach(None)
    worker.push("b")
    await trio.sleep(5)
    assert recorder.done == [] and worker.items == ["a", "b"]
    async with trio.open_nursery() as nursery:
        worker.attach(nursery.start_soon)  # the restarted charger
        await trio.sleep(5)
    assert recorder.done == ["a", "b"] and worker.items == []
