"""spec/releases.yaml failure cases: releases in order, each firmware a quoted dotted version or
null with a name, dates a month or a day; and every since_firmware of every table names one of
them, reported at its file:line with a hint listing the releases, all errors in one run."""

from __future__ import annotations

from tests.spec.conftest import Edit

RELEASES = "releases.yaml"
LAST_LINE = "      ../shared/reference/myenergi-ocpp-support-page.txt)\n"
HEARTBEAT = (
    "- action: Heartbeat\n    origin: ChargePoint\n    profile: Core\n    status: supported\n"
    '    since_firmware: "5.114"'
)


def _release(firmware: str, date: str = "null", extra: str = "") -> str:
    return (
        f"{LAST_LINE}  - firmware: {firmware}\n{extra}    date: {date}\n    title: Later\n"
        "    note: A later phase.\n    source: a test\n"
    )


def test_an_unknown_release_is_refused_with_the_releases_listed(edit: Edit) -> None:
    spec = edit(
        "messages.yaml", HEARTBEAT, HEARTBEAT.replace('"5.114"', '"5.120"'), at="since_firmware"
    )
    error = spec.error("since_firmware of Heartbeat names no release: '5.120'")
    assert '"5.114" (OCPP phase 1, 2023-07)' in error.hint
    assert "page-revision-2 (UpdateFirmware and TriggerMessage; firmware not published)" in error.hint
    assert "needs its release there first" in error.hint
    assert "did you mean" not in error.hint  # 5.114 is not what 5.120 meant


def test_a_misspelt_release_name_gets_a_suggestion(edit: Edit) -> None:
    spec = edit(
        "messages.yaml",
        "status: supported\n    since_firmware: page-revision-2",
        "status: supported\n    since_firmware: page-revison-2",
        at="since_firmware",
    )
    error = spec.error("since_firmware of UpdateFirmware names no release: 'page-revison-2'")
    assert error.hint.startswith("did you mean 'page-revision-2'?")


def test_every_table_is_checked_and_every_error_reported_at_once(edit: Edit) -> None:
    messages = edit(
        "messages.yaml", HEARTBEAT, HEARTBEAT.replace('"5.114"', '"5.120"'), at="since_firmware"
    )
    key = edit(
        "config_keys.yaml",
        "    reboot_required: false\n    description: >-\n      Seconds of silence",
        '    reboot_required: false\n    since_firmware: "5.121"\n    description: >-\n'
        "      Seconds of silence",
        at="since_firmware",
    )
    measurand = edit(
        "measurands.yaml",
        "    decimals: 1\n    why: vol, the supply voltage",
        '    decimals: 1\n    since_firmware: "5.122"\n    why: vol, the supply voltage',
        at="since_firmware",
    )
    found = {(e.path.name, e.line, e.message) for e in measurand.errors()}
    assert found >= {
        ("messages.yaml", messages.line, "since_firmware of Heartbeat names no release: '5.120'"),
        (
            "config_keys.yaml",
            key.line,
            "since_firmware of HeartbeatInterval names no release: '5.121'",
        ),
        (
            "measurands.yaml",
            measurand.line,
            "since_firmware of Voltage (Inlet) names no release: '5.122'",
        ),
    }


def test_keys_and_measurands_name_only_releases_every_zappi_has(edit: Edit) -> None:
    edit(RELEASES, LAST_LINE, _release('"5.130"'))
    spec = edit(
        "config_keys.yaml",
        "    reboot_required: false\n    description: >-\n      Seconds of silence",
        '    reboot_required: false\n    since_firmware: "5.130"\n    description: >-\n'
        "      Seconds of silence",
        at="since_firmware",
    )
    error = spec.error(
        "HeartbeatInterval: release 5.130 needs firmware 5.130, but configuration keys are not"
        " gated per charger"
    )
    assert error.hint.endswith("5.114, page-revision-2")


def test_an_unquoted_since_firmware_is_refused_in_every_table(edit: Edit) -> None:
    spec = edit(
        "measurands.yaml",
        "    decimals: 1\n    why: vol, the supply voltage",
        "    decimals: 1\n    since_firmware: 5.114\n    why: vol, the supply voltage",
        at="since_firmware",
    )
    spec.error("since_firmware of Voltage (Inlet) must be quoted: YAML reads it as the number 5.114")


def test_releases_out_of_firmware_order_are_refused(edit: Edit) -> None:
    spec = edit(RELEASES, LAST_LINE, _release('"5.100"'), at='firmware: "5.100"')
    error = spec.error("release 5.100 is out of order: it is not newer than 5.114, listed before it")
    assert "oldest first" in error.hint


def test_releases_out_of_date_order_are_refused(edit: Edit) -> None:
    spec = edit(RELEASES, LAST_LINE, _release('"5.130"', date='"2023-06-30"'), at="date: \"2023-06")
    spec.error("release 5.130 is out of order: dated 2023-06-30, before 5.114 (2023-07)")


def test_the_first_release_needs_a_firmware_version(edit: Edit) -> None:
    spec = edit(
        RELEASES,
        '  - firmware: "5.114"\n',
        "  - name: phase-1\n    firmware: null\n",
        at="firmware: null",
    )
    spec.error("the first release needs a firmware version")


def test_a_release_without_firmware_needs_a_name_and_one_with_firmware_takes_none(
    edit: Edit,
) -> None:
    nameless = edit(RELEASES, "  - name: page-revision-2\n    firmware: null\n", "  - firmware: null\n")
    nameless.error("a release without a firmware version needs a name")
    named = edit(
        RELEASES,
        '  - firmware: "5.114"\n',
        '  - firmware: "5.114"\n    name: phase-one\n',
        at="name: phase-one",
    )
    error = named.error("release 5.114 has a firmware version, so rows name it by that")
    assert "firmware: null" in error.hint


def test_an_unquoted_release_version_is_refused(edit: Edit) -> None:
    unquoted = edit(RELEASES, LAST_LINE, _release("5.130"), at="firmware: 5.130")
    unquoted.error("firmware must be quoted: YAML reads it as the number 5.13")


def test_a_malformed_release_version_is_refused(edit: Edit) -> None:
    spec = edit(RELEASES, LAST_LINE, _release('"v5.130"'), at='firmware: "v5.130"')
    spec.error("malformed firmware version 'v5.130'")


def test_an_unquoted_day_is_refused(edit: Edit) -> None:
    spec = edit(RELEASES, LAST_LINE, _release('"5.130"', date="2024-02-01"), at="date: 2024")
    error = spec.error("date must be quoted: YAML reads it as a timestamp (2024-02-01)")
    assert error.hint == 'write date: "2024-02-01"'


def test_a_date_that_is_neither_a_month_nor_a_day_is_refused(edit: Edit) -> None:
    spec = edit(RELEASES, LAST_LINE, _release('"5.130"', date='"2024-13"'), at='date: "2024-13"')
    error = spec.error("date '2024-13' is neither a month nor a day")
    assert '"YYYY-MM"' in error.hint


def test_a_release_listed_twice_is_refused(edit: Edit) -> None:
    spec = edit(
        RELEASES, LAST_LINE, _release("null", extra="    name: page-revision-2\n"), at="- firmware: null"
    )
    spec.error("release page-revision-2 is listed twice")


def test_an_unknown_release_column_gets_a_suggestion(edit: Edit) -> None:
    spec = edit(RELEASES, "    title: OCPP phase 1\n", "    titel: OCPP phase 1\n", at="titel")
    error = spec.error("Additional properties are not allowed")
    assert error.hint.startswith("did you mean 'title'?")
