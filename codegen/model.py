"""The frozen model of the messages and configuration-key tables: what the templates see.

The checkers in :mod:`codegen.tables` turn checked YAML into these values, whose rows are the
ones the generated modules hold (:mod:`rows.messages`, :mod:`rows.config_keys`); nothing
downstream reads YAML. Rows keep the table's order (the docs page follows it); the generated
Python sorts by name so the output never depends on how a maintainer ordered the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from codegen.release_history import ReleaseHistory
from codegen.tables.measurands import MeasurandsModel
from rows.config_keys import ConfigKey
from rows.messages import ActionRow, FeatureProfile

#: OCPP 1.6 §3.3 lists the feature profiles in this order; SupportedFeatureProfiles follows it.
PROFILE_ORDER: tuple[FeatureProfile, ...] = tuple(FeatureProfile)


@dataclass(frozen=True, slots=True)
class MessagesModel:
    rows: tuple[ActionRow, ...]  #: in table order
    #: TriggerMessage's requestedMessage values whose action is supported (OCPP 1.6 §5.17)
    triggerable: tuple[str, ...] = ()

    @property
    def by_action(self) -> Mapping[str, ActionRow]:
        return MappingProxyType({row.action: row for row in sorted(self.rows, key=_action)})

    @property
    def supported_profiles(self) -> tuple[str, ...]:
        """A profile is offered when any of its actions is supported (OCPP 1.6 §3.3, §9.1.29)."""
        offered = {row.profile for row in self.rows if row.supported}
        return tuple(p.value for p in PROFILE_ORDER if p in offered)

    @property
    def unsupported_profiles(self) -> tuple[str, ...]:
        return tuple(p.value for p in PROFILE_ORDER if p not in self.supported_profiles)

    def handled(self) -> tuple[ActionRow, ...]:
        """Supported actions the central system sends: the handler interface, sorted."""
        return tuple(
            r for r in sorted(self.rows, key=_action) if r.supported and r.sent_by_central_system
        )

    def sent(self) -> tuple[ActionRow, ...]:
        """Supported actions the charge point sends: the typed senders, sorted."""
        return tuple(
            r for r in sorted(self.rows, key=_action) if r.supported and r.sent_by_charge_point
        )


def _action(row: ActionRow) -> str:
    return row.action


@dataclass(frozen=True, slots=True)
class ConfigKeysModel:
    keys: tuple[ConfigKey, ...]  #: in table order

    @property
    def by_lower_name(self) -> Mapping[str, ConfigKey]:
        return MappingProxyType({k.name.lower(): k for k in sorted(self.keys, key=_lower_name)})

    @property
    def names(self) -> frozenset[str]:
        return frozenset(k.name for k in self.keys)


def _lower_name(key: ConfigKey) -> str:
    return key.name.lower()


@dataclass(frozen=True, slots=True)
class SpecModel:
    """Everything the docs page shows: the two tables above, the measurands and the releases."""

    messages: MessagesModel
    config_keys: ConfigKeysModel
    measurands: MeasurandsModel
    releases: ReleaseHistory
