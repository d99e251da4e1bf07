"""The compiler's order of work: load every table, check it, collect all errors, fail once;
else build the models and gather every sub-compiler's outputs.

Order matters only where one table refers to another: the releases come first because every
``since_firmware`` names one (the shared check records which row names which, for the docs
page's release history); the myenergi surface next because
the messages, measurands and status tables name its fields and commands; the messages table
before the configuration keys, whose SupportedFeatureProfiles value it decides; the messages'
references to configuration keys, and the measurand keys' allowed items against the measurands
table, are checked once both sides are loaded. A table that fails its own checks yields None, and
the tables that depend on it skip their cross-checks rather than report echoes of its errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from codegen import docs_page, manifest, payloads, validators
from codegen.errors import SpecErrors
from codegen.model import SpecModel
from codegen.ocpp_schemas import OfficialSchemas, load_official_schemas
from codegen.output import Output
from codegen.tables import (
    callerror_codes,
    config_keys,
    measurands,
    messages,
    myenergi,
    releases,
    status,
)
from codegen.tables.since_firmware import SinceFirmware

SPEC_DIR = "spec"


@dataclass(frozen=True, slots=True)
class Build:
    """Everything one run produced: the outputs, the digest of the official schemas, and the
    operator facts the manifest records (what the change report compares)."""

    outputs: tuple[Output, ...]
    schemas: OfficialSchemas
    spec: SpecModel
    facts: manifest.Facts


def build(root: Path) -> Build:
    """Check every table under ``root/spec`` and render everything; raises
    :class:`~codegen.errors.SpecCheckFailed` carrying every error found."""
    spec_dir = root / SPEC_DIR
    errors = SpecErrors()
    schemas = load_official_schemas()

    releases_model = releases.check(spec_dir, errors)
    since = None if releases_model is None else SinceFirmware(releases_model)
    myenergi_model = myenergi.check(spec_dir, errors)
    messages_model = messages.check(
        spec_dir, errors, schemas=schemas, myenergi=myenergi_model, releases=since
    )
    config_model = config_keys.check(
        spec_dir, errors, messages=messages_model, myenergi=myenergi_model
    )
    if messages_model is not None and config_model is not None:
        messages.check_config_references(spec_dir, messages_model, config_model, errors)
    measurands_model = measurands.check(spec_dir, errors, schemas=schemas, myenergi=myenergi_model)
    if config_model is not None and measurands_model is not None:
        config_keys.check_measurand_items(
            spec_dir, config_model, {row.measurand for row in measurands_model.rows}, errors
        )
    if since is not None and config_model is not None and measurands_model is not None:
        since.check_rows(spec_dir, errors)
    status_model = status.check(spec_dir, errors, schemas=schemas, myenergi=myenergi_model)
    callerror_model = callerror_codes.check(spec_dir, errors, schemas)

    errors.raise_if_any()
    models = {
        "releases": since,
        "myenergi": myenergi_model,
        "messages": messages_model,
        "config_keys": config_model,
        "measurands": measurands_model,
        "status": status_model,
        "callerror_codes": callerror_model,
    }
    silent = sorted(name for name, model in models.items() if model is None)
    if (
        silent
        or since is None
        or myenergi_model is None
        or messages_model is None
        or config_model is None
        or measurands_model is None
        or status_model is None
        or callerror_model is None
    ):
        raise RuntimeError(f"checker returned no model and reported no error: {silent}")

    spec = SpecModel(
        messages=messages_model,
        config_keys=config_model,
        measurands=measurands_model,
        releases=since.history(),
    )
    facts = manifest.operator_facts(spec, status_model, myenergi_model)
    outputs: list[Output] = [
        *payloads.outputs(schemas),
        *validators.outputs(schemas, callerror_model),
        *myenergi.outputs(myenergi_model),
        *messages.outputs(messages_model),
        *config_keys.outputs(config_model),
        *measurands.outputs(measurands_model),
        *status.outputs(status_model),
        *docs_page.outputs(spec),
        *manifest.outputs(facts),
    ]
    return Build(
        outputs=tuple(sorted(outputs, key=lambda o: o.path)),
        schemas=schemas,
        spec=spec,
        facts=facts,
    )
