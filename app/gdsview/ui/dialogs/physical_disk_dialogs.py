"""Class Configuration's physical disk dialogs: Create Physical Disk, and Disk Speed.

A physical disk is a sparse disk image in the workspace with a size and a **speed**: the
bandwidth its every read and write is served at, in every process (a real disk's 150-200 MiB/s
by default, so that synchronization copying takes a while; unlimited for benchmarks).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.names import GiB, MiB
from ..backend.requests import DEFAULT_DISK_SPEED, MAX_DISK_SPEED, MIN_DISK_SPEED
from .settings_frame import name_problem

translate = QCoreApplication.translate


def speed_text(speed_bps: int | None) -> str:
    """``180 MiB/s`` or ``unlimited``, in the GUI's language."""
    if speed_bps is None:
        return translate("PhysicalDisk", "unlimited")
    return f"{speed_bps / MiB:g} MiB/s"


class SpeedField(QWidget):
    """``[180] MiB/s  [ ] Unlimited`` — a physical disk's speed."""

    def __init__(self, speed_bps: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spin = QSpinBox()
        self.spin.setObjectName("diskSpeed")
        self.spin.setAccessibleName(translate("PhysicalDisk", "Disk speed in MiB/s"))
        self.spin.setRange(MIN_DISK_SPEED // MiB, MAX_DISK_SPEED // MiB)
        self.spin.setSuffix(" MiB/s")
        self.spin.setValue((speed_bps or DEFAULT_DISK_SPEED) // MiB)
        self.unlimited = QCheckBox(translate("PhysicalDisk", "&Unlimited"))
        self.unlimited.setObjectName("diskSpeedUnlimited")
        self.unlimited.setToolTip(translate("PhysicalDisk", "As fast as the image file: for benchmarks"))
        self.unlimited.toggled.connect(lambda on: self.spin.setEnabled(not on))
        self.unlimited.setChecked(speed_bps is None)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.spin, 1)
        row.addWidget(self.unlimited)

    def speed_bps(self) -> int | None:
        return None if self.unlimited.isChecked() else self.spin.value() * MiB


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


SPEED_NOTE = QT_TRANSLATE_NOOP(
    "PhysicalDisk", "The speed applies to every read and write of the disk (copies, the service, backups), "
                    "shared by every program using it. A real disk moves 150-200 MiB/s.")


class CreatePhysicalDiskDialog(QDialog):
    """A new disk image in the workspace: a name, a size (sparse: it takes no space until written), a speed."""

    def __init__(self, name: str, size_bytes: int, parent: QWidget | None = None,
                 speed_bps: int | None = DEFAULT_DISK_SPEED) -> None:
        super().__init__(parent)
        self.setObjectName("createPhysicalDiskDialog")
        self.setWindowTitle(self.tr("Create Physical Disk"))
        self.setAccessibleName(self.windowTitle())

        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("physicalDiskName")
        self.name_edit.setAccessibleName(self.tr("Physical disk name"))
        self.name_edit.setMaxLength(64)
        self.name_edit.textChanged.connect(self._validate)
        self.size_spin = QSpinBox()
        self.size_spin.setObjectName("physicalDiskSize")
        self.size_spin.setAccessibleName(self.tr("Physical disk size"))
        self.unit = QComboBox()
        self.unit.setObjectName("physicalDiskUnit")
        self.unit.setAccessibleName(self.tr("Size unit"))
        self.unit.addItem("MiB", MiB)
        self.unit.addItem("GiB", GiB)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        if size_bytes % GiB == 0:
            self.unit.setCurrentIndex(1)
            self._unit_changed()
            self.size_spin.setValue(size_bytes // GiB)
        else:
            self._unit_changed()
            self.size_spin.setValue(max(2, size_bytes // MiB))
        self.speed = SpeedField(speed_bps)

        self.reason = QLabel()
        self.reason.setObjectName("reasonLabel")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #b3261e;")

        form = QFormLayout()
        name_label = QLabel(self.tr("Physical disk &name:"))
        name_label.setBuddy(self.name_edit)
        size_label = QLabel(self.tr("&Size:"))
        size_label.setBuddy(self.size_spin)
        speed_label = QLabel(self.tr("S&peed:"))
        speed_label.setBuddy(self.speed.spin)
        size_row = QHBoxLayout()
        size_row.addWidget(self.size_spin, 1)
        size_row.addWidget(self.unit)
        form.addRow(name_label, self.name_edit)
        form.addRow(size_label, size_row)
        form.addRow(speed_label, self.speed)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("buttons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_note(self.tr("A sparse disk image file in the workspace: it uses no space until written.")))
        layout.addWidget(_note(translate("PhysicalDisk", SPEED_NOTE)))
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._validate()
        self.name_edit.selectAll()
        self.name_edit.setFocus()

    def _unit_changed(self, *_args) -> None:
        if self.unit.currentData() == GiB:
            self.size_spin.setRange(1, 1024)
        else:
            self.size_spin.setRange(2, 1024 * 1024)

    def _validate(self, *_args) -> None:
        problem = name_problem(self.name(), "physical disk")
        self.reason.setText(problem or "")
        self.reason.setVisible(problem is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def name(self) -> str:
        return self.name_edit.text().strip()

    def size_bytes(self) -> int:
        return self.size_spin.value() * int(self.unit.currentData())

    def speed_bps(self) -> int | None:
        return self.speed.speed_bps()


class DiskSpeedDialog(QDialog):
    """Class Configuration → Disk Speed: change one physical disk's speed."""

    def __init__(self, device: str, speed_bps: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diskSpeedDialog")
        self.setWindowTitle(self.tr("Disk Speed"))
        self.setAccessibleName(self.windowTitle())
        self.device = device
        self.speed = SpeedField(speed_bps)
        form = QFormLayout()
        label = QLabel(self.tr("S&peed of {device}:").format(device=device))
        label.setBuddy(self.speed.spin)
        form.addRow(label, self.speed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("buttons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_note(translate("PhysicalDisk", SPEED_NOTE)))
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.speed.spin.setFocus()

    def speed_bps(self) -> int | None:
        return self.speed.speed_bps()


def next_device_name(used: set[str]) -> str:
    """sdd after sda..sdc, as Linux names the next disk."""
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if f"sd{letter}" not in used:
            return f"sd{letter}"
    n = 1
    while f"disk{n}" in used:
        n += 1
    return f"disk{n}"


__all__ = ["CreatePhysicalDiskDialog", "DiskSpeedDialog", "SpeedField", "speed_text", "next_device_name"]
