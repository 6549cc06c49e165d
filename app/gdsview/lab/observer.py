"""The training lab's grader: which steps of the reliable backup procedure a trainee has done.

The observer reads the workspace's event log (what the backend actually did, whichever window or
command did it), never the guide panel's buttons. A step is ticked only for the event that does
it: step 3 is a service stopped cleanly (after the backup disk was connected, before the detach),
never a crash (a stop logged as an error) and never inferred from a detach with no service running.
The lab starts at the last ``lab-init`` event; the first disk registered after it is taken as the
backup disk. Each event kind has one handler (:data:`_Observer.HANDLERS`); kinds without one do
not touch the procedure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.events import Event, EventKind
from ..core.policy.manager import VolumeManager
from .procedure import REQUIRES, STEPS, Step

SEED_NOTE = "Perform [Detach Slice] after Stopping Services"


@dataclass(frozen=True)
class StepState:
    step: Step
    done_at: float | None = None
    elapsed: float | None = None  # seconds since the lab started
    detail: str = ""

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class LabWarning:
    step: str | None
    text: str
    ts: float


@dataclass
class LabReport:
    started: float | None
    steps: list[StepState]
    warnings: list[LabWarning] = field(default_factory=list)
    backup_disk: str | None = None
    class_name: str | None = None
    title: str = "Reliable backup procedure (GDS guide 7.7.1)"
    subject: str = "backup disk"  # what ``backup_disk`` names

    @property
    def complete(self) -> bool:
        return all(s.done for s in self.steps)

    @property
    def ok(self) -> bool:
        return self.complete and not self.warnings

    def next_step(self) -> Step | None:
        return next((s.step for s in self.steps if not s.done), None)


def _slice_disk(obj: str) -> str | None:
    return obj.split(".", 1)[0] if "." in obj else None


def _slice_volume(obj: str) -> str:
    return obj.split(".", 1)[1] if "." in obj else obj


class _Observer:
    """Replays events one by one; ``done`` maps a step's key to (time, detail)."""

    def __init__(self) -> None:
        self.done: dict[str, tuple[float, str]] = {}
        self.warnings: list[LabWarning] = []
        self.disk: str | None = None
        self.class_name: str | None = None
        self.writing: dict[tuple[str | None, str], bool] = {}  # (class, volume) -> service running
        self.copying: set[str] = set()  # slices of the backup disk being copied into
        self.detached_while_writing = False

    def feed(self, e: Event) -> None:
        handler = self.HANDLERS.get(EventKind.parse(e.kind))
        if handler is not None:
            handler(self, e, e.obj or "")

    def mark(self, key: str, e: Event, detail: str = "") -> None:
        if key in self.done:
            return
        missing = [s for s in STEPS if s.key in _before(key) and s.key not in self.done]
        if missing:
            number = next(s.number for s in STEPS if s.key == key)
            self.warn(key, f"step {number} done before step {missing[0].number} "
                           f"({missing[0].title.rstrip('.')})", e)
        self.done[key] = (e.ts, detail)

    def warn(self, step: str, text: str, e: Event) -> None:
        self.warnings.append(LabWarning(step, text, e.ts))

    def is_backup_slice(self, obj: str) -> bool:
        return self.disk is not None and _slice_disk(obj) == self.disk

    # -- one handler per event kind ---------------------------------------------------------------
    def disk_registered(self, e: Event, obj: str) -> None:
        if self.disk is None:
            self.disk, self.class_name = obj, e.class_name
            self.mark("register", e, f"{obj} in {e.class_name}")

    def disk_connected(self, e: Event, obj: str) -> None:
        if obj == self.disk:
            self.mark("connect", e, e.text)

    def copy_started(self, e: Event, obj: str) -> None:
        if self.is_backup_slice(obj):
            self.copying.add(obj)

    def copy_done(self, e: Event, obj: str) -> None:
        if self.is_backup_slice(obj):
            self.copying.discard(obj)

    def service_started(self, e: Event, obj: str) -> None:
        self.writing[(e.class_name, obj)] = True
        if "detach" in self.done:
            self.mark("resume_service", e, f"service on {obj}")

    def service_stopped(self, e: Event, obj: str) -> None:
        self.writing[(e.class_name, obj)] = False
        if e.severity == "ERROR":
            return  # a crash (the server died, the load failed) is not step 3's clean stop
        if "connect" in self.done and "detach" not in self.done:
            if self.copying:
                self.warn("stop_service", "service stopped while synchronization copying into "
                          f"{', '.join(sorted(self.copying))} had not completed", e)
            self.mark("stop_service", e, f"service on {obj}")

    def slice_detached(self, e: Event, obj: str) -> None:
        if not self.is_backup_slice(obj):
            self.warn("detach", f"{obj} detached: a slice of the mirror itself, so the volume ran without "
                      "redundancy; the reliable procedure detaches the backup disk's slice", e)
            return
        # only a service writing to the detached slice's own volume makes its copy inconsistent
        volume = _slice_volume(obj)
        running = bool(self.writing.get((e.class_name, volume)))
        # A service that never ran was never stopped: step 3 stays undone (and step 4 comes before it).
        if running:
            self.detached_while_writing = True
            self.warn("detach", f"{obj} detached while the service was writing to {volume}: {SEED_NOTE} "
                      "(the backup is only crash consistent: Verify Backup reports the journal recovery or WAL "
                      "replay it needs)", e)
        if self.copying:
            self.warn("detach", f"{obj} detached while copying into {', '.join(sorted(self.copying))} had "
                      "not completed", e)
        self.mark("detach", e, obj)

    def backup_done(self, e: Event, obj: str) -> None:
        if self.is_backup_slice(obj) and "detach" in self.done:
            note = " (taken while the service was writing at the detach)" if self.detached_while_writing else ""
            self.mark("backup", e, e.text + note)

    def slice_attached(self, e: Event, obj: str) -> None:
        if self.is_backup_slice(obj):
            self.mark("attach", e, obj)

    def disk_disconnected(self, e: Event, obj: str) -> None:
        if obj == self.disk:
            self.mark("disconnect", e, e.text)

    def disk_removed(self, e: Event, obj: str) -> None:
        if obj == self.disk:
            self.mark("remove", e, e.text)

    HANDLERS: dict[EventKind, Callable[[_Observer, Event, str], None]] = {
        EventKind.DISK_REGISTER: disk_registered,
        EventKind.DISK_CONNECT: disk_connected,
        EventKind.COPY_START: copy_started,
        EventKind.COPY_DONE: copy_done,
        EventKind.SERVICE_START: service_started,
        EventKind.SERVICE_STOP: service_stopped,
        EventKind.SLICE_DETACH: slice_detached,
        EventKind.BACKUP_DONE: backup_done,
        EventKind.SLICE_ATTACH: slice_attached,
        EventKind.DISK_DISCONNECT: disk_disconnected,
        EventKind.DISK_REMOVE: disk_removed,
    }


def observe(events: list[Event]) -> LabReport:
    """Replay the event log into the state of the procedure."""
    start = max((i for i, e in enumerate(events) if e.kind == EventKind.LAB_INIT), default=-1)
    t0 = events[start].ts if start >= 0 else (events[0].ts if events else None)
    observer = _Observer()
    for e in events[start + 1 :]:
        observer.feed(e)
    states = []
    for step in STEPS:
        if step.key in observer.done:
            ts, detail = observer.done[step.key]
            states.append(StepState(step, ts, ts - t0 if t0 is not None else 0.0, detail))
        else:
            states.append(StepState(step))
    return LabReport(t0, states, observer.warnings, observer.disk, observer.class_name)


def _before(key: str) -> set[str]:
    """Every step that must come before ``key`` (the prerequisites' prerequisites too)."""
    found: set[str] = set()
    todo = list(REQUIRES[key])
    while todo:
        k = todo.pop()
        if k not in found:
            found.add(k)
            todo.extend(REQUIRES[k])
    return found


def check_lab(manager: VolumeManager) -> LabReport:
    return observe(manager.events(0, limit=1_000_000))


__all__ = ["observe", "check_lab", "LabReport", "StepState", "LabWarning", "SEED_NOTE"]
