"""Where copying runs once an operation has started it: inline, in a thread, or in a worker process.

``sdx*`` commands hand copies to a detached worker process (as GDS's copy goes on after the
command returns); the GUI runs them in its own threads; ``-e waitsync`` runs them inline.
Whichever runs it, the per-slice owner lock keeps two copies out of one slice.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable

from ..model import CopyResult, CopyStatus
from ..storage.cluster import ENV_NODE
from ..storage.workspace import Workspace
from .resync import copy_volume


class InlineLauncher:
    """Runs the copy in the calling thread; keeps the results (for ``-e waitsync``)."""

    def __init__(self, ws: Workspace, source: str = "gdsview", progress: Callable[[CopyStatus], None] | None = None):
        self.ws = ws
        self.source = source
        self.progress = progress
        self.results: list[CopyResult] = []

    def __call__(self, class_name: str, volume: str) -> None:
        self.results.append(copy_volume(self.ws, class_name, volume, source=self.source, progress=self.progress))


class ThreadLauncher:
    """Runs each volume's copy in a background thread of this process.

    ``stop()`` asks every copy to stop at its next chunk (leaving it resumable) and joins them.
    """

    def __init__(self, ws: Workspace, source: str = "gdsview", progress: Callable[[CopyStatus], None] | None = None,
                 done: Callable[[CopyResult], None] | None = None, workers: int | None = None) -> None:
        self.ws = ws
        self.source = source
        self.progress = progress
        self.done = done
        self.workers = workers
        self.stop_event = threading.Event()
        self._threads: dict[tuple[str, str], threading.Thread] = {}
        self._lock = threading.Lock()
        self.results: list[CopyResult] = []

    def __call__(self, class_name: str, volume: str) -> None:
        key = (class_name, volume)
        with self._lock:
            running = self._threads.get(key)
            if running is not None and running.is_alive():
                # The running copy re-reads the map; slices added since are picked up by a new round.
                self._threads[key] = threading.Thread(target=self._run_after, args=(key, running), daemon=True)
            else:
                self._threads[key] = threading.Thread(target=self._run, args=key, daemon=True)
            self._threads[key].start()

    def _run_after(self, key: tuple[str, str], previous: threading.Thread) -> None:
        previous.join()
        self._run(*key)

    def _run(self, class_name: str, volume: str) -> None:
        result = copy_volume(self.ws, class_name, volume, stop=self.stop_event, progress=self.progress,
                             source=self.source, workers=self.workers)
        self.results.append(result)
        if self.done is not None:
            self.done(result)

    def running(self) -> list[tuple[str, str]]:
        with self._lock:
            return [k for k, t in self._threads.items() if t.is_alive()]

    def wait(self, timeout: float | None = None) -> bool:
        """Join every copy; True when all have ended."""
        with self._lock:
            threads = list(self._threads.values())
        for t in threads:
            t.join(timeout)
        return not any(t.is_alive() for t in threads)

    def stop(self, timeout: float | None = 30) -> bool:
        self.stop_event.set()
        return self.wait(timeout)


class ProcessLauncher:
    """Starts a detached ``gdsview.core.engine.copyd`` process per volume; it outlives the command."""

    def __init__(self, ws: Workspace, source: str = "sdxcopy", node: str | None = None) -> None:
        self.ws = ws
        self.source = source
        self.node = node  # the cluster node the worker acts as (default: this process's)
        #: the workers started and not yet seen ending (kept so that they are reaped, not zombies)
        self.processes: list[subprocess.Popen] = []

    def __call__(self, class_name: str, volume: str) -> None:
        self.processes = [p for p in self.processes if p.poll() is None]
        log = open(self.ws.state_dir / "copyd.log", "ab")  # noqa: SIM115 - handed to the child
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "gdsview.core.engine.copyd", "--workspace", str(self.ws.root),
                 "--class", class_name, "--volume", volume, "--source", self.source],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, close_fds=True,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
                     ENV_NODE: self.node or self.ws.node},
            )
        finally:
            log.close()
        self.processes.append(proc)
