"""General → Change Monitoring Intervals."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget


class MonitoringIntervalDialog(QDialog):
    """How often the screen re-reads the configuration (changes made by sdx* commands show up)."""

    def __init__(self, seconds: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monitoringIntervalDialog")
        self.setWindowTitle(self.tr("Change Monitoring Intervals"))
        self.setAccessibleName(self.windowTitle())
        self.spin = QSpinBox()
        self.spin.setObjectName("interval")
        self.spin.setRange(1, 3600)
        self.spin.setSuffix(self.tr(" s"))
        self.spin.setValue(seconds)
        self.spin.setAccessibleName(self.tr("Monitoring interval in seconds"))
        form = QFormLayout()
        label = QLabel(self.tr("&Monitoring interval:"))
        label.setBuddy(self.spin)
        form.addRow(label, self.spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        note = QLabel(self.tr("The screen is updated at this interval and after every operation."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def seconds(self) -> int:
        return self.spin.value()
