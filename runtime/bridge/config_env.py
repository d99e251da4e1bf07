"""``${NAME}`` in a config value: the value comes from the environment variable ``NAME``.

This is how secrets stay out of the config file, so the file can live in a Kubernetes
ConfigMap or under version control while the storage password, hub API keys and CSMS
passwords come from a Secret or a systemd ``EnvironmentFile`` (see deploy/):

    storage:
      url: postgresql://zappi:${ZAPPI_DB_PASSWORD}@db.example:5432/zappi_ocpp

Rules, chosen so that a mistake is loud and a value can never change the file's shape:

* only string values are expanded, after YAML parsing (keys are not; a variable holding
  ``"a: b"`` stays one string);
* ``$${`` is a literal ``${``, and so is one spelt with a YAML escape (``"\\x24{"``: the
  file is only walked when its text holds ``${``); any other ``${`` that opens no
  ``${NAME}`` reference is a problem, so a typo never sends ``${ZAPPI_KEY`` as a password;
* an unset variable is a problem naming the key and the variable, never a silent empty value.
  An empty variable is used as given (the schema then says what it thinks of ``''``);
* a reload (SIGHUP) expands again with the process's environment, which does not change
  while it runs: a new secret in the environment needs a restart.

Secret values are masked in logs by the config loader per key (``runtime.logs``), whichever
way they reached the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["expand_environment"]

_REFERENCE = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{")

#: (where in the document, as config.py's key path, what is wrong)
Problem = tuple[tuple[str | int, ...], str]


def _expand(text: str, where: tuple[str | int, ...], environ: Mapping[str, str],
            problems: list[Problem]) -> str:  # fmt: skip
    def one(match: re.Match[str]) -> str:
        whole, name = match.group(0), match.group(1)
        if whole == "$${":
            return "${"
        if name is None:
            problems.append((where, "'${' opens no ${NAME} reference (write $${ for a literal ${)"))
            return whole
        if name not in environ:
            problems.append((where, f"environment variable {name} is not set"))
            return whole
        return environ[name]

    return _REFERENCE.sub(one, text)


def expand_environment(
    data: Any, environ: Mapping[str, str], where: tuple[str | int, ...] = ()
) -> tuple[Any, list[Problem]]:
    """``data`` (parsed YAML) with every ``${NAME}`` in its string values replaced, and the
    problems found, every one of them."""
    problems: list[Problem] = []
    if isinstance(data, str):
        return (_expand(data, where, environ, problems) if "${" in data else data), problems
    if isinstance(data, dict):
        expanded: dict[Any, Any] = {}
        for key, value in data.items():
            expanded[key], found = expand_environment(value, environ, (*where, key))
            problems += found
        return expanded, problems
    if isinstance(data, list):
        items = []
        for i, value in enumerate(data):
            item, found = expand_environment(value, environ, (*where, i))
            items.append(item)
            problems += found
        return items, problems
    return data, problems
