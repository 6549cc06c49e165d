"""Detach Slice: "Setting the environment of the detaching slice" (GDS guide figure 7.40)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...core.model import AccessMode, SliceInfo
from ..backend.requests import DetachSlice


class DetachSliceDialog(QDialog):
    """Access mode (initially "Read and write possible") and JRM; OK returns a DetachSlice request."""

    def __init__(self, s: SliceInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slice = s
        self.setObjectName("detachSliceDialog")
        self.setWindowTitle(self.tr("Detach Slice"))
        self.setAccessibleName(self.windowTitle())

        heading = QLabel(self.tr("Setting the environment of the detaching slice"))
        heading.setObjectName("heading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)

        facts = QFormLayout()
        for label, value, name in ((self.tr("Class Name:"), s.class_name, "className"),
                                   (self.tr("Volume Name:"), s.volume, "volumeName"),
                                   (self.tr("Slice Name:"), s.name, "sliceName")):
            field = QLabel(value)
            field.setObjectName(name)
            field.setAccessibleName(label.rstrip(":："))
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addRow(label, field)

        self.read_write = QRadioButton(self.tr("&Read and write possible"))
        self.read_write.setObjectName("readWrite")
        self.read_only = QRadioButton(self.tr("Read &only possible"))
        self.read_only.setObjectName("readOnly")
        self.read_write.setChecked(True)
        mode_box = self._group(self.tr("Access Mode"), self.read_write, self.read_only)

        self.jrm_on = QRadioButton(self.tr("O&n: copy only the regions changed while detached"))
        self.jrm_on.setObjectName("jrmOn")
        self.jrm_off = QRadioButton(self.tr("O&ff: copy the whole slice when it is attached"))
        self.jrm_off.setObjectName("jrmOff")
        self.jrm_on.setChecked(True)
        jrm_box = self._group(self.tr("Just Resynchronization Mechanism (JRM)"), self.jrm_on, self.jrm_off)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(facts)
        layout.addWidget(mode_box)
        layout.addWidget(jrm_box)
        layout.addWidget(buttons)
        self.read_write.setFocus()

    def _group(self, title: str, *buttons: QRadioButton) -> QGroupBox:
        box = QGroupBox(title)
        box.setAccessibleName(title)
        group = QButtonGroup(box)
        layout = QVBoxLayout(box)
        for b in buttons:
            b.setAccessibleName(b.text().replace("&", ""))
            group.addButton(b)
            layout.addWidget(b)
        return box

    def request(self) -> DetachSlice:
        return DetachSlice(
            self.slice.class_name, self.slice.disk, self.slice.volume,
            AccessMode.RO if self.read_only.isChecked() else AccessMode.RW,
            self.jrm_on.isChecked(),
        )
