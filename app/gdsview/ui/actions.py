"""The Operation menu: a registry of operations, each with its rule and its dialog flow.

The rule comes from ``core.rules`` (the GUI never decides what is allowed); the flow opens the
operation's dialog, asks for confirmation, runs the backend call on a worker thread and shows
the completion message — or the backend's refusal, which also goes to the log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ..core import rules
from ..core.errors import SdxError
from ..core.model import SliceState, Snapshot
from ..core.verify import verify_volume
from .dialogs import messages
from .dialogs.detach_slice_dialog import DetachSliceDialog

if TYPE_CHECKING:
    from .main_window import MainWindow


@dataclass(frozen=True)
class Selection:
    """What the operator has selected: a class, a volume of it, or a slice (disk + volume)."""

    class_name: str | None = None
    volume: str | None = None
    disk: str | None = None

    @property
    def slice_name(self) -> str | None:
        return f"{self.disk}.{self.volume}" if self.disk and self.volume else None


@dataclass(frozen=True)
class Operation:
    id: str
    text: str
    refusal: Callable[[Snapshot, Selection], SdxError | None]
    run: Callable[[MainWindow, Selection], None]
    separator_before: bool = False


OPERATIONS: list[Operation] = []

NEED_SLICE = SdxError("select a slice in the Slice Information list first")
NEED_VOLUME = SdxError("select a volume first")


def operation(id: str, text: str, refusal: Callable[[Snapshot, Selection], SdxError | None],
              separator_before: bool = False):
    def register(run: Callable[[MainWindow, Selection], None]):
        OPERATIONS.append(Operation(id, text, refusal, run, separator_before))
        return run

    return register


def _slice_rule(rule):
    def refusal(snap: Snapshot, sel: Selection) -> SdxError | None:
        if not sel.slice_name:
            return NEED_SLICE
        return rule(snap, sel.class_name, sel.disk, sel.volume)

    return refusal


def _volume_rule(rule):
    def refusal(snap: Snapshot, sel: Selection) -> SdxError | None:
        if not (sel.class_name and sel.volume):
            return NEED_VOLUME
        return rule(snap, sel.class_name, sel.volume)

    return refusal


def _stop_or_activate(snap: Snapshot, sel: Selection) -> SdxError | None:
    if not sel.slice_name:
        return NEED_SLICE
    if rules.stop_slice(snap, sel.class_name, sel.disk, sel.volume) is None:
        return None
    if rules.activate_slice(snap, sel.class_name, sel.disk, sel.volume) is None:
        return None
    s = snap.slice(sel.class_name, sel.disk, sel.volume)
    status = s.status if s else "unknown"
    return SdxError(f"slice is {status}: only a TEMP slice can be stopped or a TEMP-STOP slice activated",
                    sel.slice_name)


def _confirm_then_run(w: MainWindow, title: str, question: str, call: Callable[[], object],
                      done_text: Callable[[object], str]) -> None:
    """The common tail of every flow: Yes/No, the call on a worker, completion or error."""

    def run() -> None:
        w.run_backend(title, call, lambda result: messages.tell(w, title, done_text(result)))

    messages.ask(w, title, question, run)


# -- the operations, in menu order -------------------------------------------------------------

@operation("detach", "&Detach Slice", _slice_rule(rules.detach_slice))
def detach_slice(w: MainWindow, sel: Selection) -> None:
    s = w.backend.snapshot.slice(sel.class_name, sel.disk, sel.volume)
    dialog = DetachSliceDialog(s, w)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def accepted() -> None:
        req = dialog.request()
        mode = "read only" if req.mode.value == "ro" else "read and write"
        _confirm_then_run(
            w, "Detach Slice",
            f"Detach slice {s.name} from volume {s.volume}?\n\nAccess mode: {mode}.\n"
            "Stop the service using the volume before detaching, to ensure the integrity of the backup.",
            lambda: w.backend.manager.detach_slice(req.class_name, req.disk, req.volume, jrm=req.jrm,
                                                   mode=req.mode),
            lambda path: f"Detaching slice {s.name} is complete.\n\nAccess path: {path}\n\n"
                         "Use this access path to proceed with the backup.",
        )

    dialog.accepted.connect(accepted)
    dialog.open()


@operation("attach", "&Attach Slice", _slice_rule(rules.attach_slice))
def attach_slice(w: MainWindow, sel: Selection) -> None:
    _confirm_then_run(
        w, "Attach Slice",
        f"Attach slice {sel.slice_name} to volume {sel.volume}?\n\n"
        "If the volume is active, synchronization copying will begin.",
        lambda: w.backend.manager.attach_slice(sel.class_name, sel.disk, sel.volume),
        lambda copying: f"Attaching slice {sel.slice_name} is complete.\n\n"
        + ("Synchronization copying has started." if copying
           else "Synchronization copying will run when the volume is started."),
    )


@operation("stop_activate", "Stop/Acti&vate Slice", _stop_or_activate)
def stop_or_activate_slice(w: MainWindow, sel: Selection) -> None:
    s = w.backend.snapshot.slice(sel.class_name, sel.disk, sel.volume)
    m = w.backend.manager
    if s.state is SliceState.TEMP:
        _confirm_then_run(
            w, "Stop Slice",
            f"Stop slice {s.name}?\n\nIts access path {s.access_path} will become inaccessible.",
            lambda: m.stop_slice(sel.class_name, sel.disk, sel.volume),
            lambda _r: f"Stopping slice {s.name} is complete (TEMP-STOP).",
        )
    else:
        _confirm_then_run(
            w, "Activate Slice",
            f"Activate slice {s.name}?\n\nIts access path {s.access_path} will become accessible again.",
            lambda: m.activate_slice(sel.class_name, sel.disk, sel.volume),
            lambda _r: f"Activating slice {s.name} is complete (TEMP).",
        )


def _volume_flow(title: str, question: str, method: str, done: str):
    def run(w: MainWindow, sel: Selection) -> None:
        _confirm_then_run(
            w, title, question.format(volume=sel.volume),
            lambda: getattr(w.backend.manager, method)(sel.class_name, sel.volume),
            lambda _r: done.format(volume=sel.volume),
        )

    return run


operation("start_copy", "Start &Copying", _volume_rule(rules.start_copy), separator_before=True)(_volume_flow(
    "Start Copying", "Start synchronization copying of volume {volume}?", "start_copy",
    "Synchronization copying of volume {volume} has started."))
operation("cancel_copy", "Ca&ncel Copying", _volume_rule(rules.cancel_copy))(_volume_flow(
    "Cancel Copying", "Cancel synchronization copying of volume {volume}?\n\n"
    "The slice stays INVALID; copying it again starts from the beginning.", "cancel_copy",
    "Synchronization copying of volume {volume} was cancelled."))
operation("start_volume", "Start &Volume", _volume_rule(rules.start_volume), separator_before=True)(_volume_flow(
    "Start Volume", "Start volume {volume}?", "start_volume", "Volume {volume} has started."))
operation("stop_volume", "Sto&p Volume", _volume_rule(rules.stop_volume))(_volume_flow(
    "Stop Volume", "Stop volume {volume}?\n\nApplications can no longer use it until it is started.",
    "stop_volume", "Volume {volume} has stopped."))


def _check_refusal(snap: Snapshot, sel: Selection) -> SdxError | None:
    if not (sel.class_name and sel.volume):
        return NEED_VOLUME
    v = snap.volume(sel.class_name, sel.volume)
    if v is None:
        return SdxError("no such volume", sel.volume)
    if not any(s.state is SliceState.ACTIVE for s in snap.slices_of(sel.class_name, sel.volume)):
        return SdxError("volume has no valid slice to check", sel.volume)
    return None


@operation("check_status", "Check &Status", _check_refusal, separator_before=True)
def check_status(w: MainWindow, sel: Selection) -> None:
    def report(result) -> None:
        if result.ok:
            text = (f"Volume {sel.volume}: the {len(result.slices)} valid slices "
                    f"({', '.join(result.slices)}) are identical ({result.compared_bytes} bytes compared).")
        else:
            ranges = "\n".join(f"  offset {o}, {n} bytes" for o, n in result.differences[:20])
            text = f"Volume {sel.volume}: the valid slices differ in {len(result.differences)} ranges:\n{ranges}"
        messages.tell(w, "Check Status", text)

    w.run_backend("Check Status", lambda: verify_volume(w.backend.ws, sel.class_name, sel.volume), report)
