"""The lease tables (runtime/cluster/lease_table.py) on a real PostgreSQL database: claim,
renew, expiry on the database's clock, the epoch bump that fences the stale writer, release,
NOTIFY, leave; and the fair share (runtime/cluster/fair_share.py)."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
import trio

from runtime.cluster.fair_share import excess, target
from runtime.cluster.lease_table import LeaseTable
from runtime.storage.engine import WriteRefused
from runtime.storage.records import Owner
from runtime.storage.store import Store

HUBS = ["31000001", "31000002", "31000003"]


@contextmanager
def tables(url: str, *names: str, lease_s: float = 30.0) -> Iterator[list[LeaseTable]]:
    Store(url).close()  # the schema (version 3: the lease tables) is the store's to create
    opened = [LeaseTable(url, name, lease_s) for name in names]
    try:
        yield opened
    finally:
        for table in opened:
            table.close()


def rows(url: str) -> dict[str, tuple[str | None, int]]:
    with psycopg.connect(url) as conn:
        found = conn.execute("SELECT hub, owner, epoch FROM leases").fetchall()
    return {hub: (owner, epoch) for hub, owner, epoch in found}


def fences(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return dict(conn.execute("SELECT scope, epoch FROM fences").fetchall())


def test_a_claim_takes_free_hubs_once_at_a_fenced_epoch(postgres_url: str) -> None:
    with tables(postgres_url, "a", "b") as (a, b):
        assert a.claim(HUBS[:2]) == {HUBS[0]: 1, HUBS[1]: 1}
        assert b.claim(HUBS) == {HUBS[2]: 1}  # the held ones are not b's to take
        assert rows(postgres_url) == {HUBS[0]: ("a", 1), HUBS[1]: ("a", 1), HUBS[2]: ("b", 1)}
        assert fences(postgres_url) == {hub: 1 for hub in HUBS}


def test_a_renewal_keeps_the_held_and_reports_live_replicas_and_free_hubs(
    postgres_url: str,
) -> None:
    with tables(postgres_url, "a", "b") as (a, b):
        a.claim([HUBS[0]])
        b.renew([], HUBS)
        renewal = a.renew([HUBS[0]], HUBS)
        assert renewal.renewed == {HUBS[0]: 1}
        assert renewal.live == ("a", "b")
        assert renewal.free == (HUBS[1], HUBS[2])
        # b holds nothing: a's hub is not b's to renew
        assert b.renew([HUBS[0]], HUBS).renewed == {}


def test_an_expired_lease_is_claimed_at_a_new_epoch_and_the_old_owner_is_refused(
    postgres_url: str,
) -> None:
    with tables(postgres_url, "a", "b", lease_s=0.3) as (a, b):
        store = Store(postgres_url)
        try:
            assert a.claim([HUBS[0]]) == {HUBS[0]: 1}
            stale = store.charger("box-1")
            stale.owner = Owner(HUBS[0], 1)
            assert b.claim([HUBS[0]]) == {}  # not expired yet
            deadline = time.monotonic() + 10
            while HUBS[0] not in b.renew([], HUBS).free:
                assert time.monotonic() < deadline, "the lease never expired"
                time.sleep(0.05)
            assert b.claim([HUBS[0]]) == {HUBS[0]: 2}
            assert fences(postgres_url)[HUBS[0]] == 2
            assert a.renew([HUBS[0]], HUBS).renewed == {}  # a learns it lost the hub

            async def writes() -> None:
                stale.set_config("heartbeatinterval", "10")
                with pytest.raises(WriteRefused, match=HUBS[0]):
                    await stale.wait()
                stale.owner = Owner(HUBS[0], 2)  # b's chargers write under b's epoch
                stale.set_config("heartbeatinterval", "20")
                await stale.wait()

            trio.run(writes)
        finally:
            store.close()
        again = Store(postgres_url)
        try:
            assert again.charger("box-1").config == {"heartbeatinterval": "20"}
        finally:
            again.close()


def test_a_release_frees_the_hub_at_once_and_notifies_the_others(postgres_url: str) -> None:
    with tables(postgres_url, "a", "b") as (a, b):
        assert not b.wait_notified(0.05)  # listening from now on
        a.claim(HUBS)
        a.release([HUBS[1]])
        assert b.wait_notified(5.0)
        assert b.renew([], HUBS).free == (HUBS[1],)
        assert b.claim([HUBS[1]]) == {HUBS[1]: 2}
        a.release([HUBS[1]])  # no longer a's: nothing happens to b's lease
        assert rows(postgres_url)[HUBS[1]] == ("b", 2)


def test_leaving_frees_every_hub_and_ends_the_heartbeat(postgres_url: str) -> None:
    with tables(postgres_url, "a", "b") as (a, b):
        a.renew([], HUBS)
        a.claim(HUBS)
        assert b.renew([], HUBS).live == ("a", "b")
        a.leave()
        renewal = b.renew([], HUBS)
        assert renewal.live == ("b",)
        assert renewal.free == tuple(HUBS)


def test_an_earlier_run_of_the_same_replica_id_gives_its_hubs_up_to_a_new_epoch(
    postgres_url: str,
) -> None:
    with tables(postgres_url, "a") as (first,):
        first.claim([HUBS[0]])
    with tables(postgres_url, "a") as (again,):  # restarted with --replica-id a
        assert again.renew([], HUBS).free == tuple(HUBS)
        assert again.claim([HUBS[0]]) == {HUBS[0]: 2}


@pytest.mark.parametrize("hubs", [0, 1, 7, 10, 11, 100])
@pytest.mark.parametrize("replicas", [1, 2, 3, 4])
def test_fair_shares_add_up_to_the_hubs_and_differ_by_one_at_most(
    hubs: int, replicas: int
) -> None:
    live = [f"r{i}" for i in range(replicas)]
    shares = [target(hubs, live, name) for name in live]
    assert sum(shares) == hubs
    assert max(shares) - min(shares) <= 1
    assert max(shares) == math.ceil(hubs / replicas)


def test_ten_hubs_on_three_replicas_then_four() -> None:
    assert [target(10, ["a", "b", "c"], r) for r in "abc"] == [4, 3, 3]
    assert [target(10, ["a", "b", "c", "d"], r) for r in "abcd"] == [3, 3, 2, 2]
    assert target(10, ["a"], "b") == 5  # its own heartbeat not seen yet: counted anyway
    assert excess(["3", "1", "2"], 1) == ["2", "3"]
    assert excess(["1"], 2) == []
