"""Help → About: what gdsview is, and the versions it runs on (for a bug report)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ... import __version__
from ..icons import app_icon


def versions() -> dict[str, str]:
    return {
        "gdsview": __version__,
        "Qt": qVersion(),
        "PySide6": pyside_version,
        "Python": f"{platform.python_version()} ({sys.platform})",
    }


class AboutDialog(QDialog):
    def __init__(self, workspace: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About GDS Management View"))
        self.setAccessibleName(self.windowTitle())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(48, 48))
        heading = QLabel(f"<b>GDS Management View</b> (gdsview {__version__})")
        heading.setObjectName("heading")
        description = QLabel(self.tr("A replica of PRIMECLUSTER GDS Management View, over a volume manager that "
                                     "keeps its disks in image files: a training lab for GDS operations."))
        description.setObjectName("description")
        description.setWordWrap(True)
        form = QFormLayout()
        self.version_labels: dict[str, QLabel] = {}
        for name, version in versions().items():
            value = QLabel(version)
            value.setObjectName(f"version-{name}")
            value.setAccessibleName(f"{name} {version}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.version_labels[name] = value
            form.addRow(f"{name}:", value)
        where = QLabel(str(workspace))
        where.setObjectName("workspace")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Workspace:"), where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("buttons")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(logo)
        layout.addWidget(heading)
        layout.addWidget(description)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def text(self) -> str:
        return "\n".join(f"{name} {label.text()}" for name, label in self.version_labels.items())
