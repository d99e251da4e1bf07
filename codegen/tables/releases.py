"""Checker for spec/releases.yaml: the myenergi OCPP releases, oldest first.

Firmware versions are dotted numbers that rise strictly, dates (a month or a day) never go back,
and the first release has a firmware version because it is the oldest firmware with OCPP at all.
A release without a published firmware version has a ``name`` instead and gates by the release
before it (spec/releases.yaml says why). The rows of the other tables name these releases
through :mod:`codegen.tables.since_firmware`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from codegen.errors import SpecErrors
from codegen.release_history import Release
from codegen.tables.format_check import check_format, load_table
from codegen.yamlsource import LineList, LineMap
from rows.firmware import parse_version

FILE = "releases.yaml"
SOURCE = f"spec/{FILE}"
SCHEMA = "schemas/releases.schema.json"

#: a release name, as spec/schemas/releases.schema.json allows it
NAME = re.compile(r"[a-z][a-z0-9-]*")
_DATE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])(-[0-9]{2})?$")


@dataclass(frozen=True, slots=True)
class ReleasesModel:
    releases: tuple[Release, ...]  #: oldest first

    def find(self, key: str) -> Release | None:
        return next((r for r in self.releases if r.key == key), None)

    def listing(self) -> str:
        """The releases as a hint names them: ``"5.114" (OCPP phase 1, 2023-07), ...``."""
        return ", ".join(
            f'"{r.key}" ({r.title}, {r.date or "date not published"})'
            if r.firmware is not None
            else f"{r.key} ({r.title}; firmware not published)"
            for r in self.releases
        )


def check(spec_dir: Path, errors: SpecErrors) -> ReleasesModel | None:
    """Load and check spec/releases.yaml; None when it has errors (they are in ``errors``)."""
    path = spec_dir / FILE
    source = load_table(path, errors)
    if source is None or not check_format(source, spec_dir / SCHEMA, errors):
        return None
    before = len(errors)
    table: LineList = source.data["releases"]
    releases: list[Release] = []
    for raw in table:
        firmware = _firmware(path, raw, errors)
        if firmware is None and raw["firmware"] is not None:
            continue  # a malformed version, reported
        gate = firmware or (releases[-1].gate if releases else None)
        if gate is None:
            errors.add(
                path,
                raw.line_of("firmware"),
                "the first release needs a firmware version",
                hint="it is the oldest firmware that gets an OCPP connection; e.g. \"5.114\"",
            )
            continue
        release = Release(
            firmware=firmware,
            name=raw.get("name"),
            date=_date(path, raw, errors),
            title=" ".join(raw["title"].split()),
            note=" ".join(raw["note"].split()),
            source=" ".join(raw["source"].split()),
            gate=gate,
        )
        _check_order(path, raw, release, releases, errors)
        releases.append(release)
    if len(errors) != before:
        return None
    return ReleasesModel(releases=tuple(releases))


def _firmware(path: Path, raw: LineMap, errors: SpecErrors) -> tuple[int, ...] | None:
    text, name, line = raw["firmware"], raw.get("name"), raw.line_of("firmware")
    if text is None:
        if name is None:
            errors.add(
                path,
                raw.line,
                "a release without a firmware version needs a name",
                hint="rows write the name in since_firmware, e.g. name: page-revision-2",
            )
        return None
    if not isinstance(text, str):
        errors.add(
            path,
            line,
            f"firmware must be quoted: YAML reads it as the number {text!r}",
            hint='write it in quotes, e.g. firmware: "5.120"; unquoted, 5.120 reads as 5.12',
        )
        return None
    version = parse_version(text)
    if version is None:
        errors.add(
            path,
            line,
            f"malformed firmware version {text!r}",
            hint='write dotted numbers in quotes, e.g. firmware: "5.114"',
        )
    if name is not None:
        errors.add(
            path,
            raw.line_of("name"),
            f"release {text} has a firmware version, so rows name it by that; it takes no name",
            hint="remove name, or set firmware: null when no source gives the version",
        )
    return version


def _date(path: Path, raw: LineMap, errors: SpecErrors) -> str | None:
    value, line = raw["date"], raw.line_of("date")
    if value is None:
        return None
    if isinstance(value, datetime.date):
        errors.add(
            path,
            line,
            f"date must be quoted: YAML reads it as a timestamp ({value})",
            hint=f'write date: "{value.isoformat()[:10]}"',
        )
        return None
    text = str(value)
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        datetime.date.fromisoformat(text if len(text) == 10 else f"{text}-01")
    except ValueError:
        errors.add(
            path,
            line,
            f"date {value!r} is neither a month nor a day",
            hint='write "YYYY-MM" when only the month is known, or "YYYY-MM-DD"; null when unknown',
        )
        return None
    return text


def _check_order(
    path: Path, raw: LineMap, release: Release, earlier: list[Release], errors: SpecErrors
) -> None:
    """Oldest first: a firmware version above every earlier one, no date before an earlier
    one, and no key twice."""
    hint = "releases are listed oldest first; move the release, or correct it"
    for before in earlier:
        if before.key == release.key:
            errors.add(path, raw.line, f"release {release.key} is listed twice", hint=hint)
        if (
            release.firmware is not None
            and before.firmware is not None
            and release.firmware <= before.firmware
        ):
            errors.add(
                path,
                raw.line_of("firmware"),
                f"release {release.key} is out of order: it is not newer than "
                f"{before.key}, listed before it",
                hint=hint,
            )
        if release.date and before.date:
            common = min(len(release.date), len(before.date))
            if release.date[:common] < before.date[:common]:
                errors.add(
                    path,
                    raw.line_of("date"),
                    f"release {release.key} is out of order: dated {release.date}, before "
                    f"{before.key} ({before.date}), listed before it",
                    hint=hint,
                )
