"""The cluster lesson's grader: "switching nodes during a backup" (``procedure.SWITCH_STEPS``).

On the two-node lab (``gdsview lab init --cluster``) a slice of the shared class is detached on the
node its service runs on; the service switches to the other node, which makes the slice TEMP-STOP
(the GDS guide, 7.7.1: "'temp-stop' status as a result of ... switching of the nodes"); Activate
Slice on the new node makes it TEMP there; the backup is taken there; the slice is attached.
Like the nine-step grader (:mod:`observer`) it reads only the event log, each event with the node
that made it, and warns about what a trainee gets wrong: a backup attempted on a node where the
slice is not accessible, or before it was activated.
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.events import Event, EventKind
from ..core.policy.manager import VolumeManager
from .observer import SEED_NOTE, LabReport, LabWarning, StepState
from .procedure import SWITCH_REQUIRES, SWITCH_STEPS

TITLE = "Switching nodes during a backup (GDS guide 7.7.1, Stop/Activate Slice)"


def _before(key: str) -> set[str]:
    found: set[str] = set()
    todo = list(SWITCH_REQUIRES[key])
    while todo:
        k = todo.pop()
        if k not in found:
            found.add(k)
            todo.extend(SWITCH_REQUIRES[k])
    return found


class _SwitchObserver:
    """Replays events; the lesson's slice is the first one detached after the lab started."""

    def __init__(self) -> None:
        self.done: dict[str, tuple[float, str]] = {}
        self.warnings: list[LabWarning] = []
        self.slice: str | None = None
        self.class_name: str | None = None
        self.detach_node: str | None = None
        self.new_node: str | None = None
        self.temp_stopped = False
        self.writing: dict[tuple[str | None, str], bool] = {}

    def feed(self, e: Event) -> None:
        handler = self.HANDLERS.get(EventKind.parse(e.kind))
        if handler is not None:
            handler(self, e, e.obj or "")

    def mark(self, key: str, e: Event, detail: str) -> None:
        if key in self.done:
            return
        missing = [s for s in SWITCH_STEPS if s.key in _before(key) and s.key not in self.done]
        if missing:
            number = next(s.number for s in SWITCH_STEPS if s.key == key)
            self.warn(key, f"step {number} done before step {missing[0].number} ({missing[0].title.rstrip('.')})", e)
        self.done[key] = (e.ts, detail)

    def warn(self, step: str | None, text: str, e: Event) -> None:
        self.warnings.append(LabWarning(step, text, e.ts))

    def ours(self, e: Event, obj: str) -> bool:
        return self.slice is not None and obj == self.slice and e.class_name == self.class_name

    # -- one handler per event kind ---------------------------------------------------------------
    def service_started(self, e: Event, obj: str) -> None:
        self.writing[(e.class_name, obj)] = True

    def service_stopped(self, e: Event, obj: str) -> None:
        self.writing[(e.class_name, obj)] = False

    def slice_detached(self, e: Event, obj: str) -> None:
        if self.slice is not None:
            return
        self.slice, self.class_name, self.detach_node = obj, e.class_name, e.node
        volume = obj.split(".", 1)[-1]
        if self.writing.get((e.class_name, volume)):
            self.warn("detach", f"{obj} detached while the service was writing to {volume}: {SEED_NOTE} "
                      "(the backup is only crash consistent: Verify Backup reports the journal recovery or WAL "
                      "replay it needs)", e)
        self.mark("detach", e, f"{obj} on {e.node or '?'}")

    def class_switched(self, e: Event, obj: str) -> None:
        if self.slice is None or obj != self.class_name or "switch" in self.done:
            return
        if e.node == self.detach_node:
            return  # back to where it was detached: not the lesson's switch
        self.new_node = e.node
        self.mark("switch", e, f"{obj} to {e.node}" + ("; the slice is TEMP-STOP" if self.temp_stopped else ""))

    def slice_switched(self, e: Event, obj: str) -> None:
        if self.ours(e, obj):
            self.temp_stopped = True
            if "switch" in self.done:
                ts, detail = self.done["switch"]
                self.done["switch"] = (ts, detail if "TEMP-STOP" in detail else detail + "; the slice is TEMP-STOP")

    def slice_activated(self, e: Event, obj: str) -> None:
        if self.ours(e, obj) and "switch" in self.done and e.node == self.new_node:
            self.mark("activate", e, f"{obj} TEMP on {e.node}")

    def backup_done(self, e: Event, obj: str) -> None:
        if not self.ours(e, obj) or "switch" not in self.done:
            return
        if e.node != self.new_node:
            self.warn("backup", f"backup of {obj} taken on {e.node}, not on {self.new_node} where the class runs now",
                      e)
            return
        self.mark("backup", e, e.text)

    def backup_failed(self, e: Event, obj: str) -> None:
        if not self.ours(e, obj):
            return
        if "switch" in self.done and e.node != self.new_node:
            self.warn("backup", f"backup of {obj} attempted on {e.node}: after the switch the slice is accessible "
                      f"only on {self.new_node}, once activated there", e)
        elif "switch" in self.done and "activate" not in self.done:
            self.warn("backup", f"backup of {obj} attempted on {e.node} before Activate Slice: the switch made it "
                      "TEMP-STOP", e)
        else:
            self.warn("backup", f"backup of {obj} on {e.node} failed: {e.text}", e)

    def slice_attached(self, e: Event, obj: str) -> None:
        if self.ours(e, obj):
            self.mark("attach", e, f"{obj} on {e.node or '?'}")

    HANDLERS: dict[EventKind, Callable[[_SwitchObserver, Event, str], None]] = {
        EventKind.SERVICE_START: service_started,
        EventKind.SERVICE_STOP: service_stopped,
        EventKind.SLICE_DETACH: slice_detached,
        EventKind.CLUSTER_SWITCH: class_switched,
        EventKind.SLICE_NODE_SWITCH: slice_switched,
        EventKind.SLICE_ACTIVATE: slice_activated,
        EventKind.BACKUP_DONE: backup_done,
        EventKind.BACKUP_FAILED: backup_failed,
        EventKind.SLICE_ATTACH: slice_attached,
    }


def observe_switch(events: list[Event]) -> LabReport:
    """Replay the event log (from the last ``lab-init``) into the state of the switching lesson."""
    start = max((i for i, e in enumerate(events) if e.kind == EventKind.LAB_INIT), default=-1)
    t0 = events[start].ts if start >= 0 else (events[0].ts if events else None)
    observer = _SwitchObserver()
    for e in events[start + 1 :]:
        observer.feed(e)
    states = []
    for step in SWITCH_STEPS:
        if step.key in observer.done:
            ts, detail = observer.done[step.key]
            states.append(StepState(step, ts, ts - t0 if t0 is not None else 0.0, detail))
        else:
            states.append(StepState(step))
    return LabReport(t0, states, observer.warnings, observer.slice, observer.class_name, TITLE, "slice")


def check_switch_lesson(manager: VolumeManager) -> LabReport:
    return observe_switch(manager.events(0, limit=1_000_000))


__all__ = ["observe_switch", "check_switch_lesson", "TITLE"]
