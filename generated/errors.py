"""OCPP-J 1.6 CALLERROR codes and which kind of invalid payload each one answers.

The codes are OCPP-J 1.6 §4.2.3 Table 7 with the 1.6 spellings (``FormationViolation``,
``OccurenceConstraintViolation``: later versions renamed them, a 1.6 peer may not know the new
names). ``FAILURE_CODES`` is ``spec/callerror_codes.yaml``: failure kind (a JSON Schema keyword,
or ``payload-not-object``, ``not-a-frame``, ``unknown-action``) → code; the reasons are there.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

__all__ = ["CODE_MEANINGS", "FAILURE_CODES", "UNENFORCED_KINDS", "CallErrorCode"]


class CallErrorCode(StrEnum):
    """The ``errorCode`` of a CALLERROR frame (OCPP-J 1.6 §4.2.3, Table 7)."""

    NOT_IMPLEMENTED = "NotImplemented"
    NOT_SUPPORTED = "NotSupported"
    INTERNAL_ERROR = "InternalError"
    PROTOCOL_ERROR = "ProtocolError"
    SECURITY_ERROR = "SecurityError"
    FORMATION_VIOLATION = "FormationViolation"
    PROPERTY_CONSTRAINT_VIOLATION = "PropertyConstraintViolation"
    OCCURENCE_CONSTRAINT_VIOLATION = "OccurenceConstraintViolation"
    TYPE_CONSTRAINT_VIOLATION = "TypeConstraintViolation"
    GENERIC_ERROR = "GenericError"


#: OCPP-J 1.6 Table 7's description of each code, usable as a CALLERROR errorDescription
CODE_MEANINGS: Mapping[CallErrorCode, str] = {
    CallErrorCode.NOT_IMPLEMENTED: "Requested Action is not known by receiver",
    CallErrorCode.NOT_SUPPORTED: "Requested Action is recognized but not supported by the receiver",
    CallErrorCode.INTERNAL_ERROR: "An internal error occurred and the receiver was not able to process the requested Action successfully",
    CallErrorCode.PROTOCOL_ERROR: "Payload for Action is incomplete",
    CallErrorCode.SECURITY_ERROR: "During the processing of Action a security issue occurred preventing receiver from completing the Action successfully",
    CallErrorCode.FORMATION_VIOLATION: "Payload for Action is syntactically incorrect or not conform the PDU structure for Action",
    CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION: "Payload is syntactically correct but at least one field contains an invalid value",
    CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION: "Payload for Action is syntactically correct but at least one of the fields violates occurence constraints",
    CallErrorCode.TYPE_CONSTRAINT_VIOLATION: "Payload for Action is syntactically correct but at least one of the fields violates data type constraints (e.g. \"somestring\" = 12)",
    CallErrorCode.GENERIC_ERROR: "Any other error not covered by the previous ones",
}

#: failure kind → the code a payload failing that way is answered with
FAILURE_CODES: Mapping[str, CallErrorCode] = {
    "additionalProperties": CallErrorCode.FORMATION_VIOLATION,
    "enum": CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
    "format": CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
    "maxItems": CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION,
    "maxLength": CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
    "maximum": CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
    "minItems": CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION,
    "minLength": CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
    "minimum": CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
    "multipleOf": CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
    "not-a-frame": CallErrorCode.FORMATION_VIOLATION,
    "payload-not-object": CallErrorCode.FORMATION_VIOLATION,
    "required": CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION,
    "type": CallErrorCode.TYPE_CONSTRAINT_VIOLATION,
    "unknown-action": CallErrorCode.NOT_IMPLEMENTED,
}

#: failure kinds listed in the table but not checked by the generated validators
UNENFORCED_KINDS: frozenset[str] = frozenset({
    "format",
})
