"""One test per kind of mistake in spec/messages.yaml: the message and the line it is reported at."""

from __future__ import annotations

import pytest

from codegen.pipeline import build
from rows import hooks
from tests.spec.conftest import Edit

FILE = "messages.yaml"


def test_the_published_pages_firmwareupdate_is_refused_with_a_suggestion(edit: Edit) -> None:
    spec = edit(FILE, "- action: UpdateFirmware", "- action: FirmwareUpdate", at="FirmwareUpdate")
    error = spec.error("unknown OCPP 1.6 action 'FirmwareUpdate'")
    assert error.hint == "did you mean 'UpdateFirmware'?"


def test_a_misspelt_action_gets_the_closest_name(edit: Edit) -> None:
    spec = edit(FILE, "- action: Heartbeat", "- action: HeartBeat", at="HeartBeat")
    assert spec.error("unknown OCPP 1.6 action 'HeartBeat'").hint == "did you mean 'Heartbeat'?"


def test_getconfiguration_sent_by_the_charge_point_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        "- action: GetConfiguration\n    origin: CentralSystem",
        "- action: GetConfiguration\n    origin: ChargePoint",
        at="origin",
    )
    error = spec.error("GetConfiguration is sent by the central system")
    assert "OCPP 1.6 §5" in error.message
    assert error.hint == "origin: CentralSystem"


def test_a_wrong_feature_profile_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        "- action: TriggerMessage\n    origin: CentralSystem\n    profile: RemoteTrigger",
        "- action: TriggerMessage\n    origin: CentralSystem\n    profile: Core",
        at="profile",
    )
    error = spec.error("TriggerMessage is in the RemoteTrigger feature profile")
    assert error.hint == "profile: RemoteTrigger"


def test_a_duplicate_row_names_the_first(edit: Edit) -> None:
    spec = edit(FILE, "- action: StatusNotification", "- action: Heartbeat  # a second row")
    text = (spec.root / "spec" / FILE).read_text()
    first = text[: text.index("- action: Heartbeat")].count("\n") + 1
    error = spec.error("duplicate row for Heartbeat")
    assert error.hint.startswith(f"the first row for Heartbeat is at line {first}")


def test_a_missing_action_is_reported_at_the_table(edit: Edit) -> None:
    spec = edit(
        FILE,
        "  - action: GetCompositeSchedule\n    origin: CentralSystem\n    profile: SmartCharging\n"
        "    status: unsupported\n    comment: Not supported, as SetChargingProfile.\n"
        "    mapping:\n      note: Smart Charging is not offered.\n",
        "",
    )
    text = (spec.root / "spec" / FILE).read_text()
    actions_line = text[: text.index("\nactions:") + 1].count("\n") + 1
    spec.error("no row for GetCompositeSchedule", line=actions_line)


def test_an_unknown_column_is_refused_with_a_suggestion(edit: Edit) -> None:
    spec = edit(
        FILE,
        '- action: Heartbeat\n    origin: ChargePoint\n    profile: Core\n    status: supported\n'
        '    since_firmware: "5.114"',
        '- action: Heartbeat\n    origin: ChargePoint\n    profile: Core\n    status: supported\n'
        '    since_firmware: "5.114"\n    sinse_firmware: "5.114"',
        at="sinse_firmware",
    )
    error = spec.error("Additional properties are not allowed")
    assert "did you mean 'since_firmware'?" in error.hint


def test_a_malformed_firmware_version_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        '- action: Heartbeat\n    origin: ChargePoint\n    profile: Core\n    status: supported\n'
        '    since_firmware: "5.114"',
        '- action: Heartbeat\n    origin: ChargePoint\n    profile: Core\n    status: supported\n'
        '    since_firmware: "v5.114"',
        at="since_firmware",
    )
    error = spec.error("malformed firmware version 'v5.114' for Heartbeat")
    assert '"5.114"' in error.hint


def test_an_unquoted_firmware_version_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        '- action: Heartbeat\n    origin: ChargePoint\n    profile: Core\n    status: supported\n'
        '    since_firmware: "5.114"',
        '- action: Heartbeat\n    origin: ChargePoint\n    profile: Core\n    status: supported\n'
        "    since_firmware: 5.120",
        at="since_firmware",
    )
    error = spec.error("since_firmware of Heartbeat must be quoted: YAML reads it as the number 5.12")
    assert "quoted" in error.message


def test_a_supported_action_needs_a_firmware_version(edit: Edit) -> None:
    spec = edit(
        FILE,
        '- action: Heartbeat\n    origin: ChargePoint\n    profile: Core\n    status: supported\n'
        '    since_firmware: "5.114"\n',
        "- action: Heartbeat\n    origin: ChargePoint\n    profile: Core\n    status: supported\n",
        at="action",
    )
    spec.error("Heartbeat is supported but has no since_firmware")


def test_a_mapping_naming_an_unknown_myenergi_command_is_refused(edit: Edit) -> None:
    spec = edit(FILE, "commands: [unlock, set_mode]", "commands: [unlock, set_mod]", at="commands")
    error = spec.error("RemoteStartTransaction: unknown myenergi command 'set_mod'")
    assert error.hint == "did you mean 'set_mode'?"


def test_a_mapping_naming_an_unknown_zappi_field_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE, "documents_reads: [sno, fwv]", "documents_reads: [sno, firmware]", at="documents_reads"
    )
    spec.error("BootNotification: unknown myenergi zappi status field 'firmware'")


def test_a_mapping_naming_an_unknown_config_key_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        "documents_config: [HeartbeatInterval]",
        "documents_config: [HeartBeatInterval]",
        at="documents_config",
    )
    error = spec.error("Heartbeat: unknown configuration key 'HeartBeatInterval'")
    assert error.hint == "did you mean 'HeartbeatInterval'?"


def test_a_fixed_field_value_outside_the_official_enum_is_refused(edit: Edit) -> None:
    spec = edit(FILE, "fixed_fields: {status: Rejected}", "fixed_fields: {status: Refused}")
    error = spec.error("ClearCache: fixed field status: 'Refused' is not one of Accepted, Rejected")
    assert "response schema" in error.message


def test_a_fixed_field_the_message_does_not_have_is_refused(edit: Edit) -> None:
    spec = edit(FILE, "fixed_fields: {status: Idle}", "fixed_fields: {state: Idle}")
    error = spec.error("DiagnosticsStatusNotification: fixed field state: no such property")
    assert "request schema" in error.message
    assert error.hint == "properties: status"


def test_every_error_is_reported_at_once(edit: Edit) -> None:
    edit(FILE, "- action: UpdateFirmware", "- action: FirmwareUpdate")
    spec = edit(
        FILE,
        "- action: GetConfiguration\n    origin: CentralSystem",
        "- action: GetConfiguration\n    origin: ChargePoint",
    )
    messages = [e.message for e in spec.errors()]
    assert any("FirmwareUpdate" in m for m in messages)
    assert any("GetConfiguration is sent by the central system" in m for m in messages)
    # the misspelt row's suggestion already names UpdateFirmware: no echo "no row for" error
    assert "no row for UpdateFirmware" not in messages
    assert len(messages) == 2


def test_broken_yaml_is_an_error_with_a_line(edit: Edit) -> None:
    spec = edit(FILE, "  - action: Heartbeat\n", "  - action: Heartbeat\n   origin: [\n", at="origin")
    error = spec.errors()[0]
    assert error.message.startswith("not valid YAML")
    assert error.line >= spec.line


# ---- while_pending: the answer given instead of the handler's while Pending ---------------------

REMOTE_STOP_PENDING = (
    "transactionId that is not running.\n"
    "    # no transaction can be running before the registration is Accepted (OCPP 1.6 §4.2.1)\n"
    "    while_pending: {status: Rejected}\n"
)


def test_a_while_pending_answer_outside_the_official_enum_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        REMOTE_STOP_PENDING,
        REMOTE_STOP_PENDING.replace("{status: Rejected}", "{status: Refused}"),
        at="while_pending",
    )
    error = spec.error("RemoteStopTransaction: while_pending is not a valid RemoteStopTransaction.conf")
    assert "status: 'Refused' is not one of ['Accepted', 'Rejected']" in error.message
    assert error.hint == "properties: status"


def test_a_while_pending_answer_lacking_a_required_field_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        REMOTE_STOP_PENDING,
        REMOTE_STOP_PENDING.replace("{status: Rejected}", "{state: Rejected}"),
        at="while_pending",
    )
    errors = [e for e in spec.errors() if "while_pending is not a valid" in e.message]
    assert {e.line for e in errors} == {spec.line}
    messages = " / ".join(e.message for e in errors)
    assert "'status' is a required property" in messages
    assert "Additional properties are not allowed ('state' was unexpected)" in messages


def test_a_while_pending_answer_on_a_charge_point_action_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        '- action: Heartbeat\n    origin: ChargePoint\n    profile: Core\n    status: supported\n',
        '- action: Heartbeat\n    origin: ChargePoint\n    profile: Core\n    status: supported\n'
        "    while_pending: {currentTime: '2025-01-01T00:00:00Z'}\n",
        at="while_pending",
    )
    error = spec.error("Heartbeat is sent by the charge point")
    assert error.hint.startswith("remove while_pending")


def test_a_while_pending_answer_on_an_unsupported_action_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        "- action: SetChargingProfile\n    origin: CentralSystem\n    profile: SmartCharging\n"
        "    status: unsupported\n",
        "- action: SetChargingProfile\n    origin: CentralSystem\n    profile: SmartCharging\n"
        "    status: unsupported\n    while_pending: {status: Rejected}\n",
        at="while_pending",
    )
    error = spec.error("SetChargingProfile is unsupported: it is answered NotSupported")
    assert error.hint == "remove while_pending, or make the action supported"


def test_a_while_pending_answer_must_be_a_mapping(edit: Edit) -> None:
    spec = edit(
        FILE,
        REMOTE_STOP_PENDING,
        REMOTE_STOP_PENDING.replace("{status: Rejected}", "Rejected"),
        at="while_pending",
    )
    spec.error("'Rejected' is not of type 'object'")


def test_a_triggerable_message_without_a_builder_is_refused(
    edit: Edit, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the runtime's builders lose Heartbeat, which the table makes triggerable (supported)
    monkeypatch.setattr(hooks, "TRIGGER_BUILDERS", hooks.TRIGGER_BUILDERS - {"Heartbeat"})
    spec = edit(FILE, "- action: Heartbeat\n", "- action: Heartbeat\n", at="action")
    error = spec.error("TriggerMessage may request Heartbeat (supported), but the runtime has no builder")
    assert "would answer Accepted and send nothing" in error.message
    assert error.hint.endswith("or make Heartbeat unsupported")


def test_a_builder_for_a_message_trigger_message_cannot_request_is_refused(
    edit: Edit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hooks, "TRIGGER_BUILDERS", hooks.TRIGGER_BUILDERS | {"Heartbeats"})
    spec = edit(FILE, "- action: TriggerMessage\n", "- action: TriggerMessage\n", at="action")
    error = spec.error("the runtime has a TriggerMessage builder for 'Heartbeats'")
    assert "OCPP 1.6 §7.44" in error.message
    assert error.hint == "did you mean 'Heartbeat'?"


def test_a_message_made_unsupported_is_no_longer_triggerable(edit: Edit) -> None:
    spec = edit(
        FILE,
        "    profile: FirmwareManagement\n    status: supported\n    since_firmware: page-revision-2\n    comment: >-\n      Sent only with status Idle",
        "    profile: FirmwareManagement\n    status: unsupported\n    comment: >-\n      Sent only with status Idle",
    )
    triggerable = build(spec.root).spec.messages.triggerable  # accepted: the builder waits unused
    assert "DiagnosticsStatusNotification" not in triggerable
    assert "Heartbeat" in triggerable
