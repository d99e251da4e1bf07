"""Official OCPP 1.6 schemas → typed payload classes (``generated/payloads.py``).

The schemas are walked once into a small model (classes, fields, enums) and the template only
prints it. Nested objects and enums are deduplicated by shape, so the eight places that carry
an ``idTagInfo`` share one ``IdTagInfo`` class; they are named after the OCPP 1.6 data types
of section 7 where the schema's property name does not say it (``configurationKey`` items are
``KeyValue``). :func:`name_shapes` is shared with :mod:`codegen.validators`, so a validator
function and the payload class for the same object carry the same name.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from codegen.ocpp_schemas import OFFICIAL_SCHEMAS_SOURCE, OfficialSchemas
from codegen.output import Output
from codegen.render import class_name, enum_member, render, snake_case, template_source

TEMPLATE = "payloads.py.j2"

#: property name → OCPP 1.6 §7 type name, for objects whose property name is not the type name
_OBJECT_NAMES = {
    "configurationKey": "KeyValue",
    "csChargingProfiles": "ChargingProfile",
    "localAuthorizationList": "AuthorizationData",
    "transactionData": "MeterValue",
}

#: "<owning class>.<property>" or "<property>" → OCPP 1.6 §7 enumeration name
_ENUM_NAMES = {
    "BootNotificationResponse.status": "RegistrationStatus",
    "ChangeAvailabilityRequest.type": "AvailabilityType",
    "ChangeAvailabilityResponse.status": "AvailabilityStatus",
    "ChangeConfigurationResponse.status": "ConfigurationStatus",
    "ClearChargingProfileResponse.status": "ClearChargingProfileStatus",
    "DataTransferResponse.status": "DataTransferStatus",
    "DiagnosticsStatusNotificationRequest.status": "DiagnosticsStatus",
    "FirmwareStatusNotificationRequest.status": "FirmwareStatus",
    "IdTagInfo.status": "AuthorizationStatus",
    "ReserveNowResponse.status": "ReservationStatus",
    "ResetRequest.type": "ResetType",
    "SendLocalListResponse.status": "UpdateStatus",
    "SetChargingProfileResponse.status": "ChargingProfileStatus",
    "StatusNotificationRequest.status": "ChargePointStatus",
    "TriggerMessageResponse.status": "TriggerMessageStatus",
    "UnlockConnectorResponse.status": "UnlockStatus",
    "chargingProfileKind": "ChargingProfileKindType",
    "chargingProfilePurpose": "ChargingProfilePurposeType",
    "chargingRateUnit": "ChargingRateUnitType",
    "context": "ReadingContext",
    "errorCode": "ChargePointErrorCode",
    "format": "ValueFormat",
    "location": "Location",
    "measurand": "Measurand",
    "phase": "Phase",
    "reason": "Reason",
    "recurrencyKind": "RecurrencyKindType",
    "requestedMessage": "MessageTrigger",
    "unit": "UnitOfMeasure",
    "updateType": "UpdateType",
}

#: value sets shared by several OCPP types (CancelReservationStatus, ClearCacheStatus,
#: ResetStatus, RemoteStartStopStatus, GetCompositeScheduleStatus are all Accepted/Rejected):
#: one class, named like OCPP 2.0's GenericStatusEnumType
_SHARED_ENUM_NAMES: dict[tuple[str, ...], str] = {("Accepted", "Rejected"): "GenericStatus"}


def _shape_key(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, sort_keys=True)


@dataclass(slots=True)
class ShapeNames:
    """Names for every object shape and enum value set of the official schemas."""

    objects: dict[str, str] = field(default_factory=dict)  #: shape key → class name
    enums: dict[tuple[str, ...], str] = field(default_factory=dict)  #: sorted values → name
    enum_values: dict[str, tuple[str, ...]] = field(default_factory=dict)  #: name → values
    used_in: dict[str, list[str]] = field(default_factory=dict)  #: name → "Owner.property"

    def object_name(self, schema: Mapping[str, Any]) -> str:
        return self.objects[_shape_key(schema)]

    def enum_name(self, values: list[str]) -> str:
        return self.enums[tuple(sorted(values))]


def top_level(schemas: OfficialSchemas) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """(action, "request"/"response", schema) in the one order every generator uses."""
    for name, action in schemas.actions.items():
        yield name, "request", action.request
        yield name, "response", action.response


def _items(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    while schema.get("type") == "array":
        schema = schema["items"]
    return schema


def name_shapes(schemas: OfficialSchemas) -> ShapeNames:
    """Walk every schema in a fixed order; the first shape to claim a name keeps it, a later
    different shape with the same wanted name is prefixed with its action."""
    names = ShapeNames()
    taken: set[str] = set()

    def visit_object(schema: Mapping[str, Any], wanted: str, action: str, where: str) -> None:
        key = _shape_key(schema)
        if key not in names.objects:
            name = wanted if wanted not in taken else f"{action}{wanted}"
            names.objects[key] = name
            taken.add(name)
        owner = names.objects[key]
        places = names.used_in.setdefault(owner, [])
        if where not in places:
            places.append(where)
        for prop, sub in schema.get("properties", {}).items():
            node = _items(sub)
            if node.get("type") == "object":
                visit_object(node, _OBJECT_NAMES.get(prop, class_name(prop)), action,
                             f"{owner}.{prop}")
            elif "enum" in node:
                visit_enum(node["enum"], owner, prop, action)

    def visit_enum(values: list[str], owner: str, prop: str, action: str) -> None:
        key = tuple(sorted(values))
        if key not in names.enums:
            wanted = _SHARED_ENUM_NAMES.get(key) or _ENUM_NAMES.get(f"{owner}.{prop}") or (
                _ENUM_NAMES.get(prop) or f"{owner}{class_name(prop)}"
            )
            name = wanted if wanted not in taken else f"{action}{wanted}"
            names.enums[key] = name
            names.enum_values[name] = tuple(values)
            taken.add(name)
        places = names.used_in.setdefault(names.enums[key], [])
        if f"{owner}.{prop}" not in places:  # shared classes reach the same place repeatedly
            places.append(f"{owner}.{prop}")

    for action, direction, schema in top_level(schemas):
        visit_object(schema, f"{action}{direction.title()}", action, f"{action} {direction}")
    return names


# --- the model the template prints ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EnumModel:
    name: str
    members: tuple[tuple[str, str], ...]  #: (MEMBER, "wire value"), schema order
    used_in: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FieldModel:
    name: str  #: snake_case attribute
    key: str  #: camelCase wire key
    annotation: str
    required: bool
    #: expression giving the attribute from ``payload[key]`` (required) or from the local
    #: variable named like the attribute (optional; ``payload.get(key)``, not None)
    decode: str
    #: expression giving the JSON value from ``self.<name>`` (required) or from the local
    #: variable named like the attribute (optional, not None)
    encode: str


@dataclass(frozen=True, slots=True)
class ClassModel:
    name: str
    doc: str
    fields: tuple[FieldModel, ...]


@dataclass(frozen=True, slots=True)
class PayloadsModel:
    exported: tuple[str, ...]  #: every class name, sorted, for ``__all__``
    enums: tuple[EnumModel, ...]
    nested: tuple[ClassModel, ...]
    requests: tuple[tuple[str, ClassModel], ...]
    responses: tuple[tuple[str, ClassModel], ...]


_SCALARS = {"string": ("str", "_str"), "integer": ("int", "_int"),
            "number": ("float", "_float"), "boolean": ("bool", "_bool")}


def _field_codec(schema: Mapping[str, Any], names: ShapeNames, var: str, depth: int
                 ) -> tuple[str, str, str]:
    """(annotation, decode expression of ``var``, encode expression of ``var``)."""
    kind = schema.get("type")
    if kind == "array":
        item = f"item{depth}"
        ann, dec, enc = _field_codec(schema["items"], names, item, depth + 1)
        return (f"tuple[{ann}, ...]", f"tuple({dec} for {item} in _list({var}))",
                f"[{enc} for {item} in {var}]")
    if kind == "object":
        name = names.object_name(schema)
        return name, f"{name}.from_payload(_obj({var}))", f"{var}.to_payload()"
    if "enum" in schema:
        name = names.enum_name(schema["enum"])
        return name, f"{name}(_str({var}))", f"{var}.value"
    if kind not in _SCALARS:
        raise ValueError(f"no Python type for schema type {kind!r}")
    ann, helper = _SCALARS[kind]
    return ann, f"{helper}({var})", var


def _class_model(schema: Mapping[str, Any], names: ShapeNames, doc: str) -> ClassModel:
    required = set(schema.get("required", ()))
    fields = []
    for key, sub in schema.get("properties", {}).items():
        name, is_required = snake_case(key), key in required
        source = f"payload[{json.dumps(key)}]" if is_required else name
        ann, dec, _ = _field_codec(sub, names, source, 0)
        _, _, enc = _field_codec(sub, names, f"self.{name}" if is_required else name, 0)
        fields.append(FieldModel(name, key, ann, is_required, dec, enc))
    fields.sort(key=lambda f: not f.required)  # stable: schema order within each group
    return ClassModel(names.object_name(schema), doc, tuple(fields))


def build_model(schemas: OfficialSchemas) -> PayloadsModel:
    names = name_shapes(schemas)
    nested: dict[str, ClassModel] = {}
    requests: list[tuple[str, ClassModel]] = []
    responses: list[tuple[str, ClassModel]] = []

    def collect(schema: Mapping[str, Any]) -> None:
        for sub in schema.get("properties", {}).values():
            node = _items(sub)
            if node.get("type") == "object":
                name = names.object_name(node)
                if name not in nested:
                    used = ", ".join(names.used_in[name])
                    nested[name] = _class_model(node, names, f"Used in {used}.")
                collect(node)

    for action, direction, schema in top_level(schemas):
        pdu = "req" if direction == "request" else "conf"
        model = _class_model(schema, names, f"OCPP 1.6 {action}.{pdu} payload.")
        (requests if direction == "request" else responses).append((action, model))
        collect(schema)

    enums = tuple(
        EnumModel(name, tuple((enum_member(v), v) for v in values),
                  tuple(names.used_in[name]))
        for name, values in sorted(names.enum_values.items())
    )
    exported = sorted([e.name for e in enums] + list(nested) + ["Payload"]
                      + [c.name for _, c in requests + responses])
    return PayloadsModel(tuple(exported), enums,
                         tuple(sorted(nested.values(), key=lambda c: c.name)),
                         tuple(requests), tuple(responses))


def outputs(schemas: OfficialSchemas) -> list[Output]:
    text = render(TEMPLATE, model=build_model(schemas))
    return [Output("generated/payloads.py", text,
                   (OFFICIAL_SCHEMAS_SOURCE, "codegen/payloads.py", template_source(TEMPLATE)))]
