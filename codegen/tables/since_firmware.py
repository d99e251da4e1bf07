"""The one check every ``since_firmware`` goes through, in every table.

Each ``since_firmware`` must name a release of spec/releases.yaml: by its firmware version, or by
its name when no source gives one. The check records which row named which release, so the docs
page's release history comes from the rows themselves (:meth:`SinceFirmware.history`). Only the
messages table is gated per charger; a configuration key or a measurand may name only a release
that every zappi with OCPP has, so the page never promises a gate the bridge does not keep.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

from codegen.errors import SpecErrors
from codegen.release_history import Arrival, Release, ReleaseHistory
from codegen.tables.format_check import load_table
from codegen.tables.releases import NAME, ReleasesModel
from codegen.yamlsource import LineMap
from rows.firmware import parse_version

#: what each table calls its rows, for the messages of the tables not gated per charger
_ROW_WORDS = {"config_keys": "configuration keys", "measurands": "measurands"}


class SinceFirmware:
    """The shared check of every ``since_firmware``, and the record of which row names which
    release. The pipeline makes one per run and hands it to each table."""

    def __init__(self, model: ReleasesModel) -> None:
        self.model = model
        self._arrivals: dict[str, list[Arrival]] = {}

    def name_release(
        self,
        path: Path,
        line: int,
        value: object,
        *,
        table: str,
        row: str,
        errors: SpecErrors,
        planned: bool = False,
    ) -> Release | None:
        """The release ``value`` names; None (after an error) when it names none. Only the
        messages table is gated per charger: a key or a measurand may name only a release that
        every zappi with OCPP has."""
        release = self._resolve(path, line, value, row, errors)
        if release is None:
            return None
        floor = self.model.releases[0].gate
        if table != "messages" and release.gate > floor:
            offered = [r.key for r in self.model.releases if r.gate == floor]
            errors.add(
                path,
                line,
                f"{row}: release {release.key} needs firmware {release.gate_text}, but "
                f"{_ROW_WORDS.get(table, table)} are not gated per charger",
                hint="only messages are (spec/messages.yaml); name a release every zappi with "
                f"OCPP has: {', '.join(offered)}",
            )
            return None
        self._arrivals.setdefault(release.key, []).append(Arrival(table, row, planned))
        return release

    def _resolve(
        self, path: Path, line: int, value: object, row: str, errors: SpecErrors
    ) -> Release | None:
        if not isinstance(value, str):
            errors.add(
                path,
                line,
                f"since_firmware of {row} must be quoted: YAML reads it as the number {value!r}",
                hint='write it in quotes, e.g. since_firmware: "5.120"; unquoted, 5.120 reads as '
                "5.12",
            )
            return None
        release = self.model.find(value)
        if release is not None:
            return release
        listing = f"releases (spec/releases.yaml): {self.model.listing()}"
        if parse_version(value) is None and not NAME.fullmatch(value):
            errors.add(
                path,
                line,
                f"malformed firmware version {value!r} for {row}",
                hint=f'write dotted numbers in quotes, e.g. since_firmware: "5.114"; {listing}',
            )
            return None
        names = [r.key for r in self.model.releases if r.firmware is None]
        close = difflib.get_close_matches(value, names, n=1) if NAME.fullmatch(value) else []
        errors.add(
            path,
            line,
            f"since_firmware of {row} names no release: {value!r}",
            hint=(f"did you mean {close[0]!r}? " if close else "")
            + f"{listing}; a new firmware phase needs its release there first",
        )
        return None

    def check_rows(self, spec_dir: Path, errors: SpecErrors) -> None:
        """The ``since_firmware`` of each configuration key and measurand row; a row without
        one arrived with the first release."""
        for table, rows in (("config_keys", _config_rows), ("measurands", _measurand_rows)):
            path = spec_dir / f"{table}.yaml"
            source = load_table(path, SpecErrors())  # its own checker reports a broken file
            if source is None:
                continue
            for row, raw in rows(source.data):
                value = raw.get("since_firmware", self.model.releases[0].key)
                line = raw.line_of("since_firmware")
                self.name_release(path, line, value, table=table, row=row, errors=errors)

    def history(self) -> ReleaseHistory:
        arrivals = {r.key: tuple(self._arrivals.get(r.key, ())) for r in self.model.releases}
        return ReleaseHistory(releases=self.model.releases, arrivals=MappingProxyType(arrivals))


def _config_rows(data: LineMap) -> Iterator[tuple[str, LineMap]]:
    for raw in data["keys"]:
        yield raw["name"], raw


def measurand_label(measurand: str, phase: str | None, location: str | None) -> str:
    """``Voltage`` at the inlet → ``Voltage (Inlet)``: how the history names a measurand row."""
    where = ", ".join(p for p in (phase, location) if p)
    return f"{measurand} ({where})" if where else measurand


def _measurand_rows(data: LineMap) -> Iterator[tuple[str, LineMap]]:
    for raw in data["rows"]:
        yield measurand_label(raw["measurand"], raw.get("phase"), raw.get("location")), raw

