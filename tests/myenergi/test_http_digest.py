"""The client side of digest auth: challenges parsed, headers computed with a counted nonce,
checked against RFC 7616's own example and against the simulator's independent verifier."""

from __future__ import annotations

import pytest

from runtime.myenergi.http import digest
from runtime.myenergi.http.digest import DigestAuth, parse_challenge, parse_params
from runtime.myenergi.simulator.digest import REALM, DigestVerifier, parse_authorization

#: RFC 7616 §3.9.1: the example challenge, and the responses it gives for MD5 and SHA-256
RFC_CHALLENGE = (
    'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm={alg}, '
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'
)
RFC_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
RFC_RESPONSES = {
    "MD5": "8ca523f5e9506fed4657c9700eebdbec",
    "SHA-256": "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
}


@pytest.mark.parametrize("algorithm", sorted(RFC_RESPONSES))
def test_the_rfc_7616_example(algorithm: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest, "new_cnonce", lambda: RFC_CNONCE)
    auth = DigestAuth("Mufasa", "Circle of Life")
    assert auth.authorization("GET", "/dir/index.html") is None  # nothing before a challenge
    assert auth.accept(RFC_CHALLENGE.format(alg=algorithm))
    header = auth.authorization("GET", "/dir/index.html")
    assert header is not None
    fields = parse_params(header.partition(" ")[2])
    assert fields["response"] == RFC_RESPONSES[algorithm]
    assert fields["nc"] == "00000001" and fields["qop"] == "auth"
    assert fields["opaque"] == "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
    assert "Circle of Life" not in header and "Circle" not in repr(auth)


def test_params_with_quoted_pairs_and_tokens() -> None:
    assert parse_params(r'realm="a \"b\" c", stale=TRUE, Nonce="x,y", algorithm=MD5') == {
        "realm": 'a "b" c',
        "stale": "TRUE",
        "nonce": "x,y",
        "algorithm": "MD5",
    }


@pytest.mark.parametrize(
    "header",
    [
        'Basic realm="x"',
        'Digest realm="x"',  # no nonce
        'Digest realm="x", nonce="n", algorithm=SHA-512-256',  # not one this client speaks
        'Digest realm="x", nonce="n", qop="auth-int"',  # integrity protection only
    ],
)
def test_challenges_this_client_cannot_answer(header: str) -> None:
    assert parse_challenge(header) is None
    assert DigestAuth("u", "p").accept(header) is False


def test_the_nonce_count_rises_and_the_simulator_accepts_every_header() -> None:
    verifier = DigestVerifier(lambda: 0.0)
    auth = DigestAuth("21000001", "demo-key")
    assert auth.accept(verifier.challenge())
    seen = []
    for _ in range(3):
        header = auth.authorization("GET", "/cgi-jstatus-*")
        assert header is not None
        creds = parse_authorization(header)
        assert creds is not None and creds.realm == REALM
        assert verifier.verify(creds, "GET", "/cgi-jstatus-*", "demo-key") is True
        assert verifier.verify(creds, "GET", "/cgi-jstatus-*", "other-key") is False
        seen.append((creds.nc, creds.cnonce))
    assert [nc for nc, _ in seen] == ["00000001", "00000002", "00000003"]
    assert len({cnonce for _, cnonce in seen}) == 3


def test_a_new_challenge_restarts_the_count_and_rfc_2069_has_none() -> None:
    verifier = DigestVerifier(lambda: 0.0)
    auth = DigestAuth("21000001", "demo-key")
    auth.accept(verifier.challenge())
    auth.authorization("GET", "/a")
    auth.accept(verifier.challenge(stale=True))
    assert auth.challenge is not None and auth.challenge.stale
    assert 'nc=00000001' in (auth.authorization("GET", "/a") or "")
    nonce = auth.challenge.nonce
    old_style = DigestAuth("21000001", "demo-key")
    assert old_style.accept(f'Digest realm="{REALM}", nonce="{nonce}"')  # no qop offered
    header = old_style.authorization("GET", "/cgi-jstatus-*")
    creds = parse_authorization(header or "")
    assert creds is not None and creds.qop is None and creds.nc is None
    assert verifier.verify(creds, "GET", "/cgi-jstatus-*", "demo-key") is True
