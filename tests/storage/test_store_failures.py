"""The store when things go wrong, with real processes and real failures: the writer's process
SIGKILLed in the middle of a batch, the database server stopped while a charger runs, a full
disk under a SQLite file."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import trio

from runtime.storage.store import Store
from tests.support.charger_process import charger
from tests.support.csms import TestCsms
from tests.support.postgres import PostgresServer

WORKER = Path(__file__).resolve().parents[1] / "support" / "store_worker.py"
KEEP = 3  # tests/support/store_worker.py keeps this many messages queued per charger


async def test_sigkill_mid_batch_loses_nothing_acknowledged(location: str | Path) -> None:
    """Every round the worker acknowledged is on disk after a SIGKILL, and each charger's
    state and queue come from the same round (a group is committed whole or not at all)."""
    chargers = 40
    process = await trio.lowlevel.open_process(
        [sys.executable, str(WORKER), "--store", str(location), "--chargers", str(chargers)],
        stdout=subprocess.PIPE,
    )
    acknowledged = -1
    buffer = b""
    try:
        assert process.stdout is not None
        with trio.fail_after(60):
            while acknowledged < 30:
                chunk = await process.stdout.receive_some()
                assert chunk, "the worker exited"
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    acknowledged = max(acknowledged, int(line.split()[1]))
        process.send_signal(signal.SIGKILL)  # the next batch is already on its way
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()
    store = Store(location)
    try:
        for i in range(chargers):
            stored = store.charger(f"c{i}")
            assert stored.state is not None
            last = json.loads(stored.state)["round"]
            assert last >= acknowledged, f"c{i}: acknowledged round {acknowledged} lost"
            rounds = [row.payload["round"] for row in stored.rows]
            assert rounds == list(range(max(0, last - KEEP + 1), last + 1)), f"c{i}: {rounds}"
    finally:
        store.close()


async def _outage_and_recovery(store_location: str | Path, *, fail: object,
                               recover: object) -> str:  # fmt: skip
    """A charger with a transaction running meets a store that cannot commit: the
    StopTransaction queued meanwhile is not sent (it is not on disk) and the charger stays
    connected; once the store recovers it is sent, exactly once. Returns the charger's log."""
    with TestCsms() as csms, trio.fail_after(60):
        async with charger(store_location, csms.url, capture_log=True) as running:
            await running.expect("ACCEPTED")
            await running.send("start t1")
            assert await running.expect("TXID t1") == "TXID t1 1001"
            await fail(running)  # type: ignore[operator]
            await running.send("stop t1")
            await running.wait_log("storage.unavailable")
            await trio.sleep(0.5)  # room for a send that should not happen
            assert csms.calls("StopTransaction") == []
            await recover(running)  # type: ignore[operator]
            await running.expect("QUEUED t1")
            await csms.wait_for_call("StopTransaction")
            await trio.sleep(0.5)  # room for a duplicate, if there were one
            assert len(csms.calls("StopTransaction")) == 1
            assert len(csms.calls("BootNotification")) == 1  # connected all along
            await running.wait_log("storage.recovered")
    return running.stderr()


async def test_a_stopped_database_server_delays_the_send_and_loses_nothing(
    postgres: PostgresServer,
) -> None:
    url = postgres.create_database()

    async def stop(_: object) -> None:
        await trio.to_thread.run_sync(postgres.stop)

    async def start(_: object) -> None:
        await trio.to_thread.run_sync(postgres.start)

    try:
        log = await _outage_and_recovery(url, fail=stop, recover=start)
    finally:
        if not postgres.running:
            postgres.start()
    assert postgres.password not in log
    assert "zappi:***@127.0.0.1" in log  # the log says which store, masked


async def test_a_full_disk_delays_the_send_and_loses_nothing(tmp_path: Path) -> None:
    """RLIMIT_FSIZE in the charger's process: every write to the SQLite file fails as on a
    full disk (even for root), until the limit is lifted."""

    async def limit(running: object) -> None:
        await running.send("limit")  # type: ignore[attr-defined]
        await running.expect("LIMITED")  # type: ignore[attr-defined]

    async def unlimit(running: object) -> None:
        await running.send("unlimit")  # type: ignore[attr-defined]
        await running.expect("UNLIMITED")  # type: ignore[attr-defined]

    log = await _outage_and_recovery(tmp_path / "state.sqlite", fail=limit, recover=unlimit)
    assert "storage.unavailable" in log


@pytest.mark.parametrize("password", ["wrong-password-123", "p@ss:w/rd%"])
def test_a_refused_login_names_the_store_but_never_the_password(
    postgres: PostgresServer, password: str
) -> None:
    from urllib.parse import quote

    from runtime.storage.engine import StorageError

    url = postgres.url("postgres", password=quote(password, safe=""))
    with pytest.raises(StorageError) as refused:
        Store(url)
    text = str(refused.value)
    assert "password authentication failed" in text and "zappi:***@127.0.0.1" in text
    assert password not in text and quote(password, safe="") not in text


async def test_the_store_says_what_is_wrong_until_it_recovers(postgres: PostgresServer) -> None:
    """What /readyz reports: the outage and its cause (no password), then nothing."""
    store = Store(postgres.create_database())
    try:
        stored = store.charger("cb")
        await trio.to_thread.run_sync(postgres.stop)
        try:
            stored.set_config("heartbeatinterval", "42")
            with trio.fail_after(30):
                while store.problem() is None:  # noqa: ASYNC110 (another thread's state)
                    await trio.sleep(0.05)
            problem = store.problem()
            assert problem is not None and problem.startswith("storage unavailable")
            assert postgres.password not in problem
            assert not stored.durable(stored.last_ticket) and store.pending_writes == 1
        finally:
            await trio.to_thread.run_sync(postgres.start)
        with trio.fail_after(30):
            await stored.wait()
        assert store.problem() is None
    finally:
        store.close()
    again = Store(store.description.replace("***", postgres.password))
    try:
        assert again.charger("cb").config == {"heartbeatinterval": "42"}
    finally:
        again.close()
