"""YAML loading that remembers where every mapping, sequence and key came from.

The checker must report ``spec/messages.yaml:41`` rather than "row 7", so the loader returns
:class:`Node` dictionaries and lists that carry the line of each entry and of each key.
Values stay plain Python (str, int, float, bool, None) so the checkers read naturally.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class LineMap(dict[str, Any]):
    """A YAML mapping; ``line`` is where it starts, ``key_lines[k]`` where key ``k`` is."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A YAML sequence; ``line`` is where it starts, ``item_lines[i]`` where item ``i`` is."""

    line: int
    item_lines: list[int]


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One loaded spec file: its path, raw bytes (for the source hash) and its parsed tree."""

    path: Path
    raw: bytes
    data: Any


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that builds LineMap/LineList and refuses duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMap:
    result = LineMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlSyntaxError(Exception):
    """The file is not YAML; ``line`` points at the problem."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(message)


def load_yaml_text(text: str) -> Any:
    """Parse YAML text into LineMap/LineList trees; raises :class:`YamlSyntaxError`."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise YamlSyntaxError(line, f"{exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(0, str(exc)) from exc


def load_source(path: Path) -> SourceFile:
    raw = path.read_bytes()
    return SourceFile(path=path, raw=raw, data=load_yaml_text(raw.decode("utf-8")))
