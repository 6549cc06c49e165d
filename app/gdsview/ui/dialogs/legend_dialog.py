"""Help → Status Legend: what each icon colour of the Configuration Tree and the lists means."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from ..icons import LEGEND, icon


class LegendDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legendDialog")
        self.setWindowTitle(self.tr("Status Legend"))
        self.setAccessibleName(self.windowTitle())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        intro = QLabel(self.tr("The icon colour of an object shows its status; a class, group or volume "
                               "takes the colour of its most serious part."))
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for row, (colour, text, statuses) in enumerate(LEGEND):
            swatch = QLabel()
            swatch.setPixmap(icon("status", colour).pixmap(20, 20))
            meaning = QLabel(QCoreApplication.translate("Legend", text))
            meaning.setObjectName(f"legend-{colour}")
            codes = QLabel(statuses)  # GDS's status codes: never translated
            codes.setObjectName(f"legend-{colour}-statuses")
            swatch.setAccessibleName(f"{meaning.text()} ({statuses})")
            grid.addWidget(swatch, row, 0)
            grid.addWidget(meaning, row, 1)
            grid.addWidget(codes, row, 2)
        grid.setColumnStretch(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("buttons")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
