"""Service → Start Service: which volume the built-in workload writes to, how fast, and how."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...core.model import VolumeInfo, VolumeStatus
from ..backend import StartService


class StartServiceDialog(QDialog):
    """Lists the started volumes; OK returns a StartService request."""

    def __init__(self, volumes: list[VolumeInfo], preferred: tuple[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startServiceDialog")
        self.setWindowTitle(self.tr("Start Service"))
        self.setAccessibleName(self.windowTitle())
        self.volumes = [v for v in volumes if v.status is VolumeStatus.ACTIVE]
        self.volume = QComboBox()
        self.volume.setObjectName("serviceVolume")
        self.volume.setAccessibleName(self.tr("Volume"))
        for v in self.volumes:
            self.volume.addItem(f"{v.class_name} / {v.name}  ({v.path})", f"{v.class_name}/{v.name}")
        if preferred is not None:
            index = self.volume.findData("/".join(preferred))
            if index >= 0:
                self.volume.setCurrentIndex(index)
        self.rate = QDoubleSpinBox()
        self.rate.setObjectName("serviceRate")
        self.rate.setAccessibleName(self.tr("Write rate in MiB/s"))
        self.rate.setRange(0.1, 1000.0)
        self.rate.setDecimals(1)
        self.rate.setValue(4.0)
        self.rate.setSuffix(" MiB/s")
        self.log_pattern = QRadioButton(self.tr("Se&quential log appends"))
        self.log_pattern.setObjectName("logPattern")
        self.random_pattern = QRadioButton(self.tr("R&andom 4 KiB updates"))
        self.random_pattern.setObjectName("randomPattern")
        self.log_pattern.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.log_pattern, self.random_pattern):
            b.setAccessibleName(b.text().replace("&", ""))
            group.addButton(b)
        form = QFormLayout()
        for text, field in ((self.tr("&Volume:"), self.volume), (self.tr("Write &rate:"), self.rate),
                            (self.tr("Pattern:"), self.log_pattern)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.random_pattern)
        note = QLabel(self.tr("Every 4 KiB block carries a sequence number and a checksum, so a backup of the "
                              "volume can be verified afterwards."))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("buttons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.volumes))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        if not self.volumes:
            layout.addWidget(QLabel(self.tr("No started volume: start a volume first.")))
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def request(self) -> StartService:
        class_name, volume = self.volume.currentData().split("/")
        return StartService(class_name, volume, self.rate.value(),
                              "random" if self.random_pattern.isChecked() else "log")
