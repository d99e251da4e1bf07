"""The change report: what operators will notice, one line per change, before anything is written.

It compares two manifests (:mod:`codegen.manifest`): the one the committed generated files came
from and the one the spec makes now. Like a breaking-change check for a schema, it names the
consequence, not the edit: "zappis on older firmware now answer NotSupported", not "line 208
changed". Edits no operator can observe (a comment, a note, which release a row is listed under
when its gate stays the same) report nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from codegen.manifest import PATH, Facts
from codegen.release_history import dotted

Section = Mapping[str, Any]


def report(old: Facts, new: Facts) -> list[str]:
    """Every operator-visible difference between the recorded facts and the new ones."""
    return [
        *_actions(old["actions"], new["actions"]),
        *_fixed_answers(old["fixed_answers"], new["fixed_answers"]),
        *_config_keys(old["config_keys"], new["config_keys"]),
        *_measurands(old["measurands"], new["measurands"]),
        *_status(old["status"], new["status"]),
    ]


def text(old: Facts | None, new: Facts) -> str:
    """The report as ``generate`` prints it."""
    unreadable = f"No readable {PATH} to compare with: this generate starts the change report."
    if old is None:
        return unreadable
    try:
        lines = report(old, new)
    except (KeyError, TypeError, AttributeError):  # a hand-edited snapshot of the right format
        return unreadable
    if not lines:
        return f"No changes for operators since {PATH}."
    heading = f"Changes for operators since {PATH} ({len(lines)}):"
    return "\n".join([heading, *(f"  {line}" for line in lines)])


# ---- actions ----------------------------------------------------------------------------------


def _actions(old: Section, new: Section) -> Iterator[str]:
    gates: list[list[int]] = [a["gate"] for a in new.values() if a["status"] == "supported"]
    floor = min(gates, default=[])
    for name in sorted(new):
        was, now = old.get(name), new[name]
        if was is not None and was != now:
            change = _action_change(was, now, floor)
            if change:
                yield f"action {name}: {change}"


def _action_change(was: Section, now: Section, floor: list[int]) -> str:
    """One action's change; gates are firmware versions as lists of numbers ([] for none)."""
    if now["origin"] != "ChargePoint":
        handled, refused, newly, still = (
            "handled",
            "answered NotSupported",
            "now answer NotSupported",
            "still answer NotSupported",
        )
    else:
        handled, refused, newly, still = ("sent", "not sent", "no longer send it", "never send it")
    before, after = was["status"], now["status"]
    since_was, since_now = dotted(tuple(was["gate"])), dotted(tuple(now["gate"]))
    if before == after == "supported":
        if since_was == since_now:
            return ""
        if now["gate"] > was["gate"]:
            consequence = f"zappis on older firmware {newly}"
        else:
            consequence = f"zappis on {since_now} or later now get it"
        return f"{handled} from firmware {since_now} (was {since_was}); {consequence}"
    if after == "supported":
        older = f"; zappis on older firmware {still}" if now["gate"] > floor else ""
        return f"now {handled} from firmware {since_now} (was {before}, {refused}){older}"
    if before == "supported":
        return f"now {after}, {refused} (was {handled} from firmware {since_was})"
    planned = f" for firmware {since_now}" if since_now else ""
    planned_was = f" for firmware {since_was}" if since_was else ""
    return f"{after}{planned} (was {before}{planned_was}); still {refused}"


# ---- fixed answers, configuration keys, measurands ----------------------------------------


def _fixed_answers(old: Section, new: Section) -> Iterator[str]:
    for key in sorted(set(old) | set(new)):
        was, now = old.get(key), new.get(key)
        if was == now:
            continue
        if was is None:
            yield f"fixed answer {key}: always {now}"
        elif now is None:
            yield f"fixed answer {key}: no longer fixed (was {was})"
        else:
            yield f"fixed answer {key}: {now} (was {was})"


def _shown(value: object) -> str:
    return "none" if value in (None, "") else str(value)


def _difference(was: str | None, now: str | None) -> str:
    """``60 (was 30)``; for lists (a csl default, allowed values) only what came and went."""
    items_was, items_now = _items(was), _items(now)
    gained = [item for item in items_now if item not in items_was]
    lost = [item for item in items_was if item not in items_now]
    if max(len(items_was), len(items_now)) > 1 and (gained or lost):
        parts = ([f"adds {', '.join(gained)}"] if gained else []) + (
            [f"drops {', '.join(lost)}"] if lost else []
        )
        return "; ".join(parts)
    return f"{_shown(now)} (was {_shown(was)})"


def _items(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _config_keys(old: Section, new: Section) -> Iterator[str]:
    for name in sorted(set(old) | set(new), key=str.lower):
        if name not in old:
            access, default = new[name]["access"], _shown(new[name]["default"])
            yield f"config key {name}: added ({access}, default {default})"
            continue
        if name not in new:
            yield f"config key {name}: removed"
            continue
        was, now = old[name], new[name]
        for column in ("type", "access", "default", "allowed"):
            if was[column] != now[column]:
                yield f"config key {name}: {column} {_difference(was[column], now[column])}"
        if was["reboot_required"] != now["reboot_required"]:
            answer = "now needs a reboot" if now["reboot_required"] else "no longer needs a reboot"
            yield f"config key {name}: a change {answer}"


def _measurands(old: Section, new: Section) -> Iterator[str]:
    sent_was, sent_now = old["sent"], new["sent"]
    for label in sent_now:
        if label not in sent_was:
            yield f"measurand {label}: now sent ({_shown(sent_now[label])})"
        elif sent_was[label] != sent_now[label]:
            yield (
                f"measurand {label}: unit {_shown(sent_now[label])} "
                f"(was {_shown(sent_was[label])})"
            )
    for label in sent_was:
        if label not in sent_now:
            left_out = " (left out)" if label.split(" (")[0] in new["left_out"] else ""
            yield f"measurand {label}: no longer sent{left_out}"


# ---- the status table -----------------------------------------------------------------------


def _status(old: Section, new: Section) -> Iterator[str]:
    rows_was = {when: result for when, result in old["rows"]}
    rows_now = {when: result for when, result in new["rows"]}
    for when, result in rows_now.items():
        if when not in rows_was:
            yield f"StatusNotification when {when}: {result} (a new row)"
        elif rows_was[when] != result:
            yield f"StatusNotification when {when}: {result} (was {rows_was[when]})"
    for when, result in rows_was.items():
        if when not in rows_now:
            yield (
                f"StatusNotification when {when}: row removed (was {result}); "
                "those states now take a later row"
            )
    yield from _moved(
        [w for w in rows_was if w in rows_now], [w for w in rows_now if w in rows_was]
    )
    for key in sorted(set(old["faults"]) | set(new["faults"])):
        was, now = old["faults"].get(key), new["faults"].get(key)
        if was != now:
            yield f"StatusNotification for {key}: Faulted with {_shown(now)} (was {_shown(was)})"
    for key in sorted(set(old["connector_zero"]) | set(new["connector_zero"])):
        was, now = old["connector_zero"].get(key), new["connector_zero"].get(key)
        if was != now:
            yield (
                f"StatusNotification of connector 0 when connector 1 is {key}: "
                f"{_shown(now)} (was {_shown(was)})"
            )


def _moved(order_was: list[str], order_now: list[str]) -> Iterator[str]:
    """Rows both tables have, checked in another order: the first match wins, so a moved row
    may take states from the rows it now precedes."""
    matcher = difflib.SequenceMatcher(a=order_was, b=order_now, autojunk=False)
    kept = {
        when
        for block in matcher.get_matching_blocks()
        for when in order_now[block.b : block.b + block.size]
    }
    for index, when in enumerate(order_now):
        if when not in kept:
            after = order_now[index + 1] if index + 1 < len(order_now) else None
            where = f"before the row for {after}" if after else "last"
            yield f"StatusNotification when {when}: row moved, now checked {where}"
