"""The one jinja2 environment every template is rendered with, and the naming filters.

StrictUndefined turns a misspelt variable into an error instead of an empty string; autoescape
is off on purpose because we emit Python, Markdown and (escaped explicitly) HTML. Helpers are
plain Python functions registered as filters so they can be unit-tested without jinja.
"""

from __future__ import annotations

import dataclasses
import enum
import keyword
import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATE_DIR = Path(__file__).parent / "templates"
#: the hand-written package whose row types the generated modules hold
ROWS_PACKAGE = "rows."

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    """``chargePointSerialNumber`` → ``charge_point_serial_number``; ``RemoteStartTransaction``
    → ``remote_start_transaction``; ``Energy.Active.Import.Register`` →
    ``energy_active_import_register``. Python keywords get a trailing underscore."""
    words = re.split(r"[^A-Za-z0-9]+", _WORD_BOUNDARY.sub("_", name))
    result = "_".join(w.lower() for w in words if w)
    if result and result[0].isdigit():
        result = f"_{result}"
    return f"{result}_" if keyword.iskeyword(result) else result


def camel_case(name: str) -> str:
    """``charge_point_serial_number`` → ``chargePointSerialNumber``."""
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(w[:1].upper() + w[1:] for w in rest)


def class_name(name: str) -> str:
    """``Energy.Active.Import.Register`` or ``charge point status`` → ``EnergyActiveImportRegister``
    / ``ChargePointStatus``; an existing CamelCase name is kept."""
    words = re.split(r"[^A-Za-z0-9]+", name)
    return "".join(w[:1].upper() + w[1:] for w in words if w)


def enum_member(value: str) -> str:
    """An UPPER_SNAKE enum member name for a wire value: ``SuspendedEVSE`` → ``SUSPENDED_EVSE``,
    ``Sample.Periodic`` → ``SAMPLE_PERIODIC``, ``L1-N`` → ``L1_N``."""
    return snake_case(value).rstrip("_").upper() or "EMPTY"


def py_literal(value: Any) -> str:
    """A deterministic Python literal for YAML-ish data (dicts keep their insertion order,
    which the models make sorted); repr() of str/int/float/bool/None is already stable.

    A row of the :mod:`rows` package becomes its constructor call with keyword arguments and an
    enum member its qualified name, so a template writes ``source={{ row.source | py }}`` for
    every kind of source instead of branching on the kind; the generated module imports the
    classes. A frozenset is written sorted, so its literal does not depend on the hash seed."""
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not type(value).__module__.startswith(ROWS_PACKAGE):
            raise TypeError(f"{type(value).__qualname__} is not a row of {ROWS_PACKAGE}*")
        arguments = ", ".join(
            f"{f.name}={py_literal(getattr(value, f.name))}" for f in dataclasses.fields(value)
        )
        return f"{type(value).__name__}({arguments})"
    if isinstance(value, frozenset):
        items = sorted(value, key=lambda item: (type(item).__name__, item))
        inner = ", ".join(py_literal(v) for v in items)
        return f"frozenset({{{inner}}})" if items else "frozenset()"
    if isinstance(value, dict):
        inner = ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        if len(value) == 1:
            return f"({py_literal(value[0])},)"
        return "(" + ", ".join(py_literal(v) for v in value) + ")"
    return repr(value)


def from_import(names: list[str], module: str) -> str:
    """``from <module> import <names>`` as the import sorter (ruff's isort rules) writes it:
    sorted, on one line when it fits in 100 characters, else one name per line."""
    ordered = sorted(set(names))
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= 100:
        return line
    return f"from {module} import (\n" + "".join(f"    {n},\n" for n in ordered) + ")"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        snake_case=snake_case,
        camel_case=camel_case,
        class_name=class_name,
        enum_member=enum_member,
        py=py_literal,
        from_import=from_import,
    )
    return env


def render(template_name: str, **context: Any) -> str:
    """Render one template from ``codegen/templates``."""
    return environment().get_template(template_name).render(**context)


def template_source(template_name: str) -> str:
    """Repository-relative name of a template, for an :class:`~codegen.output.Output`'s sources."""
    return f"codegen/templates/{template_name}"
