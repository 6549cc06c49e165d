"""General → Change Monitoring Intervals."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget


class MonitoringIntervalDialog(QDialog):
    """How often the screen re-reads the configuration (changes made by sdx* commands show up)."""

    def __init__(self, seconds: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monitoringIntervalDialog")
        self.setWindowTitle("Change Monitoring Intervals")
        self.spin = QSpinBox()
        self.spin.setRange(1, 3600)
        self.spin.setSuffix(" s")
        self.spin.setValue(seconds)
        self.spin.setAccessibleName("Monitoring interval in seconds")
        form = QFormLayout()
        form.addRow("&Monitoring interval:", self.spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The screen is updated at this interval and after every operation."))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def seconds(self) -> int:
        return self.spin.value()
