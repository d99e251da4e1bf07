"""Validators for the 28 OCPP 1.6 actions, compiled from the official JSON schemas.

Plain Python: no schema is read at run time. Each function returns the first
:class:`Violation` found (type, then required keys, unexpected keys, then the properties in
schema order) or ``None``. The semantics are jsonschema ``Draft4Validator``'s, except that
``multipleOf`` is decided on the decimal value of the number (0.3 is a multiple of 0.1), and
``format`` is checked only when ``spec/callerror_codes.yaml`` enforces it. See
``codegen/validators.py`` for why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import isfinite
from typing import Final

from generated.errors import CallErrorCode

__all__ = ["Violation", "validate_request", "validate_response"]


@dataclass(frozen=True, slots=True)
class Violation:
    """Why a payload is invalid: the CALLERROR code to answer with, where, and what."""

    code: CallErrorCode
    path: str  #: JSON-pointer-like location, "" for the payload itself, e.g. "/meterValue/0"
    message: str


_AUTHORIZATION_STATUS: Final[frozenset[str]] = frozenset(["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"])
_AVAILABILITY_STATUS: Final[frozenset[str]] = frozenset(["Accepted", "Rejected", "Scheduled"])
_AVAILABILITY_TYPE: Final[frozenset[str]] = frozenset(["Inoperative", "Operative"])
_CHARGE_POINT_ERROR_CODE: Final[frozenset[str]] = frozenset(["ConnectorLockFailure", "EVCommunicationError", "GroundFailure", "HighTemperature", "InternalError", "LocalListConflict", "NoError", "OtherError", "OverCurrentFailure", "PowerMeterFailure", "PowerSwitchFailure", "ReaderFailure", "ResetFailure", "UnderVoltage", "OverVoltage", "WeakSignal"])
_CHARGE_POINT_STATUS: Final[frozenset[str]] = frozenset(["Available", "Preparing", "Charging", "SuspendedEVSE", "SuspendedEV", "Finishing", "Reserved", "Unavailable", "Faulted"])
_CHARGING_PROFILE_KIND_TYPE: Final[frozenset[str]] = frozenset(["Absolute", "Recurring", "Relative"])
_CHARGING_PROFILE_PURPOSE_TYPE: Final[frozenset[str]] = frozenset(["ChargePointMaxProfile", "TxDefaultProfile", "TxProfile"])
_CHARGING_PROFILE_STATUS: Final[frozenset[str]] = frozenset(["Accepted", "Rejected", "NotSupported"])
_CHARGING_RATE_UNIT_TYPE: Final[frozenset[str]] = frozenset(["A", "W"])
_CLEAR_CHARGING_PROFILE_STATUS: Final[frozenset[str]] = frozenset(["Accepted", "Unknown"])
_CONFIGURATION_STATUS: Final[frozenset[str]] = frozenset(["Accepted", "Rejected", "RebootRequired", "NotSupported"])
_DATA_TRANSFER_STATUS: Final[frozenset[str]] = frozenset(["Accepted", "Rejected", "UnknownMessageId", "UnknownVendorId"])
_DIAGNOSTICS_STATUS: Final[frozenset[str]] = frozenset(["Idle", "Uploaded", "UploadFailed", "Uploading"])
_FIRMWARE_STATUS: Final[frozenset[str]] = frozenset(["Downloaded", "DownloadFailed", "Downloading", "Idle", "InstallationFailed", "Installing", "Installed"])
_GENERIC_STATUS: Final[frozenset[str]] = frozenset(["Accepted", "Rejected"])
_LOCATION: Final[frozenset[str]] = frozenset(["Cable", "EV", "Inlet", "Outlet", "Body"])
_MEASURAND: Final[frozenset[str]] = frozenset(["Energy.Active.Export.Register", "Energy.Active.Import.Register", "Energy.Reactive.Export.Register", "Energy.Reactive.Import.Register", "Energy.Active.Export.Interval", "Energy.Active.Import.Interval", "Energy.Reactive.Export.Interval", "Energy.Reactive.Import.Interval", "Power.Active.Export", "Power.Active.Import", "Power.Offered", "Power.Reactive.Export", "Power.Reactive.Import", "Power.Factor", "Current.Import", "Current.Export", "Current.Offered", "Voltage", "Frequency", "Temperature", "SoC", "RPM"])
_MESSAGE_TRIGGER: Final[frozenset[str]] = frozenset(["BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StatusNotification"])
_PHASE: Final[frozenset[str]] = frozenset(["L1", "L2", "L3", "N", "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1"])
_READING_CONTEXT: Final[frozenset[str]] = frozenset(["Interruption.Begin", "Interruption.End", "Sample.Clock", "Sample.Periodic", "Transaction.Begin", "Transaction.End", "Trigger", "Other"])
_REASON: Final[frozenset[str]] = frozenset(["EmergencyStop", "EVDisconnected", "HardReset", "Local", "Other", "PowerLoss", "Reboot", "Remote", "SoftReset", "UnlockCommand", "DeAuthorized"])
_RECURRENCY_KIND_TYPE: Final[frozenset[str]] = frozenset(["Daily", "Weekly"])
_REGISTRATION_STATUS: Final[frozenset[str]] = frozenset(["Accepted", "Pending", "Rejected"])
_RESERVATION_STATUS: Final[frozenset[str]] = frozenset(["Accepted", "Faulted", "Occupied", "Rejected", "Unavailable"])
_RESET_TYPE: Final[frozenset[str]] = frozenset(["Hard", "Soft"])
_STOP_TRANSACTION_UNIT_OF_MEASURE: Final[frozenset[str]] = frozenset(["Wh", "kWh", "varh", "kvarh", "W", "kW", "VA", "kVA", "var", "kvar", "A", "V", "K", "Celcius", "Celsius", "Fahrenheit", "Percent"])
_TRIGGER_MESSAGE_STATUS: Final[frozenset[str]] = frozenset(["Accepted", "Rejected", "NotImplemented"])
_UNIT_OF_MEASURE: Final[frozenset[str]] = frozenset(["Wh", "kWh", "varh", "kvarh", "W", "kW", "VA", "kVA", "var", "kvar", "A", "V", "K", "Celcius", "Celsius", "Fahrenheit", "Percent", "Hertz"])
_UNLOCK_STATUS: Final[frozenset[str]] = frozenset(["Unlocked", "UnlockFailed", "NotSupported"])
_UPDATE_STATUS: Final[frozenset[str]] = frozenset(["Accepted", "Failed", "NotSupported", "VersionMismatch"])
_UPDATE_TYPE: Final[frozenset[str]] = frozenset(["Differential", "Full"])
_VALUE_FORMAT: Final[frozenset[str]] = frozenset(["Raw", "SignedData"])
_STEP_0_1: Final = Fraction("0.1")
_KEYS_AUTHORIZATION_DATA: Final[frozenset[str]] = frozenset(["idTag", "idTagInfo"])
_KEYS_AUTHORIZE_REQUEST: Final[frozenset[str]] = frozenset(["idTag"])
_KEYS_AUTHORIZE_RESPONSE: Final[frozenset[str]] = frozenset(["idTagInfo"])
_KEYS_BOOT_NOTIFICATION_REQUEST: Final[frozenset[str]] = frozenset(["chargePointVendor", "chargePointModel", "chargePointSerialNumber", "chargeBoxSerialNumber", "firmwareVersion", "iccid", "imsi", "meterType", "meterSerialNumber"])
_KEYS_BOOT_NOTIFICATION_RESPONSE: Final[frozenset[str]] = frozenset(["status", "currentTime", "interval"])
_KEYS_CANCEL_RESERVATION_REQUEST: Final[frozenset[str]] = frozenset(["reservationId"])
_KEYS_CANCEL_RESERVATION_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_CHANGE_AVAILABILITY_REQUEST: Final[frozenset[str]] = frozenset(["connectorId", "type"])
_KEYS_CHANGE_AVAILABILITY_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_CHANGE_CONFIGURATION_REQUEST: Final[frozenset[str]] = frozenset(["key", "value"])
_KEYS_CHANGE_CONFIGURATION_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_CHARGING_PROFILE: Final[frozenset[str]] = frozenset(["chargingProfileId", "transactionId", "stackLevel", "chargingProfilePurpose", "chargingProfileKind", "recurrencyKind", "validFrom", "validTo", "chargingSchedule"])
_KEYS_CHARGING_SCHEDULE: Final[frozenset[str]] = frozenset(["duration", "startSchedule", "chargingRateUnit", "chargingSchedulePeriod", "minChargingRate"])
_KEYS_CHARGING_SCHEDULE_PERIOD: Final[frozenset[str]] = frozenset(["startPeriod", "limit", "numberPhases"])
_KEYS_CLEAR_CACHE_REQUEST: Final[frozenset[str]] = frozenset([])
_KEYS_CLEAR_CACHE_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_CLEAR_CHARGING_PROFILE_REQUEST: Final[frozenset[str]] = frozenset(["id", "connectorId", "chargingProfilePurpose", "stackLevel"])
_KEYS_CLEAR_CHARGING_PROFILE_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_DATA_TRANSFER_REQUEST: Final[frozenset[str]] = frozenset(["vendorId", "messageId", "data"])
_KEYS_DATA_TRANSFER_RESPONSE: Final[frozenset[str]] = frozenset(["status", "data"])
_KEYS_DIAGNOSTICS_STATUS_NOTIFICATION_REQUEST: Final[frozenset[str]] = frozenset(["status"])
_KEYS_DIAGNOSTICS_STATUS_NOTIFICATION_RESPONSE: Final[frozenset[str]] = frozenset([])
_KEYS_FIRMWARE_STATUS_NOTIFICATION_REQUEST: Final[frozenset[str]] = frozenset(["status"])
_KEYS_FIRMWARE_STATUS_NOTIFICATION_RESPONSE: Final[frozenset[str]] = frozenset([])
_KEYS_GET_COMPOSITE_SCHEDULE_REQUEST: Final[frozenset[str]] = frozenset(["connectorId", "duration", "chargingRateUnit"])
_KEYS_GET_COMPOSITE_SCHEDULE_RESPONSE: Final[frozenset[str]] = frozenset(["status", "connectorId", "scheduleStart", "chargingSchedule"])
_KEYS_GET_CONFIGURATION_REQUEST: Final[frozenset[str]] = frozenset(["key"])
_KEYS_GET_CONFIGURATION_RESPONSE: Final[frozenset[str]] = frozenset(["configurationKey", "unknownKey"])
_KEYS_GET_DIAGNOSTICS_REQUEST: Final[frozenset[str]] = frozenset(["location", "retries", "retryInterval", "startTime", "stopTime"])
_KEYS_GET_DIAGNOSTICS_RESPONSE: Final[frozenset[str]] = frozenset(["fileName"])
_KEYS_GET_LOCAL_LIST_VERSION_REQUEST: Final[frozenset[str]] = frozenset([])
_KEYS_GET_LOCAL_LIST_VERSION_RESPONSE: Final[frozenset[str]] = frozenset(["listVersion"])
_KEYS_HEARTBEAT_REQUEST: Final[frozenset[str]] = frozenset([])
_KEYS_HEARTBEAT_RESPONSE: Final[frozenset[str]] = frozenset(["currentTime"])
_KEYS_ID_TAG_INFO: Final[frozenset[str]] = frozenset(["expiryDate", "parentIdTag", "status"])
_KEYS_KEY_VALUE: Final[frozenset[str]] = frozenset(["key", "readonly", "value"])
_KEYS_METER_VALUE: Final[frozenset[str]] = frozenset(["timestamp", "sampledValue"])
_KEYS_METER_VALUES_REQUEST: Final[frozenset[str]] = frozenset(["connectorId", "transactionId", "meterValue"])
_KEYS_METER_VALUES_RESPONSE: Final[frozenset[str]] = frozenset([])
_KEYS_REMOTE_START_TRANSACTION_REQUEST: Final[frozenset[str]] = frozenset(["connectorId", "idTag", "chargingProfile"])
_KEYS_REMOTE_START_TRANSACTION_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_REMOTE_STOP_TRANSACTION_REQUEST: Final[frozenset[str]] = frozenset(["transactionId"])
_KEYS_REMOTE_STOP_TRANSACTION_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_RESERVE_NOW_REQUEST: Final[frozenset[str]] = frozenset(["connectorId", "expiryDate", "idTag", "parentIdTag", "reservationId"])
_KEYS_RESERVE_NOW_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_RESET_REQUEST: Final[frozenset[str]] = frozenset(["type"])
_KEYS_RESET_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_SAMPLED_VALUE: Final[frozenset[str]] = frozenset(["value", "context", "format", "measurand", "phase", "location", "unit"])
_KEYS_SEND_LOCAL_LIST_REQUEST: Final[frozenset[str]] = frozenset(["listVersion", "localAuthorizationList", "updateType"])
_KEYS_SEND_LOCAL_LIST_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_SET_CHARGING_PROFILE_REQUEST: Final[frozenset[str]] = frozenset(["connectorId", "csChargingProfiles"])
_KEYS_SET_CHARGING_PROFILE_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_START_TRANSACTION_REQUEST: Final[frozenset[str]] = frozenset(["connectorId", "idTag", "meterStart", "reservationId", "timestamp"])
_KEYS_START_TRANSACTION_RESPONSE: Final[frozenset[str]] = frozenset(["idTagInfo", "transactionId"])
_KEYS_STATUS_NOTIFICATION_REQUEST: Final[frozenset[str]] = frozenset(["connectorId", "errorCode", "info", "status", "timestamp", "vendorId", "vendorErrorCode"])
_KEYS_STATUS_NOTIFICATION_RESPONSE: Final[frozenset[str]] = frozenset([])
_KEYS_STOP_TRANSACTION_METER_VALUE: Final[frozenset[str]] = frozenset(["timestamp", "sampledValue"])
_KEYS_STOP_TRANSACTION_REQUEST: Final[frozenset[str]] = frozenset(["idTag", "meterStop", "timestamp", "transactionId", "reason", "transactionData"])
_KEYS_STOP_TRANSACTION_RESPONSE: Final[frozenset[str]] = frozenset(["idTagInfo"])
_KEYS_STOP_TRANSACTION_SAMPLED_VALUE: Final[frozenset[str]] = frozenset(["value", "context", "format", "measurand", "phase", "location", "unit"])
_KEYS_TRIGGER_MESSAGE_REQUEST: Final[frozenset[str]] = frozenset(["requestedMessage", "connectorId"])
_KEYS_TRIGGER_MESSAGE_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_UNLOCK_CONNECTOR_REQUEST: Final[frozenset[str]] = frozenset(["connectorId"])
_KEYS_UNLOCK_CONNECTOR_RESPONSE: Final[frozenset[str]] = frozenset(["status"])
_KEYS_UPDATE_FIRMWARE_REQUEST: Final[frozenset[str]] = frozenset(["location", "retries", "retrieveDate", "retryInterval"])
_KEYS_UPDATE_FIRMWARE_RESPONSE: Final[frozenset[str]] = frozenset([])


def _json_type(value: object) -> str:
    """The JSON type name of a decoded value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _show(value: str) -> str:
    """A string value for a message, cut short: it may come from a misbehaving peer."""
    return repr(value if len(value) <= 60 else value[:57] + "...")


def _extra(obj: dict[str, object], allowed: frozenset[str]) -> str:
    return sorted(key for key in obj if key not in allowed)[0]


def _is_multiple(value: float, step: Fraction) -> bool:
    """Whether the JSON number ``value`` is a multiple of ``step``, exactly in decimal.

    ``repr`` of a float is the shortest decimal that reads back as the same float, i.e. the
    number as written in the JSON text, so 0.3 counts as 3 x 0.1 (float division says
    2.9999999999999996). Infinities and NaN are no multiple of anything.
    """
    if isinstance(value, int):
        return Fraction(value) % step == 0
    if not isfinite(value):
        return False
    return Fraction(repr(value)) % step == 0


def _check_authorization_data(obj: dict[str, object], path: str) -> Violation | None:
    """AuthorizationData."""
    if 'idTag' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'idTag' is a required property")
    if not _KEYS_AUTHORIZATION_DATA.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_AUTHORIZATION_DATA)!r}")
    v0 = obj["idTag"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/idTag", f"expected string, got {_json_type(v0)}")
    if len(v0) > 20:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/idTag", f"longer than 20 characters ({len(v0)})")
    if "idTagInfo" in obj:
        v0 = obj["idTagInfo"]
        if not isinstance(v0, dict):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/idTagInfo", f"expected object, got {_json_type(v0)}")
        violation = _check_id_tag_info(v0, f"{path}/idTagInfo")
        if violation is not None:
            return violation
    return None


def _check_authorize_request(obj: dict[str, object], path: str) -> Violation | None:
    """AuthorizeRequest."""
    if 'idTag' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'idTag' is a required property")
    if not _KEYS_AUTHORIZE_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_AUTHORIZE_REQUEST)!r}")
    v0 = obj["idTag"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/idTag", f"expected string, got {_json_type(v0)}")
    if len(v0) > 20:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/idTag", f"longer than 20 characters ({len(v0)})")
    return None


def _check_authorize_response(obj: dict[str, object], path: str) -> Violation | None:
    """AuthorizeResponse."""
    if 'idTagInfo' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'idTagInfo' is a required property")
    if not _KEYS_AUTHORIZE_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_AUTHORIZE_RESPONSE)!r}")
    v0 = obj["idTagInfo"]
    if not isinstance(v0, dict):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/idTagInfo", f"expected object, got {_json_type(v0)}")
    violation = _check_id_tag_info(v0, f"{path}/idTagInfo")
    if violation is not None:
        return violation
    return None


def _check_boot_notification_request(obj: dict[str, object], path: str) -> Violation | None:
    """BootNotificationRequest."""
    if 'chargePointVendor' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'chargePointVendor' is a required property")
    if 'chargePointModel' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'chargePointModel' is a required property")
    if not _KEYS_BOOT_NOTIFICATION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_BOOT_NOTIFICATION_REQUEST)!r}")
    v0 = obj["chargePointVendor"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargePointVendor", f"expected string, got {_json_type(v0)}")
    if len(v0) > 20:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/chargePointVendor", f"longer than 20 characters ({len(v0)})")
    v0 = obj["chargePointModel"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargePointModel", f"expected string, got {_json_type(v0)}")
    if len(v0) > 20:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/chargePointModel", f"longer than 20 characters ({len(v0)})")
    if "chargePointSerialNumber" in obj:
        v0 = obj["chargePointSerialNumber"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargePointSerialNumber", f"expected string, got {_json_type(v0)}")
        if len(v0) > 25:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/chargePointSerialNumber", f"longer than 25 characters ({len(v0)})")
    if "chargeBoxSerialNumber" in obj:
        v0 = obj["chargeBoxSerialNumber"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargeBoxSerialNumber", f"expected string, got {_json_type(v0)}")
        if len(v0) > 25:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/chargeBoxSerialNumber", f"longer than 25 characters ({len(v0)})")
    if "firmwareVersion" in obj:
        v0 = obj["firmwareVersion"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/firmwareVersion", f"expected string, got {_json_type(v0)}")
        if len(v0) > 50:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/firmwareVersion", f"longer than 50 characters ({len(v0)})")
    if "iccid" in obj:
        v0 = obj["iccid"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/iccid", f"expected string, got {_json_type(v0)}")
        if len(v0) > 20:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/iccid", f"longer than 20 characters ({len(v0)})")
    if "imsi" in obj:
        v0 = obj["imsi"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/imsi", f"expected string, got {_json_type(v0)}")
        if len(v0) > 20:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/imsi", f"longer than 20 characters ({len(v0)})")
    if "meterType" in obj:
        v0 = obj["meterType"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/meterType", f"expected string, got {_json_type(v0)}")
        if len(v0) > 25:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/meterType", f"longer than 25 characters ({len(v0)})")
    if "meterSerialNumber" in obj:
        v0 = obj["meterSerialNumber"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/meterSerialNumber", f"expected string, got {_json_type(v0)}")
        if len(v0) > 25:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/meterSerialNumber", f"longer than 25 characters ({len(v0)})")
    return None


def _check_boot_notification_response(obj: dict[str, object], path: str) -> Violation | None:
    """BootNotificationResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if 'currentTime' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'currentTime' is a required property")
    if 'interval' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'interval' is a required property")
    if not _KEYS_BOOT_NOTIFICATION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_BOOT_NOTIFICATION_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _REGISTRATION_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_REGISTRATION_STATUS)}")
    v0 = obj["currentTime"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/currentTime", f"expected string, got {_json_type(v0)}")
    v0 = obj["interval"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/interval", f"expected integer, got {_json_type(v0)}")
    return None


def _check_cancel_reservation_request(obj: dict[str, object], path: str) -> Violation | None:
    """CancelReservationRequest."""
    if 'reservationId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'reservationId' is a required property")
    if not _KEYS_CANCEL_RESERVATION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CANCEL_RESERVATION_REQUEST)!r}")
    v0 = obj["reservationId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/reservationId", f"expected integer, got {_json_type(v0)}")
    return None


def _check_cancel_reservation_response(obj: dict[str, object], path: str) -> Violation | None:
    """CancelReservationResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_CANCEL_RESERVATION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CANCEL_RESERVATION_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _GENERIC_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_GENERIC_STATUS)}")
    return None


def _check_change_availability_request(obj: dict[str, object], path: str) -> Violation | None:
    """ChangeAvailabilityRequest."""
    if 'connectorId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'connectorId' is a required property")
    if 'type' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'type' is a required property")
    if not _KEYS_CHANGE_AVAILABILITY_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CHANGE_AVAILABILITY_REQUEST)!r}")
    v0 = obj["connectorId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    v0 = obj["type"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/type", f"expected string, got {_json_type(v0)}")
    if v0 not in _AVAILABILITY_TYPE:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/type", f"{_show(v0)} is not one of {sorted(_AVAILABILITY_TYPE)}")
    return None


def _check_change_availability_response(obj: dict[str, object], path: str) -> Violation | None:
    """ChangeAvailabilityResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_CHANGE_AVAILABILITY_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CHANGE_AVAILABILITY_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _AVAILABILITY_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_AVAILABILITY_STATUS)}")
    return None


def _check_change_configuration_request(obj: dict[str, object], path: str) -> Violation | None:
    """ChangeConfigurationRequest."""
    if 'key' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'key' is a required property")
    if 'value' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'value' is a required property")
    if not _KEYS_CHANGE_CONFIGURATION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CHANGE_CONFIGURATION_REQUEST)!r}")
    v0 = obj["key"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/key", f"expected string, got {_json_type(v0)}")
    if len(v0) > 50:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/key", f"longer than 50 characters ({len(v0)})")
    v0 = obj["value"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/value", f"expected string, got {_json_type(v0)}")
    if len(v0) > 500:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/value", f"longer than 500 characters ({len(v0)})")
    return None


def _check_change_configuration_response(obj: dict[str, object], path: str) -> Violation | None:
    """ChangeConfigurationResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_CHANGE_CONFIGURATION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CHANGE_CONFIGURATION_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _CONFIGURATION_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_CONFIGURATION_STATUS)}")
    return None


def _check_charging_profile(obj: dict[str, object], path: str) -> Violation | None:
    """ChargingProfile."""
    if 'chargingProfileId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'chargingProfileId' is a required property")
    if 'stackLevel' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'stackLevel' is a required property")
    if 'chargingProfilePurpose' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'chargingProfilePurpose' is a required property")
    if 'chargingProfileKind' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'chargingProfileKind' is a required property")
    if 'chargingSchedule' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'chargingSchedule' is a required property")
    if not _KEYS_CHARGING_PROFILE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CHARGING_PROFILE)!r}")
    v0 = obj["chargingProfileId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargingProfileId", f"expected integer, got {_json_type(v0)}")
    if "transactionId" in obj:
        v0 = obj["transactionId"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/transactionId", f"expected integer, got {_json_type(v0)}")
    v0 = obj["stackLevel"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/stackLevel", f"expected integer, got {_json_type(v0)}")
    v0 = obj["chargingProfilePurpose"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargingProfilePurpose", f"expected string, got {_json_type(v0)}")
    if v0 not in _CHARGING_PROFILE_PURPOSE_TYPE:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/chargingProfilePurpose", f"{_show(v0)} is not one of {sorted(_CHARGING_PROFILE_PURPOSE_TYPE)}")
    v0 = obj["chargingProfileKind"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargingProfileKind", f"expected string, got {_json_type(v0)}")
    if v0 not in _CHARGING_PROFILE_KIND_TYPE:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/chargingProfileKind", f"{_show(v0)} is not one of {sorted(_CHARGING_PROFILE_KIND_TYPE)}")
    if "recurrencyKind" in obj:
        v0 = obj["recurrencyKind"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/recurrencyKind", f"expected string, got {_json_type(v0)}")
        if v0 not in _RECURRENCY_KIND_TYPE:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/recurrencyKind", f"{_show(v0)} is not one of {sorted(_RECURRENCY_KIND_TYPE)}")
    if "validFrom" in obj:
        v0 = obj["validFrom"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/validFrom", f"expected string, got {_json_type(v0)}")
    if "validTo" in obj:
        v0 = obj["validTo"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/validTo", f"expected string, got {_json_type(v0)}")
    v0 = obj["chargingSchedule"]
    if not isinstance(v0, dict):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargingSchedule", f"expected object, got {_json_type(v0)}")
    violation = _check_charging_schedule(v0, f"{path}/chargingSchedule")
    if violation is not None:
        return violation
    return None


def _check_charging_schedule(obj: dict[str, object], path: str) -> Violation | None:
    """ChargingSchedule."""
    if 'chargingRateUnit' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'chargingRateUnit' is a required property")
    if 'chargingSchedulePeriod' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'chargingSchedulePeriod' is a required property")
    if not _KEYS_CHARGING_SCHEDULE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CHARGING_SCHEDULE)!r}")
    if "duration" in obj:
        v0 = obj["duration"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/duration", f"expected integer, got {_json_type(v0)}")
    if "startSchedule" in obj:
        v0 = obj["startSchedule"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/startSchedule", f"expected string, got {_json_type(v0)}")
    v0 = obj["chargingRateUnit"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargingRateUnit", f"expected string, got {_json_type(v0)}")
    if v0 not in _CHARGING_RATE_UNIT_TYPE:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/chargingRateUnit", f"{_show(v0)} is not one of {sorted(_CHARGING_RATE_UNIT_TYPE)}")
    v0 = obj["chargingSchedulePeriod"]
    if not isinstance(v0, list):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargingSchedulePeriod", f"expected array, got {_json_type(v0)}")
    for i0, v1 in enumerate(v0):
        if not isinstance(v1, dict):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargingSchedulePeriod/{i0}", f"expected object, got {_json_type(v1)}")
        violation = _check_charging_schedule_period(v1, f"{path}/chargingSchedulePeriod/{i0}")
        if violation is not None:
            return violation
    if "minChargingRate" in obj:
        v0 = obj["minChargingRate"]
        if not isinstance(v0, (int, float)) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/minChargingRate", f"expected number, got {_json_type(v0)}")
        if not _is_multiple(v0, _STEP_0_1):
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/minChargingRate", f"{v0!r} is not a multiple of 0.1")
    return None


def _check_charging_schedule_period(obj: dict[str, object], path: str) -> Violation | None:
    """ChargingSchedulePeriod."""
    if 'startPeriod' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'startPeriod' is a required property")
    if 'limit' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'limit' is a required property")
    if not _KEYS_CHARGING_SCHEDULE_PERIOD.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CHARGING_SCHEDULE_PERIOD)!r}")
    v0 = obj["startPeriod"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/startPeriod", f"expected integer, got {_json_type(v0)}")
    v0 = obj["limit"]
    if not isinstance(v0, (int, float)) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/limit", f"expected number, got {_json_type(v0)}")
    if not _is_multiple(v0, _STEP_0_1):
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/limit", f"{v0!r} is not a multiple of 0.1")
    if "numberPhases" in obj:
        v0 = obj["numberPhases"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/numberPhases", f"expected integer, got {_json_type(v0)}")
    return None


def _check_clear_cache_request(obj: dict[str, object], path: str) -> Violation | None:
    """ClearCacheRequest."""
    if not _KEYS_CLEAR_CACHE_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CLEAR_CACHE_REQUEST)!r}")
    return None


def _check_clear_cache_response(obj: dict[str, object], path: str) -> Violation | None:
    """ClearCacheResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_CLEAR_CACHE_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CLEAR_CACHE_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _GENERIC_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_GENERIC_STATUS)}")
    return None


def _check_clear_charging_profile_request(obj: dict[str, object], path: str) -> Violation | None:
    """ClearChargingProfileRequest."""
    if not _KEYS_CLEAR_CHARGING_PROFILE_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CLEAR_CHARGING_PROFILE_REQUEST)!r}")
    if "id" in obj:
        v0 = obj["id"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/id", f"expected integer, got {_json_type(v0)}")
    if "connectorId" in obj:
        v0 = obj["connectorId"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    if "chargingProfilePurpose" in obj:
        v0 = obj["chargingProfilePurpose"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargingProfilePurpose", f"expected string, got {_json_type(v0)}")
        if v0 not in _CHARGING_PROFILE_PURPOSE_TYPE:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/chargingProfilePurpose", f"{_show(v0)} is not one of {sorted(_CHARGING_PROFILE_PURPOSE_TYPE)}")
    if "stackLevel" in obj:
        v0 = obj["stackLevel"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/stackLevel", f"expected integer, got {_json_type(v0)}")
    return None


def _check_clear_charging_profile_response(obj: dict[str, object], path: str) -> Violation | None:
    """ClearChargingProfileResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_CLEAR_CHARGING_PROFILE_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_CLEAR_CHARGING_PROFILE_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _CLEAR_CHARGING_PROFILE_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_CLEAR_CHARGING_PROFILE_STATUS)}")
    return None


def _check_data_transfer_request(obj: dict[str, object], path: str) -> Violation | None:
    """DataTransferRequest."""
    if 'vendorId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'vendorId' is a required property")
    if not _KEYS_DATA_TRANSFER_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_DATA_TRANSFER_REQUEST)!r}")
    v0 = obj["vendorId"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/vendorId", f"expected string, got {_json_type(v0)}")
    if len(v0) > 255:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/vendorId", f"longer than 255 characters ({len(v0)})")
    if "messageId" in obj:
        v0 = obj["messageId"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/messageId", f"expected string, got {_json_type(v0)}")
        if len(v0) > 50:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/messageId", f"longer than 50 characters ({len(v0)})")
    if "data" in obj:
        v0 = obj["data"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/data", f"expected string, got {_json_type(v0)}")
    return None


def _check_data_transfer_response(obj: dict[str, object], path: str) -> Violation | None:
    """DataTransferResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_DATA_TRANSFER_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_DATA_TRANSFER_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _DATA_TRANSFER_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_DATA_TRANSFER_STATUS)}")
    if "data" in obj:
        v0 = obj["data"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/data", f"expected string, got {_json_type(v0)}")
    return None


def _check_diagnostics_status_notification_request(obj: dict[str, object], path: str) -> Violation | None:
    """DiagnosticsStatusNotificationRequest."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_DIAGNOSTICS_STATUS_NOTIFICATION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_DIAGNOSTICS_STATUS_NOTIFICATION_REQUEST)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _DIAGNOSTICS_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_DIAGNOSTICS_STATUS)}")
    return None


def _check_diagnostics_status_notification_response(obj: dict[str, object], path: str) -> Violation | None:
    """DiagnosticsStatusNotificationResponse."""
    if not _KEYS_DIAGNOSTICS_STATUS_NOTIFICATION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_DIAGNOSTICS_STATUS_NOTIFICATION_RESPONSE)!r}")
    return None


def _check_firmware_status_notification_request(obj: dict[str, object], path: str) -> Violation | None:
    """FirmwareStatusNotificationRequest."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_FIRMWARE_STATUS_NOTIFICATION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_FIRMWARE_STATUS_NOTIFICATION_REQUEST)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _FIRMWARE_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_FIRMWARE_STATUS)}")
    return None


def _check_firmware_status_notification_response(obj: dict[str, object], path: str) -> Violation | None:
    """FirmwareStatusNotificationResponse."""
    if not _KEYS_FIRMWARE_STATUS_NOTIFICATION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_FIRMWARE_STATUS_NOTIFICATION_RESPONSE)!r}")
    return None


def _check_get_composite_schedule_request(obj: dict[str, object], path: str) -> Violation | None:
    """GetCompositeScheduleRequest."""
    if 'connectorId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'connectorId' is a required property")
    if 'duration' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'duration' is a required property")
    if not _KEYS_GET_COMPOSITE_SCHEDULE_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_GET_COMPOSITE_SCHEDULE_REQUEST)!r}")
    v0 = obj["connectorId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    v0 = obj["duration"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/duration", f"expected integer, got {_json_type(v0)}")
    if "chargingRateUnit" in obj:
        v0 = obj["chargingRateUnit"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargingRateUnit", f"expected string, got {_json_type(v0)}")
        if v0 not in _CHARGING_RATE_UNIT_TYPE:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/chargingRateUnit", f"{_show(v0)} is not one of {sorted(_CHARGING_RATE_UNIT_TYPE)}")
    return None


def _check_get_composite_schedule_response(obj: dict[str, object], path: str) -> Violation | None:
    """GetCompositeScheduleResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_GET_COMPOSITE_SCHEDULE_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_GET_COMPOSITE_SCHEDULE_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _GENERIC_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_GENERIC_STATUS)}")
    if "connectorId" in obj:
        v0 = obj["connectorId"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    if "scheduleStart" in obj:
        v0 = obj["scheduleStart"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/scheduleStart", f"expected string, got {_json_type(v0)}")
    if "chargingSchedule" in obj:
        v0 = obj["chargingSchedule"]
        if not isinstance(v0, dict):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargingSchedule", f"expected object, got {_json_type(v0)}")
        violation = _check_charging_schedule(v0, f"{path}/chargingSchedule")
        if violation is not None:
            return violation
    return None


def _check_get_configuration_request(obj: dict[str, object], path: str) -> Violation | None:
    """GetConfigurationRequest."""
    if not _KEYS_GET_CONFIGURATION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_GET_CONFIGURATION_REQUEST)!r}")
    if "key" in obj:
        v0 = obj["key"]
        if not isinstance(v0, list):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/key", f"expected array, got {_json_type(v0)}")
        for i0, v1 in enumerate(v0):
            if not isinstance(v1, str):
                return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/key/{i0}", f"expected string, got {_json_type(v1)}")
            if len(v1) > 50:
                return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/key/{i0}", f"longer than 50 characters ({len(v1)})")
    return None


def _check_get_configuration_response(obj: dict[str, object], path: str) -> Violation | None:
    """GetConfigurationResponse."""
    if not _KEYS_GET_CONFIGURATION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_GET_CONFIGURATION_RESPONSE)!r}")
    if "configurationKey" in obj:
        v0 = obj["configurationKey"]
        if not isinstance(v0, list):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/configurationKey", f"expected array, got {_json_type(v0)}")
        for i0, v1 in enumerate(v0):
            if not isinstance(v1, dict):
                return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/configurationKey/{i0}", f"expected object, got {_json_type(v1)}")
            violation = _check_key_value(v1, f"{path}/configurationKey/{i0}")
            if violation is not None:
                return violation
    if "unknownKey" in obj:
        v0 = obj["unknownKey"]
        if not isinstance(v0, list):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/unknownKey", f"expected array, got {_json_type(v0)}")
        for i0, v1 in enumerate(v0):
            if not isinstance(v1, str):
                return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/unknownKey/{i0}", f"expected string, got {_json_type(v1)}")
            if len(v1) > 50:
                return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/unknownKey/{i0}", f"longer than 50 characters ({len(v1)})")
    return None


def _check_get_diagnostics_request(obj: dict[str, object], path: str) -> Violation | None:
    """GetDiagnosticsRequest."""
    if 'location' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'location' is a required property")
    if not _KEYS_GET_DIAGNOSTICS_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_GET_DIAGNOSTICS_REQUEST)!r}")
    v0 = obj["location"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/location", f"expected string, got {_json_type(v0)}")
    if "retries" in obj:
        v0 = obj["retries"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/retries", f"expected integer, got {_json_type(v0)}")
    if "retryInterval" in obj:
        v0 = obj["retryInterval"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/retryInterval", f"expected integer, got {_json_type(v0)}")
    if "startTime" in obj:
        v0 = obj["startTime"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/startTime", f"expected string, got {_json_type(v0)}")
    if "stopTime" in obj:
        v0 = obj["stopTime"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/stopTime", f"expected string, got {_json_type(v0)}")
    return None


def _check_get_diagnostics_response(obj: dict[str, object], path: str) -> Violation | None:
    """GetDiagnosticsResponse."""
    if not _KEYS_GET_DIAGNOSTICS_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_GET_DIAGNOSTICS_RESPONSE)!r}")
    if "fileName" in obj:
        v0 = obj["fileName"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/fileName", f"expected string, got {_json_type(v0)}")
        if len(v0) > 255:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/fileName", f"longer than 255 characters ({len(v0)})")
    return None


def _check_get_local_list_version_request(obj: dict[str, object], path: str) -> Violation | None:
    """GetLocalListVersionRequest."""
    if not _KEYS_GET_LOCAL_LIST_VERSION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_GET_LOCAL_LIST_VERSION_REQUEST)!r}")
    return None


def _check_get_local_list_version_response(obj: dict[str, object], path: str) -> Violation | None:
    """GetLocalListVersionResponse."""
    if 'listVersion' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'listVersion' is a required property")
    if not _KEYS_GET_LOCAL_LIST_VERSION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_GET_LOCAL_LIST_VERSION_RESPONSE)!r}")
    v0 = obj["listVersion"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/listVersion", f"expected integer, got {_json_type(v0)}")
    return None


def _check_heartbeat_request(obj: dict[str, object], path: str) -> Violation | None:
    """HeartbeatRequest."""
    if not _KEYS_HEARTBEAT_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_HEARTBEAT_REQUEST)!r}")
    return None


def _check_heartbeat_response(obj: dict[str, object], path: str) -> Violation | None:
    """HeartbeatResponse."""
    if 'currentTime' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'currentTime' is a required property")
    if not _KEYS_HEARTBEAT_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_HEARTBEAT_RESPONSE)!r}")
    v0 = obj["currentTime"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/currentTime", f"expected string, got {_json_type(v0)}")
    return None


def _check_id_tag_info(obj: dict[str, object], path: str) -> Violation | None:
    """IdTagInfo."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_ID_TAG_INFO.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_ID_TAG_INFO)!r}")
    if "expiryDate" in obj:
        v0 = obj["expiryDate"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/expiryDate", f"expected string, got {_json_type(v0)}")
    if "parentIdTag" in obj:
        v0 = obj["parentIdTag"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/parentIdTag", f"expected string, got {_json_type(v0)}")
        if len(v0) > 20:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/parentIdTag", f"longer than 20 characters ({len(v0)})")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _AUTHORIZATION_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_AUTHORIZATION_STATUS)}")
    return None


def _check_key_value(obj: dict[str, object], path: str) -> Violation | None:
    """KeyValue."""
    if 'key' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'key' is a required property")
    if 'readonly' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'readonly' is a required property")
    if not _KEYS_KEY_VALUE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_KEY_VALUE)!r}")
    v0 = obj["key"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/key", f"expected string, got {_json_type(v0)}")
    if len(v0) > 50:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/key", f"longer than 50 characters ({len(v0)})")
    v0 = obj["readonly"]
    if not isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/readonly", f"expected boolean, got {_json_type(v0)}")
    if "value" in obj:
        v0 = obj["value"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/value", f"expected string, got {_json_type(v0)}")
        if len(v0) > 500:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/value", f"longer than 500 characters ({len(v0)})")
    return None


def _check_meter_value(obj: dict[str, object], path: str) -> Violation | None:
    """MeterValue."""
    if 'timestamp' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'timestamp' is a required property")
    if 'sampledValue' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'sampledValue' is a required property")
    if not _KEYS_METER_VALUE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_METER_VALUE)!r}")
    v0 = obj["timestamp"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/timestamp", f"expected string, got {_json_type(v0)}")
    v0 = obj["sampledValue"]
    if not isinstance(v0, list):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/sampledValue", f"expected array, got {_json_type(v0)}")
    if len(v0) < 1:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, f"{path}/sampledValue", "needs at least 1 item(s)")
    for i0, v1 in enumerate(v0):
        if not isinstance(v1, dict):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/sampledValue/{i0}", f"expected object, got {_json_type(v1)}")
        violation = _check_sampled_value(v1, f"{path}/sampledValue/{i0}")
        if violation is not None:
            return violation
    return None


def _check_meter_values_request(obj: dict[str, object], path: str) -> Violation | None:
    """MeterValuesRequest."""
    if 'connectorId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'connectorId' is a required property")
    if 'meterValue' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'meterValue' is a required property")
    if not _KEYS_METER_VALUES_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_METER_VALUES_REQUEST)!r}")
    v0 = obj["connectorId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    if "transactionId" in obj:
        v0 = obj["transactionId"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/transactionId", f"expected integer, got {_json_type(v0)}")
    v0 = obj["meterValue"]
    if not isinstance(v0, list):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/meterValue", f"expected array, got {_json_type(v0)}")
    if len(v0) < 1:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, f"{path}/meterValue", "needs at least 1 item(s)")
    for i0, v1 in enumerate(v0):
        if not isinstance(v1, dict):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/meterValue/{i0}", f"expected object, got {_json_type(v1)}")
        violation = _check_meter_value(v1, f"{path}/meterValue/{i0}")
        if violation is not None:
            return violation
    return None


def _check_meter_values_response(obj: dict[str, object], path: str) -> Violation | None:
    """MeterValuesResponse."""
    if not _KEYS_METER_VALUES_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_METER_VALUES_RESPONSE)!r}")
    return None


def _check_remote_start_transaction_request(obj: dict[str, object], path: str) -> Violation | None:
    """RemoteStartTransactionRequest."""
    if 'idTag' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'idTag' is a required property")
    if not _KEYS_REMOTE_START_TRANSACTION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_REMOTE_START_TRANSACTION_REQUEST)!r}")
    if "connectorId" in obj:
        v0 = obj["connectorId"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    v0 = obj["idTag"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/idTag", f"expected string, got {_json_type(v0)}")
    if len(v0) > 20:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/idTag", f"longer than 20 characters ({len(v0)})")
    if "chargingProfile" in obj:
        v0 = obj["chargingProfile"]
        if not isinstance(v0, dict):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/chargingProfile", f"expected object, got {_json_type(v0)}")
        violation = _check_charging_profile(v0, f"{path}/chargingProfile")
        if violation is not None:
            return violation
    return None


def _check_remote_start_transaction_response(obj: dict[str, object], path: str) -> Violation | None:
    """RemoteStartTransactionResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_REMOTE_START_TRANSACTION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_REMOTE_START_TRANSACTION_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _GENERIC_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_GENERIC_STATUS)}")
    return None


def _check_remote_stop_transaction_request(obj: dict[str, object], path: str) -> Violation | None:
    """RemoteStopTransactionRequest."""
    if 'transactionId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'transactionId' is a required property")
    if not _KEYS_REMOTE_STOP_TRANSACTION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_REMOTE_STOP_TRANSACTION_REQUEST)!r}")
    v0 = obj["transactionId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/transactionId", f"expected integer, got {_json_type(v0)}")
    return None


def _check_remote_stop_transaction_response(obj: dict[str, object], path: str) -> Violation | None:
    """RemoteStopTransactionResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_REMOTE_STOP_TRANSACTION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_REMOTE_STOP_TRANSACTION_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _GENERIC_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_GENERIC_STATUS)}")
    return None


def _check_reserve_now_request(obj: dict[str, object], path: str) -> Violation | None:
    """ReserveNowRequest."""
    if 'connectorId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'connectorId' is a required property")
    if 'expiryDate' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'expiryDate' is a required property")
    if 'idTag' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'idTag' is a required property")
    if 'reservationId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'reservationId' is a required property")
    if not _KEYS_RESERVE_NOW_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_RESERVE_NOW_REQUEST)!r}")
    v0 = obj["connectorId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    v0 = obj["expiryDate"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/expiryDate", f"expected string, got {_json_type(v0)}")
    v0 = obj["idTag"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/idTag", f"expected string, got {_json_type(v0)}")
    if len(v0) > 20:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/idTag", f"longer than 20 characters ({len(v0)})")
    if "parentIdTag" in obj:
        v0 = obj["parentIdTag"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/parentIdTag", f"expected string, got {_json_type(v0)}")
        if len(v0) > 20:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/parentIdTag", f"longer than 20 characters ({len(v0)})")
    v0 = obj["reservationId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/reservationId", f"expected integer, got {_json_type(v0)}")
    return None


def _check_reserve_now_response(obj: dict[str, object], path: str) -> Violation | None:
    """ReserveNowResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_RESERVE_NOW_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_RESERVE_NOW_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _RESERVATION_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_RESERVATION_STATUS)}")
    return None


def _check_reset_request(obj: dict[str, object], path: str) -> Violation | None:
    """ResetRequest."""
    if 'type' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'type' is a required property")
    if not _KEYS_RESET_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_RESET_REQUEST)!r}")
    v0 = obj["type"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/type", f"expected string, got {_json_type(v0)}")
    if v0 not in _RESET_TYPE:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/type", f"{_show(v0)} is not one of {sorted(_RESET_TYPE)}")
    return None


def _check_reset_response(obj: dict[str, object], path: str) -> Violation | None:
    """ResetResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_RESET_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_RESET_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _GENERIC_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_GENERIC_STATUS)}")
    return None


def _check_sampled_value(obj: dict[str, object], path: str) -> Violation | None:
    """SampledValue."""
    if 'value' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'value' is a required property")
    if not _KEYS_SAMPLED_VALUE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_SAMPLED_VALUE)!r}")
    v0 = obj["value"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/value", f"expected string, got {_json_type(v0)}")
    if "context" in obj:
        v0 = obj["context"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/context", f"expected string, got {_json_type(v0)}")
        if v0 not in _READING_CONTEXT:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/context", f"{_show(v0)} is not one of {sorted(_READING_CONTEXT)}")
    if "format" in obj:
        v0 = obj["format"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/format", f"expected string, got {_json_type(v0)}")
        if v0 not in _VALUE_FORMAT:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/format", f"{_show(v0)} is not one of {sorted(_VALUE_FORMAT)}")
    if "measurand" in obj:
        v0 = obj["measurand"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/measurand", f"expected string, got {_json_type(v0)}")
        if v0 not in _MEASURAND:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/measurand", f"{_show(v0)} is not one of {sorted(_MEASURAND)}")
    if "phase" in obj:
        v0 = obj["phase"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/phase", f"expected string, got {_json_type(v0)}")
        if v0 not in _PHASE:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/phase", f"{_show(v0)} is not one of {sorted(_PHASE)}")
    if "location" in obj:
        v0 = obj["location"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/location", f"expected string, got {_json_type(v0)}")
        if v0 not in _LOCATION:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/location", f"{_show(v0)} is not one of {sorted(_LOCATION)}")
    if "unit" in obj:
        v0 = obj["unit"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/unit", f"expected string, got {_json_type(v0)}")
        if v0 not in _UNIT_OF_MEASURE:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/unit", f"{_show(v0)} is not one of {sorted(_UNIT_OF_MEASURE)}")
    return None


def _check_send_local_list_request(obj: dict[str, object], path: str) -> Violation | None:
    """SendLocalListRequest."""
    if 'listVersion' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'listVersion' is a required property")
    if 'updateType' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'updateType' is a required property")
    if not _KEYS_SEND_LOCAL_LIST_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_SEND_LOCAL_LIST_REQUEST)!r}")
    v0 = obj["listVersion"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/listVersion", f"expected integer, got {_json_type(v0)}")
    if "localAuthorizationList" in obj:
        v0 = obj["localAuthorizationList"]
        if not isinstance(v0, list):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/localAuthorizationList", f"expected array, got {_json_type(v0)}")
        for i0, v1 in enumerate(v0):
            if not isinstance(v1, dict):
                return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/localAuthorizationList/{i0}", f"expected object, got {_json_type(v1)}")
            violation = _check_authorization_data(v1, f"{path}/localAuthorizationList/{i0}")
            if violation is not None:
                return violation
    v0 = obj["updateType"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/updateType", f"expected string, got {_json_type(v0)}")
    if v0 not in _UPDATE_TYPE:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/updateType", f"{_show(v0)} is not one of {sorted(_UPDATE_TYPE)}")
    return None


def _check_send_local_list_response(obj: dict[str, object], path: str) -> Violation | None:
    """SendLocalListResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_SEND_LOCAL_LIST_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_SEND_LOCAL_LIST_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _UPDATE_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_UPDATE_STATUS)}")
    return None


def _check_set_charging_profile_request(obj: dict[str, object], path: str) -> Violation | None:
    """SetChargingProfileRequest."""
    if 'connectorId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'connectorId' is a required property")
    if 'csChargingProfiles' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'csChargingProfiles' is a required property")
    if not _KEYS_SET_CHARGING_PROFILE_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_SET_CHARGING_PROFILE_REQUEST)!r}")
    v0 = obj["connectorId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    v0 = obj["csChargingProfiles"]
    if not isinstance(v0, dict):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/csChargingProfiles", f"expected object, got {_json_type(v0)}")
    violation = _check_charging_profile(v0, f"{path}/csChargingProfiles")
    if violation is not None:
        return violation
    return None


def _check_set_charging_profile_response(obj: dict[str, object], path: str) -> Violation | None:
    """SetChargingProfileResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_SET_CHARGING_PROFILE_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_SET_CHARGING_PROFILE_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _CHARGING_PROFILE_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_CHARGING_PROFILE_STATUS)}")
    return None


def _check_start_transaction_request(obj: dict[str, object], path: str) -> Violation | None:
    """StartTransactionRequest."""
    if 'connectorId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'connectorId' is a required property")
    if 'idTag' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'idTag' is a required property")
    if 'meterStart' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'meterStart' is a required property")
    if 'timestamp' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'timestamp' is a required property")
    if not _KEYS_START_TRANSACTION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_START_TRANSACTION_REQUEST)!r}")
    v0 = obj["connectorId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    v0 = obj["idTag"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/idTag", f"expected string, got {_json_type(v0)}")
    if len(v0) > 20:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/idTag", f"longer than 20 characters ({len(v0)})")
    v0 = obj["meterStart"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/meterStart", f"expected integer, got {_json_type(v0)}")
    if "reservationId" in obj:
        v0 = obj["reservationId"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/reservationId", f"expected integer, got {_json_type(v0)}")
    v0 = obj["timestamp"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/timestamp", f"expected string, got {_json_type(v0)}")
    return None


def _check_start_transaction_response(obj: dict[str, object], path: str) -> Violation | None:
    """StartTransactionResponse."""
    if 'idTagInfo' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'idTagInfo' is a required property")
    if 'transactionId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'transactionId' is a required property")
    if not _KEYS_START_TRANSACTION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_START_TRANSACTION_RESPONSE)!r}")
    v0 = obj["idTagInfo"]
    if not isinstance(v0, dict):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/idTagInfo", f"expected object, got {_json_type(v0)}")
    violation = _check_id_tag_info(v0, f"{path}/idTagInfo")
    if violation is not None:
        return violation
    v0 = obj["transactionId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/transactionId", f"expected integer, got {_json_type(v0)}")
    return None


def _check_status_notification_request(obj: dict[str, object], path: str) -> Violation | None:
    """StatusNotificationRequest."""
    if 'connectorId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'connectorId' is a required property")
    if 'errorCode' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'errorCode' is a required property")
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_STATUS_NOTIFICATION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_STATUS_NOTIFICATION_REQUEST)!r}")
    v0 = obj["connectorId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    v0 = obj["errorCode"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/errorCode", f"expected string, got {_json_type(v0)}")
    if v0 not in _CHARGE_POINT_ERROR_CODE:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/errorCode", f"{_show(v0)} is not one of {sorted(_CHARGE_POINT_ERROR_CODE)}")
    if "info" in obj:
        v0 = obj["info"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/info", f"expected string, got {_json_type(v0)}")
        if len(v0) > 50:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/info", f"longer than 50 characters ({len(v0)})")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _CHARGE_POINT_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_CHARGE_POINT_STATUS)}")
    if "timestamp" in obj:
        v0 = obj["timestamp"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/timestamp", f"expected string, got {_json_type(v0)}")
    if "vendorId" in obj:
        v0 = obj["vendorId"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/vendorId", f"expected string, got {_json_type(v0)}")
        if len(v0) > 255:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/vendorId", f"longer than 255 characters ({len(v0)})")
    if "vendorErrorCode" in obj:
        v0 = obj["vendorErrorCode"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/vendorErrorCode", f"expected string, got {_json_type(v0)}")
        if len(v0) > 50:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/vendorErrorCode", f"longer than 50 characters ({len(v0)})")
    return None


def _check_status_notification_response(obj: dict[str, object], path: str) -> Violation | None:
    """StatusNotificationResponse."""
    if not _KEYS_STATUS_NOTIFICATION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_STATUS_NOTIFICATION_RESPONSE)!r}")
    return None


def _check_stop_transaction_meter_value(obj: dict[str, object], path: str) -> Violation | None:
    """StopTransactionMeterValue."""
    if 'timestamp' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'timestamp' is a required property")
    if 'sampledValue' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'sampledValue' is a required property")
    if not _KEYS_STOP_TRANSACTION_METER_VALUE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_STOP_TRANSACTION_METER_VALUE)!r}")
    v0 = obj["timestamp"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/timestamp", f"expected string, got {_json_type(v0)}")
    v0 = obj["sampledValue"]
    if not isinstance(v0, list):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/sampledValue", f"expected array, got {_json_type(v0)}")
    for i0, v1 in enumerate(v0):
        if not isinstance(v1, dict):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/sampledValue/{i0}", f"expected object, got {_json_type(v1)}")
        violation = _check_stop_transaction_sampled_value(v1, f"{path}/sampledValue/{i0}")
        if violation is not None:
            return violation
    return None


def _check_stop_transaction_request(obj: dict[str, object], path: str) -> Violation | None:
    """StopTransactionRequest."""
    if 'transactionId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'transactionId' is a required property")
    if 'timestamp' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'timestamp' is a required property")
    if 'meterStop' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'meterStop' is a required property")
    if not _KEYS_STOP_TRANSACTION_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_STOP_TRANSACTION_REQUEST)!r}")
    if "idTag" in obj:
        v0 = obj["idTag"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/idTag", f"expected string, got {_json_type(v0)}")
        if len(v0) > 20:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/idTag", f"longer than 20 characters ({len(v0)})")
    v0 = obj["meterStop"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/meterStop", f"expected integer, got {_json_type(v0)}")
    v0 = obj["timestamp"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/timestamp", f"expected string, got {_json_type(v0)}")
    v0 = obj["transactionId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/transactionId", f"expected integer, got {_json_type(v0)}")
    if "reason" in obj:
        v0 = obj["reason"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/reason", f"expected string, got {_json_type(v0)}")
        if v0 not in _REASON:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/reason", f"{_show(v0)} is not one of {sorted(_REASON)}")
    if "transactionData" in obj:
        v0 = obj["transactionData"]
        if not isinstance(v0, list):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/transactionData", f"expected array, got {_json_type(v0)}")
        for i0, v1 in enumerate(v0):
            if not isinstance(v1, dict):
                return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/transactionData/{i0}", f"expected object, got {_json_type(v1)}")
            violation = _check_stop_transaction_meter_value(v1, f"{path}/transactionData/{i0}")
            if violation is not None:
                return violation
    return None


def _check_stop_transaction_response(obj: dict[str, object], path: str) -> Violation | None:
    """StopTransactionResponse."""
    if not _KEYS_STOP_TRANSACTION_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_STOP_TRANSACTION_RESPONSE)!r}")
    if "idTagInfo" in obj:
        v0 = obj["idTagInfo"]
        if not isinstance(v0, dict):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/idTagInfo", f"expected object, got {_json_type(v0)}")
        violation = _check_id_tag_info(v0, f"{path}/idTagInfo")
        if violation is not None:
            return violation
    return None


def _check_stop_transaction_sampled_value(obj: dict[str, object], path: str) -> Violation | None:
    """StopTransactionSampledValue."""
    if 'value' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'value' is a required property")
    if not _KEYS_STOP_TRANSACTION_SAMPLED_VALUE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_STOP_TRANSACTION_SAMPLED_VALUE)!r}")
    v0 = obj["value"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/value", f"expected string, got {_json_type(v0)}")
    if "context" in obj:
        v0 = obj["context"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/context", f"expected string, got {_json_type(v0)}")
        if v0 not in _READING_CONTEXT:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/context", f"{_show(v0)} is not one of {sorted(_READING_CONTEXT)}")
    if "format" in obj:
        v0 = obj["format"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/format", f"expected string, got {_json_type(v0)}")
        if v0 not in _VALUE_FORMAT:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/format", f"{_show(v0)} is not one of {sorted(_VALUE_FORMAT)}")
    if "measurand" in obj:
        v0 = obj["measurand"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/measurand", f"expected string, got {_json_type(v0)}")
        if v0 not in _MEASURAND:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/measurand", f"{_show(v0)} is not one of {sorted(_MEASURAND)}")
    if "phase" in obj:
        v0 = obj["phase"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/phase", f"expected string, got {_json_type(v0)}")
        if v0 not in _PHASE:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/phase", f"{_show(v0)} is not one of {sorted(_PHASE)}")
    if "location" in obj:
        v0 = obj["location"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/location", f"expected string, got {_json_type(v0)}")
        if v0 not in _LOCATION:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/location", f"{_show(v0)} is not one of {sorted(_LOCATION)}")
    if "unit" in obj:
        v0 = obj["unit"]
        if not isinstance(v0, str):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/unit", f"expected string, got {_json_type(v0)}")
        if v0 not in _STOP_TRANSACTION_UNIT_OF_MEASURE:
            return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/unit", f"{_show(v0)} is not one of {sorted(_STOP_TRANSACTION_UNIT_OF_MEASURE)}")
    return None


def _check_trigger_message_request(obj: dict[str, object], path: str) -> Violation | None:
    """TriggerMessageRequest."""
    if 'requestedMessage' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'requestedMessage' is a required property")
    if not _KEYS_TRIGGER_MESSAGE_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_TRIGGER_MESSAGE_REQUEST)!r}")
    v0 = obj["requestedMessage"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/requestedMessage", f"expected string, got {_json_type(v0)}")
    if v0 not in _MESSAGE_TRIGGER:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/requestedMessage", f"{_show(v0)} is not one of {sorted(_MESSAGE_TRIGGER)}")
    if "connectorId" in obj:
        v0 = obj["connectorId"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    return None


def _check_trigger_message_response(obj: dict[str, object], path: str) -> Violation | None:
    """TriggerMessageResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_TRIGGER_MESSAGE_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_TRIGGER_MESSAGE_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _TRIGGER_MESSAGE_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_TRIGGER_MESSAGE_STATUS)}")
    return None


def _check_unlock_connector_request(obj: dict[str, object], path: str) -> Violation | None:
    """UnlockConnectorRequest."""
    if 'connectorId' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'connectorId' is a required property")
    if not _KEYS_UNLOCK_CONNECTOR_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_UNLOCK_CONNECTOR_REQUEST)!r}")
    v0 = obj["connectorId"]
    if not isinstance(v0, int) or isinstance(v0, bool):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/connectorId", f"expected integer, got {_json_type(v0)}")
    return None


def _check_unlock_connector_response(obj: dict[str, object], path: str) -> Violation | None:
    """UnlockConnectorResponse."""
    if 'status' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'status' is a required property")
    if not _KEYS_UNLOCK_CONNECTOR_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_UNLOCK_CONNECTOR_RESPONSE)!r}")
    v0 = obj["status"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/status", f"expected string, got {_json_type(v0)}")
    if v0 not in _UNLOCK_STATUS:
        return Violation(CallErrorCode.PROPERTY_CONSTRAINT_VIOLATION, f"{path}/status", f"{_show(v0)} is not one of {sorted(_UNLOCK_STATUS)}")
    return None


def _check_update_firmware_request(obj: dict[str, object], path: str) -> Violation | None:
    """UpdateFirmwareRequest."""
    if 'location' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'location' is a required property")
    if 'retrieveDate' not in obj:
        return Violation(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, path, "'retrieveDate' is a required property")
    if not _KEYS_UPDATE_FIRMWARE_REQUEST.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_UPDATE_FIRMWARE_REQUEST)!r}")
    v0 = obj["location"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/location", f"expected string, got {_json_type(v0)}")
    if "retries" in obj:
        v0 = obj["retries"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/retries", f"expected integer, got {_json_type(v0)}")
    v0 = obj["retrieveDate"]
    if not isinstance(v0, str):
        return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/retrieveDate", f"expected string, got {_json_type(v0)}")
    if "retryInterval" in obj:
        v0 = obj["retryInterval"]
        if not isinstance(v0, int) or isinstance(v0, bool):
            return Violation(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, f"{path}/retryInterval", f"expected integer, got {_json_type(v0)}")
    return None


def _check_update_firmware_response(obj: dict[str, object], path: str) -> Violation | None:
    """UpdateFirmwareResponse."""
    if not _KEYS_UPDATE_FIRMWARE_RESPONSE.issuperset(obj):
        return Violation(CallErrorCode.FORMATION_VIOLATION, path, f"unexpected property {_extra(obj, _KEYS_UPDATE_FIRMWARE_RESPONSE)!r}")
    return None


def validate_authorize_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_authorize_request(payload, "")


def validate_authorize_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_authorize_response(payload, "")


def validate_boot_notification_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_boot_notification_request(payload, "")


def validate_boot_notification_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_boot_notification_response(payload, "")


def validate_cancel_reservation_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_cancel_reservation_request(payload, "")


def validate_cancel_reservation_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_cancel_reservation_response(payload, "")


def validate_change_availability_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_change_availability_request(payload, "")


def validate_change_availability_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_change_availability_response(payload, "")


def validate_change_configuration_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_change_configuration_request(payload, "")


def validate_change_configuration_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_change_configuration_response(payload, "")


def validate_clear_cache_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_clear_cache_request(payload, "")


def validate_clear_cache_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_clear_cache_response(payload, "")


def validate_clear_charging_profile_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_clear_charging_profile_request(payload, "")


def validate_clear_charging_profile_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_clear_charging_profile_response(payload, "")


def validate_data_transfer_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_data_transfer_request(payload, "")


def validate_data_transfer_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_data_transfer_response(payload, "")


def validate_diagnostics_status_notification_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_diagnostics_status_notification_request(payload, "")


def validate_diagnostics_status_notification_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_diagnostics_status_notification_response(payload, "")


def validate_firmware_status_notification_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_firmware_status_notification_request(payload, "")


def validate_firmware_status_notification_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_firmware_status_notification_response(payload, "")


def validate_get_composite_schedule_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_get_composite_schedule_request(payload, "")


def validate_get_composite_schedule_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_get_composite_schedule_response(payload, "")


def validate_get_configuration_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_get_configuration_request(payload, "")


def validate_get_configuration_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_get_configuration_response(payload, "")


def validate_get_diagnostics_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_get_diagnostics_request(payload, "")


def validate_get_diagnostics_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_get_diagnostics_response(payload, "")


def validate_get_local_list_version_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_get_local_list_version_request(payload, "")


def validate_get_local_list_version_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_get_local_list_version_response(payload, "")


def validate_heartbeat_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_heartbeat_request(payload, "")


def validate_heartbeat_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_heartbeat_response(payload, "")


def validate_meter_values_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_meter_values_request(payload, "")


def validate_meter_values_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_meter_values_response(payload, "")


def validate_remote_start_transaction_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_remote_start_transaction_request(payload, "")


def validate_remote_start_transaction_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_remote_start_transaction_response(payload, "")


def validate_remote_stop_transaction_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_remote_stop_transaction_request(payload, "")


def validate_remote_stop_transaction_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_remote_stop_transaction_response(payload, "")


def validate_reserve_now_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_reserve_now_request(payload, "")


def validate_reserve_now_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_reserve_now_response(payload, "")


def validate_reset_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_reset_request(payload, "")


def validate_reset_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_reset_response(payload, "")


def validate_send_local_list_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_send_local_list_request(payload, "")


def validate_send_local_list_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_send_local_list_response(payload, "")


def validate_set_charging_profile_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_set_charging_profile_request(payload, "")


def validate_set_charging_profile_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_set_charging_profile_response(payload, "")


def validate_start_transaction_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_start_transaction_request(payload, "")


def validate_start_transaction_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_start_transaction_response(payload, "")


def validate_status_notification_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_status_notification_request(payload, "")


def validate_status_notification_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_status_notification_response(payload, "")


def validate_stop_transaction_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_stop_transaction_request(payload, "")


def validate_stop_transaction_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_stop_transaction_response(payload, "")


def validate_trigger_message_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_trigger_message_request(payload, "")


def validate_trigger_message_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_trigger_message_response(payload, "")


def validate_unlock_connector_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_unlock_connector_request(payload, "")


def validate_unlock_connector_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_unlock_connector_response(payload, "")


def validate_update_firmware_request(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_update_firmware_request(payload, "")


def validate_update_firmware_response(payload: object) -> Violation | None:
    if not isinstance(payload, dict):
        return Violation(CallErrorCode.FORMATION_VIOLATION, "", f"payload must be a JSON object, got {_json_type(payload)}")
    return _check_update_firmware_response(payload, "")


_Validator = Callable[[object], Violation | None]

_REQUEST_VALIDATORS: Final[Mapping[str, _Validator]] = {
    "Authorize": validate_authorize_request,
    "BootNotification": validate_boot_notification_request,
    "CancelReservation": validate_cancel_reservation_request,
    "ChangeAvailability": validate_change_availability_request,
    "ChangeConfiguration": validate_change_configuration_request,
    "ClearCache": validate_clear_cache_request,
    "ClearChargingProfile": validate_clear_charging_profile_request,
    "DataTransfer": validate_data_transfer_request,
    "DiagnosticsStatusNotification": validate_diagnostics_status_notification_request,
    "FirmwareStatusNotification": validate_firmware_status_notification_request,
    "GetCompositeSchedule": validate_get_composite_schedule_request,
    "GetConfiguration": validate_get_configuration_request,
    "GetDiagnostics": validate_get_diagnostics_request,
    "GetLocalListVersion": validate_get_local_list_version_request,
    "Heartbeat": validate_heartbeat_request,
    "MeterValues": validate_meter_values_request,
    "RemoteStartTransaction": validate_remote_start_transaction_request,
    "RemoteStopTransaction": validate_remote_stop_transaction_request,
    "ReserveNow": validate_reserve_now_request,
    "Reset": validate_reset_request,
    "SendLocalList": validate_send_local_list_request,
    "SetChargingProfile": validate_set_charging_profile_request,
    "StartTransaction": validate_start_transaction_request,
    "StatusNotification": validate_status_notification_request,
    "StopTransaction": validate_stop_transaction_request,
    "TriggerMessage": validate_trigger_message_request,
    "UnlockConnector": validate_unlock_connector_request,
    "UpdateFirmware": validate_update_firmware_request,
}

_RESPONSE_VALIDATORS: Final[Mapping[str, _Validator]] = {
    "Authorize": validate_authorize_response,
    "BootNotification": validate_boot_notification_response,
    "CancelReservation": validate_cancel_reservation_response,
    "ChangeAvailability": validate_change_availability_response,
    "ChangeConfiguration": validate_change_configuration_response,
    "ClearCache": validate_clear_cache_response,
    "ClearChargingProfile": validate_clear_charging_profile_response,
    "DataTransfer": validate_data_transfer_response,
    "DiagnosticsStatusNotification": validate_diagnostics_status_notification_response,
    "FirmwareStatusNotification": validate_firmware_status_notification_response,
    "GetCompositeSchedule": validate_get_composite_schedule_response,
    "GetConfiguration": validate_get_configuration_response,
    "GetDiagnostics": validate_get_diagnostics_response,
    "GetLocalListVersion": validate_get_local_list_version_response,
    "Heartbeat": validate_heartbeat_response,
    "MeterValues": validate_meter_values_response,
    "RemoteStartTransaction": validate_remote_start_transaction_response,
    "RemoteStopTransaction": validate_remote_stop_transaction_response,
    "ReserveNow": validate_reserve_now_response,
    "Reset": validate_reset_response,
    "SendLocalList": validate_send_local_list_response,
    "SetChargingProfile": validate_set_charging_profile_response,
    "StartTransaction": validate_start_transaction_response,
    "StatusNotification": validate_status_notification_response,
    "StopTransaction": validate_stop_transaction_response,
    "TriggerMessage": validate_trigger_message_response,
    "UnlockConnector": validate_unlock_connector_response,
    "UpdateFirmware": validate_update_firmware_response,
}


def _unknown(action: str) -> Violation:
    return Violation(
        CallErrorCode.NOT_IMPLEMENTED, "", f"{_show(action)} is not an OCPP 1.6 action"
    )


def validate_request(action: str, payload: object) -> Violation | None:
    """Check the payload of a CALL for ``action``; ``None`` when it is valid."""
    validate = _REQUEST_VALIDATORS.get(action)
    return _unknown(action) if validate is None else validate(payload)


def validate_response(action: str, payload: object) -> Violation | None:
    """Check the payload of a CALLRESULT answering a CALL for ``action``."""
    validate = _RESPONSE_VALIDATORS.get(action)
    return _unknown(action) if validate is None else validate(payload)
