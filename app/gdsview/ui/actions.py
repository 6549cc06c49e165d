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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from ..core.engine.verify import verify_volume
from ..core.errors import SdxError
from ..core.model import SliceState, Snapshot
from ..core.policy import rules
from ..lab.backup import verify_backup
from . import core_texts, i18n
from .dialogs import messages
from .dialogs.detach_slice_dialog import DetachSliceDialog

if TYPE_CHECKING:
    from .main_window import MainWindow

translate = QCoreApplication.translate


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
    text: str  # the English source of the menu item (translated by operation_text when shown)
    refusal: Callable[[Snapshot, Selection], SdxError | None]
    run: Callable[[MainWindow, Selection], None]
    separator_before: bool = False


OPERATIONS: list[Operation] = []

# The GUI's own refusals, worded as the core's (core_texts translates both).
NEED_SLICE = SdxError(core_texts.NEED_SLICE)
NEED_VOLUME = SdxError(core_texts.NEED_VOLUME)
NEED_DISK = SdxError(core_texts.NEED_DISK)


def operation_text(op: Operation) -> str:
    """The menu item's text in the GUI's language (with its mnemonic)."""
    return translate("Operation", op.text)


def operation_title(op: Operation) -> str:
    """The operation's name as a dialog title or a tooltip: the menu text without mnemonic and ellipsis."""
    return i18n.plain(operation_text(op))


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


def _disk_rule(rule):
    def refusal(snap: Snapshot, sel: Selection) -> SdxError | None:
        if not (sel.class_name and sel.disk) or sel.volume:
            return NEED_DISK
        return rule(snap, sel.class_name, sel.disk)

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
    return SdxError(core_texts.STOP_OR_ACTIVATE.format(status=status), sel.slice_name)


def _confirm_then_run(w: MainWindow, title: str, question: str, call: Callable[[], object],
                      done_text: Callable[[object], str]) -> None:
    """The common tail of every flow: Yes/No, the call on a worker, completion or error."""

    def run() -> None:
        w.run_backend(title, call, lambda result: messages.tell(w, title, done_text(result)))

    messages.ask(w, title, question, run)


# -- the operations, in menu order -------------------------------------------------------------

@operation("detach", QT_TRANSLATE_NOOP("Operation", "&Detach Slice"), _slice_rule(rules.detach_slice))
def detach_slice(w: MainWindow, sel: Selection) -> None:
    s = w.backend.snapshot.slice(sel.class_name, sel.disk, sel.volume)
    dialog = DetachSliceDialog(s, w)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def accepted() -> None:
        req = dialog.request()
        mode = (translate("Operation", "read only") if req.mode.value == "ro"
                else translate("Operation", "read and write"))
        _confirm_then_run(
            w, translate("Operation", "Detach Slice"),
            translate("Operation", "Detach slice {slice} from volume {volume}?\n\nAccess mode: {mode}.\n"
                      "Stop the service using the volume before detaching, to ensure the integrity of the "
                      "backup.").format(slice=s.name, volume=s.volume, mode=mode),
            lambda: w.backend.manager.detach_slice(req.class_name, req.disk, req.volume, jrm=req.jrm,
                                                   mode=req.mode),
            lambda path: translate("Operation", "Detaching slice {slice} is complete.\n\nAccess path: {path}\n\n"
                                   "Use this access path to proceed with the backup.").format(slice=s.name,
                                                                                             path=path),
        )

    dialog.accepted.connect(accepted)
    dialog.open()


@operation("attach", QT_TRANSLATE_NOOP("Operation", "&Attach Slice"), _slice_rule(rules.attach_slice))
def attach_slice(w: MainWindow, sel: Selection) -> None:
    _confirm_then_run(
        w, translate("Operation", "Attach Slice"),
        translate("Operation", "Attach slice {slice} to volume {volume}?\n\n"
                  "If the volume is active, synchronization copying will begin.").format(
            slice=sel.slice_name, volume=sel.volume),
        lambda: w.backend.manager.attach_slice(sel.class_name, sel.disk, sel.volume),
        lambda copying: translate("Operation", "Attaching slice {slice} is complete.").format(slice=sel.slice_name)
        + "\n\n" + (translate("Operation", "Synchronization copying has started.") if copying
                    else translate("Operation", "Synchronization copying will run when the volume is started.")),
    )


@operation("stop_activate", QT_TRANSLATE_NOOP("Operation", "Stop/Activate S&lice"), _stop_or_activate)
def stop_or_activate_slice(w: MainWindow, sel: Selection) -> None:
    s = w.backend.snapshot.slice(sel.class_name, sel.disk, sel.volume)
    m = w.backend.manager
    if s.state is SliceState.TEMP:
        _confirm_then_run(
            w, translate("Operation", "Stop Slice"),
            translate("Operation", "Stop slice {slice}?\n\nIts access path {path} will become inaccessible.").format(
                slice=s.name, path=s.access_path),
            lambda: m.stop_slice(sel.class_name, sel.disk, sel.volume),
            lambda _r: translate("Operation", "Stopping slice {slice} is complete (TEMP-STOP).").format(slice=s.name),
        )
    else:
        _confirm_then_run(
            w, translate("Operation", "Activate Slice"),
            translate("Operation", "Activate slice {slice}?\n\nIts access path {path} will become accessible "
                      "again.").format(slice=s.name, path=s.access_path),
            lambda: m.activate_slice(sel.class_name, sel.disk, sel.volume),
            lambda _r: translate("Operation", "Activating slice {slice} is complete (TEMP).").format(slice=s.name),
        )


def _volume_flow(title: str, question: str, method: str, done: str):
    """A volume operation's flow; the texts are English sources marked for the "Operation" context."""

    def run(w: MainWindow, sel: Selection) -> None:
        _confirm_then_run(
            w, translate("Operation", title), translate("Operation", question).format(volume=sel.volume),
            lambda: getattr(w.backend.manager, method)(sel.class_name, sel.volume),
            lambda _r: translate("Operation", done).format(volume=sel.volume),
        )

    return run


operation("start_copy", QT_TRANSLATE_NOOP("Operation", "Start &Copying"), _volume_rule(rules.start_copy),
          separator_before=True)(_volume_flow(
              QT_TRANSLATE_NOOP("Operation", "Start Copying"),
              QT_TRANSLATE_NOOP("Operation", "Start synchronization copying of volume {volume}?"), "start_copy",
              QT_TRANSLATE_NOOP("Operation", "Synchronization copying of volume {volume} has started.")))
operation("cancel_copy", QT_TRANSLATE_NOOP("Operation", "Ca&ncel Copying"), _volume_rule(rules.cancel_copy))(
    _volume_flow(
        QT_TRANSLATE_NOOP("Operation", "Cancel Copying"),
        QT_TRANSLATE_NOOP("Operation", "Cancel synchronization copying of volume {volume}?\n\n"
                          "The slice stays INVALID; copying it again starts from the beginning."), "cancel_copy",
        QT_TRANSLATE_NOOP("Operation", "Synchronization copying of volume {volume} was cancelled.")))
operation("start_volume", QT_TRANSLATE_NOOP("Operation", "Sta&rt Volume"), _volume_rule(rules.start_volume),
          separator_before=True)(_volume_flow(
              QT_TRANSLATE_NOOP("Operation", "Start Volume"),
              QT_TRANSLATE_NOOP("Operation", "Start volume {volume}?"), "start_volume",
              QT_TRANSLATE_NOOP("Operation", "Volume {volume} has started.")))
operation("stop_volume", QT_TRANSLATE_NOOP("Operation", "Sto&p Volume"), _volume_rule(rules.stop_volume))(
    _volume_flow(
        QT_TRANSLATE_NOOP("Operation", "Stop Volume"),
        QT_TRANSLATE_NOOP("Operation", "Stop volume {volume}?\n\n"
                          "Applications can no longer use it until it is started."), "stop_volume",
        QT_TRANSLATE_NOOP("Operation", "Volume {volume} has stopped.")))


def _check_refusal(snap: Snapshot, sel: Selection) -> SdxError | None:
    if not (sel.class_name and sel.volume):
        return NEED_VOLUME
    v = snap.volume(sel.class_name, sel.volume)
    if v is None:
        return SdxError("no such volume", sel.volume)
    if not any(s.state is SliceState.ACTIVE for s in snap.slices_of(sel.class_name, sel.volume)):
        return SdxError(core_texts.NO_VALID_SLICE, sel.volume)
    return None


class _BackupWatcher(QObject):
    """Moves backup progress (emitted on the worker thread) onto the progress dialog."""

    def __init__(self, dialog: QProgressDialog, label: str) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.label = label

    @Slot(object)
    def progress(self, p) -> None:
        if p.total:
            self.dialog.setValue(int(1000 * p.done / p.total))
            self.dialog.setLabelText(self.label + "\n\n" + self.tr("{done} of {total} MiB, {rate:.0f} MiB/s").format(
                done=p.done >> 20, total=p.total >> 20, rate=p.rate_bps / (1 << 20)))


def _file_dialog(w: MainWindow, title: str, name: str, save: bool, default: Path) -> QFileDialog:
    dialog = QFileDialog(w, title, str(default))
    dialog.setObjectName(name)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters([translate("Operation", "Backup images (*.img)"), translate("Operation", "All files (*)")])
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def backup_folder(w: MainWindow) -> Path:
    """Where a backup file dialog starts: the folder of the last backup, else the workspace's backups/."""
    if w.preferences is not None:
        recent = w.preferences.backup_folders()
        if recent:
            return recent[0]
    folder = w.backend.ws.root / "backups"
    folder.mkdir(exist_ok=True)
    return folder


@operation("restore_disk", QT_TRANSLATE_NOOP("Operation", "R&estore Physical Disk"), _disk_rule(rules.restore_disk),
           separator_before=True)
def restore_physical_disk(w: MainWindow, sel: Selection) -> None:
    title = translate("Operation", "Restore Physical Disk")
    _confirm_then_run(
        w, title,
        translate("Operation", "Restore disk {disk}?\n\nIts slices are copied in full from the other "
                               "disks of the group.").format(disk=sel.disk),
        lambda: w.backend.manager.restore_disk(sel.class_name, sel.disk),
        lambda volumes: translate("Operation", "Restoring disk {disk} is complete.").format(disk=sel.disk)
        + ("\n\n" + translate("Operation", "Synchronization copying of {volumes} has started.").format(
            volumes=", ".join(volumes)) if volumes else ""),
    )


@operation("backup", QT_TRANSLATE_NOOP("Operation", "&Back up from Access Path..."), _slice_rule(rules.backup_slice),
           separator_before=True)
def backup_from_access_path(w: MainWindow, sel: Selection) -> None:
    s = w.backend.snapshot.slice(sel.class_name, sel.disk, sel.volume)
    default = backup_folder(w) / f"{s.class_name}-{s.name}.img"
    dialog = _file_dialog(w, translate("Operation", "Back up from Access Path"), "backupFileDialog", True, default)
    dialog.selectFile(str(default))
    dialog.fileSelected.connect(lambda dest: run_backup(w, s.access_path, s.name, dest))
    dialog.open()


def run_backup(w: MainWindow, access_path: str, name: str, dest: str) -> QProgressDialog:
    """Copy the access path to ``dest`` with a progress dialog whose Cancel keeps no file."""
    title = translate("Operation", "Back up from Access Path")
    stop = threading.Event()
    if w.preferences is not None:
        w.preferences.add_backup_folder(Path(dest).absolute().parent)
    label = translate("Operation", "Backing up {slice} through {path}\nto {file}").format(
        slice=name, path=access_path, file=dest)
    progress = QProgressDialog(label, translate("Operation", "Cancel"), 0, 1000, w)
    progress.setObjectName("backupProgressDialog")
    progress.setWindowTitle(title)
    progress.setAccessibleName(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setMinimumDuration(0)
    progress.setMinimumWidth(480)
    progress.canceled.connect(stop.set)
    watcher = _BackupWatcher(progress, label)
    w.backend.backupProgress.connect(watcher.progress)

    def finish() -> None:
        w.backend.backupProgress.disconnect(watcher.progress)
        progress.canceled.disconnect(stop.set)
        progress.close()
        progress.deleteLater()

    def done(result) -> None:
        finish()
        messages.tell(w, title, translate(
            "Operation", "The backup of {slice} is complete.\n\nFile: {file}\nSize: {size} bytes\nSHA-256: {sha256}\n"
            "(written to {checksum})").format(slice=name, file=result.path, size=result.bytes, sha256=result.sha256,
                                              checksum=result.checksum_path.name))

    def failed(error: SdxError) -> None:
        finish()
        if stop.is_set():
            w.log.add_error(core_texts.error(error))
            messages.tell(w, title, translate("Operation", "The backup was cancelled; no backup file was kept."),
                          name="cancelledDialog")
        else:
            w.report_error(title, error)

    w.backend.backup(access_path, dest, stop, done, failed)
    progress.show()
    return progress


@operation("verify_backup", QT_TRANSLATE_NOOP("Operation", "&Verify Backup..."), lambda snap, sel: None)
def verify_backup_file(w: MainWindow, sel: Selection) -> None:
    dialog = _file_dialog(w, translate("Operation", "Verify Backup"), "verifyFileDialog", False, backup_folder(w))
    dialog.fileSelected.connect(lambda path: run_verify_backup(w, path))
    dialog.open()


def run_verify_backup(w: MainWindow, path: str) -> None:
    title = translate("Operation", "Verify Backup")

    def report(check) -> None:
        good = check.checksum_ok and (check.records.consistent or not check.records.has_commit)
        messages.tell(w, title, f"{Path(path).name}: " + check.summary().replace("; ", ".\n\n", 1),
                      icon=QMessageBox.Icon.Information if good else QMessageBox.Icon.Warning,
                      name="verifyResultDialog")

    w.run_backend(title, lambda: verify_backup(path), report)


@operation("check_status", QT_TRANSLATE_NOOP("Operation", "Check &Status"), _check_refusal, separator_before=True)
def check_status(w: MainWindow, sel: Selection) -> None:
    title = translate("Operation", "Check Status")

    def report(result) -> None:
        if result.ok:
            text = translate("Operation", "Volume {volume}: the {count} valid slices ({slices}) are identical "
                             "({bytes} bytes compared).").format(volume=sel.volume, count=len(result.slices),
                                                                 slices=", ".join(result.slices),
                                                                 bytes=result.compared_bytes)
        else:
            ranges = "\n".join(translate("Operation", "  offset {offset}, {length} bytes").format(offset=o, length=n)
                               for o, n in result.differences[:20])
            text = translate("Operation", "Volume {volume}: the valid slices differ in {count} ranges:").format(
                volume=sel.volume, count=len(result.differences)) + "\n" + ranges
        messages.tell(w, title, text)

    w.run_backend(title, lambda: verify_volume(w.backend.ws, sel.class_name, sel.volume), report)
