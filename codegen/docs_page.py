"""The public support page, Markdown and HTML, from the same model as the generated code.

It replaces myenergi's hand-written "What OCPP messages does zappi support?" page: the same
introduction and supported-messages table, corrected where the hand-written page was wrong
(GetConfiguration is sent by the central system, the action is UpdateFirmware, the PIN code
mechanism is described instead of "see section x"), plus the release each row arrived in, the
status of all 28 actions, the configuration keys, the measurands, and a release history made from
the rows' own ``since_firmware`` (spec/releases.yaml lists the releases).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import partial
from typing import Any

from codegen.model import PROFILE_ORDER, SpecModel
from codegen.output import Output
from codegen.release_history import Release, ReleaseHistory, dotted
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


SOURCES = (
    "spec/messages.yaml",
    "spec/config_keys.yaml",
    "spec/measurands.yaml",
    "spec/releases.yaml",
)


@dataclass(frozen=True, slots=True)
class ReleaseSection:
    """One release in the page's release history: what arrived in it, from the rows."""

    heading: str  #: e.g. "5.114: OCPP phase 1 (July 2023)"
    note: str
    gating: str  #: which zappis get what arrived
    messages: tuple[str, ...]
    planned: tuple[str, ...]
    config_keys: tuple[str, ...]
    measurands: tuple[str, ...]


def release_sections(history: ReleaseHistory) -> tuple[ReleaseSection, ...]:
    sections = []
    for release in history.releases:
        messages = history.arrived(release, "messages")
        sections.append(
            ReleaseSection(
                heading=_heading(release),
                note=release.note,
                gating=_gating(release, history.floor),
                messages=tuple(a.name for a in messages if not a.planned),
                planned=tuple(a.name for a in messages if a.planned),
                config_keys=tuple(a.name for a in history.arrived(release, "config_keys")),
                measurands=tuple(a.name for a in history.arrived(release, "measurands")),
            )
        )
    return tuple(sections)


def _heading(release: Release) -> str:
    """``5.114: OCPP phase 1 (July 2023)``; a release without a published firmware says so."""
    when = _date(release.date) if release.date else "date not published"
    if release.firmware is None:
        return f"{release.title} (firmware not published, {when})"
    return f"{release.firmware_text}: {release.title} ({when})"


def _date(text: str) -> str:
    """``2023-07`` → ``July 2023``; ``2023-07-14`` → ``14 July 2023``."""
    year, month, *day = text.split("-")
    return " ".join([*(str(int(d)) for d in day), calendar.month_name[int(month)], year])


def _gating(release: Release, floor: tuple[int, ...]) -> str:
    if release.firmware is None:
        return (
            "myenergi did not publish which firmware this release needs, so the service offers"
            f" what arrived in it from firmware {release.gate_text}, the firmware of the release"
            " before it."
        )
    if release.gate > floor:
        return (
            f"A zappi on firmware older than {release.gate_text} does not get what arrived in it:"
            " it answers NotSupported to these requests from the Central System, and does not"
            " send these messages itself."
        )
    return f"Every zappi with OCPP (firmware {dotted(floor)} or later) has it."


def since_text(history: ReleaseHistory, row: ActionRow) -> str:
    """The "Since firmware" cell: the release's firmware, or that it was not published."""
    release = history.release_of("messages", row.action)
    if release is None:
        return ""
    return release.firmware_text or f"not published ({release.key})"


def gate_note(history: ReleaseHistory, row: ActionRow) -> str:
    """What the page adds to a supported row gated above the oldest OCPP firmware."""
    if row.since_firmware is None or row.since_firmware <= history.floor:
        return ""
    gate = dotted(row.since_firmware)
    if row.sent_by_central_system:
        return f" Needs firmware {gate} or later: a zappi on older firmware answers NotSupported."
    return f" Needs firmware {gate} or later: a zappi on older firmware does not send it."


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
        "since_text": partial(since_text, spec.releases),
        "gate_note": partial(gate_note, spec.releases),
        "releases": release_sections(spec.releases),
        "first_firmware": spec.releases.floor,
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
