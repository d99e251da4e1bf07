"""runtime/logs.py: one parseable ``<time> <LEVEL> <event> key=value`` line per record, with
every registered secret masked, whoever logged it."""

from __future__ import annotations

import io
import logging
import re
import shlex

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runtime import logs

LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.-]+( |$)"
)


def capture() -> io.StringIO:
    stream = io.StringIO()
    logs.setup("DEBUG", stream)
    return stream


def parse(line: str) -> tuple[str, dict[str, str]]:
    assert LINE.match(line), line
    _, _, name, *rest = shlex.split(line)
    return name, dict(item.split("=", 1) for item in rest)


def test_events_are_key_value_lines() -> None:
    stream = capture()
    logs.event(
        logging.getLogger("t"),
        "charger.ineligible",
        level=logging.WARNING,
        serial="21000002",
        reason="firmware 5.100 is older than 5.114",
    )
    name, fields = parse(stream.getvalue().strip())
    assert name == "charger.ineligible"
    assert fields == {"serial": "21000002", "reason": "firmware 5.100 is older than 5.114"}


def test_plain_records_keep_the_same_shape() -> None:
    stream = capture()
    logging.getLogger("runtime.ocpp.charge_point").warning("%s: reconnecting in %.1f s", "cp", 0.5)
    name, fields = parse(stream.getvalue().strip())
    assert (name, fields) == ("runtime.ocpp.charge_point", {"message": "cp: reconnecting in 0.5 s"})


def test_exceptions_become_one_error_field() -> None:
    stream = capture()
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        logging.getLogger("t").exception("oops")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert parse(lines[0])[1]["error"] == "ValueError: bad\\nthing"


def test_registered_secrets_never_reach_the_output() -> None:
    stream = capture()
    logs.register_secret("hub-api-key-0123456789")
    logs.event(
        logging.getLogger("t"),
        "hub.key_rejected",
        hub="21000001",
        error="digest for hub-api-key-0123456789 failed",
    )
    logging.getLogger("httpx").warning("GET https://u:hub-api-key-0123456789@s18/")
    text = stream.getvalue()
    assert "hub-api-key-0123456789" not in text
    assert text.count("***") == 2


def _replace_longest_first(text: str, secrets: set[str]) -> str:
    """The reference: every secret replaced in the whole text, longest first."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


@given(
    secrets=st.sets(st.text("ab*x", min_size=1, max_size=7), max_size=6),
    text=st.text("ab*xy ", max_size=40),
)
@settings(max_examples=300, deadline=None)
def test_redact_masks_as_replacing_each_secret_longest_first(
    secrets: set[str], text: str
) -> None:
    with pytest.MonkeyPatch.context() as patch:  # a registry of this example's own
        patch.setattr(logs, "_SECRETS", set())
        patch.setattr(logs, "_LENGTHS", {})
        patch.setattr(logs, "_MASKLIKE", set())
        for secret in secrets:
            logs.register_secret(secret)
        kept = {s for s in secrets if len(s) >= 4}  # shorter ones are ignored on purpose
        assert logs.redact(text) == _replace_longest_first(text, kept)


def test_a_fleet_of_secrets_is_masked_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "_SECRETS", set())
    monkeypatch.setattr(logs, "_LENGTHS", {})
    monkeypatch.setattr(logs, "_MASKLIKE", set())
    keys = [f"key-{30_000_000 + i}" for i in range(10_000)]
    for key in keys:
        logs.register_secret(key)
    line = f"GET https://u:{keys[7]}@s18/ failed; then {keys[9_999]} and key-3000000 too"
    assert logs.redact(line) == "GET https://u:***@s18/ failed; then *** and key-3000000 too"
