"""Typed payloads of the 28 OCPP 1.6 actions, from the official JSON schemas.

Attributes are snake_case, the wire keys camelCase. ``from_payload`` expects a payload that
the matching ``generated.validators`` function accepted; ``to_payload`` leaves out ``None``s.
Date-time fields stay RFC 3339 strings; JSON numbers stay as read (an int where the schema says
number is kept as int, so a round trip gives the same JSON text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, Self, cast

__all__ = [
    "REQUEST_TYPES",
    "RESPONSE_TYPES",
    "AuthorizationData",
    "AuthorizationStatus",
    "AuthorizeRequest",
    "AuthorizeResponse",
    "AvailabilityStatus",
    "AvailabilityType",
    "BootNotificationRequest",
    "BootNotificationResponse",
    "CancelReservationRequest",
    "CancelReservationResponse",
    "ChangeAvailabilityRequest",
    "ChangeAvailabilityResponse",
    "ChangeConfigurationRequest",
    "ChangeConfigurationResponse",
    "ChargePointErrorCode",
    "ChargePointStatus",
    "ChargingProfile",
    "ChargingProfileKindType",
    "ChargingProfilePurposeType",
    "ChargingProfileStatus",
    "ChargingRateUnitType",
    "ChargingSchedule",
    "ChargingSchedulePeriod",
    "ClearCacheRequest",
    "ClearCacheResponse",
    "ClearChargingProfileRequest",
    "ClearChargingProfileResponse",
    "ClearChargingProfileStatus",
    "ConfigurationStatus",
    "DataTransferRequest",
    "DataTransferResponse",
    "DataTransferStatus",
    "DiagnosticsStatus",
    "DiagnosticsStatusNotificationRequest",
    "DiagnosticsStatusNotificationResponse",
    "FirmwareStatus",
    "FirmwareStatusNotificationRequest",
    "FirmwareStatusNotificationResponse",
    "GenericStatus",
    "GetCompositeScheduleRequest",
    "GetCompositeScheduleResponse",
    "GetConfigurationRequest",
    "GetConfigurationResponse",
    "GetDiagnosticsRequest",
    "GetDiagnosticsResponse",
    "GetLocalListVersionRequest",
    "GetLocalListVersionResponse",
    "HeartbeatRequest",
    "HeartbeatResponse",
    "IdTagInfo",
    "KeyValue",
    "Location",
    "Measurand",
    "MessageTrigger",
    "MeterValue",
    "MeterValuesRequest",
    "MeterValuesResponse",
    "Payload",
    "Phase",
    "ReadingContext",
    "Reason",
    "RecurrencyKindType",
    "RegistrationStatus",
    "RemoteStartTransactionRequest",
    "RemoteStartTransactionResponse",
    "RemoteStopTransactionRequest",
    "RemoteStopTransactionResponse",
    "ReservationStatus",
    "ReserveNowRequest",
    "ReserveNowResponse",
    "ResetRequest",
    "ResetResponse",
    "ResetType",
    "SampledValue",
    "SendLocalListRequest",
    "SendLocalListResponse",
    "SetChargingProfileRequest",
    "SetChargingProfileResponse",
    "StartTransactionRequest",
    "StartTransactionResponse",
    "StatusNotificationRequest",
    "StatusNotificationResponse",
    "StopTransactionMeterValue",
    "StopTransactionRequest",
    "StopTransactionResponse",
    "StopTransactionSampledValue",
    "StopTransactionUnitOfMeasure",
    "TriggerMessageRequest",
    "TriggerMessageResponse",
    "TriggerMessageStatus",
    "UnitOfMeasure",
    "UnlockConnectorRequest",
    "UnlockConnectorResponse",
    "UnlockStatus",
    "UpdateFirmwareRequest",
    "UpdateFirmwareResponse",
    "UpdateStatus",
    "UpdateType",
    "ValueFormat",
]


class Payload(Protocol):
    """What every request and response class offers."""

    def to_payload(self) -> dict[str, object]: ...

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self: ...


# The payload was validated before it gets here, so these only tell mypy what it holds.
def _str(value: object) -> str:
    return cast(str, value)


def _int(value: object) -> int:
    return cast(int, value)


def _float(value: object) -> float:
    return cast(float, value)


def _bool(value: object) -> bool:
    return cast(bool, value)


def _obj(value: object) -> Mapping[str, object]:
    return cast("Mapping[str, object]", value)


def _list(value: object) -> list[object]:
    return cast("list[object]", value)


class AuthorizationStatus(StrEnum):
    """Used in IdTagInfo.status, IdTagInfo.status, IdTagInfo.status, IdTagInfo.status."""

    ACCEPTED = 'Accepted'
    BLOCKED = 'Blocked'
    EXPIRED = 'Expired'
    INVALID = 'Invalid'
    CONCURRENT_TX = 'ConcurrentTx'


class AvailabilityStatus(StrEnum):
    """Used in ChangeAvailabilityResponse.status."""

    ACCEPTED = 'Accepted'
    REJECTED = 'Rejected'
    SCHEDULED = 'Scheduled'


class AvailabilityType(StrEnum):
    """Used in ChangeAvailabilityRequest.type."""

    INOPERATIVE = 'Inoperative'
    OPERATIVE = 'Operative'


class ChargePointErrorCode(StrEnum):
    """Used in StatusNotificationRequest.errorCode."""

    CONNECTOR_LOCK_FAILURE = 'ConnectorLockFailure'
    EV_COMMUNICATION_ERROR = 'EVCommunicationError'
    GROUND_FAILURE = 'GroundFailure'
    HIGH_TEMPERATURE = 'HighTemperature'
    INTERNAL_ERROR = 'InternalError'
    LOCAL_LIST_CONFLICT = 'LocalListConflict'
    NO_ERROR = 'NoError'
    OTHER_ERROR = 'OtherError'
    OVER_CURRENT_FAILURE = 'OverCurrentFailure'
    POWER_METER_FAILURE = 'PowerMeterFailure'
    POWER_SWITCH_FAILURE = 'PowerSwitchFailure'
    READER_FAILURE = 'ReaderFailure'
    RESET_FAILURE = 'ResetFailure'
    UNDER_VOLTAGE = 'UnderVoltage'
    OVER_VOLTAGE = 'OverVoltage'
    WEAK_SIGNAL = 'WeakSignal'


class ChargePointStatus(StrEnum):
    """Used in StatusNotificationRequest.status."""

    AVAILABLE = 'Available'
    PREPARING = 'Preparing'
    CHARGING = 'Charging'
    SUSPENDED_EVSE = 'SuspendedEVSE'
    SUSPENDED_EV = 'SuspendedEV'
    FINISHING = 'Finishing'
    RESERVED = 'Reserved'
    UNAVAILABLE = 'Unavailable'
    FAULTED = 'Faulted'


class ChargingProfileKindType(StrEnum):
    """Used in ChargingProfile.chargingProfileKind, ChargingProfile.chargingProfileKind."""

    ABSOLUTE = 'Absolute'
    RECURRING = 'Recurring'
    RELATIVE = 'Relative'


class ChargingProfilePurposeType(StrEnum):
    """Used in ClearChargingProfileRequest.chargingProfilePurpose, ChargingProfile.chargingProfilePurpose, ChargingProfile.chargingProfilePurpose."""

    CHARGE_POINT_MAX_PROFILE = 'ChargePointMaxProfile'
    TX_DEFAULT_PROFILE = 'TxDefaultProfile'
    TX_PROFILE = 'TxProfile'


class ChargingProfileStatus(StrEnum):
    """Used in SetChargingProfileResponse.status."""

    ACCEPTED = 'Accepted'
    REJECTED = 'Rejected'
    NOT_SUPPORTED = 'NotSupported'


class ChargingRateUnitType(StrEnum):
    """Used in GetCompositeScheduleRequest.chargingRateUnit, ChargingSchedule.chargingRateUnit, ChargingSchedule.chargingRateUnit, ChargingSchedule.chargingRateUnit."""

    A = 'A'
    W = 'W'


class ClearChargingProfileStatus(StrEnum):
    """Used in ClearChargingProfileResponse.status."""

    ACCEPTED = 'Accepted'
    UNKNOWN = 'Unknown'


class ConfigurationStatus(StrEnum):
    """Used in ChangeConfigurationResponse.status."""

    ACCEPTED = 'Accepted'
    REJECTED = 'Rejected'
    REBOOT_REQUIRED = 'RebootRequired'
    NOT_SUPPORTED = 'NotSupported'


class DataTransferStatus(StrEnum):
    """Used in DataTransferResponse.status."""

    ACCEPTED = 'Accepted'
    REJECTED = 'Rejected'
    UNKNOWN_MESSAGE_ID = 'UnknownMessageId'
    UNKNOWN_VENDOR_ID = 'UnknownVendorId'


class DiagnosticsStatus(StrEnum):
    """Used in DiagnosticsStatusNotificationRequest.status."""

    IDLE = 'Idle'
    UPLOADED = 'Uploaded'
    UPLOAD_FAILED = 'UploadFailed'
    UPLOADING = 'Uploading'


class FirmwareStatus(StrEnum):
    """Used in FirmwareStatusNotificationRequest.status."""

    DOWNLOADED = 'Downloaded'
    DOWNLOAD_FAILED = 'DownloadFailed'
    DOWNLOADING = 'Downloading'
    IDLE = 'Idle'
    INSTALLATION_FAILED = 'InstallationFailed'
    INSTALLING = 'Installing'
    INSTALLED = 'Installed'


class GenericStatus(StrEnum):
    """Used in CancelReservationResponse.status, ClearCacheResponse.status, GetCompositeScheduleResponse.status, RemoteStartTransactionResponse.status, RemoteStopTransactionResponse.status, ResetResponse.status."""

    ACCEPTED = 'Accepted'
    REJECTED = 'Rejected'


class Location(StrEnum):
    """Used in SampledValue.location, StopTransactionSampledValue.location."""

    CABLE = 'Cable'
    EV = 'EV'
    INLET = 'Inlet'
    OUTLET = 'Outlet'
    BODY = 'Body'


class Measurand(StrEnum):
    """Used in SampledValue.measurand, StopTransactionSampledValue.measurand."""

    ENERGY_ACTIVE_EXPORT_REGISTER = 'Energy.Active.Export.Register'
    ENERGY_ACTIVE_IMPORT_REGISTER = 'Energy.Active.Import.Register'
    ENERGY_REACTIVE_EXPORT_REGISTER = 'Energy.Reactive.Export.Register'
    ENERGY_REACTIVE_IMPORT_REGISTER = 'Energy.Reactive.Import.Register'
    ENERGY_ACTIVE_EXPORT_INTERVAL = 'Energy.Active.Export.Interval'
    ENERGY_ACTIVE_IMPORT_INTERVAL = 'Energy.Active.Import.Interval'
    ENERGY_REACTIVE_EXPORT_INTERVAL = 'Energy.Reactive.Export.Interval'
    ENERGY_REACTIVE_IMPORT_INTERVAL = 'Energy.Reactive.Import.Interval'
    POWER_ACTIVE_EXPORT = 'Power.Active.Export'
    POWER_ACTIVE_IMPORT = 'Power.Active.Import'
    POWER_OFFERED = 'Power.Offered'
    POWER_REACTIVE_EXPORT = 'Power.Reactive.Export'
    POWER_REACTIVE_IMPORT = 'Power.Reactive.Import'
    POWER_FACTOR = 'Power.Factor'
    CURRENT_IMPORT = 'Current.Import'
    CURRENT_EXPORT = 'Current.Export'
    CURRENT_OFFERED = 'Current.Offered'
    VOLTAGE = 'Voltage'
    FREQUENCY = 'Frequency'
    TEMPERATURE = 'Temperature'
    SO_C = 'SoC'
    RPM = 'RPM'


class MessageTrigger(StrEnum):
    """Used in TriggerMessageRequest.requestedMessage."""

    BOOT_NOTIFICATION = 'BootNotification'
    DIAGNOSTICS_STATUS_NOTIFICATION = 'DiagnosticsStatusNotification'
    FIRMWARE_STATUS_NOTIFICATION = 'FirmwareStatusNotification'
    HEARTBEAT = 'Heartbeat'
    METER_VALUES = 'MeterValues'
    STATUS_NOTIFICATION = 'StatusNotification'


class Phase(StrEnum):
    """Used in SampledValue.phase, StopTransactionSampledValue.phase."""

    L1 = 'L1'
    L2 = 'L2'
    L3 = 'L3'
    N = 'N'
    L1_N = 'L1-N'
    L2_N = 'L2-N'
    L3_N = 'L3-N'
    L1_L2 = 'L1-L2'
    L2_L3 = 'L2-L3'
    L3_L1 = 'L3-L1'


class ReadingContext(StrEnum):
    """Used in SampledValue.context, StopTransactionSampledValue.context."""

    INTERRUPTION_BEGIN = 'Interruption.Begin'
    INTERRUPTION_END = 'Interruption.End'
    SAMPLE_CLOCK = 'Sample.Clock'
    SAMPLE_PERIODIC = 'Sample.Periodic'
    TRANSACTION_BEGIN = 'Transaction.Begin'
    TRANSACTION_END = 'Transaction.End'
    TRIGGER = 'Trigger'
    OTHER = 'Other'


class Reason(StrEnum):
    """Used in StopTransactionRequest.reason."""

    EMERGENCY_STOP = 'EmergencyStop'
    EV_DISCONNECTED = 'EVDisconnected'
    HARD_RESET = 'HardReset'
    LOCAL = 'Local'
    OTHER = 'Other'
    POWER_LOSS = 'PowerLoss'
    REBOOT = 'Reboot'
    REMOTE = 'Remote'
    SOFT_RESET = 'SoftReset'
    UNLOCK_COMMAND = 'UnlockCommand'
    DE_AUTHORIZED = 'DeAuthorized'


class RecurrencyKindType(StrEnum):
    """Used in ChargingProfile.recurrencyKind, ChargingProfile.recurrencyKind."""

    DAILY = 'Daily'
    WEEKLY = 'Weekly'


class RegistrationStatus(StrEnum):
    """Used in BootNotificationResponse.status."""

    ACCEPTED = 'Accepted'
    PENDING = 'Pending'
    REJECTED = 'Rejected'


class ReservationStatus(StrEnum):
    """Used in ReserveNowResponse.status."""

    ACCEPTED = 'Accepted'
    FAULTED = 'Faulted'
    OCCUPIED = 'Occupied'
    REJECTED = 'Rejected'
    UNAVAILABLE = 'Unavailable'


class ResetType(StrEnum):
    """Used in ResetRequest.type."""

    HARD = 'Hard'
    SOFT = 'Soft'


class StopTransactionUnitOfMeasure(StrEnum):
    """Used in StopTransactionSampledValue.unit."""

    WH = 'Wh'
    K_WH = 'kWh'
    VARH = 'varh'
    KVARH = 'kvarh'
    W = 'W'
    K_W = 'kW'
    VA = 'VA'
    K_VA = 'kVA'
    VAR = 'var'
    KVAR = 'kvar'
    A = 'A'
    V = 'V'
    K = 'K'
    CELCIUS = 'Celcius'
    CELSIUS = 'Celsius'
    FAHRENHEIT = 'Fahrenheit'
    PERCENT = 'Percent'


class TriggerMessageStatus(StrEnum):
    """Used in TriggerMessageResponse.status."""

    ACCEPTED = 'Accepted'
    REJECTED = 'Rejected'
    NOT_IMPLEMENTED = 'NotImplemented'


class UnitOfMeasure(StrEnum):
    """Used in SampledValue.unit."""

    WH = 'Wh'
    K_WH = 'kWh'
    VARH = 'varh'
    KVARH = 'kvarh'
    W = 'W'
    K_W = 'kW'
    VA = 'VA'
    K_VA = 'kVA'
    VAR = 'var'
    KVAR = 'kvar'
    A = 'A'
    V = 'V'
    K = 'K'
    CELCIUS = 'Celcius'
    CELSIUS = 'Celsius'
    FAHRENHEIT = 'Fahrenheit'
    PERCENT = 'Percent'
    HERTZ = 'Hertz'


class UnlockStatus(StrEnum):
    """Used in UnlockConnectorResponse.status."""

    UNLOCKED = 'Unlocked'
    UNLOCK_FAILED = 'UnlockFailed'
    NOT_SUPPORTED = 'NotSupported'


class UpdateStatus(StrEnum):
    """Used in SendLocalListResponse.status."""

    ACCEPTED = 'Accepted'
    FAILED = 'Failed'
    NOT_SUPPORTED = 'NotSupported'
    VERSION_MISMATCH = 'VersionMismatch'


class UpdateType(StrEnum):
    """Used in SendLocalListRequest.updateType."""

    DIFFERENTIAL = 'Differential'
    FULL = 'Full'


class ValueFormat(StrEnum):
    """Used in SampledValue.format, StopTransactionSampledValue.format."""

    RAW = 'Raw'
    SIGNED_DATA = 'SignedData'


@dataclass(frozen=True, slots=True)
class AuthorizationData:
    """Used in SendLocalListRequest.localAuthorizationList."""

    id_tag: str
    id_tag_info: IdTagInfo | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'idTag': self.id_tag,
        }
        if (id_tag_info := self.id_tag_info) is not None:
            payload['idTagInfo'] = id_tag_info.to_payload()
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        id_tag_info = payload.get('idTagInfo')
        return cls(
            id_tag=_str(payload['idTag']),
            id_tag_info=None if id_tag_info is None else IdTagInfo.from_payload(_obj(id_tag_info)),
        )


@dataclass(frozen=True, slots=True)
class ChargingProfile:
    """Used in RemoteStartTransactionRequest.chargingProfile, SetChargingProfileRequest.csChargingProfiles."""

    charging_profile_id: int
    stack_level: int
    charging_profile_purpose: ChargingProfilePurposeType
    charging_profile_kind: ChargingProfileKindType
    charging_schedule: ChargingSchedule
    transaction_id: int | None = None
    recurrency_kind: RecurrencyKindType | None = None
    valid_from: str | None = None
    valid_to: str | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'chargingProfileId': self.charging_profile_id,
            'stackLevel': self.stack_level,
            'chargingProfilePurpose': self.charging_profile_purpose.value,
            'chargingProfileKind': self.charging_profile_kind.value,
            'chargingSchedule': self.charging_schedule.to_payload(),
        }
        if (transaction_id := self.transaction_id) is not None:
            payload['transactionId'] = transaction_id
        if (recurrency_kind := self.recurrency_kind) is not None:
            payload['recurrencyKind'] = recurrency_kind.value
        if (valid_from := self.valid_from) is not None:
            payload['validFrom'] = valid_from
        if (valid_to := self.valid_to) is not None:
            payload['validTo'] = valid_to
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        transaction_id = payload.get('transactionId')
        recurrency_kind = payload.get('recurrencyKind')
        valid_from = payload.get('validFrom')
        valid_to = payload.get('validTo')
        return cls(
            charging_profile_id=_int(payload['chargingProfileId']),
            stack_level=_int(payload['stackLevel']),
            charging_profile_purpose=ChargingProfilePurposeType(_str(payload['chargingProfilePurpose'])),
            charging_profile_kind=ChargingProfileKindType(_str(payload['chargingProfileKind'])),
            charging_schedule=ChargingSchedule.from_payload(_obj(payload['chargingSchedule'])),
            transaction_id=None if transaction_id is None else _int(transaction_id),
            recurrency_kind=None if recurrency_kind is None else RecurrencyKindType(_str(recurrency_kind)),
            valid_from=None if valid_from is None else _str(valid_from),
            valid_to=None if valid_to is None else _str(valid_to),
        )


@dataclass(frozen=True, slots=True)
class ChargingSchedule:
    """Used in GetCompositeScheduleResponse.chargingSchedule, ChargingProfile.chargingSchedule, ChargingProfile.chargingSchedule."""

    charging_rate_unit: ChargingRateUnitType
    charging_schedule_period: tuple[ChargingSchedulePeriod, ...]
    duration: int | None = None
    start_schedule: str | None = None
    min_charging_rate: float | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'chargingRateUnit': self.charging_rate_unit.value,
            'chargingSchedulePeriod': [item0.to_payload() for item0 in self.charging_schedule_period],
        }
        if (duration := self.duration) is not None:
            payload['duration'] = duration
        if (start_schedule := self.start_schedule) is not None:
            payload['startSchedule'] = start_schedule
        if (min_charging_rate := self.min_charging_rate) is not None:
            payload['minChargingRate'] = min_charging_rate
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        duration = payload.get('duration')
        start_schedule = payload.get('startSchedule')
        min_charging_rate = payload.get('minChargingRate')
        return cls(
            charging_rate_unit=ChargingRateUnitType(_str(payload['chargingRateUnit'])),
            charging_schedule_period=tuple(ChargingSchedulePeriod.from_payload(_obj(item0)) for item0 in _list(payload['chargingSchedulePeriod'])),
            duration=None if duration is None else _int(duration),
            start_schedule=None if start_schedule is None else _str(start_schedule),
            min_charging_rate=None if min_charging_rate is None else _float(min_charging_rate),
        )


@dataclass(frozen=True, slots=True)
class ChargingSchedulePeriod:
    """Used in ChargingSchedule.chargingSchedulePeriod, ChargingSchedule.chargingSchedulePeriod, ChargingSchedule.chargingSchedulePeriod."""

    start_period: int
    limit: float
    number_phases: int | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'startPeriod': self.start_period,
            'limit': self.limit,
        }
        if (number_phases := self.number_phases) is not None:
            payload['numberPhases'] = number_phases
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        number_phases = payload.get('numberPhases')
        return cls(
            start_period=_int(payload['startPeriod']),
            limit=_float(payload['limit']),
            number_phases=None if number_phases is None else _int(number_phases),
        )


@dataclass(frozen=True, slots=True)
class IdTagInfo:
    """Used in AuthorizeResponse.idTagInfo, AuthorizationData.idTagInfo, StartTransactionResponse.idTagInfo, StopTransactionResponse.idTagInfo."""

    status: AuthorizationStatus
    expiry_date: str | None = None
    parent_id_tag: str | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        if (expiry_date := self.expiry_date) is not None:
            payload['expiryDate'] = expiry_date
        if (parent_id_tag := self.parent_id_tag) is not None:
            payload['parentIdTag'] = parent_id_tag
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        expiry_date = payload.get('expiryDate')
        parent_id_tag = payload.get('parentIdTag')
        return cls(
            status=AuthorizationStatus(_str(payload['status'])),
            expiry_date=None if expiry_date is None else _str(expiry_date),
            parent_id_tag=None if parent_id_tag is None else _str(parent_id_tag),
        )


@dataclass(frozen=True, slots=True)
class KeyValue:
    """Used in GetConfigurationResponse.configurationKey."""

    key: str
    readonly: bool
    value: str | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'key': self.key,
            'readonly': self.readonly,
        }
        if (value := self.value) is not None:
            payload['value'] = value
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        value = payload.get('value')
        return cls(
            key=_str(payload['key']),
            readonly=_bool(payload['readonly']),
            value=None if value is None else _str(value),
        )


@dataclass(frozen=True, slots=True)
class MeterValue:
    """Used in MeterValuesRequest.meterValue."""

    timestamp: str
    sampled_value: tuple[SampledValue, ...]

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'timestamp': self.timestamp,
            'sampledValue': [item0.to_payload() for item0 in self.sampled_value],
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            timestamp=_str(payload['timestamp']),
            sampled_value=tuple(SampledValue.from_payload(_obj(item0)) for item0 in _list(payload['sampledValue'])),
        )


@dataclass(frozen=True, slots=True)
class SampledValue:
    """Used in MeterValue.sampledValue."""

    value: str
    context: ReadingContext | None = None
    format: ValueFormat | None = None
    measurand: Measurand | None = None
    phase: Phase | None = None
    location: Location | None = None
    unit: UnitOfMeasure | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'value': self.value,
        }
        if (context := self.context) is not None:
            payload['context'] = context.value
        if (format := self.format) is not None:
            payload['format'] = format.value
        if (measurand := self.measurand) is not None:
            payload['measurand'] = measurand.value
        if (phase := self.phase) is not None:
            payload['phase'] = phase.value
        if (location := self.location) is not None:
            payload['location'] = location.value
        if (unit := self.unit) is not None:
            payload['unit'] = unit.value
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        context = payload.get('context')
        format = payload.get('format')
        measurand = payload.get('measurand')
        phase = payload.get('phase')
        location = payload.get('location')
        unit = payload.get('unit')
        return cls(
            value=_str(payload['value']),
            context=None if context is None else ReadingContext(_str(context)),
            format=None if format is None else ValueFormat(_str(format)),
            measurand=None if measurand is None else Measurand(_str(measurand)),
            phase=None if phase is None else Phase(_str(phase)),
            location=None if location is None else Location(_str(location)),
            unit=None if unit is None else UnitOfMeasure(_str(unit)),
        )


@dataclass(frozen=True, slots=True)
class StopTransactionMeterValue:
    """Used in StopTransactionRequest.transactionData."""

    timestamp: str
    sampled_value: tuple[StopTransactionSampledValue, ...]

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'timestamp': self.timestamp,
            'sampledValue': [item0.to_payload() for item0 in self.sampled_value],
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            timestamp=_str(payload['timestamp']),
            sampled_value=tuple(StopTransactionSampledValue.from_payload(_obj(item0)) for item0 in _list(payload['sampledValue'])),
        )


@dataclass(frozen=True, slots=True)
class StopTransactionSampledValue:
    """Used in StopTransactionMeterValue.sampledValue."""

    value: str
    context: ReadingContext | None = None
    format: ValueFormat | None = None
    measurand: Measurand | None = None
    phase: Phase | None = None
    location: Location | None = None
    unit: StopTransactionUnitOfMeasure | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'value': self.value,
        }
        if (context := self.context) is not None:
            payload['context'] = context.value
        if (format := self.format) is not None:
            payload['format'] = format.value
        if (measurand := self.measurand) is not None:
            payload['measurand'] = measurand.value
        if (phase := self.phase) is not None:
            payload['phase'] = phase.value
        if (location := self.location) is not None:
            payload['location'] = location.value
        if (unit := self.unit) is not None:
            payload['unit'] = unit.value
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        context = payload.get('context')
        format = payload.get('format')
        measurand = payload.get('measurand')
        phase = payload.get('phase')
        location = payload.get('location')
        unit = payload.get('unit')
        return cls(
            value=_str(payload['value']),
            context=None if context is None else ReadingContext(_str(context)),
            format=None if format is None else ValueFormat(_str(format)),
            measurand=None if measurand is None else Measurand(_str(measurand)),
            phase=None if phase is None else Phase(_str(phase)),
            location=None if location is None else Location(_str(location)),
            unit=None if unit is None else StopTransactionUnitOfMeasure(_str(unit)),
        )


@dataclass(frozen=True, slots=True)
class AuthorizeRequest:
    """OCPP 1.6 Authorize.req payload."""

    id_tag: str

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'idTag': self.id_tag,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            id_tag=_str(payload['idTag']),
        )


@dataclass(frozen=True, slots=True)
class BootNotificationRequest:
    """OCPP 1.6 BootNotification.req payload."""

    charge_point_vendor: str
    charge_point_model: str
    charge_point_serial_number: str | None = None
    charge_box_serial_number: str | None = None
    firmware_version: str | None = None
    iccid: str | None = None
    imsi: str | None = None
    meter_type: str | None = None
    meter_serial_number: str | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'chargePointVendor': self.charge_point_vendor,
            'chargePointModel': self.charge_point_model,
        }
        if (charge_point_serial_number := self.charge_point_serial_number) is not None:
            payload['chargePointSerialNumber'] = charge_point_serial_number
        if (charge_box_serial_number := self.charge_box_serial_number) is not None:
            payload['chargeBoxSerialNumber'] = charge_box_serial_number
        if (firmware_version := self.firmware_version) is not None:
            payload['firmwareVersion'] = firmware_version
        if (iccid := self.iccid) is not None:
            payload['iccid'] = iccid
        if (imsi := self.imsi) is not None:
            payload['imsi'] = imsi
        if (meter_type := self.meter_type) is not None:
            payload['meterType'] = meter_type
        if (meter_serial_number := self.meter_serial_number) is not None:
            payload['meterSerialNumber'] = meter_serial_number
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        charge_point_serial_number = payload.get('chargePointSerialNumber')
        charge_box_serial_number = payload.get('chargeBoxSerialNumber')
        firmware_version = payload.get('firmwareVersion')
        iccid = payload.get('iccid')
        imsi = payload.get('imsi')
        meter_type = payload.get('meterType')
        meter_serial_number = payload.get('meterSerialNumber')
        return cls(
            charge_point_vendor=_str(payload['chargePointVendor']),
            charge_point_model=_str(payload['chargePointModel']),
            charge_point_serial_number=None if charge_point_serial_number is None else _str(charge_point_serial_number),
            charge_box_serial_number=None if charge_box_serial_number is None else _str(charge_box_serial_number),
            firmware_version=None if firmware_version is None else _str(firmware_version),
            iccid=None if iccid is None else _str(iccid),
            imsi=None if imsi is None else _str(imsi),
            meter_type=None if meter_type is None else _str(meter_type),
            meter_serial_number=None if meter_serial_number is None else _str(meter_serial_number),
        )


@dataclass(frozen=True, slots=True)
class CancelReservationRequest:
    """OCPP 1.6 CancelReservation.req payload."""

    reservation_id: int

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'reservationId': self.reservation_id,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            reservation_id=_int(payload['reservationId']),
        )


@dataclass(frozen=True, slots=True)
class ChangeAvailabilityRequest:
    """OCPP 1.6 ChangeAvailability.req payload."""

    connector_id: int
    type: AvailabilityType

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'connectorId': self.connector_id,
            'type': self.type.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            connector_id=_int(payload['connectorId']),
            type=AvailabilityType(_str(payload['type'])),
        )


@dataclass(frozen=True, slots=True)
class ChangeConfigurationRequest:
    """OCPP 1.6 ChangeConfiguration.req payload."""

    key: str
    value: str

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'key': self.key,
            'value': self.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            key=_str(payload['key']),
            value=_str(payload['value']),
        )


@dataclass(frozen=True, slots=True)
class ClearCacheRequest:
    """OCPP 1.6 ClearCache.req payload."""


    def to_payload(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls()


@dataclass(frozen=True, slots=True)
class ClearChargingProfileRequest:
    """OCPP 1.6 ClearChargingProfile.req payload."""

    id: int | None = None
    connector_id: int | None = None
    charging_profile_purpose: ChargingProfilePurposeType | None = None
    stack_level: int | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
        }
        if (id := self.id) is not None:
            payload['id'] = id
        if (connector_id := self.connector_id) is not None:
            payload['connectorId'] = connector_id
        if (charging_profile_purpose := self.charging_profile_purpose) is not None:
            payload['chargingProfilePurpose'] = charging_profile_purpose.value
        if (stack_level := self.stack_level) is not None:
            payload['stackLevel'] = stack_level
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        id = payload.get('id')
        connector_id = payload.get('connectorId')
        charging_profile_purpose = payload.get('chargingProfilePurpose')
        stack_level = payload.get('stackLevel')
        return cls(
            id=None if id is None else _int(id),
            connector_id=None if connector_id is None else _int(connector_id),
            charging_profile_purpose=None if charging_profile_purpose is None else ChargingProfilePurposeType(_str(charging_profile_purpose)),
            stack_level=None if stack_level is None else _int(stack_level),
        )


@dataclass(frozen=True, slots=True)
class DataTransferRequest:
    """OCPP 1.6 DataTransfer.req payload."""

    vendor_id: str
    message_id: str | None = None
    data: str | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'vendorId': self.vendor_id,
        }
        if (message_id := self.message_id) is not None:
            payload['messageId'] = message_id
        if (data := self.data) is not None:
            payload['data'] = data
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        message_id = payload.get('messageId')
        data = payload.get('data')
        return cls(
            vendor_id=_str(payload['vendorId']),
            message_id=None if message_id is None else _str(message_id),
            data=None if data is None else _str(data),
        )


@dataclass(frozen=True, slots=True)
class DiagnosticsStatusNotificationRequest:
    """OCPP 1.6 DiagnosticsStatusNotification.req payload."""

    status: DiagnosticsStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=DiagnosticsStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class FirmwareStatusNotificationRequest:
    """OCPP 1.6 FirmwareStatusNotification.req payload."""

    status: FirmwareStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=FirmwareStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class GetCompositeScheduleRequest:
    """OCPP 1.6 GetCompositeSchedule.req payload."""

    connector_id: int
    duration: int
    charging_rate_unit: ChargingRateUnitType | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'connectorId': self.connector_id,
            'duration': self.duration,
        }
        if (charging_rate_unit := self.charging_rate_unit) is not None:
            payload['chargingRateUnit'] = charging_rate_unit.value
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        charging_rate_unit = payload.get('chargingRateUnit')
        return cls(
            connector_id=_int(payload['connectorId']),
            duration=_int(payload['duration']),
            charging_rate_unit=None if charging_rate_unit is None else ChargingRateUnitType(_str(charging_rate_unit)),
        )


@dataclass(frozen=True, slots=True)
class GetConfigurationRequest:
    """OCPP 1.6 GetConfiguration.req payload."""

    key: tuple[str, ...] | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
        }
        if (key := self.key) is not None:
            payload['key'] = [item0 for item0 in key]
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        key = payload.get('key')
        return cls(
            key=None if key is None else tuple(_str(item0) for item0 in _list(key)),
        )


@dataclass(frozen=True, slots=True)
class GetDiagnosticsRequest:
    """OCPP 1.6 GetDiagnostics.req payload."""

    location: str
    retries: int | None = None
    retry_interval: int | None = None
    start_time: str | None = None
    stop_time: str | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'location': self.location,
        }
        if (retries := self.retries) is not None:
            payload['retries'] = retries
        if (retry_interval := self.retry_interval) is not None:
            payload['retryInterval'] = retry_interval
        if (start_time := self.start_time) is not None:
            payload['startTime'] = start_time
        if (stop_time := self.stop_time) is not None:
            payload['stopTime'] = stop_time
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        retries = payload.get('retries')
        retry_interval = payload.get('retryInterval')
        start_time = payload.get('startTime')
        stop_time = payload.get('stopTime')
        return cls(
            location=_str(payload['location']),
            retries=None if retries is None else _int(retries),
            retry_interval=None if retry_interval is None else _int(retry_interval),
            start_time=None if start_time is None else _str(start_time),
            stop_time=None if stop_time is None else _str(stop_time),
        )


@dataclass(frozen=True, slots=True)
class GetLocalListVersionRequest:
    """OCPP 1.6 GetLocalListVersion.req payload."""


    def to_payload(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls()


@dataclass(frozen=True, slots=True)
class HeartbeatRequest:
    """OCPP 1.6 Heartbeat.req payload."""


    def to_payload(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls()


@dataclass(frozen=True, slots=True)
class MeterValuesRequest:
    """OCPP 1.6 MeterValues.req payload."""

    connector_id: int
    meter_value: tuple[MeterValue, ...]
    transaction_id: int | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'connectorId': self.connector_id,
            'meterValue': [item0.to_payload() for item0 in self.meter_value],
        }
        if (transaction_id := self.transaction_id) is not None:
            payload['transactionId'] = transaction_id
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        transaction_id = payload.get('transactionId')
        return cls(
            connector_id=_int(payload['connectorId']),
            meter_value=tuple(MeterValue.from_payload(_obj(item0)) for item0 in _list(payload['meterValue'])),
            transaction_id=None if transaction_id is None else _int(transaction_id),
        )


@dataclass(frozen=True, slots=True)
class RemoteStartTransactionRequest:
    """OCPP 1.6 RemoteStartTransaction.req payload."""

    id_tag: str
    connector_id: int | None = None
    charging_profile: ChargingProfile | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'idTag': self.id_tag,
        }
        if (connector_id := self.connector_id) is not None:
            payload['connectorId'] = connector_id
        if (charging_profile := self.charging_profile) is not None:
            payload['chargingProfile'] = charging_profile.to_payload()
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        connector_id = payload.get('connectorId')
        charging_profile = payload.get('chargingProfile')
        return cls(
            id_tag=_str(payload['idTag']),
            connector_id=None if connector_id is None else _int(connector_id),
            charging_profile=None if charging_profile is None else ChargingProfile.from_payload(_obj(charging_profile)),
        )


@dataclass(frozen=True, slots=True)
class RemoteStopTransactionRequest:
    """OCPP 1.6 RemoteStopTransaction.req payload."""

    transaction_id: int

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'transactionId': self.transaction_id,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            transaction_id=_int(payload['transactionId']),
        )


@dataclass(frozen=True, slots=True)
class ReserveNowRequest:
    """OCPP 1.6 ReserveNow.req payload."""

    connector_id: int
    expiry_date: str
    id_tag: str
    reservation_id: int
    parent_id_tag: str | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'connectorId': self.connector_id,
            'expiryDate': self.expiry_date,
            'idTag': self.id_tag,
            'reservationId': self.reservation_id,
        }
        if (parent_id_tag := self.parent_id_tag) is not None:
            payload['parentIdTag'] = parent_id_tag
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        parent_id_tag = payload.get('parentIdTag')
        return cls(
            connector_id=_int(payload['connectorId']),
            expiry_date=_str(payload['expiryDate']),
            id_tag=_str(payload['idTag']),
            reservation_id=_int(payload['reservationId']),
            parent_id_tag=None if parent_id_tag is None else _str(parent_id_tag),
        )


@dataclass(frozen=True, slots=True)
class ResetRequest:
    """OCPP 1.6 Reset.req payload."""

    type: ResetType

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'type': self.type.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            type=ResetType(_str(payload['type'])),
        )


@dataclass(frozen=True, slots=True)
class SendLocalListRequest:
    """OCPP 1.6 SendLocalList.req payload."""

    list_version: int
    update_type: UpdateType
    local_authorization_list: tuple[AuthorizationData, ...] | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'listVersion': self.list_version,
            'updateType': self.update_type.value,
        }
        if (local_authorization_list := self.local_authorization_list) is not None:
            payload['localAuthorizationList'] = [item0.to_payload() for item0 in local_authorization_list]
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        local_authorization_list = payload.get('localAuthorizationList')
        return cls(
            list_version=_int(payload['listVersion']),
            update_type=UpdateType(_str(payload['updateType'])),
            local_authorization_list=None if local_authorization_list is None else tuple(AuthorizationData.from_payload(_obj(item0)) for item0 in _list(local_authorization_list)),
        )


@dataclass(frozen=True, slots=True)
class SetChargingProfileRequest:
    """OCPP 1.6 SetChargingProfile.req payload."""

    connector_id: int
    cs_charging_profiles: ChargingProfile

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'connectorId': self.connector_id,
            'csChargingProfiles': self.cs_charging_profiles.to_payload(),
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            connector_id=_int(payload['connectorId']),
            cs_charging_profiles=ChargingProfile.from_payload(_obj(payload['csChargingProfiles'])),
        )


@dataclass(frozen=True, slots=True)
class StartTransactionRequest:
    """OCPP 1.6 StartTransaction.req payload."""

    connector_id: int
    id_tag: str
    meter_start: int
    timestamp: str
    reservation_id: int | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'connectorId': self.connector_id,
            'idTag': self.id_tag,
            'meterStart': self.meter_start,
            'timestamp': self.timestamp,
        }
        if (reservation_id := self.reservation_id) is not None:
            payload['reservationId'] = reservation_id
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        reservation_id = payload.get('reservationId')
        return cls(
            connector_id=_int(payload['connectorId']),
            id_tag=_str(payload['idTag']),
            meter_start=_int(payload['meterStart']),
            timestamp=_str(payload['timestamp']),
            reservation_id=None if reservation_id is None else _int(reservation_id),
        )


@dataclass(frozen=True, slots=True)
class StatusNotificationRequest:
    """OCPP 1.6 StatusNotification.req payload."""

    connector_id: int
    error_code: ChargePointErrorCode
    status: ChargePointStatus
    info: str | None = None
    timestamp: str | None = None
    vendor_id: str | None = None
    vendor_error_code: str | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'connectorId': self.connector_id,
            'errorCode': self.error_code.value,
            'status': self.status.value,
        }
        if (info := self.info) is not None:
            payload['info'] = info
        if (timestamp := self.timestamp) is not None:
            payload['timestamp'] = timestamp
        if (vendor_id := self.vendor_id) is not None:
            payload['vendorId'] = vendor_id
        if (vendor_error_code := self.vendor_error_code) is not None:
            payload['vendorErrorCode'] = vendor_error_code
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        info = payload.get('info')
        timestamp = payload.get('timestamp')
        vendor_id = payload.get('vendorId')
        vendor_error_code = payload.get('vendorErrorCode')
        return cls(
            connector_id=_int(payload['connectorId']),
            error_code=ChargePointErrorCode(_str(payload['errorCode'])),
            status=ChargePointStatus(_str(payload['status'])),
            info=None if info is None else _str(info),
            timestamp=None if timestamp is None else _str(timestamp),
            vendor_id=None if vendor_id is None else _str(vendor_id),
            vendor_error_code=None if vendor_error_code is None else _str(vendor_error_code),
        )


@dataclass(frozen=True, slots=True)
class StopTransactionRequest:
    """OCPP 1.6 StopTransaction.req payload."""

    meter_stop: int
    timestamp: str
    transaction_id: int
    id_tag: str | None = None
    reason: Reason | None = None
    transaction_data: tuple[StopTransactionMeterValue, ...] | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'meterStop': self.meter_stop,
            'timestamp': self.timestamp,
            'transactionId': self.transaction_id,
        }
        if (id_tag := self.id_tag) is not None:
            payload['idTag'] = id_tag
        if (reason := self.reason) is not None:
            payload['reason'] = reason.value
        if (transaction_data := self.transaction_data) is not None:
            payload['transactionData'] = [item0.to_payload() for item0 in transaction_data]
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        id_tag = payload.get('idTag')
        reason = payload.get('reason')
        transaction_data = payload.get('transactionData')
        return cls(
            meter_stop=_int(payload['meterStop']),
            timestamp=_str(payload['timestamp']),
            transaction_id=_int(payload['transactionId']),
            id_tag=None if id_tag is None else _str(id_tag),
            reason=None if reason is None else Reason(_str(reason)),
            transaction_data=None if transaction_data is None else tuple(StopTransactionMeterValue.from_payload(_obj(item0)) for item0 in _list(transaction_data)),
        )


@dataclass(frozen=True, slots=True)
class TriggerMessageRequest:
    """OCPP 1.6 TriggerMessage.req payload."""

    requested_message: MessageTrigger
    connector_id: int | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'requestedMessage': self.requested_message.value,
        }
        if (connector_id := self.connector_id) is not None:
            payload['connectorId'] = connector_id
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        connector_id = payload.get('connectorId')
        return cls(
            requested_message=MessageTrigger(_str(payload['requestedMessage'])),
            connector_id=None if connector_id is None else _int(connector_id),
        )


@dataclass(frozen=True, slots=True)
class UnlockConnectorRequest:
    """OCPP 1.6 UnlockConnector.req payload."""

    connector_id: int

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'connectorId': self.connector_id,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            connector_id=_int(payload['connectorId']),
        )


@dataclass(frozen=True, slots=True)
class UpdateFirmwareRequest:
    """OCPP 1.6 UpdateFirmware.req payload."""

    location: str
    retrieve_date: str
    retries: int | None = None
    retry_interval: int | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'location': self.location,
            'retrieveDate': self.retrieve_date,
        }
        if (retries := self.retries) is not None:
            payload['retries'] = retries
        if (retry_interval := self.retry_interval) is not None:
            payload['retryInterval'] = retry_interval
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        retries = payload.get('retries')
        retry_interval = payload.get('retryInterval')
        return cls(
            location=_str(payload['location']),
            retrieve_date=_str(payload['retrieveDate']),
            retries=None if retries is None else _int(retries),
            retry_interval=None if retry_interval is None else _int(retry_interval),
        )


@dataclass(frozen=True, slots=True)
class AuthorizeResponse:
    """OCPP 1.6 Authorize.conf payload."""

    id_tag_info: IdTagInfo

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'idTagInfo': self.id_tag_info.to_payload(),
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            id_tag_info=IdTagInfo.from_payload(_obj(payload['idTagInfo'])),
        )


@dataclass(frozen=True, slots=True)
class BootNotificationResponse:
    """OCPP 1.6 BootNotification.conf payload."""

    status: RegistrationStatus
    current_time: str
    interval: int

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
            'currentTime': self.current_time,
            'interval': self.interval,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=RegistrationStatus(_str(payload['status'])),
            current_time=_str(payload['currentTime']),
            interval=_int(payload['interval']),
        )


@dataclass(frozen=True, slots=True)
class CancelReservationResponse:
    """OCPP 1.6 CancelReservation.conf payload."""

    status: GenericStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=GenericStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class ChangeAvailabilityResponse:
    """OCPP 1.6 ChangeAvailability.conf payload."""

    status: AvailabilityStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=AvailabilityStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class ChangeConfigurationResponse:
    """OCPP 1.6 ChangeConfiguration.conf payload."""

    status: ConfigurationStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=ConfigurationStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class ClearCacheResponse:
    """OCPP 1.6 ClearCache.conf payload."""

    status: GenericStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=GenericStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class ClearChargingProfileResponse:
    """OCPP 1.6 ClearChargingProfile.conf payload."""

    status: ClearChargingProfileStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=ClearChargingProfileStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class DataTransferResponse:
    """OCPP 1.6 DataTransfer.conf payload."""

    status: DataTransferStatus
    data: str | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        if (data := self.data) is not None:
            payload['data'] = data
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        data = payload.get('data')
        return cls(
            status=DataTransferStatus(_str(payload['status'])),
            data=None if data is None else _str(data),
        )


@dataclass(frozen=True, slots=True)
class DiagnosticsStatusNotificationResponse:
    """OCPP 1.6 DiagnosticsStatusNotification.conf payload."""


    def to_payload(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls()


@dataclass(frozen=True, slots=True)
class FirmwareStatusNotificationResponse:
    """OCPP 1.6 FirmwareStatusNotification.conf payload."""


    def to_payload(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls()


@dataclass(frozen=True, slots=True)
class GetCompositeScheduleResponse:
    """OCPP 1.6 GetCompositeSchedule.conf payload."""

    status: GenericStatus
    connector_id: int | None = None
    schedule_start: str | None = None
    charging_schedule: ChargingSchedule | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        if (connector_id := self.connector_id) is not None:
            payload['connectorId'] = connector_id
        if (schedule_start := self.schedule_start) is not None:
            payload['scheduleStart'] = schedule_start
        if (charging_schedule := self.charging_schedule) is not None:
            payload['chargingSchedule'] = charging_schedule.to_payload()
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        connector_id = payload.get('connectorId')
        schedule_start = payload.get('scheduleStart')
        charging_schedule = payload.get('chargingSchedule')
        return cls(
            status=GenericStatus(_str(payload['status'])),
            connector_id=None if connector_id is None else _int(connector_id),
            schedule_start=None if schedule_start is None else _str(schedule_start),
            charging_schedule=None if charging_schedule is None else ChargingSchedule.from_payload(_obj(charging_schedule)),
        )


@dataclass(frozen=True, slots=True)
class GetConfigurationResponse:
    """OCPP 1.6 GetConfiguration.conf payload."""

    configuration_key: tuple[KeyValue, ...] | None = None
    unknown_key: tuple[str, ...] | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
        }
        if (configuration_key := self.configuration_key) is not None:
            payload['configurationKey'] = [item0.to_payload() for item0 in configuration_key]
        if (unknown_key := self.unknown_key) is not None:
            payload['unknownKey'] = [item0 for item0 in unknown_key]
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        configuration_key = payload.get('configurationKey')
        unknown_key = payload.get('unknownKey')
        return cls(
            configuration_key=None if configuration_key is None else tuple(KeyValue.from_payload(_obj(item0)) for item0 in _list(configuration_key)),
            unknown_key=None if unknown_key is None else tuple(_str(item0) for item0 in _list(unknown_key)),
        )


@dataclass(frozen=True, slots=True)
class GetDiagnosticsResponse:
    """OCPP 1.6 GetDiagnostics.conf payload."""

    file_name: str | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
        }
        if (file_name := self.file_name) is not None:
            payload['fileName'] = file_name
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        file_name = payload.get('fileName')
        return cls(
            file_name=None if file_name is None else _str(file_name),
        )


@dataclass(frozen=True, slots=True)
class GetLocalListVersionResponse:
    """OCPP 1.6 GetLocalListVersion.conf payload."""

    list_version: int

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'listVersion': self.list_version,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            list_version=_int(payload['listVersion']),
        )


@dataclass(frozen=True, slots=True)
class HeartbeatResponse:
    """OCPP 1.6 Heartbeat.conf payload."""

    current_time: str

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'currentTime': self.current_time,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            current_time=_str(payload['currentTime']),
        )


@dataclass(frozen=True, slots=True)
class MeterValuesResponse:
    """OCPP 1.6 MeterValues.conf payload."""


    def to_payload(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls()


@dataclass(frozen=True, slots=True)
class RemoteStartTransactionResponse:
    """OCPP 1.6 RemoteStartTransaction.conf payload."""

    status: GenericStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=GenericStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class RemoteStopTransactionResponse:
    """OCPP 1.6 RemoteStopTransaction.conf payload."""

    status: GenericStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=GenericStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class ReserveNowResponse:
    """OCPP 1.6 ReserveNow.conf payload."""

    status: ReservationStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=ReservationStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class ResetResponse:
    """OCPP 1.6 Reset.conf payload."""

    status: GenericStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=GenericStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class SendLocalListResponse:
    """OCPP 1.6 SendLocalList.conf payload."""

    status: UpdateStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=UpdateStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class SetChargingProfileResponse:
    """OCPP 1.6 SetChargingProfile.conf payload."""

    status: ChargingProfileStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=ChargingProfileStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class StartTransactionResponse:
    """OCPP 1.6 StartTransaction.conf payload."""

    id_tag_info: IdTagInfo
    transaction_id: int

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'idTagInfo': self.id_tag_info.to_payload(),
            'transactionId': self.transaction_id,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            id_tag_info=IdTagInfo.from_payload(_obj(payload['idTagInfo'])),
            transaction_id=_int(payload['transactionId']),
        )


@dataclass(frozen=True, slots=True)
class StatusNotificationResponse:
    """OCPP 1.6 StatusNotification.conf payload."""


    def to_payload(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls()


@dataclass(frozen=True, slots=True)
class StopTransactionResponse:
    """OCPP 1.6 StopTransaction.conf payload."""

    id_tag_info: IdTagInfo | None = None

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
        }
        if (id_tag_info := self.id_tag_info) is not None:
            payload['idTagInfo'] = id_tag_info.to_payload()
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        id_tag_info = payload.get('idTagInfo')
        return cls(
            id_tag_info=None if id_tag_info is None else IdTagInfo.from_payload(_obj(id_tag_info)),
        )


@dataclass(frozen=True, slots=True)
class TriggerMessageResponse:
    """OCPP 1.6 TriggerMessage.conf payload."""

    status: TriggerMessageStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=TriggerMessageStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class UnlockConnectorResponse:
    """OCPP 1.6 UnlockConnector.conf payload."""

    status: UnlockStatus

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            'status': self.status.value,
        }
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls(
            status=UnlockStatus(_str(payload['status'])),
        )


@dataclass(frozen=True, slots=True)
class UpdateFirmwareResponse:
    """OCPP 1.6 UpdateFirmware.conf payload."""


    def to_payload(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> Self:
        return cls()


REQUEST_TYPES: Mapping[str, type[Payload]] = {
    'Authorize': AuthorizeRequest,
    'BootNotification': BootNotificationRequest,
    'CancelReservation': CancelReservationRequest,
    'ChangeAvailability': ChangeAvailabilityRequest,
    'ChangeConfiguration': ChangeConfigurationRequest,
    'ClearCache': ClearCacheRequest,
    'ClearChargingProfile': ClearChargingProfileRequest,
    'DataTransfer': DataTransferRequest,
    'DiagnosticsStatusNotification': DiagnosticsStatusNotificationRequest,
    'FirmwareStatusNotification': FirmwareStatusNotificationRequest,
    'GetCompositeSchedule': GetCompositeScheduleRequest,
    'GetConfiguration': GetConfigurationRequest,
    'GetDiagnostics': GetDiagnosticsRequest,
    'GetLocalListVersion': GetLocalListVersionRequest,
    'Heartbeat': HeartbeatRequest,
    'MeterValues': MeterValuesRequest,
    'RemoteStartTransaction': RemoteStartTransactionRequest,
    'RemoteStopTransaction': RemoteStopTransactionRequest,
    'ReserveNow': ReserveNowRequest,
    'Reset': ResetRequest,
    'SendLocalList': SendLocalListRequest,
    'SetChargingProfile': SetChargingProfileRequest,
    'StartTransaction': StartTransactionRequest,
    'StatusNotification': StatusNotificationRequest,
    'StopTransaction': StopTransactionRequest,
    'TriggerMessage': TriggerMessageRequest,
    'UnlockConnector': UnlockConnectorRequest,
    'UpdateFirmware': UpdateFirmwareRequest,
}

RESPONSE_TYPES: Mapping[str, type[Payload]] = {
    'Authorize': AuthorizeResponse,
    'BootNotification': BootNotificationResponse,
    'CancelReservation': CancelReservationResponse,
    'ChangeAvailability': ChangeAvailabilityResponse,
    'ChangeConfiguration': ChangeConfigurationResponse,
    'ClearCache': ClearCacheResponse,
    'ClearChargingProfile': ClearChargingProfileResponse,
    'DataTransfer': DataTransferResponse,
    'DiagnosticsStatusNotification': DiagnosticsStatusNotificationResponse,
    'FirmwareStatusNotification': FirmwareStatusNotificationResponse,
    'GetCompositeSchedule': GetCompositeScheduleResponse,
    'GetConfiguration': GetConfigurationResponse,
    'GetDiagnostics': GetDiagnosticsResponse,
    'GetLocalListVersion': GetLocalListVersionResponse,
    'Heartbeat': HeartbeatResponse,
    'MeterValues': MeterValuesResponse,
    'RemoteStartTransaction': RemoteStartTransactionResponse,
    'RemoteStopTransaction': RemoteStopTransactionResponse,
    'ReserveNow': ReserveNowResponse,
    'Reset': ResetResponse,
    'SendLocalList': SendLocalListResponse,
    'SetChargingProfile': SetChargingProfileResponse,
    'StartTransaction': StartTransactionResponse,
    'StatusNotification': StatusNotificationResponse,
    'StopTransaction': StopTransactionResponse,
    'TriggerMessage': TriggerMessageResponse,
    'UnlockConnector': UnlockConnectorResponse,
    'UpdateFirmware': UpdateFirmwareResponse,
}
