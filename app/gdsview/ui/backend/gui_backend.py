"""The GUI's only door to the volume manager: snapshots, requests on worker threads, copies.

``GuiBackend`` lives in the GUI thread. ``run()`` applies a request (:mod:`.requests`) on the
thread pool and delivers its result (or its SdxError) back in the GUI thread; copies run in the
core's ThreadLauncher threads and report progress through queued signals. Worker code never
touches a widget. The training lab's calls go through ``backend.lab`` (:mod:`.lab_backend`), the
device server's through ``backend.devices`` (:mod:`.devices_backend`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

from ...core.engine.launchers import ThreadLauncher
from ...core.errors import SdxError
from ...core.events import Event, EventKind
from ...core.model import CopyResult, CopyStatus, NodeInfo, Snapshot
from ...core.policy.manager import VolumeManager
from ...core.storage.cluster import nodes as cluster_nodes
from ...core.storage.monitor import ConfigMonitor
from ...core.storage.workspace import Workspace
from ..models.live_copies import LiveCopies
from .devices_backend import DevicesBackend
from .jobs import Job, Relay
from .lab_backend import LabBackend
from .requests import Request

DEFAULT_INTERVAL_S = 5
HISTORY_LINES = 200


class GuiBackend(QObject):
    """Owns the workspace, the manager and the copy threads for one window."""

    snapshotChanged = Signal(object, object)  # Snapshot, the classes re-read (None: all)
    eventsAdded = Signal(list)  # list[Event]
    copyProgress = Signal(object)  # CopyStatus
    copyFinished = Signal(object)  # CopyResult
    busyChanged = Signal(int)  # jobs in flight
    serviceChanged = Signal()  # a service started or stopped (also when it failed)
    backupProgress = Signal(object)  # BackupProgress, from the backup's worker thread
    verifyProgress = Signal(str)  # what Verify Backup is proving now, from its worker thread
    restoreProgress = Signal(object)  # BackupProgress of Restore Backup, from its worker thread
    labReset = Signal()
    nodeChanged = Signal(str)  # the window acts as another node of the cluster

    def __init__(self, workspace: Workspace, parent: QObject | None = None, *, copy_workers: int | None = None,
                 node: str | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        if node is not None and node in self.cluster_nodes():
            workspace.set_node(node)  # chosen at start; else $GDSVIEW_NODE (gdsview --node), else the first
        self._copy_workers = copy_workers
        self.live_copies = LiveCopies()
        self.copyProgress.connect(self.live_copies.update)  # first: the views read it in their own slots
        self.copies = self._launcher()
        self._manager = VolumeManager(workspace, source="gdsview", launcher=self.copies)
        self.lab = LabBackend(self)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(4)
        self.monitors: dict[str, ConfigMonitor] = {}  # one per node: the tree shows every node's view
        self.monitor = self._monitor(self.node_name)
        self.devices = DevicesBackend(self)
        self._last_event = 0
        self._jobs: set[Relay] = set()
        self.timer = QTimer(self)
        self.timer.setInterval(DEFAULT_INTERVAL_S * 1000)
        self.timer.timeout.connect(self.refresh)
        self.copyFinished.connect(self._on_copy_finished)

    @classmethod
    def open(cls, root: str | Path, **options: Any) -> GuiBackend:
        """The backend of the workspace in ``root``; an empty workspace gets the demo lab first."""
        from ...lab.demo import init_lab

        ws = Workspace(root)
        if ws.is_empty():
            init_lab(VolumeManager(ws, source="gdsview"))
        return cls(ws, **options)

    def _launcher(self) -> ThreadLauncher:
        return ThreadLauncher(self.ws, source="gdsview", progress=self.copyProgress.emit, done=self._copy_done,
                              workers=self._copy_workers)

    # -- state ----------------------------------------------------------------------------
    @property
    def root(self) -> Path:
        return self.ws.root

    # -- the cluster's nodes ----------------------------------------------------------------------
    @property
    def node_name(self) -> str:
        """The node this window acts as: its operations are that node's, its menus say so."""
        return self.ws.node

    def cluster_nodes(self) -> list[str]:
        """The names of the cluster's nodes, read now (before the first refresh too)."""
        with self.ws.store.read() as conn:
            return [n.name for n in cluster_nodes(conn)]

    def nodes(self) -> list[NodeInfo]:
        """Every node of the workspace's cluster (one for a lab that is not a cluster)."""
        return list(self.snapshot.nodes) if self.snapshot.nodes else [NodeInfo(self.node_name)]

    def is_cluster(self) -> bool:
        return len(self.nodes()) > 1

    def _monitor(self, node: str) -> ConfigMonitor:
        monitor = self.monitors.get(node)
        if monitor is None:
            monitor = self.monitors[node] = ConfigMonitor(self.ws, node)
        return monitor

    def snapshots(self) -> dict[str, Snapshot]:
        """The configuration as each node sees it (classes in its scope, statuses there), by node."""
        return {n: m.snapshot for n, m in self.monitors.items()}

    def set_node(self, node: str) -> None:
        """Act as ``node`` from now on (General > Act as Node): operations, I/O and events are its."""
        self.ws.set_node(node)
        self.monitor = self._monitor(node)
        self.refresh(force=True)
        self.nodeChanged.emit(node)

    def start(self) -> None:
        """First load, resume copies a previous session left running, start monitoring."""
        row = self.ws.store.connection().execute("SELECT MAX(id) FROM events").fetchone()
        self._last_event = max(0, (row[0] or 0) - HISTORY_LINES)  # show the recent history first
        self.refresh(force=True)
        self._manager.resume_interrupted_copies()
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
        events = self._manager.events(self._last_event)
        if events:
            self._last_event = events[-1].id
            self.eventsAdded.emit(events)
        change = self.monitor.refresh(full=force)
        for node in {n.name for n in change.snapshot.nodes} - set(self.monitors):
            self._monitor(node)  # a node the cluster has (e.g. after a lab reset to the cluster lab)
        others = False
        for monitor in list(self.monitors.values()):
            if monitor is not self.monitor:
                others = monitor.refresh(full=force).changed or others
        if change.changed or others:
            # another node's view changed too (a switch moves the volumes): the tree shows every node
            self.snapshotChanged.emit(change.snapshot, change.classes if not others else None)
        self.devices.poll()
        return change.changed or others

    def events(self, after_id: int = 0, limit: int = 100_000) -> list[Event]:
        return self._manager.events(after_id, limit)

    def is_lab(self) -> bool:
        """True when the workspace is a training lab (made by ``gdsview lab init`` or the demo)."""
        return self.ws.store.has_event(EventKind.LAB_INIT)

    # -- requests -----------------------------------------------------------------------------
    def run(self, request: Request, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[SdxError], None] | None = None) -> None:
        """Apply ``request`` on a worker thread; the callbacks run in the GUI thread afterwards."""
        self.submit(lambda: request.apply(self._manager), on_done, on_error)

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[SdxError], None] | None = None) -> None:
        """Run ``fn`` on a worker thread (the backend's own calls: requests, the lab's jobs)."""
        relay = Relay(self._job_finished, on_done, on_error)
        self._jobs.add(relay)
        self.busyChanged.emit(len(self._jobs))
        self.pool.start(Job(fn, relay))

    def _job_finished(self, relay: Relay, callback: Callable | None, value: Any) -> None:
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

    def replace_lab(self, reset: Callable[[], None], on_done: Callable[[Any], None],
                    on_error: Callable[[SdxError], None]) -> None:
        """Stop this window's copies and monitoring, run ``reset`` (which replaces the workspace's
        files) on a worker, then start again on the new workspace."""
        self.copies.stop()
        self.timer.stop()  # nothing may open the database while it is being replaced

        def done(result: Any) -> None:
            self.copies = self._launcher()
            self._manager.launcher = self.copies
            self.monitors = {}
            self.monitor = self._monitor(self.node_name)
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
        self.lab.stop_services_now(timeout)
        self.copies.stop(timeout)
        self.pool.waitForDone(int(timeout * 1000))
        # a job still in flight above may have started a service or a copy (Start Service, Connect)
        self.lab.stop_services_now(timeout)
        self.copies.stop(timeout)
        self.ws.close()


__all__ = ["GuiBackend", "CopyStatus", "DEFAULT_INTERVAL_S"]
