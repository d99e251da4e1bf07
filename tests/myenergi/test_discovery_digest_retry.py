"""The small pure parts: ASN header handling, server-side digest checks, backoff, fleet files;
when a timeout sends a hub back to the director."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import trio
from myenergi_helpers import fast_client

from runtime.myenergi.client import MyenergiClient
from runtime.myenergi.discovery import asn_from_headers, server_url
from runtime.myenergi.errors import ApiKeyRejected, CloudUnavailable
from runtime.myenergi.retry import RetrySchedule
from runtime.myenergi.simulator import load_fleet, serve_simulator
from runtime.myenergi.simulator.digest import REALM, DigestVerifier, parse_authorization
from runtime.myenergi.simulator.fleet import Fleet, Outage, OutageKind


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([("X_MYENERGI-asn", "s18.myenergi.net")], "s18.myenergi.net"),
        ([("x_myenergi-asn", "s8.myenergi.net")], "s8.myenergi.net"),  # buckning's spelling
        ([("X_MYENERGI-ASN", " 127.0.0.1:8080 ")], "127.0.0.1:8080"),
        ([("X_MYENERGI-asn", "undefined")], None),  # mec ignores it
        ([("X_MYENERGI-asn", "")], None),
        ([("X_MYENERGI-asn", "evil.example/path?x=")], None),
        ([("content-type", "application/json")], None),
    ],
)
def test_asn_header(headers: list[tuple[str, str]], expected: str | None) -> None:
    assert asn_from_headers(headers) == expected


def test_the_asn_host_takes_the_director_scheme() -> None:
    assert server_url("https://director.myenergi.net", "s18.myenergi.net") == (
        "https://s18.myenergi.net"
    )
    assert server_url("http://127.0.0.1:9000", "127.0.0.1:9001") == "http://127.0.0.1:9001"


def test_backoff_is_capped_and_counts_attempts() -> None:
    assert list(RetrySchedule(attempts=6, initial_s=1, factor=2, cap_s=5).delays()) == [1, 2, 4, 5, 5]
    assert list(RetrySchedule(attempts=1).delays()) == []
    with pytest.raises(ValueError):
        RetrySchedule(attempts=0)


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _authorization(nonce: str, password: str, uri: str = "/cgi-jstatus-*") -> str:
    ha1, ha2 = _md5(f"21000001:{REALM}:{password}"), _md5(f"GET:{uri}")
    response = _md5(f"{ha1}:{nonce}:00000001:abc:auth:{ha2}")
    return (
        f'Digest username="21000001", realm="{REALM}", nonce="{nonce}", uri="{uri}", '
        f'response="{response}", qop=auth, nc=00000001, cnonce="abc", algorithm=MD5'
    )


def test_digest_challenge_and_verification() -> None:
    now = [0.0]
    verifier = DigestVerifier(lambda: now[0])
    challenge = verifier.challenge()
    assert 'realm="MyEnergi Telemetry"' in challenge and 'qop="auth"' in challenge
    assert "algorithm=MD5" in challenge and "stale=FALSE" in challenge
    nonce = challenge.split('nonce="', 1)[1].split('"', 1)[0]
    good = parse_authorization(_authorization(nonce, "demo-key"))
    assert good is not None
    assert verifier.verify(good, "GET", "/cgi-jstatus-*", "demo-key") is True
    assert verifier.verify(good, "GET", "/cgi-jstatus-*", "other-key") is False
    assert verifier.verify(good, "GET", "/cgi-jstatus-Z", "demo-key") is False  # uri mismatch
    now[0] = 10_000.0
    assert verifier.verify(good, "GET", "/cgi-jstatus-*", "demo-key") is None  # stale nonce
    assert "stale=TRUE" in verifier.challenge(stale=True)
    assert parse_authorization("Basic abc") is None


FLEET_YAML = """
time_factor: 100
hubs:
  - serial: "10000001"
    api_key: key-one
    firmware: 3402S5.433
    zappis:
      - {serial: 10000011, firmware: 3562S5.434, name: One}
      - {serial: 10000012, firmware: 3562S4.525, lock: 6}
  - serial: "10000002"
    api_key: key-two
    zappis:
      - {serial: 10000021, firmware: 3560S3.139, plugged: true, mode: fast}
      - {serial: 10000022}
"""


async def test_a_configured_fleet_of_several_hubs(tmp_path: Path, nursery: trio.Nursery) -> None:
    config = tmp_path / "fleet.yaml"
    config.write_text(FLEET_YAML, encoding="utf-8")
    fleet = load_fleet(config)
    port = await nursery.start(serve_simulator, fleet, "127.0.0.1", 0)
    hubs = [("10000001", "key-one"), ("10000002", "key-two")]
    async with fast_client(f"http://127.0.0.1:{port}", hubs) as client:
        with trio.fail_after(10):
            one, two = await client.poll("10000001"), await client.poll("10000002")
    assert set(one) == {"10000011", "10000012"} and set(two) == {"10000021", "10000022"}
    assert one["10000012"].lock == 7 and one["10000011"].raw["deviceClass"] == "ZAPPI"
    old = two["10000021"]
    assert "deviceClass" not in old.raw and old.plug_state == "C2"  # 2021 firmware shape
    assert old.charge_power_w > 7000


async def test_one_hubs_key_does_not_open_another_hub(
    nursery: trio.Nursery, tmp_path: Path
) -> None:
    config = tmp_path / "fleet.yaml"
    config.write_text(FLEET_YAML, encoding="utf-8")
    port = await nursery.start(serve_simulator, load_fleet(config), "127.0.0.1", 0)
    async with fast_client(f"http://127.0.0.1:{port}", [("10000002", "key-one")]) as client:
        with trio.fail_after(10), pytest.raises(ApiKeyRejected):
            await client.poll("10000002")


def test_fleet_files_are_checked(tmp_path: Path) -> None:
    config = tmp_path / "fleet.yaml"
    config.write_text("hubs: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="non-empty 'hubs'"):
        load_fleet(config)
    config.write_text(
        "hubs: [{serial: 1, api_key: k, zappis: [{serial: 2, colour: red}]}]\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="colour"):
        load_fleet(config)


async def _timeouts_then_a_poll(
    client: MyenergiClient, fleet: Fleet, *, other_answered: bool
) -> None:
    """Two polls of hub one that time out (its server accepts and never answers), hub two
    polled meanwhile (answered, or timing out too), then a poll of hub one that is answered."""
    one, two = fleet.hub("10000001"), fleet.hub("10000002")
    one.outage = Outage(OutageKind.TIMEOUT)
    if not other_answered:
        two.outage = Outage(OutageKind.TIMEOUT)
    for _ in range(2):
        async with trio.open_nursery() as nursery:
            started = trio.current_time()
            nursery.start_soon(_expect_timeout, client, "10000001", started + 0.4)
            await trio.sleep(0.1)
            if other_answered:
                await client.poll("10000002")
            else:
                nursery.start_soon(_expect_timeout, client, "10000002", started + 0.4)
    one.outage = two.outage = None
    await client.poll("10000001")


async def _expect_timeout(client: MyenergiClient, hub: str, deadline: float) -> None:
    with pytest.raises(CloudUnavailable, match="timed out"):
        await client.poll(hub, deadline=deadline)


@pytest.mark.parametrize("other_answered", [True, False])
async def test_timeouts_ask_the_director_again_only_while_the_server_answers_nobody(
    tmp_path: Path, nursery: trio.Nursery, other_answered: bool
) -> None:
    """Two timeouts in a row send a hub back to the director (PYM commit 374b933), unless its
    server answered another hub meanwhile: then it is busy, not gone, and two more requests
    per hub would only add to the load."""
    config = tmp_path / "fleet.yaml"
    config.write_text(FLEET_YAML, encoding="utf-8")
    fleet = load_fleet(config)
    port = await nursery.start(serve_simulator, fleet, "127.0.0.1", 0)
    hubs = [("10000001", "key-one"), ("10000002", "key-two")]
    async with fast_client(f"http://127.0.0.1:{port}", hubs, request_timeout_s=0.3) as client:
        with trio.fail_after(10):
            await client.poll("10000001"), await client.poll("10000002")
            fleet.requests.clear()
            await _timeouts_then_a_poll(client, fleet, other_answered=other_answered)
    asked = [r for r in fleet.requests if r.hub == "10000001" and r.path == "/cgi-jstatus-E"]
    assert bool(asked) is not other_answered
