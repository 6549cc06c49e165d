"""The training lab's Procedure panel: the nine steps, ticked as the backend sees them done."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

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

from .. import core_texts
from ..icons import icon

if TYPE_CHECKING:
    from ...lab.observer import LabReport


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60):02d}:{int(seconds % 60):02d}"


class ProcedurePanel(QWidget):
    """Shows a LabReport; knows nothing of how steps are detected (lab.observer does)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("procedurePanel")
        self.setAccessibleName(self.tr("Reliable backup procedure"))
        self.title = QLabel(self.tr("<b>Reliable backup procedure</b> (GDS guide 7.7.1)"))
        self.title.setWordWrap(True)
        self.steps = QTreeWidget()
        self.steps.setObjectName("procedureSteps")
        self.steps.setAccessibleName(self.tr("Procedure steps"))
        self.steps.setColumnCount(2)
        self.steps.setHeaderLabels([self.tr("Step"), self.tr("Time")])
        self.steps.setRootIsDecorated(False)
        self.steps.setWordWrap(True)
        self.steps.setUniformRowHeights(False)
        self.steps.header().setStretchLastSection(False)
        self.steps.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.steps.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.warnings = QListWidget()
        self.warnings.setObjectName("procedureWarnings")
        self.warnings.setAccessibleName(self.tr("Procedure warnings"))
        self.warnings.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("procedureStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.steps, 3)
        warnings_label = QLabel(self.tr("Warnings"))
        warnings_label.setBuddy(self.warnings)
        layout.addWidget(warnings_label)
        layout.addWidget(self.warnings, 1)
        layout.addWidget(self.status)
        self.report: LabReport | None = None

    def show_report(self, report: LabReport, now: float | None = None) -> None:
        self.report = report
        warned = {w.step for w in report.warnings}
        self.steps.clear()
        for s in report.steps:
            when = f"+{_clock(s.elapsed)}" if s.done and s.elapsed is not None else ""
            title = core_texts.procedure(s.step.title)
            item = QTreeWidgetItem([f"{s.step.number}. {title}", when])
            colour = "temp" if s.step.key in warned else "normal" if s.done else "stopped"
            item.setIcon(0, icon("status", colour))
            item.setData(0, Qt.ItemDataRole.UserRole, s.step.key)
            item.setToolTip(0, f"{core_texts.procedure(s.step.action)}\n{s.detail}".strip())
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                         (self.tr("step {number} done: {title}") if s.done else
                          self.tr("step {number} not done: {title}")).format(number=s.step.number, title=title))
            self.steps.addTopLevelItem(item)
        self.warnings.clear()
        for w in report.warnings:
            item = QListWidgetItem(icon("status", "temp"), core_texts.message(w.text))
            self.warnings.addItem(item)
        done = sum(s.done for s in report.steps)
        nxt = report.next_step()
        elapsed = ""
        if report.started is not None:
            elapsed = "  " + self.tr("Elapsed {time}.").format(time=_clock((now or time.time()) - report.started))
        if report.complete:
            text = (self.tr("All steps done with no warning.") if report.ok else
                    self.tr("All steps done, {count} warnings.").format(count=len(report.warnings)))
        else:
            text = self.tr("{done} of {total} steps done.\nNext: {action}.").format(
                done=done, total=len(report.steps), action=core_texts.procedure(nxt.action)) if nxt else ""
        self.status.setText(text + elapsed)

    def done_keys(self) -> list[str]:
        return [s.step.key for s in self.report.steps if s.done] if self.report else []
