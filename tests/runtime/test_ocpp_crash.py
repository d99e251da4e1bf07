"""Crash safety of the durable outbox, with a real process killed by SIGKILL, and a clean
shutdown on SIGTERM (tests/support/crash_charger.py runs the charger)."""

from __future__ import annotations

import signal
from pathlib import Path

import trio

from tests.support.charger_process import charger
from tests.support.csms import TestCsms


async def test_queued_stop_transaction_survives_sigkill_and_arrives_once(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite"
    with TestCsms() as csms, trio.fail_after(40):
        async with charger(db, csms.url) as first:
            await first.expect("ACCEPTED")
            await first.send("start t1")
            assert await first.expect("TXID t1") == "TXID t1 1001"
            await trio.to_thread.run_sync(csms.stop)  # the CSMS goes away
            await first.send("stop t1")
            await first.expect("QUEUED t1")  # committed to SQLite, not yet delivered
            first.process.send_signal(signal.SIGKILL)
            await first.process.wait()
        assert csms.calls("StopTransaction") == []
        await trio.to_thread.run_sync(csms.start)  # back, on the same port
        async with charger(db, csms.url) as second:
            await second.expect("ACCEPTED")
            await csms.wait_for_call("StopTransaction")
            await trio.sleep(1)  # room for a duplicate to show up, if there were one
        stops = csms.calls("StopTransaction")
        assert len(stops) == 1
        assert stops[0][3]["transactionId"] == 1001
        assert len(csms.calls("StartTransaction")) == 1
        assert len(csms.calls("BootNotification")) == 2  # a restart boots again
        # ids from the two runs never collide (the epoch is persisted)
        ids = [frame[1] for frame in csms.calls()]
        assert len(ids) == len(set(ids))


async def test_sigterm_shuts_down_cleanly(tmp_path: Path) -> None:
    with TestCsms() as csms, trio.fail_after(20):
        async with charger(tmp_path / "state.sqlite", csms.url) as running:
            await running.expect("ACCEPTED")
            running.process.send_signal(signal.SIGTERM)
            await running.expect("STOPPED")
            assert await running.process.wait() == 0
