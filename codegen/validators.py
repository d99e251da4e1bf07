"""Official OCPP 1.6 schemas → plain-Python validators (``generated/validators.py``) and the
CALLERROR codes (``generated/errors.py``).

Each schema is compiled once, here, into straight-line checks, so nothing interprets a schema
on the hot path. The semantics are those of jsonschema's ``Draft4Validator`` (the oracle the
tests compare against), keyword by keyword:

* ``type``: ``integer`` is an ``int`` that is not a ``bool`` (draft-04: ``1.0`` is *not* an
  integer); ``number`` is an ``int`` or ``float`` that is not a ``bool``; ``object`` is a
  ``dict`` and ``array`` a ``list``.
* ``additionalProperties: false`` only constrains objects; the official schemas also put it on
  string enums, where it means nothing and is skipped, as jsonschema does.
* ``multipleOf`` is decided on the decimal value of the JSON number (``Decimal(repr(x))``), the
  reading the ocpp package forces with its ``Decimal`` re-parse for three actions. jsonschema
  on floats divides (``0.3 / 0.1 == 2.9999999999999996``) and so refuses 0.3 A, a valid
  charging limit (ocpp issues #43, #217, #555); we accept it. On JSON text produced by Python
  (shortest repr) this equals jsonschema run on ``parse_float=Decimal`` input.
* ``format`` is checked only if the CALLERROR table marks it enforced (it does not: see the
  table's reason).

A payload can break several rules; the first check in this order decides the code: the
value's type, then (objects) required keys, unexpected keys, then each property in schema
order, depth first. Every code comes from ``spec/callerror_codes.yaml``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from codegen.ocpp_schemas import OFFICIAL_SCHEMAS_SOURCE, OfficialSchemas
from codegen.output import Output
from codegen.payloads import ShapeNames, name_shapes, top_level
from codegen.render import enum_member, render, snake_case, template_source
from codegen.tables.callerror_codes import TABLE_SOURCE, CallErrorTable

VALIDATORS_TEMPLATE = "validators.py.j2"
ERRORS_TEMPLATE = "errors.py.j2"

#: JSON Schema type → the Python test that is true when a value is NOT of that type
_TYPE_TESTS = {
    "string": "not isinstance({v}, str)",
    "integer": "not isinstance({v}, int) or isinstance({v}, bool)",
    "number": "not isinstance({v}, (int, float)) or isinstance({v}, bool)",
    "boolean": "not isinstance({v}, bool)",
    "object": "not isinstance({v}, dict)",
    "array": "not isinstance({v}, list)",
}

#: keywords this compiler turns into checks; anything else in a schema is refused
_COMPILED = frozenset({
    "type", "required", "additionalProperties", "properties", "items", "enum", "maxLength",
    "minLength", "minItems", "maxItems", "minimum", "maximum", "multipleOf", "format",
})
_ANNOTATIONS = frozenset({"$schema", "title", "description", "id"})


@dataclass(frozen=True, slots=True)
class Check:
    """One rule: when ``test`` is true the value fails with ``code`` at ``path``."""

    test: str  #: Python expression, true on failure
    code: str  #: CallErrorCode member name
    path: str  #: Python expression of the JSON-pointer-like path
    message: str  #: Python expression (usually an f-string) describing the failure


@dataclass(frozen=True, slots=True)
class ValueNode:
    """All checks for one value held in the local variable ``var``."""

    var: str
    checks: tuple[Check, ...]
    object_fn: str | None  #: for objects: the function checking its contents
    path: str  #: Python expression of this value's path
    items: ItemsNode | None  #: for arrays: the checks for every item


@dataclass(frozen=True, slots=True)
class ItemsNode:
    index: str  #: loop index variable
    node: ValueNode


@dataclass(frozen=True, slots=True)
class PropertyNode:
    key: str
    required: bool
    node: ValueNode


@dataclass(frozen=True, slots=True)
class ObjectFn:
    name: str
    used_in: str
    keys_const: str  #: name of the frozenset of allowed keys ("" when extra keys are allowed)
    keys: tuple[str, ...]
    required: tuple[Check, ...]
    extra: Check | None
    properties: tuple[PropertyNode, ...]


@dataclass(frozen=True, slots=True)
class EntryFn:
    action: str
    direction: str
    name: str
    object_fn: str
    not_object: Check


@dataclass(frozen=True, slots=True)
class ValidatorsModel:
    enums: tuple[tuple[str, tuple[str, ...]], ...]  #: (constant name, values)
    multiples: tuple[tuple[str, str], ...]  #: (constant name, Decimal literal text)
    objects: tuple[ObjectFn, ...]
    entries: tuple[EntryFn, ...]
    unknown_action: str  #: code member name for an action without a schema
    date_time: bool  #: whether the date-time regex is needed
    uri: bool


def _path_expr(inner: str) -> str:
    """The Python expression of a path given as f-string content (``{path}/idTag``)."""
    return "path" if inner == "{path}" else f'f"{inner}"'


class _Compiler:
    def __init__(self, names: ShapeNames, table: CallErrorTable) -> None:
        self.names = names
        self.table = table
        self.objects: dict[str, ObjectFn] = {}
        self.enums: dict[str, tuple[str, ...]] = {}
        self.multiples: dict[str, str] = {}
        self.formats: set[str] = set()

    def code(self, kind: str) -> str:
        return enum_member(self.table.code_for(kind))

    def value(self, schema: Mapping[str, Any], var: str, inner: str, depth: int) -> ValueNode:
        """Checks for the value in ``var`` whose path is the f-string content ``inner``."""
        path = _path_expr(inner)
        unknown = set(schema) - _COMPILED - _ANNOTATIONS
        if unknown:
            raise ValueError(f"cannot compile schema keyword(s) {sorted(unknown)}")
        kind = schema.get("type")
        if kind not in _TYPE_TESTS:
            raise ValueError(f"cannot compile schema type {kind!r}")
        checks = [Check(_TYPE_TESTS[kind].format(v=var), self.code("type"), path,
                        f'f"expected {kind}, got {{_json_type({var})}}"')]
        checks += self._constraints(schema, kind, var, path)
        object_fn = items = None
        if kind == "object":
            object_fn = self.object_fn(schema)
        elif kind == "array" and "items" in schema:
            index = f"i{depth}"
            items = ItemsNode(index, self.value(schema["items"], f"v{depth + 1}",
                                                f"{inner}/{{{index}}}", depth + 1))
        return ValueNode(var, tuple(checks), object_fn, path, items)

    def _constraints(self, schema: Mapping[str, Any], kind: str, var: str, path: str
                     ) -> list[Check]:
        checks: list[Check] = []
        if kind == "string":
            if "maxLength" in schema:
                n = schema["maxLength"]
                checks.append(Check(f"len({var}) > {n}", self.code("maxLength"), path,
                                    f'f"longer than {n} characters ({{len({var})}})"'))
            if "minLength" in schema:
                n = schema["minLength"]
                checks.append(Check(f"len({var}) < {n}", self.code("minLength"), path,
                                    f'f"shorter than {n} characters"'))
            if "enum" in schema:
                const = "_" + enum_member(self.names.enum_name(schema["enum"]))
                self.enums[const] = tuple(schema["enum"])
                checks.append(Check(f"{var} not in {const}", self.code("enum"), path,
                                    f'f"{{_show({var})}} is not one of {{sorted({const})}}"'))
            fmt = schema.get("format")
            if fmt is not None and self.table.enforced("format"):
                if fmt not in ("date-time", "uri"):
                    raise ValueError(f"cannot compile format {fmt!r}")
                self.formats.add(fmt)
                const = "_DATE_TIME" if fmt == "date-time" else "_URI"
                checks.append(Check(f"{const}.fullmatch({var}) is None", self.code("format"),
                                    path, f'f"{{_show({var})}} is not a {fmt}"'))
        elif kind in ("integer", "number"):
            for keyword, op in (("minimum", "<"), ("maximum", ">")):
                if keyword in schema:
                    bound = schema[keyword]
                    checks.append(Check(f"{var} {op} {bound!r}", self.code(keyword), path,
                                        f'f"{{{var}!r}} is out of range ({keyword} {bound})"'))
            if "multipleOf" in schema:
                step = schema["multipleOf"]
                const = "_STEP_" + str(step).replace(".", "_").replace("-", "M")
                self.multiples[const] = repr(step)
                checks.append(Check(f"not _is_multiple({var}, {const})", self.code("multipleOf"),
                                    path, f'f"{{{var}!r}} is not a multiple of {step}"'))
        elif kind == "array":
            if "minItems" in schema:
                n = schema["minItems"]
                checks.append(Check(f"len({var}) < {n}", self.code("minItems"), path,
                                    f'"needs at least {n} item(s)"'))
            if "maxItems" in schema:
                n = schema["maxItems"]
                checks.append(Check(f"len({var}) > {n}", self.code("maxItems"), path,
                                    f'"allows at most {n} item(s)"'))
        return checks

    def object_fn(self, schema: Mapping[str, Any]) -> str:
        owner = self.names.object_name(schema)
        name = f"_check_{snake_case(owner)}"
        if name in self.objects:
            return name
        self.objects[name] = ObjectFn(name, owner, "", (), (), None, ())  # recursion guard
        properties = schema.get("properties", {})
        required = tuple(schema.get("required", ()))
        required_checks = tuple(
            Check(f"{json.dumps(key)} not in obj", self.code("required"), "path",
                  f"\"'{key}' is a required property\"")
            for key in required
        )
        closed = schema.get("additionalProperties", True) is False
        keys_const = f"_KEYS_{enum_member(owner)}" if closed else ""
        extra = Check(f"not {keys_const}.issuperset(obj)", self.code("additionalProperties"),
                      "path", f'f"unexpected property {{_extra(obj, {keys_const})!r}}"'
                      ) if closed else None
        props = tuple(
            PropertyNode(key, key in required,
                         self.value(sub, "v0", f"{{path}}/{key}", 0))
            for key, sub in properties.items()
        )
        self.objects[name] = ObjectFn(name, owner, keys_const, tuple(properties),
                                      required_checks, extra, props)
        return name


def build_model(schemas: OfficialSchemas, table: CallErrorTable) -> ValidatorsModel:
    compiler = _Compiler(name_shapes(schemas), table)
    entries = []
    for action, direction, schema in top_level(schemas):
        if schema.get("type") != "object":
            raise ValueError(f"{action} {direction}: the payload schema is not an object")
        object_fn = compiler.object_fn(schema)
        not_object = Check("not isinstance(payload, dict)", compiler.code("payload-not-object"),
                           '""', 'f"payload must be a JSON object, got {_json_type(payload)}"')
        entries.append(EntryFn(action, direction,
                               f"validate_{snake_case(action)}_{direction}", object_fn,
                               not_object))
    return ValidatorsModel(
        enums=tuple(sorted(compiler.enums.items())),
        multiples=tuple(sorted(compiler.multiples.items())),
        objects=tuple(sorted(compiler.objects.values(), key=lambda o: o.name)),
        entries=tuple(entries),
        unknown_action=compiler.code("unknown-action"),
        date_time="date-time" in compiler.formats,
        uri="uri" in compiler.formats,
    )


def outputs(schemas: OfficialSchemas, callerrors: CallErrorTable) -> list[Output]:
    """``generated/validators.py`` and ``generated/errors.py``."""
    validators_text = render(VALIDATORS_TEMPLATE, model=build_model(schemas, callerrors))
    failures = tuple((kind, enum_member(row.code), row.enforced)
                     for kind, row in callerrors.failures.items())
    codes = tuple((enum_member(c.code), c.code, c.meaning) for c in callerrors.codes)
    errors_text = render(ERRORS_TEMPLATE, codes=codes, failures=failures)
    return [
        Output("generated/errors.py", errors_text,
               (TABLE_SOURCE, "codegen/validators.py", template_source(ERRORS_TEMPLATE))),
        Output("generated/validators.py", validators_text,
               (OFFICIAL_SCHEMAS_SOURCE, TABLE_SOURCE, "codegen/payloads.py",
                "codegen/validators.py", template_source(VALIDATORS_TEMPLATE))),
    ]
