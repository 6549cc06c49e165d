"""The training lab's Procedure panel: the nine steps, ticked as the backend sees them done."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from .. import core_texts
from ..icons import icon
from ..roles import KEY_ROLE

if TYPE_CHECKING:
    from ...lab.observer import LabReport


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60):02d}:{int(seconds % 60):02d}"


def _wrapping_list(name: str, accessible: str) -> QListWidget:
    """A list whose items wrap to the panel's width (no text ends in "…"), re-laid out on resize."""
    view = QListWidget()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(False)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    return view


class ProcedurePanel(QWidget):
    """Shows a LabReport; knows nothing of how steps are detected (lab.observer does).

    Each step is one item: "3. After completing synchronization copying, stop service." and, once
    done, its time since the lab started. Its tooltip is the step's whole text: the title, what to
    do in this window, and what the backend saw. The status line says what to do next; the
    elapsed clock counts from the lab's start (its ``lab-init``) and stops when every step is done.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("procedurePanel")
        self.setAccessibleName(self.tr("Reliable backup procedure"))
        self.title = QLabel(self.tr("<b>Reliable backup procedure</b> (GDS guide 7.7.1)"))
        self.title.setWordWrap(True)
        self.steps = _wrapping_list("procedureSteps", self.tr("Procedure steps"))
        self.warnings = _wrapping_list("procedureWarnings", self.tr("Procedure warnings"))
        self.status = QLabel()
        self.status.setObjectName("procedureStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        self.service_running = True
        self._shown: tuple = ()

    def step_texts(self) -> list[str]:
        return [self.steps.item(i).text() for i in range(self.steps.count())]

    def show_report(self, report: LabReport, now: float | None = None, service_running: bool | None = None) -> None:
        """Show ``report``; ``service_running`` (if known) decides whether the next hint is to start it."""
        self.report = report
        if service_running is not None:
            self.service_running = service_running
        warned = {w.step for w in report.warnings}
        rows = []
        for s in report.steps:
            title = core_texts.procedure(s.step.title)
            text = f"{s.step.number}. {title}"
            if s.done and s.elapsed is not None:
                text += f"   +{_clock(s.elapsed)}"
            colour = "temp" if s.step.key in warned else "normal" if s.done else "stopped"
            tip = "\n".join(filter(None, (f"{s.step.number}. {title}",
                                          self.tr("How: {action}").format(action=core_texts.procedure(s.step.action)),
                                          s.detail)))
            rows.append((s.step.key, text, colour, tip, s.done, title))
        warnings = [core_texts.message(w.text) for w in report.warnings]
        if (rows, warnings) != self._shown:  # the clock ticks every second: rebuild only on change
            self._shown = (rows, warnings)
            self._fill(rows, warnings)
        self.status.setText(self._status(report, now))

    def _fill(self, rows: list, warnings: list[str]) -> None:
        self.steps.clear()
        for key, text, colour, tip, done, title in rows:
            item = QListWidgetItem(icon("status", colour), text)
            item.setData(KEY_ROLE, key)
            item.setToolTip(tip)
            number = text.split(".", 1)[0]
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         (self.tr("step {number} done: {title}") if done else
                          self.tr("step {number} not done: {title}")).format(number=number, title=title))
            self.steps.addItem(item)
        self.warnings.clear()
        for text in warnings:
            item = QListWidgetItem(icon("status", "temp"), text)
            item.setToolTip(text)
            self.warnings.addItem(item)

    def _status(self, report: LabReport, now: float | None) -> str:
        done = sum(s.done for s in report.steps)
        elapsed = ""
        if report.started is not None:
            if report.complete:  # the clock stops at the last step
                end = max(s.done_at for s in report.steps if s.done_at is not None)
            else:
                end = now if now is not None else time.time()
            elapsed = "  " + self.tr("Elapsed {time}.").format(time=_clock(max(0.0, end - report.started)))
        if report.complete:
            text = (self.tr("All steps done with no warning.") if report.ok else
                    self.tr("All steps done, {count} warnings.").format(count=len(report.warnings)))
            return text + elapsed
        nxt = report.next_step()
        if nxt is None:
            return elapsed.strip()
        action = core_texts.procedure(nxt.action)
        keys = {s.step.key for s in report.steps if s.done}
        if not self.service_running and "stop_service" not in keys and "detach" not in keys:
            action = core_texts.procedure(core_texts.START_SERVICE_FIRST) + "; " + action
        return self.tr("{done} of {total} steps done.\nNext: {action}.").format(
            done=done, total=len(report.steps), action=action) + elapsed

    def done_keys(self) -> list[str]:
        return [s.step.key for s in self.report.steps if s.done] if self.report else []
