"""The built-in writer (:mod:`gdsview.lab.service`) behind the apps' interface, unchanged: 4 KiB
self-checking records on the raw volume, ``--rate`` in MiB/s, ``--pattern`` log or random."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ...core.names import volume_path
from ...core.storage.workspace import Workspace
from ..service import Service, ServiceStatus
from .base import AppStatus, status_path, write_status_file


class BuiltinApp:
    app = "builtin"
    unit = "MiB/s"

    def __init__(self, ws: Workspace, class_name: str, volume: str, options: dict | None = None, *,
                 source: str = "service", on_stop: Callable[[AppStatus], None] | None = None) -> None:
        self.options = {"rate": 4.0, "pattern": "log", **(options or {})}
        self.class_name, self.volume = class_name, volume
        self.on_stop = on_stop
        self.service = Service(ws, class_name, volume, rate_mib_s=float(self.options["rate"]),
                               pattern=str(self.options["pattern"]), source=source,
                               on_stop=self._stopped if on_stop is not None else None)

    def _stopped(self, st: ServiceStatus) -> None:
        if self.on_stop is not None:
            self.on_stop(self._convert(st))

    @property
    def running(self) -> bool:
        return self.service.running

    @property
    def error(self) -> str | None:
        return self.service.error

    def start(self) -> None:
        self.service.start()
        threading.Thread(target=self._publish, name=f"service-status-{self.volume}", daemon=True).start()

    def _publish(self) -> None:
        """Keep the live status file (``gdsview service status`` in another process reads it)."""
        ws = self.service.ws
        while self.service.running:
            write_status_file(ws, self.status())
            time.sleep(1.0)
        status_path(ws, self.class_name, self.volume).unlink(missing_ok=True)

    def stop(self, timeout: float = 30) -> AppStatus:
        return self._convert(self.service.stop(timeout))

    def status(self) -> AppStatus:
        return self._convert(self.service.status())

    def _convert(self, st: ServiceStatus) -> AppStatus:
        return AppStatus(self.app, st.class_name, st.volume, volume_path(st.class_name, st.volume), st.running,
                         st.measured_bps / (1 << 20), self.unit, st.error, dict(self.options), st.pattern,
                         st.rate_mib_s, st.written_records, st.seq, st.measured_bps)
