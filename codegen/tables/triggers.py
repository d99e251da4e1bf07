"""What TriggerMessage may request (OCPP 1.6 §5.17), from the messages table, checked against
the builders the runtime has.

The triggerable set is every requestedMessage value of the official schema (§7.44
MessageTrigger) whose action the table supports, and nothing when TriggerMessage itself is not
supported; the runtime answers everything else NotImplemented. A triggerable message needs a
builder (:data:`rows.hooks.TRIGGER_BUILDERS`, imported without ``generated/``), or the
bridge would answer Accepted and send nothing; a builder must name a message TriggerMessage can
request at all. A builder whose message the table leaves unsupported stays unused: making a
message untriggerable is a spec edit alone.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path

from codegen.errors import SpecErrors
from codegen.ocpp_schemas import OfficialSchemas, enum_values
from rows import hooks
from rows.messages import ActionRow

__all__ = ["check_builders", "triggerable"]

TRIGGER_ACTION = "TriggerMessage"


def requestable(schemas: OfficialSchemas) -> tuple[str, ...]:
    """The requestedMessage values of the official TriggerMessage.req schema."""
    return tuple(enum_values(schemas.actions[TRIGGER_ACTION].request, "requestedMessage"))


def triggerable(rows: Iterable[ActionRow], schemas: OfficialSchemas) -> tuple[str, ...]:
    """The requestedMessage values whose action the table supports, sorted; none when
    TriggerMessage is not supported."""
    supported = {row.action for row in rows if row.supported}
    if TRIGGER_ACTION not in supported:
        return ()
    return tuple(sorted(m for m in requestable(schemas) if m in supported))


def check_builders(
    path: Path,
    row_lines: Mapping[str, int],
    messages: Iterable[str],
    schemas: OfficialSchemas,
    errors: SpecErrors,
) -> None:
    """Every triggerable message has a builder (reported at its row), and every builder names
    a message TriggerMessage can request (reported at the TriggerMessage row)."""
    builders = hooks.TRIGGER_BUILDERS
    where = "runtime/bridge/triggers.py (listed in rows/hooks.py TRIGGER_BUILDERS)"
    for message in messages:
        if message not in builders:
            errors.add(
                path,
                row_lines.get(message, 0),
                f"TriggerMessage may request {message} (supported), but the runtime has no "
                "builder for it: it would answer Accepted and send nothing",
                hint=f"add a builder in {where}, or make {message} unsupported",
            )
    allowed = requestable(schemas)
    for builder in sorted(builders - set(allowed)):
        close = difflib.get_close_matches(builder, allowed, n=1)
        guess = f"did you mean {close[0]!r}?" if close else ""
        errors.add(
            path,
            row_lines.get(TRIGGER_ACTION, 0),
            f"the runtime has a TriggerMessage builder for {builder!r}, which TriggerMessage "
            "cannot request (OCPP 1.6 §7.44 MessageTrigger)",
            hint=guess or "requestable: " + ", ".join(allowed),
        )
