"""The JSON Schemas of myenergi replies (from spec/myenergi.yaml) → plain-Python validators
(``generated/myenergi_validators.py``), the way :mod:`codegen.validators` compiles the OCPP ones.

Two kinds of check, because a reply fails in two ways:

* an *envelope* (the shape of a ``cgi-jstatus-*`` or ``-Z`` reply: an array of objects, a
  ``zappi`` array) has one verdict, the first problem and where it is; a broken envelope is a
  cloud failure for the hub;
* an *object* (one zappi, or a command reply) has a verdict per field, because spec/myenergi.yaml
  says per field what a bad value does (``if_bad``): every field that breaks its row is listed,
  required keys first, then the properties in schema order. Each field also gets a function of
  its own, so a value the runtime repaired (a number sent as text) is checked again alone.

Semantics: jsonschema's ``Draft4Validator`` (the oracle the tests compare with), keyword by
keyword: ``integer`` is an ``int`` that is not a ``bool`` (``1.0`` is not an integer),
``number`` an ``int`` or ``float``, ``enum`` compares by value after the type check, ``minimum``
and ``maximum`` apply to numbers only and ``pattern`` (``re.search``) to strings only. One
addition: a number must be finite, because ``json.loads`` reads ``NaN`` and ``Infinity``, which
JSON itself does not have (RFC 8259 §6), and an infinite ``che`` would end the register.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from codegen.output import Output
from codegen.render import enum_member, render, snake_case, template_source

TEMPLATE = "myenergi_validators.py.j2"
SOURCE = "codegen/myenergi_validators.py"

#: JSON type → the Python test that is true when ``{v}`` is NOT of that type (values come from
#: json.loads, so ``type() is`` is exact: a bool is not an int, a subclass never appears)
_NOT_TYPE = {
    "integer": "type({v}) is not int",
    "number": "type({v}) is not int and type({v}) is not float",
    "string": "type({v}) is not str",
    "boolean": "type({v}) is not bool",
    "object": "type({v}) is not dict",
    "array": "type({v}) is not list",
    "null": "{v} is not None",
}
_COMPILED = frozenset({
    "type", "required", "properties", "items", "enum", "minimum", "maximum", "pattern",
    "additionalProperties",
})


@dataclass(frozen=True, slots=True)
class Test:
    """True (``test``) when the value fails; ``message`` is a Python expression of why."""

    test: str
    message: str


@dataclass(frozen=True, slots=True)
class FieldCheck:
    key: str
    function: str  #: the generated function that returns the problem with one value
    tests: tuple[Test, ...]  #: in order: each assumes the earlier ones passed

    @property
    def fails(self) -> str:
        """One expression, true when any test fails (the fast path of the object check)."""
        if len(self.tests) == 1:
            return self.tests[0].test
        return " or ".join(f"({t.test})" for t in self.tests)


@dataclass(frozen=True, slots=True)
class CheckFunction:
    """One generated function, shared by the fields whose values are checked alike."""

    name: str
    keys: tuple[str, ...]
    tests: tuple[Test, ...]


@dataclass(frozen=True, slots=True)
class ObjectCheck:
    name: str  #: e.g. zappi → zappi_faults(), ZAPPI_CHECKS
    required: tuple[str, ...]
    fields: tuple[FieldCheck, ...]

    @property
    def functions(self) -> tuple[CheckFunction, ...]:
        """The check functions, in the order of their first field."""
        keys: dict[str, list[str]] = {}
        tests: dict[str, tuple[Test, ...]] = {}
        for field in self.fields:
            keys.setdefault(field.function, []).append(field.key)
            tests[field.function] = field.tests
        return tuple(CheckFunction(name, tuple(k), tests[name]) for name, k in keys.items())


@dataclass(frozen=True, slots=True)
class Node:
    """The checks of one value of an envelope, held in the local variable ``var``."""

    var: str
    path: str  #: f-string content of its location, e.g. ``[{i0}].zappi``
    tests: tuple[Test, ...]
    required: tuple[str, ...]  #: for objects
    properties: tuple[tuple[str, Node], ...]  #: for objects
    items: tuple[str, Node] | None  #: for arrays: (index variable, the node of an item)

    @property
    def where(self) -> str:
        """The Python expression of its location."""
        return f'f"{self.path}"' if "{" in self.path else json.dumps(self.path)


@dataclass(frozen=True, slots=True)
class EnvelopeCheck:
    name: str  #: e.g. jstatus_all → jstatus_all_problem()
    root: Node


@dataclass(frozen=True, slots=True)
class ValidatorsModel:
    enums: tuple[tuple[str, str], ...]  #: (constant, Python literal of the frozenset)
    patterns: tuple[tuple[str, str], ...]  #: (constant, the regular expression)
    objects: tuple[ObjectCheck, ...]
    envelopes: tuple[EnvelopeCheck, ...]

    @property
    def exported(self) -> tuple[str, ...]:
        """The public names, sorted as ``__all__`` wants them."""
        names = ["Check", "Fault"]
        names += [f"{o.name.upper()}_CHECKS" for o in self.objects]
        names += [f"{o.name}_faults" for o in self.objects]
        names += [f"{e.name}_problem" for e in self.envelopes]
        # ruff's isort order: CONSTANTS, then Classes, then functions
        return tuple(sorted(names, key=lambda n: (not n.isupper(), not n[0].isupper(), n)))


class _Compiler:
    def __init__(self) -> None:
        self.enums: dict[str, str] = {}
        self.patterns: dict[str, str] = {}

    def tests(self, schema: Mapping[str, Any], var: str, owner: str) -> list[Test]:
        """The tests of one value: its type, then enum, range and pattern."""
        unknown = set(schema) - _COMPILED
        if unknown:
            raise ValueError(f"cannot compile schema keyword(s) {sorted(unknown)}")
        kinds = schema.get("type")
        types = [kinds] if isinstance(kinds, str) else list(kinds or [])
        if "number" in types and "integer" in types:
            types.remove("integer")  # every integer is a number
        if not types or any(t not in _NOT_TYPE for t in types):
            raise ValueError(f"cannot compile type {kinds!r}")
        not_type = " and ".join(_NOT_TYPE[t].format(v=var) for t in types)
        names = " or ".join(types)
        tests = [Test(not_type, f'f"expected {names}, got {{json_type({var})}}"')]
        numeric = "number" in types or "integer" in types
        if "number" in types:
            tests.append(Test(f"type({var}) is float and not isfinite({var})",
                              f'f"{{{var}!r}} is not a finite number"'))
        if "enum" in schema:
            const = f"_ENUM_{enum_member(owner)}"
            values = sorted(schema["enum"], key=lambda v: (str(type(v)), v))
            self.enums[const] = "frozenset({" + ", ".join(map(repr, values)) + "})"
            tests.append(Test(f"{var} not in {const}",
                              f'f"{{{var}!r}} is not one of {values!r}"'))
        only_numbers = "" if types in (["number"], ["integer"]) else (
            f"(type({var}) is int or type({var}) is float) and "
        )
        for keyword, op in (("minimum", "<"), ("maximum", ">")):
            if keyword in schema:
                if not numeric:
                    raise ValueError(f"{owner}: {keyword} on a value that is never a number")
                bound = schema[keyword]
                tests.append(Test(f"{only_numbers}{var} {op} {bound!r}",
                                  f'f"{{{var}!r}} is out of range ({keyword} {bound!r})"'))
        if "pattern" in schema:
            const = f"_PATTERN_{enum_member(owner)}"
            self.patterns[const] = schema["pattern"]
            strings = "" if types == ["string"] else f"type({var}) is str and "
            tests.append(Test(f"{strings}{const}.search({var}) is None",
                              f'f"{{show({var})}} does not match {{{const}.pattern}}"'))
        return tests

    def object_check(self, name: str, schema: Mapping[str, Any]) -> ObjectCheck:
        if schema.get("type") != "object" or schema.get("additionalProperties", True) is not True:
            raise ValueError(f"{name}: an object check takes an open object schema")
        fields: list[FieldCheck] = []
        shared: dict[tuple[Test, ...], str] = {}  #: fields checked alike share one function
        for key, sub in schema.get("properties", {}).items():
            tests = tuple(self.tests(sub, "v", f"{name}_{key}"))
            function = shared.setdefault(tests, f"_{name}_{snake_case(key)}")
            fields.append(FieldCheck(key, function, tests))
        return ObjectCheck(name, tuple(schema.get("required", ())), tuple(fields))

    def node(self, schema: Mapping[str, Any], var: str, path: str, depth: int) -> Node:
        tests = tuple(self.tests({k: v for k, v in schema.items() if k not in (
            "required", "properties", "items", "additionalProperties")}, var, var))
        properties: list[tuple[str, Node]] = []
        for key, sub in schema.get("properties", {}).items():
            inner = f"{path}.{key}" if path else key
            properties.append((key, self.node(sub, f"v{depth + 1}", inner, depth + 1)))
        items = None
        if "items" in schema:
            index = f"i{depth}"
            items = (index, self.node(schema["items"], f"v{depth + 1}",
                                      f"{path}[{{{index}}}]", depth + 1))
        return Node(var, path, tests, tuple(schema.get("required", ())), tuple(properties), items)


def build_model(
    objects: Mapping[str, Mapping[str, Any]], envelopes: Mapping[str, Mapping[str, Any]]
) -> ValidatorsModel:
    compiler = _Compiler()
    object_checks = tuple(compiler.object_check(name, s) for name, s in objects.items())
    envelope_checks = tuple(
        EnvelopeCheck(name, compiler.node(s, "reply", "", 0)) for name, s in envelopes.items()
    )
    return ValidatorsModel(
        enums=tuple(sorted(compiler.enums.items())),
        patterns=tuple(sorted(compiler.patterns.items())),
        objects=object_checks,
        envelopes=envelope_checks,
    )


def outputs(
    objects: Mapping[str, Mapping[str, Any]],
    envelopes: Mapping[str, Mapping[str, Any]],
    sources: tuple[str, ...],
) -> list[Output]:
    """``generated/myenergi_validators.py``: one object check per entry of ``objects`` and one
    envelope check per entry of ``envelopes`` (names → JSON Schemas)."""
    text = render(TEMPLATE, model=build_model(objects, envelopes))
    return [Output("generated/myenergi_validators.py", text,
                   (*sources, SOURCE, template_source(TEMPLATE)))]
