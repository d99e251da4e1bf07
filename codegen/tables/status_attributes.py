"""The ``zappi_status`` rows of spec/myenergi.yaml: each attribute of a parsed zappi status,
the field it is made from and the conversion (``runtime/myenergi/status.py`` builds a
``ZappiStatus`` from these rows in one loop).

Checks: the field exists; the conversion fits its JSON types (``si`` needs a number, ``int``
and ``is_one`` an integer, ``optional_str`` a string); ``str`` only takes a required field
(a missing key would have no text); ``enum`` needs an integer or string enumeration of the
field and ``flags`` a flags enumeration; ``unknown`` goes with ``enum`` and names values of
that enumeration; and no attribute takes the name of ``raw`` (the wire object) or a Python
keyword.
"""

from __future__ import annotations

import difflib
import keyword
from collections.abc import Mapping
from pathlib import Path

from codegen.errors import SpecErrors
from codegen.tables.enumerations import Enumeration
from codegen.yamlsource import LineMap
from rows.myenergi import Conversion, StatusAttribute, ZappiField
from rows.status import Code

#: the JSON types of which a conversion needs its field to accept one
_TYPES: Mapping[Conversion, tuple[str, ...]] = {
    Conversion.STR: ("integer", "number", "string", "boolean"),
    Conversion.OPTIONAL_STR: ("string",),
    Conversion.INT: ("integer",),
    Conversion.SI: ("integer", "number"),
    Conversion.IS_ONE: ("integer",),
    Conversion.ENUM: ("integer", "string"),
    Conversion.FLAGS: ("integer",),
}
#: the attribute that keeps the wire object; no row may take its name
RAW_ATTRIBUTE = "raw"


class _Checker:
    def __init__(
        self,
        path: Path,
        errors: SpecErrors,
        fields: Mapping[str, ZappiField],
        enumerations: Mapping[str, Enumeration],
    ) -> None:
        self.path = path
        self.errors = errors
        self.fields = fields
        self.enumerations = enumerations

    def add(self, line: int, message: str, hint: str = "") -> None:
        self.errors.add(self.path, line, message, hint)

    def attribute(self, name: str, line: int, row: LineMap) -> StatusAttribute | None:
        where = f"zappi_status {name!r}"
        before = len(self.errors)
        if name == RAW_ATTRIBUTE or keyword.iskeyword(name):
            why = "keeps the wire object" if name == RAW_ATTRIBUTE else "is a Python keyword"
            self.add(line, f"{where}: the name {name!r} {why}", "pick another name")
        conversion = Conversion(row["as"])
        field = self.fields.get(row["field"])
        if field is None:
            guess = difflib.get_close_matches(row["field"], list(self.fields), n=1)
            self.add(
                row.line_of("field"),
                f"{where}: {row['field']!r} is not a zappi field",
                f"did you mean {guess[0]!r}?" if guess else "see fields",
            )
            return None
        self.conversion(where, conversion, field, row.line_of("as"))
        unknown = self.unknown(where, conversion, field, row)
        if len(self.errors) > before:
            return None
        return StatusAttribute(name, field.name, conversion, unknown)

    def conversion(self, where: str, conversion: Conversion, field: ZappiField, line: int) -> None:
        wanted = _TYPES[conversion]
        if not set(wanted) & set(field.json_types):
            self.add(
                line,
                f"{where}: as: {conversion} needs a field of JSON type {' or '.join(wanted)}; "
                f"{field.name!r} is {', '.join(field.json_types)}",
            )
        if conversion is Conversion.STR and not field.required:
            self.add(
                line,
                f"{where}: as: str needs a required field; {field.name!r} may be missing",
                "use as: optional_str, or make the field required",
            )
        if conversion in (Conversion.ENUM, Conversion.FLAGS):
            flags = conversion is Conversion.FLAGS
            enumeration = self.enumerations.get(field.name)
            if enumeration is None or (enumeration.kind == "flags") != flags:
                kind = "a flags enumeration" if flags else "an integer or string enumeration"
                self.add(line, f"{where}: as: {conversion} needs {kind} of {field.name!r}")

    def unknown(
        self, where: str, conversion: Conversion, field: ZappiField, row: LineMap
    ) -> tuple[Code, ...]:
        """The coded values an enum attribute reads as None, written as values or names."""
        tokens = row.get("unknown", ())
        if tokens and conversion is not Conversion.ENUM:
            self.add(row.line_of("unknown"), f"{where}: unknown applies to as: enum only")
            return ()
        enumeration = self.enumerations.get(field.name)
        if enumeration is None:
            return ()  # reported with the conversion
        codes: list[Code] = []
        for token in tokens:
            code = enumeration.resolve(token)
            if isinstance(code, LookupError):
                message = f"{where}: {token!r} is not a {field.name} value"
                self.add(row.line_of("unknown"), message, str(code))
            else:
                codes.append(code)
        return tuple(codes)


def check(
    rows: LineMap,
    fields: Mapping[str, ZappiField],
    enumerations: Mapping[str, Enumeration],
    path: Path,
    errors: SpecErrors,
) -> tuple[StatusAttribute, ...]:
    """Every row of ``zappi_status``, in table order; a row with errors is left out (the errors
    are in ``errors``, so the table as a whole is refused)."""
    checker = _Checker(path, errors, fields, enumerations)
    checked = (checker.attribute(name, rows.line_of(name), rows[name]) for name in rows)
    return tuple(attribute for attribute in checked if attribute is not None)
