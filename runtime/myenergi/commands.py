"""The request path of a myenergi command, from its row in spec/myenergi.yaml.

Every argument is checked against the row's parameter (type, allowed values, range, pattern)
before a path is built, so an out-of-range value never reaches the cloud; a parameter with a
default may be left out (``unlock``'s flag string, ref §3).
"""

from __future__ import annotations

import re

from rows.myenergi import Command, CommandParameter

__all__ = ["CommandArgumentError", "command_path", "parameter_problem"]


class CommandArgumentError(ValueError):
    """A command was asked for with a parameter outside the table's range; never sent."""


def parameter_problem(parameter: CommandParameter, value: object) -> str | None:
    """Why ``value`` is not acceptable for ``parameter``, or None when it is."""
    name = parameter.name
    want = int if parameter.type == "integer" else str
    if not isinstance(value, want) or isinstance(value, bool):
        return f"{name} must be {parameter.type}, got {value!r}"
    if parameter.allowed and value not in parameter.allowed:
        return f"{name} must be one of {', '.join(map(str, parameter.allowed))}, got {value!r}"
    if isinstance(value, int):
        if parameter.minimum is not None and value < parameter.minimum:
            return f"{name} must be at least {parameter.minimum}, got {value}"
        if parameter.maximum is not None and value > parameter.maximum:
            return f"{name} must be at most {parameter.maximum}, got {value}"
    if parameter.pattern is not None and not re.fullmatch(parameter.pattern, str(value)):
        return f"{name} must match {parameter.pattern}, got {value!r}"
    return None


def command_path(command: Command, serial: int | str, **arguments: int | str) -> str:
    """The request path of ``command`` for the zappi ``serial``; raises
    :class:`CommandArgumentError` for an unknown, missing or bad argument."""
    names = {p.name for p in command.parameters}
    unknown = sorted(set(arguments) - names)
    if unknown:
        raise CommandArgumentError(f"{command.name}: unknown parameter(s) {', '.join(unknown)}")
    values: dict[str, int | str] = {}
    for parameter in command.parameters:
        value = arguments.get(parameter.name, parameter.default)
        if value is None:
            raise CommandArgumentError(f"{command.name}: missing parameter {parameter.name}")
        problem = parameter_problem(parameter, value)
        if problem is not None:
            raise CommandArgumentError(f"{command.name}: {problem}")
        values[parameter.name] = value
    return command.url_template.format(serial=serial, **values)
