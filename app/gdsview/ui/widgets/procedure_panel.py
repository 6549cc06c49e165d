"""The training lab's Procedure panel: the nine steps, ticked as the backend sees them done."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.lab import LabReport
from ..icons import icon


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60):02d}:{int(seconds % 60):02d}"


class ProcedurePanel(QWidget):
    """Shows a LabReport; knows nothing of how steps are detected (core.lab does)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("procedurePanel")
        self.setAccessibleName("Reliable backup procedure")
        self.title = QLabel("<b>Reliable backup procedure</b> (GDS guide 7.7.1)")
        self.steps = QTreeWidget()
        self.steps.setObjectName("procedureSteps")
        self.steps.setAccessibleName("Procedure steps")
        self.steps.setColumnCount(2)
        self.steps.setHeaderLabels(["Step", "Time"])
        self.steps.setRootIsDecorated(False)
        self.steps.setWordWrap(True)
        self.steps.setUniformRowHeights(False)
        self.steps.header().setStretchLastSection(False)
        self.steps.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.steps.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.warnings = QListWidget()
        self.warnings.setObjectName("procedureWarnings")
        self.warnings.setAccessibleName("Procedure warnings")
        self.warnings.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("procedureStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.steps, 3)
        layout.addWidget(QLabel("Warnings"))
        layout.addWidget(self.warnings, 1)
        layout.addWidget(self.status)
        self.report: LabReport | None = None

    def show_report(self, report: LabReport, now: float | None = None) -> None:
        self.report = report
        warned = {w.step for w in report.warnings}
        self.steps.clear()
        for s in report.steps:
            when = f"+{_clock(s.elapsed)}" if s.done and s.elapsed is not None else ""
            item = QTreeWidgetItem([f"{s.step.number}. {s.step.title}", when])
            colour = "temp" if s.step.key in warned else "normal" if s.done else "stopped"
            item.setIcon(0, icon("status", colour))
            item.setData(0, Qt.ItemDataRole.UserRole, s.step.key)
            item.setToolTip(0, f"{s.step.action}\n{s.detail}".strip())
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                         f"step {s.step.number} {'done' if s.done else 'not done'}: {s.step.title}")
            self.steps.addTopLevelItem(item)
        self.warnings.clear()
        for w in report.warnings:
            item = QListWidgetItem(icon("status", "temp"), w.text)
            self.warnings.addItem(item)
        done = sum(s.done for s in report.steps)
        nxt = report.next_step()
        elapsed = ""
        if report.started is not None:
            elapsed = f"  Elapsed {_clock((now or time.time()) - report.started)}."
        if report.complete:
            text = "All steps done" + (" with no warning." if report.ok else f", {len(report.warnings)} warnings.")
        else:
            text = f"{done} of {len(report.steps)} steps done.\nNext: {nxt.action}." if nxt else ""
        self.status.setText(text + elapsed)

    def done_keys(self) -> list[str]:
        return [s.step.key for s in self.report.steps if s.done] if self.report else []
