"""Feeding a progress dialog from a job's reports, and ending it without deleting it under Qt's feet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget


class ProgressFeed(QObject):
    """Shows a job's reports (emitted by ``signal``, from any thread) on ``dialog`` with ``update``.

    ``QProgressDialog.setValue`` on a window-modal dialog runs the pending events, among them the
    job's own end: closing and deleting the dialog there deleted it while ``setValue`` was still in
    it (a crash, now and then). So :meth:`end` called during an update waits until the update has
    returned, and reports that arrive after the end are dropped.
    """

    def __init__(self, dialog: QProgressDialog, signal: Any, update: Callable[[QProgressDialog, Any], None]) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self._signal = signal
        self._update = update
        self._updating = False
        self._then: Callable[[], None] | None = None
        self.finished = False
        signal.connect(self.report)

    @Slot(object)
    def report(self, value: Any) -> None:
        if self.finished or not (shiboken6.isValid(self) and shiboken6.isValid(self.dialog)):
            return
        self._updating = True
        try:
            self._update(self.dialog, value)
        finally:
            self._updating = False
        if self._then is not None:  # the job ended while the dialog was being updated
            then, self._then = self._then, None
            self._close(then)

    def end(self, then: Callable[[], None]) -> None:
        """Close the dialog, then call ``then`` (the result's message), once the dialog is not busy."""
        if self.finished:
            return
        self.finished = True
        self._signal.disconnect(self.report)
        if self._updating:
            self._then = then
        else:
            self._close(then)

    def _close(self, then: Callable[[], None]) -> None:
        self.dialog.close()
        self.dialog.deleteLater()
        then()


def cancellable_progress(parent: QWidget, title: str, label: str, cancel: str, name: str) -> QProgressDialog:
    """A window-modal progress dialog (0–1000) with a Cancel button, shown at once, closed by its owner."""
    progress = QProgressDialog(label, cancel, 0, 1000, parent)
    progress.setObjectName(name)
    progress.setWindowTitle(title)
    progress.setAccessibleName(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setMinimumDuration(0)
    progress.setMinimumWidth(480)
    return progress


__all__ = ["ProgressFeed", "cancellable_progress"]
