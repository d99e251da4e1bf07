"""runtime/logs.py: one parseable ``<time> <LEVEL> <event> key=value`` line per record, with
every registered secret masked, whoever logged it."""

from __future__ import annotations

import io
import logging
import re
import shlex

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


def test_every_one_of_a_fleets_secrets_is_masked() -> None:
    keys = [f"fleet-api-key-{i:05d}-{i * 7919 % 10007:05d}" for i in range(10_000)]
    for key in keys:
        logs.register_secret(key)
    logs.register_secret("fleet-api-key-00042")  # a shorter secret that prefixes a longer one
    line = f"a {keys[42]} b https://h:{keys[9_999]}@x c {keys[0]}{keys[1]} fleet-api-key-00042!"
    assert logs.redact(line) == "a *** b https://h:***@x c ****** ***!"
    assert logs.redact("nothing secret here") == "nothing secret here"
