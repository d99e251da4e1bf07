"""``generate --check`` finds every stale, missing and orphan file; ``generate`` fixes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.cli import main
from codegen.emit import HEADER_MARK
from tests.codegen.conftest import REPO


def test_check_passes_on_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", "--root", str(REPO)]) == 0, capsys.readouterr().err


def test_a_spec_edit_makes_the_outputs_stale(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = repo_copy / "spec" / "messages.yaml"
    text = spec.read_text()
    spec.write_text(text.replace("Not supported, as ReserveNow.", "Not supported, as ReserveNow!"))
    assert main(["--check", "--root", str(repo_copy)]) == 1
    err = capsys.readouterr().err
    assert "stale:   docs/ocpp-support.md" in err
    assert "stale:   docs/ocpp-support.html" in err
    assert "stale:   generated/messages.py" in err
    assert "generated/payloads.py" not in err  # not made from the messages table
    assert main(["--root", str(repo_copy)]) == 0
    assert main(["--check", "--root", str(repo_copy)]) == 0
    assert "Not supported, as ReserveNow!" in (repo_copy / "docs" / "ocpp-support.md").read_text()


def test_missing_and_orphan_files_are_listed_then_fixed(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generated = repo_copy / "generated"
    (generated / "config_keys.py").unlink()
    orphan = generated / "old_table.py"
    orphan.write_text(f"# {HEADER_MARK} from spec/old.yaml (sha256:000000000000) -- DO NOT EDIT\n")
    handwritten = generated / "notes.py"
    handwritten.write_text('"""Not generated: no header, so generate leaves it alone."""\n')

    assert main(["--check", "--root", str(repo_copy)]) == 1
    err = capsys.readouterr().err
    assert "missing: generated/config_keys.py" in err
    assert "orphan:  generated/old_table.py" in err
    assert "notes.py" not in err

    assert main(["--root", str(repo_copy)]) == 0
    out = capsys.readouterr().out
    assert "created: generated/config_keys.py" in out
    assert "deleted: generated/old_table.py" in out
    assert not orphan.exists()
    assert handwritten.exists()
    assert (generated / "__init__.py").exists()
    assert main(["--check", "--root", str(repo_copy)]) == 0


def test_a_hand_edit_of_a_generated_file_is_stale(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = repo_copy / "generated" / "config_keys.py"
    target.write_text(target.read_text().replace("default=60", "default=61", 1))
    assert main(["--check", "--root", str(repo_copy)]) == 1
    assert "stale:   generated/config_keys.py" in capsys.readouterr().err


def test_print_matrix_regenerates_and_prints_all_28_actions(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo_copy / "generated" / "messages.py").unlink()
    assert main(["--print-matrix", "--root", str(repo_copy)]) == 0
    out = capsys.readouterr().out
    assert (repo_copy / "generated" / "messages.py").exists()
    rows = [line for line in out.splitlines() if line.startswith(("ChargePoint", "CentralSystem", "Both"))]
    assert len(rows) == 28
    assert any(line.split()[:4] == ["CentralSystem", "GetConfiguration", "Core", "supported"] for line in rows)
    assert "SupportedFeatureProfiles = Core,FirmwareManagement,RemoteTrigger" in out
