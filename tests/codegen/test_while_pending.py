"""The ``while_pending`` column of spec/messages.yaml: the answers given instead of the handler's
while the registration is Pending (OCPP 1.6 §4.2.1) are a generated table, not runtime code."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.cli import main
from generated.messages import ACTIONS, PENDING_ANSWERS
from generated.validators import validate_response

CHANGE_CONFIGURATION_MAPPING = (
    "unknown\n      keys are answered NotSupported and out-of-range values Rejected.\n    mapping:\n"
)


def test_pending_answers_are_the_rows_with_while_pending() -> None:
    assert dict(PENDING_ANSWERS) == {
        action: row.while_pending for action, row in ACTIONS.items() if row.while_pending
    }
    assert PENDING_ANSWERS["RemoteStartTransaction"] == {"status": "Rejected"}
    assert PENDING_ANSWERS["RemoteStopTransaction"] == {"status": "Rejected"}
    assert ACTIONS["GetConfiguration"].while_pending is None


@pytest.mark.parametrize("action", sorted(PENDING_ANSWERS))
def test_each_pending_answer_is_a_valid_response(action: str) -> None:
    assert validate_response(action, dict(PENDING_ANSWERS[action])) is None
    assert ACTIONS[action].sent_by_central_system


def test_a_new_while_pending_row_reaches_the_generated_table_and_the_page(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = repo_copy / "spec" / "messages.yaml"
    text = spec.read_text()
    assert CHANGE_CONFIGURATION_MAPPING in text
    spec.write_text(
        text.replace(
            CHANGE_CONFIGURATION_MAPPING,
            CHANGE_CONFIGURATION_MAPPING.replace(
                "    mapping:\n", "    while_pending: {status: Rejected}\n    mapping:\n"
            ),
        )
    )
    assert main(["--root", str(repo_copy)]) == 0
    capsys.readouterr()
    messages = (repo_copy / "generated" / "messages.py").read_text()
    table = messages[messages.index("PENDING_ANSWERS:") :]
    assert "'ChangeConfiguration': MappingProxyType({'status': 'Rejected'})," in table
    page = (repo_copy / "docs" / "ocpp-support.md").read_text()
    row = next(line for line in page.splitlines() if "| ChangeConfiguration |" in line)
    assert "while it answers Pending), answered with status Rejected." in row
