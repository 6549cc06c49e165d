"""The training lab's Operation → Restore Backup (beyond the GDS guide): a backup written into a volume."""

from __future__ import annotations

import threading

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import SdxError
from ...core.model import VolumeInfo, VolumeStatus
from ...core.names import human_size
from ..actions import Selection, operation
from ..context import WindowContext
from ..widgets.progress_feed import ProgressFeed, cancellable_progress
from .backup_flows import _file_dialog, _show_backup_progress, backup_folder

translate = QCoreApplication.translate


class RestoreBackupDialog(QDialog):
    """The backup file and the started volume it goes into."""

    def __init__(self, volumes: list[VolumeInfo], folder: str, preferred: tuple[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreBackupDialog")
        self.setWindowTitle(self.tr("Restore Backup"))
        self.setAccessibleName(self.windowTitle())
        self.folder = folder
        self.file = QLineEdit()
        self.file.setObjectName("restoreFile")
        self.file.setAccessibleName(self.tr("Backup file"))
        self.browse = QPushButton(self.tr("&Browse..."))
        self.browse.setObjectName("restoreBrowse")
        self.browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.browse)
        self.volumes = [v for v in volumes if v.status is VolumeStatus.ACTIVE]
        self.volume = QComboBox()
        self.volume.setObjectName("restoreVolume")
        self.volume.setAccessibleName(self.tr("Volume"))
        for v in self.volumes:
            self.volume.addItem(f"{v.class_name} / {v.name}  ({human_size(v.size_bytes)}, {v.path})",
                                f"{v.class_name}/{v.name}")
        if preferred is not None and (i := self.volume.findData("/".join(preferred))) >= 0:
            self.volume.setCurrentIndex(i)
        form = QFormLayout()
        for text, field in ((self.tr("Backup &file:"), row), (self.tr("&Volume:"), self.volume)):
            label = QLabel(text)
            label.setBuddy(self.file if field is row else self.volume)
            form.addRow(label, field)
        note = QLabel(self.tr("The backup's checksum is checked first. Its bytes then replace the volume's from "
                              "the first byte, on every slice (mirrored). The volume must not be in use: stop its "
                              "service and unmount it. Cancel leaves the volume holding part of the backup."))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("buttons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.file.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        if not self.volumes:
            layout.addWidget(QLabel(self.tr("No started volume: start a volume first.")))
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.volumes) and bool(self.file.text().strip()))

    def _choose(self) -> None:
        from pathlib import Path
        dialog = _file_dialog(self, self.tr("Restore Backup"), "restoreFileDialog", False, Path(self.folder))
        dialog.fileSelected.connect(self.file.setText)
        dialog.open()

    def choice(self) -> tuple[str, str, str]:
        class_name, volume = self.volume.currentData().split("/")
        return self.file.text().strip(), class_name, volume


@operation("restore_backup", QT_TRANSLATE_NOOP("Operation", "Res&tore Backup..."), lambda snap, sel: None, lab=True,
           after="verify_backup", help="verify_backup")
def restore_backup_flow(ctx: WindowContext, sel: Selection) -> None:
    preferred = (sel.class_name, sel.volume) if sel.class_name and sel.volume else None
    dialog = RestoreBackupDialog(list(ctx.snapshot.volumes), str(backup_folder(ctx)), preferred, ctx.parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    title = translate("Operation", "Restore Backup")

    def chosen() -> None:
        path, class_name, volume = dialog.choice()
        ctx.ask(title, translate("Operation", "Write the backup {file}\ninto {klass}'s volume {volume}?\n\n"
                                 "What the volume holds now is overwritten.").format(
                                     file=path, klass=class_name, volume=volume),
                lambda: run_restore(ctx, path, class_name, volume), destructive=True)

    dialog.accepted.connect(chosen)
    dialog.open()


def run_restore(ctx: WindowContext, path: str, class_name: str, volume: str) -> QProgressDialog:
    """Restore with a progress dialog; Cancel stops it and says that the volume holds part of the backup."""
    title = translate("Operation", "Restore Backup")
    stop = threading.Event()
    label = translate("Operation", "Restoring {file}\ninto {volume}").format(file=path, volume=volume)
    progress = cancellable_progress(ctx.parent, title, label, translate("Operation", "Cancel"), "restoreProgressDialog")
    progress.canceled.connect(stop.set)
    feed = ProgressFeed(progress, ctx.backend.restoreProgress, _show_backup_progress(label))

    def finish(then) -> None:  # noqa: ANN001
        progress.canceled.disconnect(stop.set)
        feed.end(then)

    def done(result) -> None:  # noqa: ANN001 - a lab RestoreResult, through the backend
        finish(lambda: ctx.tell(title, translate(
            "Operation", "The backup {file} was restored into {volume} ({size} bytes; its checksum was checked "
            "first).").format(file=result.path, volume=volume, size=result.bytes)))

    def failed(error: SdxError) -> None:
        finish(lambda: ctx.report_error(title, error))

    ctx.backend.lab.restore(path, class_name, volume, stop, done, failed)
    progress.show()
    return progress


__all__ = ["RestoreBackupDialog", "run_restore"]
