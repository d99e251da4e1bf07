"""The official OCPP 1.6 JSON schemas, as shipped in the ``ocpp`` package, plus the spec facts
(origin, feature profile) that the schemas do not carry.

The ``ocpp`` package ships 78 files for 1.6: the 28 actions of OCPP 1.6 edition 2 (draft-04
schemas) and 11 actions of the later security whitepaper (draft-06). Only the 28 are OCPP 1.6
proper, so the draft is what selects them; ``<Action>.json`` is the request and
``<Action>Response.json`` the response.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

#: the name under which the official schemas appear in a generated file's sources
OFFICIAL_SCHEMAS_SOURCE = "ocpp:v16/schemas"
#: the reference facts file, repository-relative, for generated-file sources
REFERENCE_SOURCE = "codegen/reference/ocpp16_actions.yaml"

_DRAFT_04 = "http://json-schema.org/draft-04/schema#"
_REFERENCE_PATH = Path(__file__).parent / "reference" / "ocpp16_actions.yaml"


@dataclass(frozen=True, slots=True)
class ActionSchemas:
    """The request and response schema of one action, and the spec facts about it."""

    action: str
    origin: str  #: "ChargePoint", "CentralSystem" or "Both" (DataTransfer)
    profile: str  #: the feature profile name as in SupportedFeatureProfiles
    request: Mapping[str, Any]
    response: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class OfficialSchemas:
    actions: Mapping[str, ActionSchemas]  #: keyed by action name, sorted
    digest: str  #: sha256 over every schema file and the reference facts, for headers

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.actions)


def _schema_dir() -> Path:
    return Path(str(resources.files("ocpp") / "v16" / "schemas"))


def load_official_schemas() -> OfficialSchemas:
    """Read the 28 OCPP 1.6 actions; raises if the ``ocpp`` package does not have them."""
    schema_dir = _schema_dir()
    raw_files: dict[str, bytes] = {}
    parsed: dict[str, Mapping[str, Any]] = {}
    for path in sorted(schema_dir.glob("*.json")):
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8-sig"))
        if data.get("$schema") != _DRAFT_04:
            continue  # security whitepaper actions, not OCPP 1.6 edition 2
        raw_files[path.name] = raw
        parsed[path.stem] = data
    reference_raw = _REFERENCE_PATH.read_bytes()
    facts: dict[str, dict[str, str]] = yaml.safe_load(reference_raw)["actions"]

    actions: dict[str, ActionSchemas] = {}
    for name in sorted(facts):
        if name not in parsed or f"{name}Response" not in parsed:
            raise RuntimeError(f"the ocpp package has no OCPP 1.6 schema for {name}")
        actions[name] = ActionSchemas(
            action=name,
            origin=facts[name]["origin"],
            profile=facts[name]["profile"],
            request=parsed[name],
            response=parsed[f"{name}Response"],
        )
    if len(actions) != 28:
        raise RuntimeError(f"expected 28 OCPP 1.6 actions, found {len(actions)}")

    digest = hashlib.sha256()
    for name in sorted(raw_files):
        digest.update(name.encode() + b"\0" + raw_files[name])
    digest.update(reference_raw)
    return OfficialSchemas(actions=actions, digest=digest.hexdigest())


def enum_values(schema: Mapping[str, Any], *path: str) -> tuple[str, ...]:
    """The ``enum`` of the property at ``path`` (object properties; arrays are stepped through).

    ``enum_values(status_notification_request, "status")`` → the nine ChargePointStatus values.
    """
    node: Mapping[str, Any] = schema
    for part in path:
        while node.get("type") == "array":
            node = node["items"]
        node = node["properties"][part]
    while node.get("type") == "array":
        node = node["items"]
    return tuple(node["enum"])
