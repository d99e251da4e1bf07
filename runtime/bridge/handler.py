"""The central system's requests to one zappi: the generated ``CentralSystemRequestHandler``.

Each method turns a typed request into an input of the sans-I/O core and returns the typed
answer; the effects the core produced are carried out by the driver. Answers that are fixed by
the messages table (ClearCache, DataTransfer) are built from the row's ``fixed_fields``. Routing
(unsupported → NotSupported, too new for the zappi's firmware → NotSupported, unknown →
NotImplemented) happened before any of this runs, in the runtime, from the same table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from generated.messages import ACTIONS
from generated.payloads import (
    ChangeConfigurationRequest,
    ChangeConfigurationResponse,
    ClearCacheRequest,
    ClearCacheResponse,
    ConfigurationStatus,
    DataTransferRequest,
    DataTransferResponse,
    GenericStatus,
    GetConfigurationRequest,
    GetConfigurationResponse,
    GetDiagnosticsRequest,
    GetDiagnosticsResponse,
    RemoteStartTransactionRequest,
    RemoteStartTransactionResponse,
    RemoteStopTransactionRequest,
    RemoteStopTransactionResponse,
    ResetRequest,
    ResetResponse,
    TriggerMessageRequest,
    TriggerMessageResponse,
    UnlockConnectorRequest,
    UnlockConnectorResponse,
    UpdateFirmwareRequest,
    UpdateFirmwareResponse,
)
from runtime.ocpp.config_store import ConfigStore

from .charger import ChargerCore
from .effects import Effect

__all__ = ["BridgeHandler", "EffectRunner"]

_R = TypeVar("_R")


class EffectRunner(Protocol):
    """What the handler needs from the driver."""

    core: ChargerCore

    @property
    def config(self) -> ConfigStore: ...

    def now(self) -> float: ...

    def apply(self, effects: list[Effect]) -> None: ...

    def running_transaction_id(self) -> int | None: ...


def _fixed(action: str, build: Callable[..., _R]) -> _R:
    """The answer the messages table fixes for ``action`` (its ``fixed_fields``)."""
    fields = ACTIONS[action].mapping.fixed_fields
    return build({key: value for key, value in fields.items()})


class BridgeHandler:
    """Implements ``generated.handlers.CentralSystemRequestHandler`` for one charger."""

    def __init__(self, driver: EffectRunner) -> None:
        self._driver = driver

    async def on_change_configuration(
        self, request: ChangeConfigurationRequest
    ) -> ChangeConfigurationResponse:
        answer = self._driver.config.change_configuration(request)
        applied = (ConfigurationStatus.ACCEPTED, ConfigurationStatus.REBOOT_REQUIRED)
        if answer.status in applied:
            core = self._driver.core
            self._driver.apply(core.config_changed(request.key, self._driver.now()))
        return answer

    async def on_get_configuration(
        self, request: GetConfigurationRequest
    ) -> GetConfigurationResponse:
        return self._driver.config.get_configuration(request)

    async def on_clear_cache(self, request: ClearCacheRequest) -> ClearCacheResponse:
        return _fixed("ClearCache", ClearCacheResponse.from_payload)

    async def on_data_transfer(self, request: DataTransferRequest) -> DataTransferResponse:
        return _fixed("DataTransfer", DataTransferResponse.from_payload)

    async def on_get_diagnostics(self, request: GetDiagnosticsRequest) -> GetDiagnosticsResponse:
        return GetDiagnosticsResponse()  # no fileName: nothing to upload (OCPP 1.6 §6.23)

    async def on_remote_start_transaction(
        self, request: RemoteStartTransactionRequest
    ) -> RemoteStartTransactionResponse:
        status, effects = self._driver.core.remote_start(
            request.connector_id, request.id_tag, self._driver.now()
        )
        self._driver.apply(effects)
        return RemoteStartTransactionResponse(status=status)

    async def on_remote_stop_transaction(
        self, request: RemoteStopTransactionRequest
    ) -> RemoteStopTransactionResponse:
        status, effects = self._driver.core.remote_stop(
            request.transaction_id, self._driver.running_transaction_id(), self._driver.now()
        )
        self._driver.apply(effects)
        return RemoteStopTransactionResponse(status=status)

    async def on_reset(self, request: ResetRequest) -> ResetResponse:
        effects = self._driver.core.reset(request.type, self._driver.now())
        self._driver.apply(effects)
        return ResetResponse(status=GenericStatus.ACCEPTED)  # the bridge can always reboot

    async def on_trigger_message(self, request: TriggerMessageRequest) -> TriggerMessageResponse:
        status, effects = self._driver.core.trigger(
            request.requested_message, request.connector_id, self._driver.now()
        )
        self._driver.apply(effects)
        return TriggerMessageResponse(status=status)

    async def on_unlock_connector(self, request: UnlockConnectorRequest) -> UnlockConnectorResponse:
        status, effects = self._driver.core.unlock(request.connector_id, self._driver.now())
        self._driver.apply(effects)
        return UnlockConnectorResponse(status=status)

    async def on_update_firmware(self, request: UpdateFirmwareRequest) -> UpdateFirmwareResponse:
        effects = self._driver.core.update_firmware(request.location, self._driver.now())
        self._driver.apply(effects)
        return UpdateFirmwareResponse()
