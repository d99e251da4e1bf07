"""docs/operation.md stays true to what it describes: every config key of the schema, every
row of the status table, and the log events the bridge emits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from generated.status_table import ROWS

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "operation.md").read_text(encoding="utf-8")


def _schema_keys(schema: dict[str, object], prefix: str = "") -> list[str]:
    keys = []
    properties = schema.get("properties", {})
    assert isinstance(properties, dict)
    for name, sub in properties.items():
        path = f"{prefix}{name}"
        if isinstance(sub, dict) and sub.get("type") == "object":
            keys += _schema_keys(sub, f"{path}.")
        elif isinstance(sub, dict) and sub.get("type") == "array":
            items = sub["items"]
            assert isinstance(items, dict)
            keys += _schema_keys(items, f"{path}[].") if "properties" in items else [path]
        else:
            keys.append(path)
    return keys


def test_every_config_key_is_documented() -> None:
    schema = json.loads((REPO / "runtime" / "bridge" / "config.schema.json").read_text())
    keys = _schema_keys(schema)
    assert "chargers[].pin_id_tag" in keys and "storage.path" in keys
    missing = [k for k in keys if f"| `{k}` |" not in DOC]
    assert missing == []


def test_the_example_config_is_the_issue_example_and_loads() -> None:
    from runtime.bridge.config import parse_config

    example = DOC.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert yaml.safe_load(example)["chargers"][0]["pin_id_tag"] == "VTAG21000001"
    parse_config(example, REPO / "bridge.yaml")


def test_every_status_row_is_explained() -> None:
    table = DOC.split("## What each status means for a zappi", 1)[1]
    rows = re.findall(r"^\|\s*(\w+)\s*\|([^|]*)\|", table, flags=re.MULTILINE)
    documented = {(status, info.strip()) for status, info in rows}
    for row in ROWS:
        infos = {info for status, info in documented if status == row.status}
        assert infos, f"{row.status} is not explained"
        if row.info:
            assert any(row.info in info for info in infos), f"{row.status} / {row.info}"


def test_logged_events_are_documented() -> None:
    sources = "\n".join(p.read_text() for p in (REPO / "runtime" / "bridge").glob("*.py"))
    names = set(re.findall(r'(?:event\(\s*log|self\._log)\(?,?\s*"([a-z_.]+)"', sources))
    assert {"charger.ineligible", "hub.key_rejected", "transaction.stopped"} <= names
    undocumented = sorted(n for n in names if f"`{n}`" not in DOC)
    assert undocumented == []
