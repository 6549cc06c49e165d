"""The Operation menu: a registry of operations, each with its rule and its dialog flow.

The rule comes from ``core.rules`` (the GUI never decides what is allowed); the flow opens the
operation's dialog, asks for confirmation, runs the backend call on a worker thread and shows
the completion message — or the backend's refusal, which also goes to the log.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from ..core import rules
from ..core.backup import verify_backup
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


class _BackupWatcher(QObject):
    """Moves backup progress (emitted on the worker thread) onto the progress dialog."""

    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    @Slot(object)
    def progress(self, p) -> None:
        if p.total:
            self.dialog.setValue(int(1000 * p.done / p.total))
            self.dialog.setLabelText(self.dialog.labelText().split("\n\n")[0]
                                     + f"\n\n{p.done >> 20} of {p.total >> 20} MiB, {p.rate_bps / (1 << 20):.0f} MiB/s")


def _file_dialog(w: MainWindow, title: str, name: str, save: bool, default: Path) -> QFileDialog:
    dialog = QFileDialog(w, title, str(default))
    dialog.setObjectName(name)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(["Backup images (*.img)", "All files (*)"])
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def backup_folder(w: MainWindow) -> Path:
    folder = w.backend.ws.root / "backups"
    folder.mkdir(exist_ok=True)
    return folder


@operation("backup", "&Back up from Access Path...", _slice_rule(rules.backup_slice), separator_before=True)
def backup_from_access_path(w: MainWindow, sel: Selection) -> None:
    s = w.backend.snapshot.slice(sel.class_name, sel.disk, sel.volume)
    default = backup_folder(w) / f"{s.class_name}-{s.name}.img"
    dialog = _file_dialog(w, "Back up from Access Path", "backupFileDialog", True, default)
    dialog.selectFile(str(default))
    dialog.fileSelected.connect(lambda dest: run_backup(w, s.access_path, s.name, dest))
    dialog.open()


def run_backup(w: MainWindow, access_path: str, name: str, dest: str) -> QProgressDialog:
    """Copy the access path to ``dest`` with a progress dialog whose Cancel keeps no file."""
    title = "Back up from Access Path"
    stop = threading.Event()
    progress = QProgressDialog(f"Backing up {name} through {access_path}\nto {dest}", "Cancel", 0, 1000, w)
    progress.setObjectName("backupProgressDialog")
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setMinimumDuration(0)
    progress.setMinimumWidth(480)
    progress.canceled.connect(stop.set)
    watcher = _BackupWatcher(progress)
    w.backend.backupProgress.connect(watcher.progress)

    def finish() -> None:
        w.backend.backupProgress.disconnect(watcher.progress)
        progress.canceled.disconnect(stop.set)
        progress.close()
        progress.deleteLater()

    def done(result) -> None:
        finish()
        messages.tell(w, title, f"The backup of {name} is complete.\n\nFile: {result.path}\n"
                                f"Size: {result.bytes} bytes\nSHA-256: {result.sha256}\n"
                                f"(written to {result.checksum_path.name})")

    def failed(error: SdxError) -> None:
        finish()
        if stop.is_set():
            w.log.add_error(error.format("gdsview"))
            messages.tell(w, title, "The backup was cancelled; no backup file was kept.", name="cancelledDialog")
        else:
            w.report_error(title, error)

    w.backend.backup(access_path, dest, stop, done, failed)
    progress.show()
    return progress


@operation("verify_backup", "&Verify Backup...", lambda snap, sel: None)
def verify_backup_file(w: MainWindow, sel: Selection) -> None:
    dialog = _file_dialog(w, "Verify Backup", "verifyFileDialog", False, backup_folder(w))
    dialog.fileSelected.connect(lambda path: run_verify_backup(w, path))
    dialog.open()


def run_verify_backup(w: MainWindow, path: str) -> None:
    def report(check) -> None:
        good = check.checksum_ok and (check.records.consistent or not check.records.has_commit)
        messages.tell(w, "Verify Backup", f"{Path(path).name}: " + check.summary().replace("; ", ".\n\n", 1),
                      icon=QMessageBox.Icon.Information if good else QMessageBox.Icon.Warning,
                      name="verifyResultDialog")

    w.run_backend("Verify Backup", lambda: verify_backup(path), report)


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
