"""The GUI's only door to the volume manager: snapshots, operations in worker threads, copies.

``GuiBackend`` lives in the GUI thread. ``submit()`` runs a backend call on the thread pool and
delivers its result (or its SdxError) back in the GUI thread; copies run in the core's
ThreadLauncher threads and report progress through queued signals. Worker code never touches a
widget.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from ..core.engine.launchers import ThreadLauncher
from ..core.errors import SdxError
from ..core.model import CopyResult, CopyStatus, Snapshot
from ..core.policy.manager import VolumeManager
from ..core.storage.monitor import ConfigMonitor
from ..core.storage.workspace import Workspace
from ..lab.backup import BackupResult, backup_access_path
from ..lab.demo import reset_lab
from ..lab.observer import LabReport, check_lab
from ..lab.service import Service, ServiceStatus
from . import core_texts

DEFAULT_INTERVAL_S = 5
HISTORY_LINES = 200


class _Relay(QObject):
    """Carries one job's outcome to the GUI thread: bound-method slots of a GUI-thread object,
    so the queued connection delivers them there (a bare lambda may run in the emitting thread)."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, finish: Callable[[_Relay, Callable | None, Any], None], on_done, on_error) -> None:
        super().__init__()
        self._finish, self._on_done, self._on_error = finish, on_done, on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    @Slot(object)
    def _deliver_done(self, value: Any) -> None:
        self._finish(self, self._on_done, value)

    @Slot(object)
    def _deliver_failed(self, error: Any) -> None:
        self._finish(self, self._on_error, error)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except SdxError as e:
            self.relay.failed.emit(e)
        except Exception as e:  # a bug, not a refusal: show it rather than lose it
            traceback.print_exc()
            self.relay.failed.emit(SdxError(core_texts.INTERNAL_ERROR.format(error=e)))
        else:
            self.relay.done.emit(result)


class GuiBackend(QObject):
    """Owns the workspace, the manager and the copy threads for one window."""

    snapshotChanged = Signal(object, object)  # Snapshot, the classes re-read (None: all)
    eventsAdded = Signal(list)  # list[Event]
    copyProgress = Signal(object)  # CopyStatus
    copyFinished = Signal(object)  # CopyResult
    busyChanged = Signal(int)  # jobs in flight
    serviceChanged = Signal()  # a service started or stopped (also when it failed)
    backupProgress = Signal(object)  # BackupProgress, from the backup's worker thread
    labReset = Signal()

    def __init__(self, workspace: Workspace, parent: QObject | None = None, *, copy_workers: int | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self._copy_workers = copy_workers
        self.copies = self._launcher()
        self.manager = VolumeManager(workspace, source="gdsview", launcher=self.copies)
        self.services: dict[tuple[str, str], Service] = {}
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(4)
        self.monitor = ConfigMonitor(workspace)
        self._last_event = 0
        self._jobs: set[_Relay] = set()
        self.timer = QTimer(self)
        self.timer.setInterval(DEFAULT_INTERVAL_S * 1000)
        self.timer.timeout.connect(self.refresh)
        self.copyFinished.connect(self._on_copy_finished)

    def _launcher(self) -> ThreadLauncher:
        return ThreadLauncher(self.ws, source="gdsview", progress=self.copyProgress.emit, done=self._copy_done,
                              workers=self._copy_workers)

    # -- state ----------------------------------------------------------------------------
    def start(self) -> None:
        """First load, resume copies a previous session left running, start monitoring."""
        row = self.ws.store.connection().execute("SELECT MAX(id) FROM events").fetchone()
        self._last_event = max(0, (row[0] or 0) - HISTORY_LINES)  # show the recent history first
        self.refresh(force=True)
        self.manager.resume_interrupted_copies()
        self.timer.start()

    def set_interval(self, seconds: int) -> None:
        self.timer.setInterval(max(1, seconds) * 1000)

    def interval(self) -> int:
        return self.timer.interval() // 1000

    @property
    def snapshot(self) -> Snapshot:
        return self.monitor.snapshot

    def refresh(self, force: bool = False) -> bool:
        """Re-read what changed (in any process); ``force`` re-reads everything. True if anything did."""
        events = self.manager.events(self._last_event)
        if events:
            self._last_event = events[-1].id
            self.eventsAdded.emit(events)
        change = self.monitor.refresh(full=force)
        if change.changed:
            self.snapshotChanged.emit(change.snapshot, change.classes)
        return change.changed

    # -- operations ---------------------------------------------------------------------------
    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[SdxError], None] | None = None) -> None:
        """Run ``fn`` on a worker thread; the callbacks run in the GUI thread afterwards."""
        relay = _Relay(self._job_finished, on_done, on_error)
        self._jobs.add(relay)
        self.busyChanged.emit(len(self._jobs))
        self.pool.start(_Job(fn, relay))

    def _job_finished(self, relay: _Relay, callback: Callable | None, value: Any) -> None:
        self._jobs.discard(relay)
        self.busyChanged.emit(len(self._jobs))
        self.refresh()
        if callback is not None:
            callback(value)

    def busy(self) -> bool:
        return bool(self._jobs)

    # -- copies -------------------------------------------------------------------------------
    def _copy_done(self, result: CopyResult) -> None:  # copy thread
        self.copyFinished.emit(result)

    @Slot(object)
    def _on_copy_finished(self, _result: CopyResult) -> None:
        self.refresh()

    def copies_running(self) -> list[tuple[str, str]]:
        return self.copies.running()

    # -- the service ------------------------------------------------------------------------
    def start_service(self, class_name: str, volume: str, rate_mib_s: float, pattern: str,
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[SdxError], None] | None = None) -> None:
        key = (class_name, volume)
        if key in self.services and self.services[key].running:
            if on_error is not None:
                on_error(SdxError(core_texts.ALREADY_WRITING, volume))
            return
        service = Service(self.ws, class_name, volume, rate_mib_s=rate_mib_s, pattern=pattern, source="service",
                          on_stop=lambda _status: self.serviceChanged.emit())
        self.services[key] = service

        def started(result: Any) -> None:
            self.serviceChanged.emit()
            if on_done is not None:
                on_done(result)

        self.submit(service.start, started, on_error)

    def stop_services(self, on_done: Callable[[Any], None] | None = None) -> None:
        running = [s for s in self.services.values() if s.running]
        self.submit(lambda: [s.stop() for s in running], on_done)

    def service_statuses(self) -> list[ServiceStatus]:
        return [s.status() for s in self.services.values() if s.running]

    # -- backup and the lab -------------------------------------------------------------------
    def backup(self, access_path: str, dest: str, stop: threading.Event,
               on_done: Callable[[BackupResult], None], on_error: Callable[[SdxError], None]) -> None:
        self.submit(lambda: backup_access_path(self.ws, access_path, dest, progress=self.backupProgress.emit,
                                               stop=stop), on_done, on_error)

    def lab_report(self) -> LabReport:
        return check_lab(self.manager)

    def is_lab(self) -> bool:
        return bool(self.ws.store.connection().execute(
            "SELECT 1 FROM events WHERE kind = 'lab-init' LIMIT 1").fetchone())

    def reset_lab(self, on_done: Callable[[Any], None], on_error: Callable[[SdxError], None]) -> None:
        """Stop the services and copies of this window, then rebuild the demo lab."""
        for service in self.services.values():
            service.stop()
        self.services.clear()
        self.copies.stop()
        self.timer.stop()  # nothing may open the database while it is being replaced

        def reset() -> None:
            reset_lab(self.ws)

        def done(result: Any) -> None:
            self.copies = self._launcher()
            self.manager.launcher = self.copies
            self.monitor = ConfigMonitor(self.ws)
            self._last_event = 0
            self.refresh(force=True)
            self.timer.start()
            self.serviceChanged.emit()
            self.labReset.emit()
            on_done(result)

        def failed(error: SdxError) -> None:
            self.timer.start()
            on_error(error)

        self.submit(reset, done, failed)

    def shutdown(self, timeout: float = 30) -> None:
        """Stop services cleanly and copies at their next chunk (resumable), wait for the workers."""
        self.timer.stop()
        for service in self.services.values():
            service.stop(timeout)
        self.copies.stop(timeout)
        self.pool.waitForDone(int(timeout * 1000))
        self.ws.close()


__all__ = ["GuiBackend", "CopyStatus", "DEFAULT_INTERVAL_S"]
