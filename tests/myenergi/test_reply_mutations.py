"""Property: recorded ``cgi-jstatus`` replies from ../shared/fixtures/myenergi, mutated by
hypothesis, never make the parser raise anything but its own error type, and the objects a
mutation did not touch still parse exactly as before (bad data stays with its zappi)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from myenergi_helpers import SHARED_FIXTURES, load

from generated.myenergi import ZAPPI_FIELDS
from rows.myenergi import IfBad
from runtime.myenergi.errors import MyenergiError
from runtime.myenergi.status import StatusReply, parse_status_reply

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-300, 2**33), st.floats(allow_nan=True),
    st.sampled_from(["", "banana", "12,5", "3", "-1", "A", "Z9", "3562S5.782"]),
    st.text(max_size=8),
)  # fmt: skip
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=5,
)


def _groups(reply: Any) -> list[Any]:
    return reply if isinstance(reply, list) else [reply]


def _replies() -> list[tuple[str, Any]]:
    found = []
    for path in sorted(Path(SHARED_FIXTURES).glob("*.json")):
        data = load(path)
        data = data["devices"] if isinstance(data, dict) and "devices" in data else data
        if any(isinstance(g, dict) and g.get("zappi") for g in _groups(data)):
            found.append((path.name, data))
    return found


REPLIES = _replies()


def _slots(reply: Any) -> list[tuple[int, int]]:
    """(group, index) of every zappi object of a reply."""
    return [(g, i) for g, group in enumerate(_groups(reply)) if isinstance(group, dict)
            for i in range(len(group.get("zappi", [])))]  # fmt: skip


@st.composite
def mutated_objects(draw: st.DrawFn) -> tuple[str, Any, set[tuple[int, int]]]:
    """A recorded reply with some zappi objects mutated; which ones."""
    name, original = draw(st.sampled_from(REPLIES))
    reply = copy.deepcopy(original)
    slots = _slots(reply)
    touched = set(draw(st.lists(st.sampled_from(slots), min_size=1, max_size=len(slots))))
    fields = sorted(ZAPPI_FIELDS)
    deciding = sorted(n for n, row in ZAPPI_FIELDS.items() if row.if_bad is IfBad.MALFORMED)
    for g, i in sorted(touched):
        zappis = _groups(reply)[g]["zappi"]
        for _ in range(draw(st.integers(1, 3))):
            obj = zappis[i]
            kind = draw(st.sampled_from(["set", "delete", "quote", "replace", "junk"]))
            event(f"mutation: {kind}")
            if not isinstance(obj, dict) or kind == "replace":
                zappis[i] = draw(JSON_VALUES)
            elif kind == "set":
                obj[draw(st.sampled_from(draw(st.sampled_from([fields, deciding]))))] = draw(
                    JSON_VALUES
                )
            elif kind == "delete" and obj:
                obj.pop(draw(st.sampled_from(sorted(obj))))
            elif kind == "quote":
                numbers = sorted(k for k, v in obj.items() if type(v) in (int, float))
                if numbers:
                    key = draw(st.sampled_from(numbers))
                    obj[key] = str(obj[key])
            else:
                obj[draw(st.text(min_size=1, max_size=6))] = draw(JSON_VALUES)
    return name, reply, touched


def _serial_claimed(value: object) -> str | None:
    sno = value.get("sno") if isinstance(value, dict) else None
    return None if sno is None else str(sno).strip()


@SETTINGS
@given(case=mutated_objects())
def test_a_mutated_object_stays_with_its_zappi(case: tuple[str, Any, set[tuple[int, int]]]) -> None:
    name, reply, touched = case
    baseline = parse_status_reply(dict(REPLIES)[name], "h", name)
    parsed = parse_status_reply(reply, "h", name)  # the envelope is intact: nothing raises
    assert isinstance(parsed, StatusReply)
    claimed = {_serial_claimed(_groups(reply)[g]["zappi"][i]) for g, i in touched}
    healthy = [
        str(_groups(reply)[g]["zappi"][i]["sno"]) for g, i in _slots(reply) if (g, i) not in touched
    ]
    for serial in healthy:
        if serial not in claimed:  # a mutated object may take a healthy one's serial
            assert parsed[serial] == baseline[serial]
    for problem in (*parsed.malformed.values(), *parsed.unidentified):
        assert problem.field == "" or problem.field in ZAPPI_FIELDS
        assert problem.where.startswith(("[", "zappi["))
    event(f"malformed {len(parsed.malformed)}, unidentified {len(parsed.unidentified)}, "
          f"with fields ignored {len(parsed.ignored)}")  # fmt: skip


@st.composite
def mutated_envelopes(draw: st.DrawFn) -> tuple[str, Any]:
    """A recorded reply whose envelope may be broken: a group, a zappi list or the whole reply
    replaced by any JSON value, or a group turned into a list."""
    name, original = draw(st.sampled_from(REPLIES))
    reply = copy.deepcopy(original)
    groups = _groups(reply)
    kind = draw(st.sampled_from(["reply", "group", "zappi list", "wrap"]))
    event(f"envelope: {kind}")
    if kind == "reply":
        return name, draw(JSON_VALUES)
    index = draw(st.integers(0, len(groups) - 1))
    if kind == "group":
        groups[index] = draw(JSON_VALUES)
    elif kind == "zappi list" and isinstance(groups[index], dict):
        groups[index]["zappi"] = draw(JSON_VALUES)
    else:
        groups[index] = [groups[index]]
    return name, reply if isinstance(reply, list) else groups[0]


@SETTINGS
@given(case=mutated_envelopes())
def test_a_broken_envelope_raises_only_the_parser_s_error(case: tuple[str, Any]) -> None:
    name, reply = case
    try:
        parsed = parse_status_reply(reply, "h", name)
    except MyenergiError as exc:
        event(type(exc).__name__)
        assert exc.hub == "h"
    else:
        event("parsed")
        assert isinstance(parsed, StatusReply)
