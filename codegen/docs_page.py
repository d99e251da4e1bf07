"""The public support page, Markdown and HTML, from the same model as the generated code.

It replaces myenergi's hand-written "What OCPP messages does zappi support?" page: the same
introduction and supported-messages table, corrected where the hand-written page was wrong
(GetConfiguration is sent by the central system, the action is UpdateFirmware, the PIN code
mechanism is described instead of "see section x"), plus the firmware each row shipped in, the
status of all 28 actions, the configuration keys and the measurands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from codegen.model import PROFILE_ORDER, SpecModel
from codegen.output import Output
from codegen.render import render, template_source
from rows.messages import ActionRow

MARKDOWN_TEMPLATE = "support_page.md.j2"
HTML_TEMPLATE = "support_page.html.j2"
MARKDOWN_PATH = "docs/ocpp-support.md"
HTML_PATH = "docs/ocpp-support.html"
#: where myenergi documents the PIN code → Virtual OCPP Tag exchange
PIN_ARTICLE = "https://support.myenergi.com/hc/en-gb/articles/16906392921617-How-do-I-use-a-PIN-code-with-OCPP"

#: how the page names an origin (the published page says "Charger")
ORIGIN_LABELS = {
    "ChargePoint": "Charger",
    "CentralSystem": "Central System",
    "Both": "Charger and Central System",
}
STATUS_LABELS = {"supported": "Yes", "unsupported": "No", "planned": "Coming"}
PROFILE_LABELS = {
    "Core": "Core",
    "FirmwareManagement": "Firmware Management",
    "LocalAuthListManagement": "Local Auth List Management",
    "Reservation": "Reservation",
    "SmartCharging": "Smart Charging",
    "RemoteTrigger": "Remote Trigger",
}


@dataclass(frozen=True, slots=True)
class MeasurandLine:
    """One line of the page's measurands section, from the measurands table when it exists."""

    measurand: str
    detail: str


def _measurands(spec: SpecModel) -> tuple[tuple[MeasurandLine, ...], tuple[MeasurandLine, ...]]:
    """(sent, left out) as the measurands table documents them."""
    sent = tuple(MeasurandLine(m, d) for m, d in spec.measurands.docs_sent())
    left_out = tuple(MeasurandLine(m, d) for m, d in spec.measurands.docs_left_out())
    return sent, left_out


SOURCES = ("spec/messages.yaml", "spec/config_keys.yaml", "spec/measurands.yaml")


def context(spec: SpecModel) -> dict[str, Any]:
    rows = spec.messages.rows
    by_profile: dict[str, list[ActionRow]] = {p: [] for p in PROFILE_ORDER}
    for row in rows:
        by_profile[row.profile].append(row)
    sent, left_out = _measurands(spec)
    return {
        "supported": tuple(r for r in rows if r.supported),
        "not_supported": tuple(r for r in rows if r.status == "unsupported"),
        "planned": tuple(r for r in rows if r.status == "planned"),
        "by_profile": tuple((p, tuple(by_profile[p])) for p in PROFILE_ORDER),
        "supported_profiles_text": _words(spec.messages.supported_profiles, "and"),
        "unsupported_profiles_text": _words(spec.messages.unsupported_profiles, "or"),
        "config_keys": spec.config_keys.keys,
        "measurands_sent": sent,
        "measurands_left_out": left_out,
        "origin_labels": ORIGIN_LABELS,
        "status_labels": STATUS_LABELS,
        "profile_labels": PROFILE_LABELS,
        "pin_article": PIN_ARTICLE,
        "pending_note": pending_note,
        "first_firmware": min(
            (r.since_firmware for r in rows if r.since_firmware is not None), default=()
        ),
    }


def pending_note(row: ActionRow) -> str:
    """What the page adds to a row with a ``while_pending`` answer (empty otherwise)."""
    if row.while_pending is None:
        return ""
    return (
        " Until the Central System accepts the BootNotification (while it answers Pending),"
        f" answered with {row.while_pending_text}."
    )


def _words(profiles: tuple[str, ...], conjunction: str) -> str:
    """("Core", "Reservation", "SmartCharging") → "Core, Reservation and Smart Charging"."""
    labels = [PROFILE_LABELS[p] for p in profiles]
    if len(labels) < 2:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} {conjunction} {labels[-1]}"


def md_cell(text: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, newlines folded."""
    return " ".join(str(text).split()).replace("|", "\\|")


def outputs(spec: SpecModel) -> list[Output]:
    ctx = context(spec)
    sources = (*SOURCES, "codegen/docs_page.py")
    return [
        Output(
            MARKDOWN_PATH,
            render(MARKDOWN_TEMPLATE, md_cell=md_cell, **ctx),
            (*sources, template_source(MARKDOWN_TEMPLATE)),
        ),
        Output(HTML_PATH, render(HTML_TEMPLATE, **ctx), (*sources, template_source(HTML_TEMPLATE))),
    ]
