"""The manifest: a plain snapshot of what operators see, written with the generated files.

``generated/manifest.py`` holds one literal, :data:`VARIABLE`, made by :func:`operator_facts`:
each action's support status and firmware gate, the fixed answers, each configuration key's
type, access, default and range, the measurands sent, and the StatusNotification each row of
the status table produces. The next ``generate`` compares the new model with it
(:mod:`codegen.change_report`), so the compiler needs no git to say what changed; and because
the snapshot holds only strings, the report never depends on how the models are shaped.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from codegen.model import SpecModel
from codegen.output import Output
from codegen.tables.myenergi import MyenergiModel
from codegen.tables.since_firmware import measurand_label
from codegen.tables.status import StatusModel
from rows.messages import ActionRow, FieldValue, to_text
from rows.status import Bits, Condition, FieldIn, InputIn, IsFault, StatusRow

PATH = "generated/manifest.py"
VARIABLE = "OPERATOR_FACTS"
#: bumped when the snapshot's layout changes; an older manifest is then not compared
FORMAT = 2
_WIDTH = 96
SOURCES = (
    "spec/releases.yaml",
    "spec/messages.yaml",
    "spec/config_keys.yaml",
    "spec/measurands.yaml",
    "spec/status.yaml",
    "spec/myenergi.yaml",
    "codegen/manifest.py",
)

Facts = dict[str, Any]


def operator_facts(spec: SpecModel, status: StatusModel, myenergi: MyenergiModel) -> Facts:
    """The one place that reads the models: everything else sees these strings."""
    rows = spec.messages.rows
    return {
        "format": FORMAT,
        "actions": {
            r.action: {
                "origin": str(r.origin),
                "status": str(r.status),
                "gate": list(r.since_firmware or ()),
            }
            for r in rows
        },
        "fixed_answers": dict(_fixed_answers(rows)),
        "config_keys": {
            k.name: {
                "type": str(k.type),
                "access": str(k.access),
                "default": k.wire_default,
                "allowed": k.allowed_text,
                "reboot_required": k.reboot_required,
            }
            for k in spec.config_keys.keys
        },
        "measurands": {
            "sent": {
                measurand_label(m.measurand, m.phase, m.location): m.unit or ""
                for m in spec.measurands.rows
            },
            "left_out": sorted(spec.measurands.left_out),
        },
        "status": {
            "rows": [[_when(row, myenergi), _result(row)] for row in status.rows],
            "faults": {
                f"zsh {f.zsh} {f.name}": _error(f.error_code, f.vendor_error_code)
                for f in status.faults.values()
            },
            "connector_zero": dict(status.connector_zero),
        },
    }


def _fixed_answers(rows: tuple[ActionRow, ...]) -> list[tuple[str, str]]:
    """What an action always answers, or, sent by the charge point, always carries."""
    found = []
    for row in rows:
        if row.mapping.fixed_fields:
            label = f"{row.action} (sent)" if row.origin == "ChargePoint" else row.action
            found.append((label, _fields(row.mapping.fixed_fields)))
        if row.while_pending is not None:
            found.append((f"{row.action} while Pending", row.while_pending_text))
    return found


def _fields(fields: Mapping[str, FieldValue]) -> str:
    return ", ".join(f"{field} {to_text(value)}" for field, value in fields.items())


def _when(row: StatusRow, myenergi: MyenergiModel) -> str:
    return ", ".join(_condition(c, myenergi) for c in row.conditions) or "anything else"


def _condition(condition: Condition, myenergi: MyenergiModel) -> str:
    if isinstance(condition, InputIn):
        return f"{condition.name} {'/'.join(sorted(condition.values))}"
    if isinstance(condition, IsFault):
        return "a zsh fault" if condition.expected else "no zsh fault"
    values = myenergi.enumerations.get(condition.field)
    names = {v.value: v.name for v in values.values} if values else {}
    if isinstance(condition, FieldIn):
        spelt = [
            "missing" if v is None else (names.get(v, str(v)) if isinstance(v, int) else str(v))
            for v in sorted(condition.values, key=_code_order)
        ]
        return f"{condition.field} {'/'.join(spelt)}"
    if isinstance(condition, Bits):
        parts = []
        for word, mask in (("set", condition.set_mask), ("clear", condition.clear_mask)):
            bits = [n for value, n in names.items() if isinstance(value, int) and value & mask]
            if bits:
                parts.append(f"{word} {'/'.join(bits)}")
        return f"{condition.field} {' '.join(parts)}"
    unit = myenergi.fields[condition.field].si_unit if condition.field in myenergi.fields else ""
    low, high = condition.minimum, condition.maximum
    if low is None and high is None:
        bound = "any value"
    elif high is None:
        bound = f"≥ {low:g}"
    elif low is None:
        bound = f"≤ {high:g}"
    else:
        bound = f"{low:g}–{high:g}"
    return f"{condition.field} {bound}{f' {unit}' if unit else ''}"


def _code_order(value: int | str | None) -> tuple[int, str, int]:
    """Coded values in a stable order (a condition holds them in a frozenset): numbers by
    value, then text, then missing."""
    if value is None:
        return (2, "", 0)
    return (0, "", value) if isinstance(value, int) else (1, value, 0)


def _error(error_code: str, vendor_error_code: str | None) -> str:
    return error_code + (f", vendorErrorCode {vendor_error_code!r}" if vendor_error_code else "")


def _result(row: StatusRow) -> str:
    if row.error_from_faults:
        text = f"{row.status}, errorCode of the zsh fault"
    elif row.error_code != "NoError" or row.vendor_error_code:
        text = f"{row.status}, {_error(row.error_code, row.vendor_error_code)}"
    else:
        text = row.status
    return text + (f", info {row.info!r}" if row.info else "")


def outputs(facts: Facts) -> list[Output]:
    text = (
        '"""What operators see, as this generate recorded it (spec/releases.yaml, messages,\n'
        "configuration keys, measurands, status): the next ``zappi-ocpp generate`` reports\n"
        'every change against it. Made by codegen/manifest.py; nothing imports it."""\n\n'
        f"{VARIABLE}: dict[str, object] = {_literal(facts)}\n"
    )
    return [Output(PATH, text, SOURCES)]


def _literal(value: object, depth: int = 0) -> str:
    """A Python literal with one item per line wherever a container would not fit on one, so
    a diff of the manifest reads like the change report."""
    flat = repr(value)
    if len(flat) + 4 * depth < _WIDTH or not isinstance(value, dict | list) or not value:
        return flat
    pad = "    " * (depth + 1)
    if isinstance(value, dict):
        items = [f"{pad}{key!r}: {_literal(item, depth + 1)},\n" for key, item in value.items()]
        return "{\n" + "".join(items) + "    " * depth + "}"
    items = [f"{pad}{_literal(item, depth + 1)},\n" for item in value]
    return "[\n" + "".join(items) + "    " * depth + "]"


def read(root: Path) -> Facts | None:
    """The snapshot the committed generated files came from; None when there is none (or it
    is not one this compiler can read). Parsed, never imported: ``root`` may be a copy."""
    try:
        tree = ast.parse((root / PATH).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    for node in tree.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == VARIABLE
            and node.value is not None
        ):
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, SyntaxError):
                return None
            return value if isinstance(value, dict) and value.get("format") == FORMAT else None
    return None
