"""Shared first step of every table checker: read the YAML file and check it against the JSON
Schema of its format (``spec/schemas/<table>.schema.json``), reporting each violation at the
line of the offending key or item.

jsonschema is the oracle for the format; the table-specific checkers then only see data of the
right shape and can concentrate on meaning (cross-references, OCPP facts).
"""

from __future__ import annotations

import difflib
import json
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jsonschema

from codegen.errors import SpecErrors
from codegen.yamlsource import LineList, LineMap, SourceFile, YamlSyntaxError, load_source


def load_table(path: Path, errors: SpecErrors) -> SourceFile | None:
    """Load one spec file; a missing file or broken YAML is an error, not a traceback."""
    if not path.is_file():
        errors.add(path, 0, "spec file is missing", hint="every table in spec/ is required")
        return None
    try:
        return load_source(path)
    except YamlSyntaxError as exc:
        errors.add(path, exc.line, f"not valid YAML: {exc}")
        return None
    except UnicodeDecodeError as exc:
        errors.add(path, 0, f"not UTF-8 text: {exc}")
        return None


def line_at(data: Any, path: Iterable[str | int]) -> int:
    """The line of the deepest node on ``path`` that carries a line number."""
    line = getattr(data, "line", 0)
    node = data
    for part in path:
        if isinstance(node, LineMap) and isinstance(part, str) and part in node:
            line = node.line_of(part)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


def _extra_keys(error: jsonschema.ValidationError) -> tuple[list[str], list[str]]:
    """For an additionalProperties error: (unexpected keys, allowed keys)."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    allowed = sorted(schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [k for k in instance if k not in allowed], allowed


def _hint(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        extra, allowed = _extra_keys(error)
        guesses = [g for k in extra for g in difflib.get_close_matches(k, allowed, n=1)]
        if guesses:
            suggestion = ", ".join(repr(g) for g in guesses)
            return f"did you mean {suggestion}? allowed: {', '.join(allowed)}"
        return f"allowed keys: {', '.join(allowed)}"
    if error.validator == "enum" and isinstance(error.validator_value, list):
        return f"allowed values: {', '.join(map(str, error.validator_value))}"
    if error.validator == "required":
        return "see the table's description in README.md"
    return ""


def check_format(source: SourceFile, schema_path: Path, errors: SpecErrors) -> bool:
    """Validate ``source`` against its format schema; True when it has no format errors."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    found = False
    for error in sorted(validator.iter_errors(source.data), key=lambda e: list(map(str, e.path))):
        found = True
        where = "/".join(str(p) for p in error.path) or "(top level)"
        path: list[str | int] = list(deque(error.path))
        if error.validator == "additionalProperties":
            extra, _ = _extra_keys(error)
            path += extra[:1]  # point at the unexpected key itself
        errors.add(
            source.path,
            line_at(source.data, path),
            f"{where}: {error.message}",
            hint=_hint(error),
        )
    return not found
