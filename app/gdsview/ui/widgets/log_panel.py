"""The Log Information field: one timestamped line per operation and per error."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from ...core.events import Event
from .. import core_texts
from ..icons import icon

SEVERITY_COLOUR = {"INFO": "normal", "WARNING": "temp", "ERROR": "invalid"}
MAX_LINES = 5000


@dataclass(frozen=True)
class LogLine:
    ts: float
    severity: str
    source: str
    text: str
    node: str = ""  # the node that made it (a cluster's log shows it)


def format_time(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


class LogModel(QAbstractTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("Columns", "Date/Time"), QT_TRANSLATE_NOOP("Columns", "Level"),
               QT_TRANSLATE_NOOP("Columns", "Node"), QT_TRANSLATE_NOOP("Columns", "Source"),
               QT_TRANSLATE_NOOP("Columns", "Message"))
    COL_NODE = 2

    def __init__(self, parent=None, clock_format: Callable[[float], str] = format_time) -> None:
        super().__init__(parent)
        self.lines: list[LogLine] = []
        self.clock_format = clock_format

    def add(self, lines: list[LogLine]) -> None:
        if not lines:
            return
        overflow = len(self.lines) + len(lines) - MAX_LINES
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
            del self.lines[:overflow]
            self.endRemoveRows()
        self.beginInsertRows(QModelIndex(), len(self.lines), len(self.lines) + len(lines) - 1)
        self.lines.extend(lines)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.lines.clear()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("Columns", self.COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (self.clock_format(line.ts), line.severity, line.node, line.source, line.text)[index.column()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1:
            return icon("status", SEVERITY_COLOUR.get(line.severity, "normal"))
        return None

    def texts(self) -> list[str]:
        return [f"{line.severity} {line.source}: {line.text}" for line in self.lines]


class LogPanel(QWidget):
    """Shows backend events (from every process on the workspace) and the GUI's own errors."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LogModel(self)
        self.view = QTableView()
        self.view.setObjectName("logView")
        self.view.setAccessibleName(self.tr("Log Information"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(20)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # The Level column always holds its longest word and its icon (a width from the rows in view
        # would cut "ERROR" to "ER…" until an error scrolls into view).
        metrics = self.view.fontMetrics()
        words = (*SEVERITY_COLOUR, self.model.headerData(1, Qt.Orientation.Horizontal))
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, max(metrics.horizontalAdvance(w) for w in words) + 16 + 16)  # text, icon, margins
        header.setSectionResizeMode(LogModel.COL_NODE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.show_nodes(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def add_events(self, events: list[Event]) -> None:
        """The events' messages in the GUI's language (the core's templates, ``core_texts.EVENTS``)."""
        where = lambda e: f"{e.obj}: " if e.obj else ""  # noqa: E731
        self._add([LogLine(e.ts, e.severity, e.source, f"{where(e)}{core_texts.message(e.text)}", e.node or "")
                   for e in events])

    def show_nodes(self, on: bool) -> None:
        """The Node column: shown on a cluster, where it matters which node made an event."""
        self.view.setColumnHidden(LogModel.COL_NODE, not on)

    def add_error(self, text: str) -> None:
        self._add([LogLine(time.time(), "ERROR", "gdsview", text)])

    def _add(self, lines: list[LogLine]) -> None:
        self.model.add(lines)
        if not self.view.verticalScrollBar().isSliderDown():  # follow the log unless being scrolled
            QTimer.singleShot(0, self.view, self.view.scrollToBottom)  # (dropped if the view went meanwhile)
