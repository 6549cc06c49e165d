"""The training lab's calls from the GUI: the service (any app), backups, the grader, the reset, disk failure.

Part of the GUI's backend layer (the only part of ``gdsview.ui`` that calls ``gdsview.lab`` and
the core): every call that does I/O runs on the backend's thread pool, and its outcome comes back
in the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...core.errors import SdxError
from ...lab import disk_failure
from ...lab.apps import APPS, App, AppStatus, make_app, why_unavailable
from ...lab.backup import BackupCheck, BackupResult, backup_access_path, verify_backup
from ...lab.demo import reset_lab
from ...lab.observer import LabReport, observe
from ...lab.restore import RestoreResult, restore_backup
from ...lab.restore_lesson import log_verified
from ...lab.service import running_services
from .. import core_texts

if TYPE_CHECKING:
    from .gui_backend import GuiBackend

Done = Callable[[Any], None] | None
Failed = Callable[[SdxError], None] | None


@dataclass(frozen=True)
class StartService:
    """Service → Start Service: which app runs on which volume, and how.

    builtin: ``rate_mib_s`` and ``pattern`` (log | random); postgresql: ``clients`` and ``tps``
    (pgbench's -c and -R; 0: as fast as it goes); sqlite: ``tps``.
    """

    class_name: str
    volume: str
    rate_mib_s: float = 4.0
    pattern: str = "log"
    app: str = "builtin"
    clients: int = 2
    tps: float = 100.0

    def options(self) -> dict:
        if self.app == "builtin":
            return {"rate": self.rate_mib_s, "pattern": self.pattern}
        return {"clients": self.clients, "rate": self.tps}


@dataclass(frozen=True)
class _Restore:
    """Restore Backup as a request: applied to the backend's volume manager on its pool."""

    path: str
    class_name: str
    volume: str
    stop: threading.Event
    progress: Callable[[Any], None]

    def apply(self, m: Any) -> RestoreResult:
        return restore_backup(m, self.path, self.class_name, self.volume, progress=self.progress, stop=self.stop)


class LabBackend:
    """The lab's half of one window's backend. GUI thread only; the work runs on the pool."""

    def __init__(self, backend: GuiBackend) -> None:
        self._backend = backend
        self.services: dict[tuple[str, str], App] = {}

    @property
    def _ws(self):
        return self._backend.ws

    # -- the service --------------------------------------------------------------------------
    def start_service(self, request: StartService, on_done: Done = None, on_error: Failed = None) -> None:
        key = (request.class_name, request.volume)
        if key in self.services and self.services[key].running:
            if on_error is not None:
                on_error(SdxError(core_texts.ALREADY_WRITING, request.volume))
            return
        try:
            service = make_app(request.app, self._ws, request.class_name, request.volume, request.options(),
                               source="service", on_stop=lambda _status: self._backend.serviceChanged.emit())
        except SdxError as e:
            if on_error is not None:
                on_error(e)
            return
        self.services[key] = service

        def started(result: Any) -> None:
            self._backend.serviceChanged.emit()
            if on_done is not None:
                on_done(result)

        self._backend.submit(service.start, started, on_error)

    def unavailable_apps(self) -> dict[str, str]:
        """The service apps that cannot run here, with the reason."""
        return {app: why for app in APPS if (why := why_unavailable(app)) is not None}

    def stop_services(self, on_done: Done = None) -> None:
        running = [s for s in self.services.values() if s.running]
        self._backend.submit(lambda: [s.stop() for s in running], on_done)

    def stop_services_now(self, timeout: float = 120) -> None:
        """Stop every service of this window cleanly, here and now (closing, resetting)."""
        for service in self.services.values():
            service.stop(timeout)

    def service_statuses(self) -> list[AppStatus]:
        return [s.status() for s in self.services.values() if s.running]

    def writing_anywhere(self) -> list[tuple[str, str]]:
        """(class, volume) of every volume a service writes to, in this window or any other process."""
        return running_services(self._ws)

    # -- backup -------------------------------------------------------------------------------
    def backup(self, access_path: str, dest: str, stop: threading.Event,
               on_done: Callable[[BackupResult], None], on_error: Callable[[SdxError], None]) -> None:
        """Back up through the access path; progress arrives on ``backend.backupProgress``."""
        progress = self._backend.backupProgress.emit
        self._backend.submit(lambda: backup_access_path(self._ws, access_path, dest, progress=progress, stop=stop),
                             on_done, on_error)

    def verify_backup(self, path: str, on_done: Callable[[BackupCheck], None], on_error: Failed = None) -> None:
        """Prove a backup (seconds: a copy, fsck, a throwaway server); steps arrive on ``verifyProgress``."""
        progress = self._backend.verifyProgress.emit
        ws = self._ws

        def verify() -> BackupCheck:
            result = verify_backup(path, progress)
            log_verified(ws, result, "gdsview")  # the restore lesson reads the verdict
            return result

        self._backend.submit(verify, on_done, on_error)

    def restore(self, path: str, class_name: str, volume: str, stop: threading.Event,
                on_done: Callable[[RestoreResult], None], on_error: Callable[[SdxError], None]) -> None:
        """Restore Backup: the backup written into the volume; progress arrives on ``backend.restoreProgress``."""
        progress = self._backend.restoreProgress.emit
        self._backend.run(_Restore(path, class_name, volume, stop, progress), on_done, on_error)

    def default_backup_folder(self) -> Path:
        folder = self._ws.root / "backups"
        folder.mkdir(exist_ok=True)
        return folder

    # -- the procedure ------------------------------------------------------------------------
    def report(self) -> LabReport:
        return observe(self._backend.events(0, limit=1_000_000))

    def reset(self, on_done: Callable[[Any], None], on_error: Callable[[SdxError], None]) -> None:
        """Stop this window's services and copies, then rebuild the demo lab."""
        self.stop_services_now()
        self.services.clear()
        ws = self._ws
        self._backend.replace_lab(lambda: reset_lab(ws), on_done, on_error)

    # -- the disk-failure lesson --------------------------------------------------------------
    def fail_disk(self, device: str, on_done: Done = None, on_error: Failed = None) -> None:
        ws = self._ws
        self._backend.submit(lambda: disk_failure.fail_disk(ws, device), on_done, on_error)

    def repair_disk(self, device: str, on_done: Done = None, on_error: Failed = None) -> None:
        ws = self._ws
        self._backend.submit(lambda: disk_failure.repair_disk(ws, device), on_done, on_error)

    def failing_disks(self) -> set[str]:
        return disk_failure.failing_disks(self._ws)


__all__ = ["LabBackend", "StartService"]
