"""What a change of a configuration key does: the ``effect``, ``reaction``, ``command`` and
``zappi_modes`` columns of spec/config_keys.yaml, checked against the code and tables they name.

* ``effect: runtime`` names its ``reaction``, one of the names the runtime provides
  (:mod:`rows.hooks`, a leaf the compiler imports without importing ``generated/``);
  an unknown name is refused with the known ones as hint. No other effect has a reaction.
* ``effect: myenergi_command`` names a command of spec/myenergi.yaml.
* ``effect: reconnect`` is for a writable key that answers Accepted (not RebootRequired).
* ``effect: stored`` is for a writable key: a read-only one that nothing reads is ``fixed``.
* ``effect: derived`` is SupportedFeatureProfiles alone, with no hand-written default.
* ``zappi_modes`` maps every allowed value of the key to a ChargeMode of spec/myenergi.yaml; a
  key whose reaction is ``charge_mode`` must have it (the runtime switches the zappi to it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from codegen.tables.messages import MyenergiNames, suggest
from codegen.yamlsource import LineMap
from rows.hooks import REACTIONS, BridgeReaction, reaction_hint

__all__ = ["DERIVED_PROFILES_KEY", "Fail", "MyenergiModes", "check_effect"]

DERIVED_PROFILES_KEY = "SupportedFeatureProfiles"
#: the myenergi enumeration whose names ``zappi_modes`` uses
ZAPPI_MODE_CLASS = "ChargeMode"


class Fail(Protocol):
    """Report a problem of the row at the line of ``key``."""

    def __call__(self, key: str, message: str, hint: str = "") -> None: ...


class _Named(Protocol):
    @property
    def name(self) -> str: ...


class _Enumeration(Protocol):
    @property
    def class_name(self) -> str: ...

    @property
    def values(self) -> Sequence[_Named]: ...


class MyenergiModes(MyenergiNames, Protocol):
    """What these checks need of the myenergi table: its commands and enumerations."""

    @property
    def enumerations(self) -> Mapping[str, _Enumeration]: ...


def check_effect(
    raw: LineMap, myenergi: MyenergiModes | None, fail: Fail
) -> tuple[str | None, Mapping[str, str]]:
    """Check the row's effect columns; returns its reaction and zappi modes."""
    name, access, effect = raw["name"], raw["access"], raw["effect"]
    has_default = raw.get("default") is not None
    if name == DERIVED_PROFILES_KEY and effect != "derived":
        fail("effect", f"{name} is derived from spec/messages.yaml", "effect: derived")
    if effect == "derived":
        if name != DERIVED_PROFILES_KEY:
            fail("effect", f"only {DERIVED_PROFILES_KEY} is derived", "effect: runtime or fixed")
        if has_default:
            fail(
                "default",
                "a derived key has no hand-written default",
                "remove the default; spec/messages.yaml decides it",
            )
    _check_command(raw, myenergi, fail)
    if effect == "reconnect":
        if access == "R":
            fail(
                "effect",
                "a read-only key never changes, so it cannot reconnect",
                "access: RW or W, or effect: fixed",
            )
        if raw["reboot_required"]:
            fail(
                "reboot_required",
                "a reconnect key takes effect at once: ChangeConfiguration answers Accepted",
                "reboot_required: false (security whitepaper A01)",
            )
    if effect == "stored" and access != "RW":
        fail(
            "effect",
            "a stored key is one the Central System may change and read back",
            "access: RW, or effect: fixed for a read-only fact",
        )
    reaction = _check_reaction(raw, fail)
    return reaction, _check_zappi_modes(raw, reaction, myenergi, fail)


def _check_command(raw: LineMap, myenergi: MyenergiModes | None, fail: Fail) -> None:
    if raw["effect"] == "myenergi_command":
        command = raw.get("command")
        if command is None:
            fail("effect", "a myenergi_command effect needs a command", "add command: <name>")
        elif myenergi is not None and command not in myenergi.commands:
            hint = suggest(command, myenergi.commands) or "spec/myenergi.yaml defines the commands"
            fail("command", f"unknown myenergi command {command!r}", hint)
    elif "command" in raw:
        fail("command", "only a myenergi_command effect names a command", "remove command")


def _check_reaction(raw: LineMap, fail: Fail) -> str | None:
    reaction: str | None = raw.get("reaction")
    if raw["effect"] != "runtime":
        if reaction is not None:
            fail("reaction", "only an effect runtime names a reaction", "remove reaction")
        return None
    if reaction is None:
        fail("effect", "an effect runtime must name its reaction", reaction_hint())
        return None
    if reaction not in REACTIONS:
        guess = suggest(reaction, REACTIONS)
        hint = f"{guess} {reaction_hint()}" if guess else reaction_hint()
        fail("reaction", f"the runtime provides no reaction {reaction!r}", hint)
        return None
    return reaction


def _check_zappi_modes(
    raw: LineMap, reaction: str | None, myenergi: MyenergiModes | None, fail: Fail
) -> Mapping[str, str]:
    modes: LineMap | None = raw.get("zappi_modes")
    if modes is None:
        if reaction == BridgeReaction.CHARGE_MODE:
            fail(
                "reaction",
                "a charge_mode key needs zappi_modes: the zappi mode of each allowed value",
                "zappi_modes: {FAST: FAST, ECO: ECO, ECO+: ECO_PLUS}",
            )
        return {}
    allowed = [str(item) for item in raw.get("allowed") or ()]
    if raw["type"] != "string" or not allowed:
        fail("zappi_modes", "zappi_modes belongs to a string key with allowed values")
        return {}
    for value in allowed:
        if value not in modes:
            hint = f"add {value}: <mode>"
            fail("zappi_modes", f"allowed value {value!r} has no zappi mode", hint)
    for value in modes:
        if value not in allowed:
            fail(
                "zappi_modes",
                f"{value!r} is not an allowed value of the key",
                "allowed: " + ", ".join(allowed),
            )
    known = _mode_names(myenergi)
    if known is not None:
        for value, mode in modes.items():
            if mode not in known:
                hint = suggest(str(mode), known) or f"{ZAPPI_MODE_CLASS}: " + ", ".join(known)
                fail("zappi_modes", f"{value}: {mode!r} is not a {ZAPPI_MODE_CLASS}", hint)
    return {str(value): str(mode) for value, mode in modes.items()}


def _mode_names(myenergi: MyenergiModes | None) -> list[str] | None:
    """The ChargeMode names of spec/myenergi.yaml; None when that table failed its checks."""
    if myenergi is None:
        return None
    for enumeration in myenergi.enumerations.values():
        if enumeration.class_name == ZAPPI_MODE_CLASS:
            return [value.name for value in enumeration.values]
    return []
