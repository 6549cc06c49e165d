"""The training lab: which steps of the reliable backup procedure a trainee has done.

The observer reads the workspace's event log (what the backend actually did, whichever window or
command did it), never the guide panel's buttons. The lab starts at the last ``lab-init`` event;
the first disk registered after it is taken as the backup disk.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

from .demo import init_lab
from .errors import SdxError
from .locks import is_held
from .manager import Event, VolumeManager
from .procedure import REQUIRES, STEPS, Step
from .workspace import Workspace

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

    @property
    def complete(self) -> bool:
        return all(s.done for s in self.steps)

    @property
    def ok(self) -> bool:
        return self.complete and not self.warnings

    def next_step(self) -> Step | None:
        return next((s.step for s in self.steps if not s.done), None)


def observe(events: list[Event]) -> LabReport:
    """Replay the event log into the state of the procedure."""
    start = max((i for i, e in enumerate(events) if e.kind == "lab-init"), default=-1)
    t0 = events[start].ts if start >= 0 else (events[0].ts if events else None)
    events = events[start + 1 :]
    done: dict[str, tuple[float, str]] = {}
    warnings: list[LabWarning] = []
    disk = cls = None
    writing: dict[tuple[str | None, str], bool] = {}  # (class, volume) -> service running
    copying: set[str] = set()  # slices of the backup disk being copied into
    detached_while_writing = False

    def mark(key: str, e: Event, detail: str = "") -> None:
        if key in done:
            return
        missing = [s for s in STEPS if s.key in _before(key) and s.key not in done]
        if missing:
            number = next(s.number for s in STEPS if s.key == key)
            warnings.append(LabWarning(key, f"step {number} done before step {missing[0].number} "
                                            f"({missing[0].title.rstrip('.')})", e.ts))
        done[key] = (e.ts, detail)

    for e in events:
        obj = e.obj or ""
        slice_disk = obj.split(".", 1)[0] if "." in obj else None
        if e.kind == "disk-register" and disk is None:
            disk, cls = obj, e.class_name
            mark("register", e, f"{disk} in {cls}")
        elif e.kind == "disk-connect" and obj == disk:
            mark("connect", e, e.text)
        elif e.kind == "copy-start" and slice_disk == disk:
            copying.add(obj)
        elif e.kind == "copy-done" and slice_disk == disk:
            copying.discard(obj)
        elif e.kind == "service-start":
            writing[(e.class_name, obj)] = True
            if "detach" in done:
                mark("resume_service", e, f"service on {obj}")
        elif e.kind == "service-stop":
            writing[(e.class_name, obj)] = False
            if "connect" in done and "detach" not in done:
                if copying:
                    warnings.append(LabWarning("stop_service", "service stopped while synchronization copying "
                                               f"into {', '.join(sorted(copying))} had not completed", e.ts))
                mark("stop_service", e, f"service on {obj}")
        elif e.kind == "slice-detach":
            # only a service writing to the detached slice's own volume makes its copy inconsistent
            volume = obj.split(".", 1)[1] if "." in obj else obj
            running = [volume] if writing.get((e.class_name, volume)) else []
            if slice_disk != disk or disk is None:
                warnings.append(LabWarning("detach", f"{obj} detached: a slice of the mirror itself, so the "
                                           "volume ran without redundancy; the reliable procedure detaches "
                                           "the backup disk's slice", e.ts))
                continue
            if not running and "connect" in done and "stop_service" not in done:
                mark("stop_service", e, "the service was not running")
            if running:
                detached_while_writing = True
                warnings.append(LabWarning("detach", f"{obj} detached while the service was writing to "
                                           f"{', '.join(running)}: {SEED_NOTE} (the backup may need fsck)",
                                           e.ts))
            if copying:
                warnings.append(LabWarning("detach", f"{obj} detached while copying into "
                                           f"{', '.join(sorted(copying))} had not completed", e.ts))
            mark("detach", e, obj)
        elif e.kind == "backup-done" and slice_disk == disk and "detach" in done:
            note = " (taken while the service was writing at the detach)" if detached_while_writing else ""
            mark("backup", e, e.text + note)
        elif e.kind == "slice-attach" and slice_disk == disk:
            mark("attach", e, obj)
        elif e.kind == "disk-disconnect" and obj == disk:
            mark("disconnect", e, e.text)
        elif e.kind == "disk-remove" and obj == disk:
            mark("remove", e, e.text)

    states = []
    for step in STEPS:
        if step.key in done:
            ts, detail = done[step.key]
            states.append(StepState(step, ts, ts - t0 if t0 is not None else 0.0, detail))
        else:
            states.append(StepState(step))
    return LabReport(t0, states, warnings, disk, cls)


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


def reset_lab(ws: Workspace) -> None:
    """Put the workspace back to the demo lab's starting state (everything else is deleted)."""
    if ws.db_path.exists():
        snap = VolumeManager(ws).snapshot()
        running = [s.name for s in snap.slices if s.copy and s.copy.running]
        if running:
            raise SdxError(f"copying into {', '.join(running)} is in progress: wait or cancel it first")
        writing = sorted(p.name[len("service-"):-len(".lock")].split(".", 1)[1]
                         for p in (ws.state_dir / "locks").glob("service-*.*.lock") if is_held(p))
        if writing:
            raise SdxError(f"the service is writing to {', '.join(writing)}: stop it first")
    ws.close()
    for name in ("gdsview.db", "gdsview.db-wal", "gdsview.db-shm"):
        (ws.root / name).unlink(missing_ok=True)
    for folder in (ws.disks_dir, ws.state_dir):
        shutil.rmtree(folder, ignore_errors=True)
    init_lab(VolumeManager(ws, source="gdsview"))


__all__ = ["observe", "check_lab", "reset_lab", "LabReport", "StepState", "LabWarning"]
