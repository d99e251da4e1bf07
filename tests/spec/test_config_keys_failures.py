"""One test per kind of mistake in spec/config_keys.yaml: the message and the line."""

from __future__ import annotations

from tests.spec.conftest import Edit

FILE = "config_keys.yaml"


def test_a_default_outside_the_allowed_values_is_refused(edit: Edit) -> None:
    spec = edit(FILE, "    default: FAST\n", "    default: FASTEST\n", at="default")
    error = spec.error("OCPPChargeMode: default 'FASTEST' is not one of the allowed values")
    assert error.hint == "allowed: FAST, ECO, ECO+"


def test_a_default_outside_the_range_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        "    default: 3\n    min: 1\n    max: 10\n",
        "    default: 30\n    min: 1\n    max: 10\n",
        at="default",
    )
    error = spec.error("TransactionMessageAttempts: default 30 is above max 10")
    assert error.hint == "max: 10"


def test_a_csl_default_item_outside_the_allowed_items_is_refused(edit: Edit) -> None:
    spec = edit(FILE, "    default: [1.Unknown]\n", "    default: [1.Unknown, 1.XYZ]\n", at="default")
    spec.error("ConnectorPhaseRotation: item '1.XYZ' is not one of the allowed values")


def test_a_default_of_the_wrong_type_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        "  - name: StopTransactionOnInvalidId\n    type: bool\n    access: RW\n    profile: Core\n"
        "    default: false\n",
        "  - name: StopTransactionOnInvalidId\n    type: bool\n    access: RW\n    profile: Core\n"
        "    default: 0\n",
        at="default",
    )
    spec.error("StopTransactionOnInvalidId: default 0 is not of type bool")


def test_a_duplicate_key_is_refused_regardless_of_case(edit: Edit) -> None:
    spec = edit(FILE, "  - name: OCPPChargeMode\n", "  - name: heartbeatinterval\n", at="name")
    text = (spec.root / "spec" / FILE).read_text()
    first = text[: text.index("  - name: HeartbeatInterval")].count("\n") + 1
    error = spec.error("duplicate configuration key 'heartbeatinterval'")
    assert f"'HeartbeatInterval' at line {first}" in error.message
    assert "case-insensitive" in error.hint


def test_supported_feature_profiles_may_not_be_written_by_hand(edit: Edit) -> None:
    spec = edit(
        FILE,
        "  - name: SupportedFeatureProfiles\n    type: csl\n    access: R\n    profile: Core\n",
        "  - name: SupportedFeatureProfiles\n    type: csl\n    access: R\n    profile: Core\n"
        "    default: [Core, SmartCharging]\n",
        at="    default",
    )
    error = spec.error("SupportedFeatureProfiles: a derived key has no hand-written default")
    assert "spec/messages.yaml" in error.hint


def test_a_missing_core_key_is_reported(edit: Edit) -> None:
    spec = edit(
        FILE,
        "  - name: NumberOfConnectors\n",
        "  - name: NumberOfSockets\n",
    )
    text = (spec.root / "spec" / FILE).read_text()
    keys_line = text[: text.index("\nkeys:") + 1].count("\n") + 1
    error = spec.error("the Core configuration key NumberOfConnectors is missing", line=keys_line)
    assert "§9.1" in error.hint


def test_a_csl_default_longer_than_its_max_length_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        "  - name: MeterValuesSampledDataMaxLength\n    type: int\n    access: R\n    profile: Core\n"
        "    default: 7\n",
        "  - name: MeterValuesSampledDataMaxLength\n    type: int\n    access: R\n    profile: Core\n"
        "    default: 2\n",
    )
    text = (spec.root / "spec" / FILE).read_text()
    line = text[: text.index("default: [Current.Import, Current.Offered")].count("\n") + 1
    error = spec.error("MeterValuesSampledData: default has 7 items", line=line)
    assert "MeterValuesSampledDataMaxLength is 2" in error.message


def test_an_unknown_column_is_refused(edit: Edit) -> None:
    spec = edit(FILE, "    allowed: [FAST, ECO, ECO+]\n", "    allowed_values: [FAST, ECO, ECO+]\n")
    error = spec.error("Additional properties are not allowed")
    assert "did you mean 'allowed'?" in error.hint


def test_a_myenergi_command_effect_must_name_a_known_command(edit: Edit) -> None:
    spec = edit(
        FILE,
        "    effect: runtime\n    reaction: charge_mode\n",
        "    effect: myenergi_command\n    command: set_mood\n",
        at="    command",
    )
    error = spec.error("OCPPChargeMode: unknown myenergi command 'set_mood'")
    assert error.hint == "did you mean 'set_mode'?"


def test_measurand_keys_must_allow_exactly_the_measurands_sent(edit: Edit) -> None:
    spec = edit(
        FILE,
        "    allowed: &measurands [Current.Import,",
        "    allowed: &measurands [SoC, Current.Import,",
        at="allowed",
    )
    error = spec.error("MeterValuesAlignedData: allows SoC, which spec/measurands.yaml does not send")
    assert "Voltage" in error.hint


AUTHORIZATION_KEY_EFFECT = "    effect: reconnect\n    reboot_required: false\n"


def test_a_reconnect_key_that_asks_for_a_reboot_is_refused(edit: Edit) -> None:
    spec = edit(
        FILE,
        AUTHORIZATION_KEY_EFFECT,
        "    effect: reconnect\n    reboot_required: true\n",
        at="reboot_required",
    )
    error = spec.error("AuthorizationKey: a reconnect key takes effect at once")
    assert "answers Accepted" in error.message
    assert error.hint == "reboot_required: false (security whitepaper A01)"


def test_a_read_only_key_cannot_reconnect(edit: Edit) -> None:
    spec = edit(
        FILE,
        "  - name: ConnectorPhaseRotationMaxLength\n    type: int\n    access: R\n    profile: Core\n"
        "    default: 2\n    effect: fixed\n",
        "  - name: ConnectorPhaseRotationMaxLength\n    type: int\n    access: R\n    profile: Core\n"
        "    default: 2\n    effect: reconnect\n",
        at="effect",
    )
    error = spec.error("ConnectorPhaseRotationMaxLength: a read-only key never changes")
    assert error.hint == "access: RW or W, or effect: fixed"


def test_an_unknown_effect_is_refused_by_the_format(edit: Edit) -> None:
    spec = edit(
        FILE, AUTHORIZATION_KEY_EFFECT, "    effect: reconnnect\n    reboot_required: false\n",
        at="effect",
    )
    spec.error("'reconnnect' is not one of ['runtime', 'reconnect'")


CONNECTION_TIMEOUT = "    unit: s\n    effect: runtime\n    reaction: read_when_used\n    reboot_required: false\n    description: >-\n      How long a plugged-in car"
CHARGE_MODE_EFFECT = "    effect: runtime\n    reaction: charge_mode\n"
ZAPPI_MODES = "    zappi_modes: {FAST: FAST, ECO: ECO, ECO+: ECO_PLUS}\n"


def test_a_reaction_the_runtime_does_not_provide_is_refused_with_the_known_ones(edit: Edit) -> None:
    spec = edit(FILE, CHARGE_MODE_EFFECT, "    effect: runtime\n    reaction: charge_mood\n", at="reaction")
    error = spec.error("OCPPChargeMode: the runtime provides no reaction 'charge_mood'")
    assert error.hint.startswith("did you mean 'charge_mode'? known reactions: ")
    assert "heartbeat_interval, call_timeouts (OCPP layer)" in error.hint
    assert "read_when_used (no reaction)" in error.hint


def test_a_runtime_effect_must_name_its_reaction(edit: Edit) -> None:
    spec = edit(FILE, CONNECTION_TIMEOUT, CONNECTION_TIMEOUT.replace("    reaction: read_when_used\n", ""), at="effect")
    error = spec.error("ConnectionTimeOut: an effect runtime must name its reaction")
    assert "known reactions: " in error.hint


def test_only_a_runtime_effect_names_a_reaction(edit: Edit) -> None:
    spec = edit(
        FILE,
        "    default: false\n    effect: fixed\n    reboot_required: false\n    description: >-\n      A RemoteStart",
        "    default: false\n    effect: fixed\n    reaction: free_charging\n    reboot_required: false\n"
        "    description: >-\n      A RemoteStart",
        at="reaction",
    )
    spec.error("AuthorizeRemoteTxRequests: only an effect runtime names a reaction")


def test_a_read_only_key_cannot_be_stored(edit: Edit) -> None:
    spec = edit(
        FILE,
        "  - name: ConnectorPhaseRotationMaxLength\n    type: int\n    access: R\n    profile: Core\n"
        "    default: 2\n    effect: fixed\n",
        "  - name: ConnectorPhaseRotationMaxLength\n    type: int\n    access: R\n    profile: Core\n"
        "    default: 2\n    effect: stored\n",
        at="effect",
    )
    error = spec.error("ConnectorPhaseRotationMaxLength: a stored key is one the Central System may change")
    assert error.hint == "access: RW, or effect: fixed for a read-only fact"


def test_a_zappi_mode_that_myenergi_does_not_define_is_refused(edit: Edit) -> None:
    spec = edit(FILE, ZAPPI_MODES, ZAPPI_MODES.replace("ECO_PLUS", "ECO_PLUSS"), at="zappi_modes")
    error = spec.error("OCPPChargeMode: ECO+: 'ECO_PLUSS' is not a ChargeMode")
    assert error.hint == "did you mean 'ECO_PLUS'?"


def test_every_allowed_value_has_exactly_one_zappi_mode(edit: Edit) -> None:
    spec = edit(FILE, ZAPPI_MODES, "    zappi_modes: {FAST: FAST, ECO: ECO, BOOST: FAST}\n", at="zappi_modes")
    spec.error("OCPPChargeMode: allowed value 'ECO+' has no zappi mode")
    spec.error("OCPPChargeMode: 'BOOST' is not an allowed value of the key")


def test_a_charge_mode_key_needs_its_zappi_modes(edit: Edit) -> None:
    spec = edit(FILE, ZAPPI_MODES + CHARGE_MODE_EFFECT, CHARGE_MODE_EFFECT, at="    reaction")
    error = spec.error("OCPPChargeMode: a charge_mode key needs zappi_modes")
    assert "zappi_modes: {FAST: FAST" in error.hint
