"""Settings → File System Configuration: a file system on a volume, its mount point, mount and unmount.

As in GDS Management View: choose a class and one of its started volumes, make an ext4 or XFS
file system on it (after a confirmation whose default answer is No: the volume's data is lost),
choose a mount point (a folder, made if it is missing) and mount or unmount. The list shows
each volume's file system, whether it is in use and where it is mounted. Everything runs on the
device server's tree (``gdsview devices``): when the server is not running, the dialog offers to
start it. What is allowed is decided by ``core.policy.rules``; the work is done by the requests of
``ui.backend.device_requests`` on the backend's thread pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import SdxError
from ...core.model import VolumeInfo, VolumeStatus
from ...core.names import human_size
from ...core.policy import rules
from .. import core_texts
from ..backend.device_requests import FSTYPES, MakeFileSystem, MountFileSystem, StartDeviceServer, UnmountFileSystem
from ..backend.devices_backend import can_mount
from ..icons import status_icon
from ..models.tables import in_use_text
from .class_group_picker import ClassGroupPicker
from .settings_frame import Row, SettingsDialog, list_label, make_list, selected_key, set_text, sync_list

if TYPE_CHECKING:
    from ..context import WindowContext

TITLE = QT_TRANSLATE_NOOP("FileSystemConfigurationDialog", "File System Configuration")
WATCHER = "fileSystemConfiguration"
translate = QCoreApplication.translate


def confirm_destructive(parent: QWidget, title: str, text: str, on_yes: Callable[[], None]) -> QMessageBox:
    """A Yes/No confirmation whose default answer (Enter) is No: for what destroys data."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Yes
                      | QMessageBox.StandardButton.No, parent)
    box.setObjectName("confirmDialog")
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _r: box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes
                         and on_yes())
    box.open()
    return box


def server_text(state) -> str:
    """One line on the device server: running (where), dead, not running, or not available here."""
    if state.running:
        return translate("FileSystemConfigurationDialog", "Device server running (pid {pid}): devices under "
                         "{path}").format(pid=state.pid, path=state.mountpoint)
    if state.dead:
        return translate("FileSystemConfigurationDialog", "The device server stopped unexpectedly and left its "
                         "devices mounted at {path}: stop it to clean up.").format(path=state.mountpoint)
    if state.unavailable:
        return translate("FileSystemConfigurationDialog", "The device server cannot run here: {why}.").format(
            why=state.unavailable)
    return translate("FileSystemConfigurationDialog", "The device server is not running: Make File System and "
                     "Mount start it (or run 'gdsview devices up').")


class FileSystemConfigurationDialog(SettingsDialog):
    def __init__(self, context: WindowContext) -> None:
        super().__init__(context, "fileSystemConfigurationDialog", self.tr(TITLE))
        self.title = self.tr(TITLE)
        self.devices = context.backend.devices
        self._mount_points: dict[tuple[str, str], str] = {}  # what the operator typed, per volume
        self._shown_volume: tuple[str, str] | None = None

        self.picker = ClassGroupPicker(info_name="classInfo", with_group=False)
        self.class_combo, self.class_info = self.picker.class_combo, self.picker.info
        self.picker.classChanged.connect(lambda _t: self.refresh())

        self.volumes = make_list("volumeList", self.tr("Volumes of the class"),
                                 (self.tr("Volume Name"), self.tr("Status"), self.tr("Size"), self.tr("File System"),
                                  self.tr("In Use"), self.tr("Mount Point")))
        self.volumes.itemSelectionChanged.connect(self._volume_selected)
        self.volumes_title = list_label(self.tr("&Volumes of the class:"), self.volumes)

        box = QGroupBox(self.tr("File system"))
        box.setObjectName("fileSystemBox")
        self.fstype_buttons = QButtonGroup(self)
        self.fstype_radios: dict[str, QRadioButton] = {}
        row = QHBoxLayout(box)
        row.addWidget(QLabel(self.tr("Type:")))
        for n, (fstype, text) in enumerate(zip(FSTYPES, ("&ext4", "&xfs"), strict=True)):  # names, never translated
            radio = QRadioButton(text)
            radio.setObjectName(f"{fstype}Radio")
            radio.setAccessibleName(self.tr("File system type {fstype}").format(fstype=fstype))
            self.fstype_buttons.addButton(radio, n)
            self.fstype_radios[fstype] = radio
            row.addWidget(radio)
        self.fstype_radios[FSTYPES[0]].setChecked(True)
        row.addStretch(1)
        self.make_button = QPushButton(self.tr("&Make File System..."))
        self.make_button.setObjectName("makeFileSystemButton")
        self.make_button.setAccessibleName(self.tr("Make a file system on the volume (its data is lost)"))
        row.addWidget(self.make_button)

        mount = QGroupBox(self.tr("Mount"))
        mount.setObjectName("mountBox")
        grid = QGridLayout(mount)
        self.mount_point = QLineEdit()
        self.mount_point.setObjectName("mountPoint")
        self.mount_point.setAccessibleName(self.tr("Mount point"))
        self.mount_point.setPlaceholderText(self.tr("a folder; made if it is missing"))
        self.mount_point.textEdited.connect(self._mount_point_edited)
        label = QLabel(self.tr("Mount &point:"))
        label.setBuddy(self.mount_point)
        self.browse_button = QPushButton(self.tr("&Browse..."))
        self.browse_button.setObjectName("browseButton")
        self.mount_button = QPushButton(self.tr("M&ount"))
        self.mount_button.setObjectName("mountButton")
        self.mount_button.setAccessibleName(self.tr("Mount the volume's file system on the mount point"))
        self.unmount_button = QPushButton(self.tr("&Unmount"))
        self.unmount_button.setObjectName("unmountButton")
        self.unmount_button.setAccessibleName(self.tr("Unmount the volume's file system"))
        grid.addWidget(label, 0, 0)
        grid.addWidget(self.mount_point, 0, 1)
        grid.addWidget(self.browse_button, 0, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.mount_button)
        buttons.addWidget(self.unmount_button)
        grid.addLayout(buttons, 1, 0, 1, 3)
        grid.setColumnStretch(1, 1)

        self.server_label = QLabel()
        self.server_label.setObjectName("deviceServerLabel")
        self.server_label.setWordWrap(True)
        self.server_label.setAccessibleName(self.tr("Device server"))
        self.start_server_button = QPushButton(self.tr("&Start Device Server"))
        self.start_server_button.setObjectName("startServerButton")
        server = QHBoxLayout()
        server.addWidget(self.server_label, 1)
        server.addWidget(self.start_server_button)

        for button, slot in ((self.make_button, self.make_filesystem), (self.browse_button, self.browse),
                             (self.mount_button, self.mount), (self.unmount_button, self.unmount),
                             (self.start_server_button, lambda: self.ensure_server(lambda: None))):
            button.setAutoDefault(False)
            button.clicked.connect(slot)

        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.volumes_title)
        layout.addWidget(self.volumes, 1)
        layout.addWidget(box)
        layout.addWidget(mount)
        layout.addWidget(self.reason)
        layout.addLayout(server)
        layout.addLayout(self.footer())
        self.setMinimumSize(700, 460)
        self.resize(780, 540)

        self.devices.changed.connect(self._devices_changed)
        self.finished.connect(lambda _r: self.devices.unwatch(WATCHER))
        snap = self.session.snapshot
        names = [c.name for c in snap.classes]
        self.picker.set_classes(names, names[0] if names else "")
        self.refresh()
        self.volumes.setFocus()

    # -- state --------------------------------------------------------------------------------
    def class_name(self) -> str:
        return self.picker.class_name()

    def selected_volume(self) -> VolumeInfo | None:
        name = selected_key(self.volumes)
        return self.session.snapshot.volume(self.class_name(), name) if name else None

    def fstype(self) -> str:
        return next(f for f, radio in self.fstype_radios.items() if radio.isChecked())

    def default_mount_point(self, v: VolumeInfo) -> str:
        """Where a volume is mounted unless the operator says otherwise: under the workspace."""
        return str(self.session.backend.root / "mnt" / v.class_name / v.name)

    def _devices_changed(self) -> None:
        if shiboken6.isValid(self) and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        snap = self.session.snapshot
        self.picker.set_classes([k.name for k in snap.classes])
        c = self.class_name()
        self.devices.watch(WATCHER, [c])
        volumes = [v for v in snap.volumes if v.class_name == c]
        started = sum(v.status is VolumeStatus.ACTIVE for v in volumes)
        self.class_info.setText(self.tr("{started} of {count} volumes started").format(
            started=started, count=len(volumes)) if c else "")
        self.volumes_title.setText(self.tr("&Volumes of class {name}:").format(name=c) if c
                                   else self.tr("&Volumes of the class:"))
        rows = []
        for v in volumes:
            dev = self.devices.volume_device(v)
            fstype = (dev.fstype or "-") if dev is not None else ("…" if v.status is VolumeStatus.ACTIVE else "-")
            mounts = ", ".join(dev.mounted_on) if dev is not None and dev.mounted_on else "-"
            rows.append(Row(v.name, (v.name, v.status.value, human_size(v.size_bytes), fstype, in_use_text(v.in_use),
                                     mounts), status_icon("volume", v.status), tooltip=v.path))
        sync_list(self.volumes, rows)
        self.server_label.setText(server_text(self.devices.state))
        st = self.devices.state
        self.start_server_button.setVisible(not st.running and not st.dead and not st.unavailable)
        self._volume_selected()

    def _volume_selected(self) -> None:
        v = self.selected_volume()
        key = (v.class_name, v.name) if v is not None else None
        if v is not None:
            dev = self.devices.volume_device(v)
            if dev is not None and dev.mounted_on:
                set_text(self.mount_point, dev.mounted_on[0])
            elif key != self._shown_volume or not self.mount_point.text():
                set_text(self.mount_point, self._mount_points.get(key, self.default_mount_point(v)))
            if dev is not None and dev.fstype in self.fstype_radios and key != self._shown_volume:
                self.fstype_radios[dev.fstype].setChecked(True)
        self._shown_volume = key
        self.update_buttons()

    def _mount_point_edited(self, text: str) -> None:
        v = self.selected_volume()
        if v is not None:
            self._mount_points[(v.class_name, v.name)] = text
        self.update_buttons()

    def refusals(self) -> tuple[SdxError | None, SdxError | None, SdxError | None]:
        """Why Make File System, Mount and Unmount are not possible now (None: they are)."""
        v = self.selected_volume()
        if v is None:
            need = SdxError(self.tr("select a volume first"))
            return need, need, need
        snap, c, st = self.session.snapshot, v.class_name, self.devices.state
        dev = self.devices.volume_device(v)
        unavailable = SdxError(st.unavailable, v.name) if st.unavailable and not st.running else None
        make = rules.make_filesystem(snap, c, v.name) or unavailable
        mount = rules.mount_filesystem(snap, c, v.name) or unavailable
        if mount is None and dev is not None and dev.fstype is None:
            mount = SdxError(self.tr("the volume holds no file system: make one first"), v.name)
        if mount is None and not can_mount():
            mount = SdxError(self.tr("mounting needs root's privileges (losetup and mount)"), v.name)
        if mount is None and not self.mount_point.text().strip():
            mount = SdxError(self.tr("enter the mount point: a folder"), v.name)
        unmount = None if dev is not None and dev.mounted_on else SdxError(self.tr("volume is not mounted"), v.name)
        return make, mount, unmount

    def update_buttons(self) -> None:
        busy = self.session.busy
        make, mount, unmount = self.refusals()
        for button, refusal, tip in (
            (self.make_button, make, self.tr("Make the chosen file system on the volume (its data is lost)")),
            (self.mount_button, mount, self.tr("Mount the volume's file system on the mount point")),
            (self.unmount_button, unmount, self.tr("Unmount the volume's file system")),
        ):
            button.setEnabled(refusal is None and not busy)
            button.setToolTip(core_texts.error(refusal) if refusal is not None else tip)
        self.start_server_button.setEnabled(not busy)
        first = next((r for r in (make, mount) if r is not None), None)
        self.set_reason(core_texts.message(first.text) if first is not None and self.selected_volume() else None)

    # -- operations ---------------------------------------------------------------------------
    def ensure_server(self, then: Callable[[], None]) -> None:
        """Run ``then`` once the device server runs: at once, or after asking to start it."""
        if self.devices.state.running:
            then()
            return
        title = self.tr("Start Device Server")
        self.confirm_then_run(title, None, self.tr(
            "The device server is not running, so the volumes have no device files for mkfs and mount.\n\n"
            "Start it now (gdsview devices up)? Volumes and access paths then appear under {path}.").format(
                path=self.devices.state.mountpoint), StartDeviceServer(), lambda _st: then())

    def make_filesystem(self) -> None:
        v, fstype = self.selected_volume(), self.fstype()
        if v is None:
            return
        title = self.tr("Make File System")
        refusal = self.refusals()[0]
        if refusal is not None:
            self.session.refuse(title, refusal)
            return

        def done(found) -> None:
            self.devices.fstype_changed(v.class_name, v.name)
            self.say(self.tr("An {fstype} file system was made on volume {volume}.").format(
                fstype=found or fstype, volume=v.name))

        confirm_destructive(self, title, self.tr(
            "Make an {fstype} file system on volume {volume} ({path})?\n\nEverything stored on the volume "
            "is destroyed.").format(fstype=fstype, volume=v.name, path=v.path),
            lambda: self.ensure_server(lambda: self.run(title, MakeFileSystem(v.class_name, v.name, fstype), done)))

    def mount(self) -> None:
        v, target = self.selected_volume(), self.mount_point.text().strip()
        if v is None:
            return
        title = self.tr("Mount")
        refusal = self.refusals()[1]
        if refusal is not None:
            self.session.refuse(title, refusal)
            return
        made = not os.path.exists(os.path.expanduser(target))

        def done(where) -> None:
            self.say((self.tr("Volume {volume} mounted on {target} (the folder was made).") if made else
                      self.tr("Volume {volume} mounted on {target}.")).format(volume=v.name, target=where))

        self.ensure_server(lambda: self.run(title, MountFileSystem(v.class_name, v.name, target), done))

    def unmount(self) -> None:
        v = self.selected_volume()
        dev = self.devices.volume_device(v) if v is not None else None
        if v is None or dev is None or not dev.mounted_on:
            return
        text = self.mount_point.text().strip()
        target = text if text in dev.mounted_on else dev.mounted_on[0]
        self.run(self.tr("Unmount"), UnmountFileSystem(v.class_name, v.name, target), lambda where: self.say(
            self.tr("Volume {volume} unmounted from {target}.").format(volume=v.name, target=where)))

    def browse(self) -> QFileDialog:
        start = self.mount_point.text().strip() or str(self.session.backend.root)
        while start and not os.path.isdir(start):
            start = os.path.dirname(start.rstrip("/")) or "/"
        dialog = QFileDialog(self, self.tr("Mount Point"), start)
        dialog.setObjectName("mountPointDialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(folder: str) -> None:
            self.mount_point.setText(folder)
            self._mount_point_edited(folder)

        dialog.fileSelected.connect(chosen)
        dialog.open()
        return dialog


__all__ = ["FileSystemConfigurationDialog", "confirm_destructive", "server_text"]
