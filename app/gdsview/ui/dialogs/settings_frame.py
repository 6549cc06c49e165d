"""The frame of the Settings dialogs (Class, Group and Volume Configuration) and their list helpers.

The dialogs say what the operator asked for as a request (``ui.backend.requests``); the session
hands it to the backend, which applies it on its thread pool, never in the GUI thread. A refusal
is the backend's own message, shown and logged through the window's context, and nothing
changes. What is allowed is decided by ``core.policy.rules`` and ``core.names``, never here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import SdxError
from ...core.model import Snapshot
from ...core.names import check_name
from ...core.policy import rules
from .. import core_texts
from ..roles import KEY_ROLE
from . import messages

if TYPE_CHECKING:
    from ..backend.requests import Request
    from ..context import WindowContext

translate = QCoreApplication.translate


class SettingsSession(QObject):
    """A Settings dialog's door to its window: the snapshot, the backend's signals, and ``run``."""

    busyChanged = Signal(bool)

    def __init__(self, context: WindowContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.backend = context.backend
        self._jobs = 0

    @property
    def snapshot(self) -> Snapshot:
        return self.backend.snapshot

    @property
    def busy(self) -> bool:
        return self._jobs > 0

    def run(self, title: str, request: Request, on_done: Callable[[Any], None] | None = None) -> None:
        """Apply ``request`` on the thread pool; ``on_done(result)`` or the refusal, in the GUI thread."""
        self._jobs += 1
        if self._jobs == 1:
            self.busyChanged.emit(True)

        def finish() -> bool:
            if not shiboken6.isValid(self):  # the dialog went away meanwhile
                return False
            self._jobs -= 1
            if self._jobs == 0:
                self.busyChanged.emit(False)
            return True

        def done(result: Any) -> None:
            if finish() and on_done is not None:
                on_done(result)

        def failed(error: SdxError) -> None:
            finish()
            self.context.report_error(title, error)

        self.backend.run(request, done, failed)

    def refuse(self, title: str, refusal: SdxError) -> None:
        """A refusal known before asking the backend (the same rule the backend applies)."""
        self.context.report_error(title, refusal)


class SettingsDialog(QDialog):
    """The common frame: a status line, a reason line, Close; buttons disabled while a job runs."""

    help_section = "settings"  # the Help section F1 opens at (each dialog names its own)

    def __init__(self, context: WindowContext, name: str, title: str) -> None:
        super().__init__(context.parent)
        self.setObjectName(name)
        self.setProperty("helpSection", self.help_section)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.working = self.tr("Working…")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = SettingsSession(context, self)
        self.session.busyChanged.connect(self._busy_changed)
        context.backend.snapshotChanged.connect(self._snapshot_changed)

        self.reason = QLabel()
        self.reason.setObjectName("reasonLabel")
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName(self.tr("Why the operation is not available"))
        self.status = QLabel()
        self.status.setObjectName("statusLabel")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Last operation"))
        self.close_button = QPushButton(self.tr("&Close"))
        self.close_button.setObjectName("closeButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)

    def lay_out_lists(self, top: QLayout, left: QLayout, buttons: tuple[QPushButton, ...], right: QLayout,
                      stretch: tuple[int, int]) -> None:
        """The Class and Group dialogs' layout: what can be added, the buttons between, what is in."""
        middle = QVBoxLayout()
        middle.addStretch(1)
        for button in buttons:
            middle.addWidget(button)
        middle.addStretch(2)
        lists = QHBoxLayout()
        lists.addLayout(left, stretch[0])
        lists.addLayout(middle)
        lists.addLayout(right, stretch[1])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(lists, 1)
        layout.addWidget(self.reason)
        layout.addLayout(self.footer())

    def footer(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignBottom)
        return row

    # -- to override --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the lists from ``self.session.snapshot``."""

    def update_buttons(self) -> None:
        """Enable what the current input and selection allow."""

    # -- common -------------------------------------------------------------------------------
    def set_reason(self, text: str | None, invalid: bool = False) -> None:
        self.reason.setText(text or "")
        colour = "#b3261e" if invalid else self.palette().placeholderText().color().name()
        self.reason.setStyleSheet(f"color: {colour};")

    def say(self, text: str) -> None:
        self.status.setText(text)

    def _busy_changed(self, busy: bool) -> None:
        self.close_button.setEnabled(not busy)
        if busy:
            self.say(self.working)
        else:
            if self.status.text() == self.working:  # refused: the error box says why; a success says what it did
                self.say("")
            self.refresh()  # some changes (a new disk image) are not snapshot changes
        self.update_buttons()

    def _snapshot_changed(self, _snap: Snapshot, _classes) -> None:
        if shiboken6.isValid(self) and self.isVisible():
            self.refresh()

    def reject(self) -> None:
        if self.session.busy:  # a job's answer is still to come: stay until it does
            return
        super().reject()

    def run(self, title: str, request: Request, on_done: Callable[[Any], None]) -> None:
        self.session.run(title, request, on_done)

    def confirm_then_run(self, title: str, refusal: SdxError | None, question: str, request: Request,
                         on_done: Callable[[Any], None], *, destructive: bool = False) -> None:
        """Refused now (by the rule the backend applies) → the error; else Yes/No, then the request.

        Every Settings operation changes the configuration, so every one asks (``dialogs.messages``);
        a ``destructive`` one (Remove, Disconnect, Stop) has No as its default button.
        """
        if refusal is not None:
            self.session.refuse(title, refusal)
            return
        messages.ask(self, title, question, lambda: self.run(title, request, on_done), destructive=destructive)

    def allow(self, button: QPushButton, refusal: SdxError | str | None, tip: str) -> None:
        """Enable ``button`` only when nothing refuses it and no job runs; its tooltip says why not
        (the rule's reason, as the Operation menu's disabled items say it) or what it does."""
        busy = self.session.busy
        button.setEnabled(refusal is None and not busy)
        if refusal is None:
            button.setToolTip(self.working if busy else tip)
        else:
            button.setToolTip(refusal if isinstance(refusal, str) else core_texts.hint(refusal))


# -- helpers shared by the dialogs ---------------------------------------------------------------

def name_problem(text: str, kind: str) -> str | None:
    """Why ``text`` is not a valid object name (the core's own rule and wording), or None."""
    try:
        check_name(text, kind)
    except SdxError as e:
        if not text:
            return translate("SettingsDialog", "Enter a {kind} name.").format(kind=core_texts.kind(kind))
        return translate("SettingsDialog", "{problem}.").format(problem=core_texts.message(e.text))
    return None


def next_free_name(snap: Snapshot, class_name: str, prefix: str) -> str:
    """``<prefix>N`` with the smallest N not used by an object of the class (Disk3, Volume3)."""
    n = 1
    while rules.name_in_use(snap, class_name, f"{prefix}{n}") is not None:
        n += 1
    return f"{prefix}{n}"


def set_combo_items(combo: QComboBox, names: Sequence[str], current: str) -> None:
    """Replace the items, keeping ``current`` shown (typed text stays in an editable combo)."""
    combo.blockSignals(True)
    try:
        if [combo.itemText(i) for i in range(combo.count())] != list(names):
            combo.clear()
            combo.addItems(list(names))
        if combo.isEditable():
            if combo.currentText() != current:  # (setting the same text would move the typing cursor)
                combo.setCurrentText(current)
        else:
            combo.setCurrentIndex(max(0, combo.findText(current)))
    finally:
        combo.blockSignals(False)


MAX_LIST_WIDTH = 420  # a list never asks for more: the dialogs must fit a 1024-pixel screen


def make_list(name: str, accessible: str, columns: Sequence[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    header = tree.header()
    # Before the columns are made and the last one stretched: Qt's default of 100 pixels would stay
    # the last column's least width, too wide for a narrow list (fit_columns widens to the contents).
    header.setMinimumSectionSize(40)
    header.setDefaultSectionSize(40)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    tree.setHeaderLabels(list(columns))
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return tree


def fit_columns(tree: QTreeWidget) -> None:
    """Widen columns to their contents plus a margin; never narrow one (the operator may have widened it).

    The list asks for the width its columns need (up to ``MAX_LIST_WIDTH``), so that a narrow side of
    a dialog does not cut its last column behind a scroll bar.
    """
    header = tree.header()
    metrics = header.fontMetrics()
    needed = 2 * tree.frameWidth() + tree.verticalScrollBar().sizeHint().width()
    for column in range(tree.columnCount()):
        title = metrics.horizontalAdvance(tree.headerItem().text(column)) + 20
        wanted = max(tree.sizeHintForColumn(column) + 14, title)
        needed += wanted
        if column < tree.columnCount() - 1 and tree.columnWidth(column) < wanted:
            tree.setColumnWidth(column, wanted)
    if tree.minimumWidth() < min(needed, MAX_LIST_WIDTH):
        tree.setMinimumWidth(min(needed, MAX_LIST_WIDTH))


def set_text(edit: QLineEdit, text: str) -> None:
    """Set a proposed value without disturbing the cursor when it is already there."""
    if edit.text() != text:
        edit.setText(text)


def list_label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


@dataclass(frozen=True)
class Row:
    """One line of a list: its key, its column texts, and its children (a disk's slices)."""

    key: str
    texts: tuple[str, ...]
    icon: QIcon | None = None
    enabled: bool = True
    tooltip: str = ""
    children: tuple[Row, ...] = field(default_factory=tuple)


def sync_list(tree: QTreeWidget, rows: Sequence[Row], parent: QTreeWidgetItem | None = None) -> None:
    """Make the list show ``rows``, updating items in place (selection, expansion and scroll stay).

    When the selected item goes (a disk disconnected or removed), nothing else is selected in its
    place: Qt would move the selection to a neighbour (another disk, with Disconnect or Remove
    enabled for it) that the operator never chose.
    """
    if parent is None:
        chosen = selected_key(tree)
        _sync_items(tree, rows, tree.invisibleRootItem())
        if chosen is not None and selected_key(tree) != chosen:
            forget_selection(tree)
        fit_columns(tree)
        return
    _sync_items(tree, rows, parent)


def forget_selection(tree: QTreeWidget) -> None:
    """Nothing selected and no current item (so that a key press does not select a neighbour)."""
    tree.clearSelection()
    tree.setCurrentItem(None)  # type: ignore[arg-type]
    tree.clearSelection()


def _sync_items(tree: QTreeWidget, rows: Sequence[Row], parent: QTreeWidgetItem) -> None:
    root = parent
    existing = {root.child(i).data(0, KEY_ROLE): root.child(i) for i in range(root.childCount())}
    wanted = {r.key for r in rows}
    for key, item in existing.items():
        if key not in wanted:
            root.removeChild(item)
    for position, row in enumerate(rows):
        item = existing.get(row.key)
        if item is None:
            item = QTreeWidgetItem()
            item.setData(0, KEY_ROLE, row.key)
            root.insertChild(position, item)
        elif root.indexOfChild(item) != position:
            selected = item.isSelected()
            root.removeChild(item)
            root.insertChild(position, item)
            item.setSelected(selected)
        for column, text in enumerate(row.texts):
            if item.text(column) != text:
                item.setText(column, text)
        if row.icon is not None:
            item.setIcon(0, row.icon)
        item.setToolTip(0, row.tooltip)
        item.setDisabled(not row.enabled)
        if not row.enabled and item.isSelected():
            item.setSelected(False)
        if row.children or item.childCount():
            was_empty = item.childCount() == 0
            _sync_items(tree, row.children, item)
            if was_empty:  # open a disk's slices when they first appear; later, as the operator left it
                item.setExpanded(True)


def selected_key(tree: QTreeWidget) -> str | None:
    items = tree.selectedItems()
    return items[0].data(0, KEY_ROLE) if items else None


def find_item(tree: QTreeWidget, key: str) -> QTreeWidgetItem | None:
    return next((item for item in _walk(tree.invisibleRootItem()) if item.data(0, KEY_ROLE) == key), None)


def select_key(tree: QTreeWidget, key: str) -> None:
    """Select the item of ``key`` (the object the operator just worked on, where it now is)."""
    item = find_item(tree, key)
    if item is not None:
        tree.setCurrentItem(item)
        item.setSelected(True)
        tree.scrollToItem(item)


def _walk(item: QTreeWidgetItem):
    for i in range(item.childCount()):
        child = item.child(i)
        yield child
        yield from _walk(child)


__all__ = [
    "SettingsSession", "SettingsDialog", "Row", "sync_list", "selected_key", "select_key", "find_item", "name_problem",
    "forget_selection",
    "next_free_name", "set_combo_items", "set_text", "make_list", "fit_columns", "list_label",
]
