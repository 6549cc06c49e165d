"""What every service app offers (start / stop cleanly / status) and the machinery the database
apps share: the volume's service lock and its announce record, the stop request looked for from
any process, a live status file, and the SERVICE_START / SERVICE_STOP events.

A clean stop logs SERVICE_STOP at INFO; a crash (the server died, the load failed) logs it at
ERROR, which the Procedure's grader does not take for step 3's "stop service".
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ...core.errors import SdxError
from ...core.events import EventKind
from ...core.storage.locks import OwnerLock
from ...core.storage.workspace import Workspace
from ..service import service_lock_path, stop_request_path

APPS = ("builtin", "postgresql", "sqlite")
POLL = 0.2


@dataclass(frozen=True)
class AppStatus:
    """One service as seen now. ``rate`` is in ``unit`` (TPS for the databases, MiB/s for builtin)."""

    app: str
    class_name: str
    volume: str
    data: str  # the data directory, database file or device
    running: bool
    rate: float = 0.0
    unit: str = "TPS"
    error: str | None = None
    options: dict = field(default_factory=dict)
    # the built-in writer's own figures (zero for the databases)
    pattern: str = ""
    rate_mib_s: float = 0.0
    written_records: int = 0
    seq: int = 0
    measured_bps: float = 0.0
    transactions: int = 0


def status_path(ws: Workspace, class_name: str, volume: str) -> Path:
    """The live status a service in any process keeps (read by ``gdsview service status``)."""
    return ws.state_dir / "locks" / f"service-{class_name}.{volume}.status"


def read_status_file(ws: Workspace, class_name: str, volume: str) -> dict:
    try:
        return json.loads(status_path(ws, class_name, volume).read_text())
    except (OSError, ValueError):
        return {}


def write_status_file(ws: Workspace, st: AppStatus) -> None:
    path = status_path(ws, st.class_name, st.volume)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(asdict(st)))
        os.replace(tmp, path)
    except OSError:
        pass


def announce(owner: OwnerLock, ws: Workspace, app: str, options: dict, source: str, **extra: object) -> None:
    """Say in the lock file who runs the service and how, so another process can stop it and start it
    elsewhere (``servicectl.service_runs``)."""
    if owner.fd is None:
        return
    data = json.dumps({"pid": os.getpid(), "node": ws.node, "app": app, "options": options, "source": source,
                       **extra}).encode()
    os.ftruncate(owner.fd, 0)
    os.pwrite(owner.fd, data, 0)


class HostedApp:
    """A database service on the volume's file system: subclasses set it up, load it and stop it."""

    app = ""
    unit = "TPS"

    def __init__(self, ws: Workspace, class_name: str, volume: str, options: dict | None = None, *,
                 source: str = "service", on_stop: Callable[[AppStatus], None] | None = None) -> None:
        self.ws, self.class_name, self.volume = ws, class_name, volume
        self.options = dict(options or {})
        self.source = source
        self.on_stop = on_stop
        self.error: str | None = None
        self.data = ""
        self._owner: OwnerLock | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    # -- what subclasses do ----------------------------------------------------------------------
    def setup(self) -> str:
        """Mount, initialise if new, start the server and the load; returns the start event's detail."""
        raise NotImplementedError

    def check(self) -> str | None:
        """Why the service has crashed (None: it runs)."""
        raise NotImplementedError

    def shutdown(self, clean: bool) -> str:
        """Stop the load and the server (cleanly if ``clean``), unmount; returns the stop's detail."""
        raise NotImplementedError

    def rate(self) -> float:
        return 0.0

    def transactions(self) -> int:
        return 0

    # -- control ---------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            raise SdxError("the service is already running", self.volume)
        self.ws.store  # noqa: B018 - makes the workspace's folders (the lock's among them)
        stop_request_path(self.ws, self.class_name, self.volume).unlink(missing_ok=True)
        owner = OwnerLock(service_lock_path(self.ws, self.class_name, self.volume), "service")
        try:
            owner.acquire()
        except SdxError:
            raise SdxError("a service is already running on this volume (in another window or process)",
                           self.volume) from None
        self.error = None
        self._stop.clear()
        try:
            detail = self.setup()
        except BaseException as e:
            try:
                self.shutdown(False)
            except Exception:  # the set-up's own error is the one to report
                pass
            owner.release()
            if isinstance(e, SdxError):
                raise
            if isinstance(e, OSError):
                raise SdxError(f"the {self.app} service did not start: {e.strerror or e}", self.volume) from None
            raise
        self._owner = owner
        announce(owner, self.ws, self.app, self.options, self.source, data=self.data)
        self._log(EventKind.SERVICE_START, f"service started on {self.volume} ({self.app}: {detail})")
        write_status_file(self.ws, self.status())
        thread = threading.Thread(target=self._watch, name=f"service-{self.volume}", daemon=True)
        thread.start()
        self._thread = thread

    def stop(self, timeout: float = 60) -> AppStatus:
        """Stop cleanly and wait; returns the last status."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        return self.status()

    def status(self) -> AppStatus:
        return AppStatus(self.app, self.class_name, self.volume, self.data, self.running,
                         self.rate() if self.running else 0.0, self.unit, self.error, dict(self.options),
                         transactions=self.transactions())

    # -- the watcher -----------------------------------------------------------------------------
    def _watch(self) -> None:
        asked = stop_request_path(self.ws, self.class_name, self.volume)
        crash: str | None = None
        last = 0.0
        try:
            while not self._stop.is_set() and not asked.exists():
                crash = self.check()
                if crash is not None:
                    break
                if time.monotonic() - last >= 1.0:
                    write_status_file(self.ws, self.status())
                    last = time.monotonic()
                self._stop.wait(POLL)
        except Exception as e:  # never a traceback from the watcher: the stop says what happened
            crash = f"internal error: {type(e).__name__}: {e}"
        try:
            detail = self.shutdown(crash is None)
        except SdxError as e:
            crash = crash or e.text
            detail = e.text
        except Exception as e:
            crash = crash or f"{type(e).__name__}: {e}"
            detail = crash
        if crash is not None:
            self.error = crash
            text = f"service crashed on {self.volume} ({self.app}): {crash}"
        else:
            text = f"service stopped cleanly on {self.volume} ({self.app}: {detail})"
        try:
            self._log(EventKind.SERVICE_STOP, text, "INFO" if crash is None else "ERROR")
        except Exception as e:  # e.g. the workspace was closed under the service
            self.error = self.error or f"could not log the stop: {e}"
        status_path(self.ws, self.class_name, self.volume).unlink(missing_ok=True)
        if self._owner is not None:
            self._owner.release()
            self._owner = None
        if self.on_stop is not None:
            self.on_stop(self.status())

    def _log(self, kind: EventKind, text: str, severity: str = "INFO") -> None:
        store = self.ws.store
        with store.write() as conn:
            store.log(conn, self.source, kind, text, class_name=self.class_name, obj=self.volume,
                      severity=severity)
