"""The unit every sub-compiler hands to :mod:`codegen.emit`: one file's text and its inputs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Output:
    """One generated file, before the generated-file header is put on it."""

    path: str  #: relative to the repository root, e.g. ``generated/payloads.py``
    text: str  #: rendered text without the header
    #: repository-relative inputs whose bytes make up the header hash, e.g.
    #: ``("spec/messages.yaml", "codegen/templates/handlers.py.j2")``;
    #: :data:`codegen.ocpp_schemas.OFFICIAL_SCHEMAS_SOURCE` names the official schemas.
    sources: tuple[str, ...]
