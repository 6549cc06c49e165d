"""The training lab's Operation menu items: Back up from Access Path and Verify Backup.

Registered as lab operations: they show only in a lab's window, after Restore Physical Disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from ...core.errors import SdxError
from ...core.names import human_size
from ...core.policy import rules
from .. import core_texts
from ..actions import Selection, operation, slice_rule
from ..context import WindowContext
from ..screen_fit import fit_file_columns
from ..widgets.progress_feed import ProgressFeed, cancellable_progress

translate = QCoreApplication.translate


def _show_backup_progress(label: str) -> Callable[[QProgressDialog, Any], None]:
    def update(dialog: QProgressDialog, p: Any) -> None:
        if p.total:
            done = translate("Operation", "{done} of {total} MiB, {rate:.0f} MiB/s").format(
                done=p.done >> 20, total=p.total >> 20, rate=p.rate_bps / (1 << 20))
            dialog.setLabelText(label + "\n\n" + done)
            dialog.setValue(int(1000 * p.done / p.total))
    return update


def _file_dialog(parent: QWidget, title: str, name: str, save: bool, default: Path) -> QFileDialog:
    dialog = QFileDialog(parent, title, str(default))
    dialog.setObjectName(name)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters([translate("Operation", "Backup images (*.img)"), translate("Operation", "All files (*)")])
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setProperty("helpSection", "backup" if save else "verify_backup")
    fit_file_columns(dialog)
    return dialog


def backup_folder(ctx: WindowContext) -> Path:
    """Where a backup file dialog starts: the folder of the last backup, else the workspace's backups/."""
    if ctx.preferences is not None:
        recent = ctx.preferences.backup_folders()
        if recent:
            return recent[0]
    return ctx.backend.lab.default_backup_folder()


@operation("backup", QT_TRANSLATE_NOOP("Operation", "&Back up from Access Path..."), slice_rule(rules.backup_slice),
           separator_before=True, lab=True, after="restore_disk")
def backup_from_access_path(ctx: WindowContext, sel: Selection) -> None:
    s = ctx.snapshot.slice(sel.class_name, sel.disk, sel.volume)
    default = backup_folder(ctx) / f"{s.class_name}-{s.name}.img"
    dialog = _file_dialog(ctx.parent, translate("Operation", "Back up from Access Path"), "backupFileDialog", True,
                          default)
    dialog.selectFile(str(default))
    title = translate("Operation", "Back up from Access Path")

    def chosen(dest: str) -> None:
        ctx.ask(title, translate("Operation", "Back up slice {slice} through its access path {path}\nto {file}?\n\n"
                                 "Every block of the slice is read ({size}) and a checksum file is written "
                                 "beside the backup.").format(slice=s.name, path=s.access_path, file=dest,
                                                              size=human_size(ctx.snapshot.volume(
                                                                  s.class_name, s.volume).size_bytes)),
                lambda: run_backup(ctx, s.access_path, s.name, dest))

    dialog.fileSelected.connect(chosen)
    dialog.open()


def run_backup(ctx: WindowContext, access_path: str, name: str, dest: str) -> QProgressDialog:
    """Copy the access path to ``dest`` with a progress dialog whose Cancel keeps no file."""
    title = translate("Operation", "Back up from Access Path")
    stop = threading.Event()
    if ctx.preferences is not None:
        ctx.preferences.add_backup_folder(Path(dest).absolute().parent)
    label = translate("Operation", "Backing up {slice} through {path}\nto {file}").format(
        slice=name, path=access_path, file=dest)
    progress = cancellable_progress(ctx.parent, title, label, translate("Operation", "Cancel"), "backupProgressDialog")
    progress.canceled.connect(stop.set)
    feed = ProgressFeed(progress, ctx.backend.backupProgress, _show_backup_progress(label))

    def finish(then: Callable[[], None]) -> None:
        progress.canceled.disconnect(stop.set)
        feed.end(then)

    def done(result) -> None:
        finish(lambda: ctx.tell(title, translate(
            "Operation", "The backup of {slice} is complete.\n\nFile: {file}\nSize: {size} bytes\nSHA-256: {sha256}\n"
            "(written to {checksum})").format(slice=name, file=result.path, size=result.bytes, sha256=result.sha256,
                                              checksum=result.checksum_path.name)))

    def failed(error: SdxError) -> None:
        finish(lambda: _backup_failed(ctx, title, error, cancelled=stop.is_set()))

    ctx.backend.lab.backup(access_path, dest, stop, done, failed)
    progress.show()
    return progress


def _backup_failed(ctx: WindowContext, title: str, error: SdxError, *, cancelled: bool) -> None:
    if cancelled:
        ctx.log_error(core_texts.error(error))
        ctx.tell(title, translate("Operation", "The backup was cancelled; no backup file was kept."),
                 name="cancelledDialog")
    else:
        ctx.report_error(title, error)


@operation("verify_backup", QT_TRANSLATE_NOOP("Operation", "&Verify Backup..."), lambda snap, sel: None, lab=True,
           after="backup")
def verify_backup_file(ctx: WindowContext, sel: Selection) -> None:
    dialog = _file_dialog(ctx.parent, translate("Operation", "Verify Backup"), "verifyFileDialog", False,
                          backup_folder(ctx))
    dialog.fileSelected.connect(lambda path: run_verify_backup(ctx, path))
    dialog.open()


def verify_report_text(path: str, check) -> str:  # noqa: ANN001 - a lab BackupCheck, through the backend
    """The result dialog's text: the verdict first, then what was checked and found, one check a line."""
    text = f"{Path(path).name}: {check.proofs.verdict_text()}\n\n" + "\n".join(
        c.line() for c in check.proofs.checks)
    lesson = check.proofs.lesson()
    return text + (f"\n\n{lesson}" if lesson else "")


def run_verify_backup(ctx: WindowContext, path: str) -> QProgressDialog:
    """Prove a backup on the backend's pool with a busy dialog, then show the report."""
    title = translate("Operation", "Verify Backup")
    label = translate("Operation", "Verifying {file}:\nchecksum, file system, database").format(file=path)
    busy = QProgressDialog(label, "", 0, 0, ctx.parent)
    busy.setObjectName("verifyProgressDialog")
    busy.setWindowTitle(title)
    busy.setAccessibleName(title)
    busy.setCancelButton(None)  # a proof runs to its end: it cleans up its server and mounts itself
    busy.setWindowModality(Qt.WindowModality.WindowModal)
    busy.setMinimumDuration(0)
    busy.setMinimumWidth(480)
    feed = ProgressFeed(busy, ctx.backend.verifyProgress,
                        lambda dialog, step: dialog.setLabelText(label + "\n\n" + str(step)))

    def show(check) -> None:  # noqa: ANN001 - a lab BackupCheck, through the backend
        icon = {0: QMessageBox.Icon.Information, 1: QMessageBox.Icon.Warning}.get(int(check.verdict),
                                                                                   QMessageBox.Icon.Critical)
        box = ctx.tell(title, verify_report_text(path, check), icon=icon, name="verifyResultDialog")
        box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 46em; }")  # one check a line, mostly

    def report(check) -> None:  # noqa: ANN001
        feed.end(lambda: show(check))

    def failed(error: SdxError) -> None:
        feed.end(lambda: ctx.report_error(title, error))

    ctx.backend.lab.verify_backup(path, report, failed)
    busy.show()
    return busy


__all__ = ["run_backup", "run_verify_backup", "backup_folder", "verify_report_text"]
