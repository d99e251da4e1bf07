"""SIGHUP: read the config file again and apply the fleet it describes.

:class:`Reloader` loads the file exactly as at start (the same checks, the same problems,
``file: key: reason``). A file that cannot be used is refused: each problem is logged as
``config.invalid`` and one ``config.reload_refused`` line follows; nothing running changes.
A usable one is handed to :meth:`runtime.bridge.fleet.Fleet.apply` (hubs and chargers, each
charger's Central System included; in a cluster, to the lease manager, which applies the part
of the hubs this replica holds) and one ``config.reloaded`` line says what changed:
``added=1 removed=1 changed=1 unchanged=9997 hubs_added=1 hubs_removed=0 hubs_changed=0``.

Settings of the whole process cannot change while it runs (:data:`RESTART_KEYS`: the
storage file, the operator endpoint, the poll interval, ...): a reload that changes one
keeps the running value and says so in one ``config.restart_needed`` warning.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

from runtime.logs import event
from runtime.observe import FleetWatch

from .config import BridgeConfig, ConfigError, load_config
from .fleet import FleetChange, FleetPlan

__all__ = ["RESTART_KEYS", "Reloader"]

log = logging.getLogger("runtime.bridge")

#: config keys a reload cannot apply, with how to read each
RESTART_KEYS: Mapping[str, Callable[[BridgeConfig], object]] = {
    "csms.connect_timeout_s": lambda c: c.csms.connect_timeout_s,
    "csms.reconnect_max_backoff_s": lambda c: c.csms.reconnect_max_backoff_s,
    "myenergi.director_url": lambda c: c.director_url,
    "myenergi.poll_interval_s": lambda c: c.poll_interval_s,
    "storage.path": lambda c: c.storage_path,
    "storage.url": lambda c: c.storage_url,
    "log_level": lambda c: c.log_level,
    "metrics.listen": lambda c: c.metrics,
    "cluster": lambda c: c.cluster,
}


class Reloader:
    """Reloads ``path`` through ``apply`` (``Fleet.apply``, or the lease manager's
    ``set_plan``); ``running`` is the config the process runs with."""

    def __init__(
        self,
        path: Path,
        running: BridgeConfig,
        apply: Callable[[FleetPlan], Awaitable[FleetChange]],
        watch: FleetWatch,
    ) -> None:
        self._path = path
        self.running = running
        self._apply = apply
        self._watch = watch

    async def reload(self) -> FleetChange | None:
        """One reload; None when the file was refused."""
        try:
            config = load_config(self._path)
        except ConfigError as exc:
            for problem in exc.problems:
                event(log, "config.invalid", level=logging.ERROR, file=exc.path, problem=problem)
            event(log, "config.reload_refused", level=logging.ERROR, file=exc.path,
                  problems=len(exc.problems))  # fmt: skip
            self._watch.config_reloaded("refused")
            return None
        for old, new in config.deprecated:
            event(log, "config.deprecated", level=logging.WARNING, key=old, use=new)
        kept = [key for key, read in RESTART_KEYS.items() if read(config) != read(self.running)]
        if kept:
            event(log, "config.restart_needed", level=logging.WARNING, keys=",".join(kept),
                  reason="applied at the next start; the running values stay")  # fmt: skip
        change = await self._apply(FleetPlan.from_config(config))
        self.running = dataclasses.replace(
            self.running,
            csms=dataclasses.replace(self.running.csms, default=config.csms.default),
            hubs=config.hubs,
            chargers=config.chargers,
        )
        self._watch.fleet_changed(self.running)
        self._watch.config_reloaded("applied")
        event(log, "config.reloaded", file=self._path, added=change.added,
              removed=change.removed, changed=change.changed, unchanged=change.unchanged,
              hubs_added=change.hubs_added, hubs_removed=change.hubs_removed,
              hubs_changed=change.hubs_changed)  # fmt: skip
        return change
