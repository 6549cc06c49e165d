"""What an Operation flow or a Settings dialog may use of its window, instead of the window itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.errors import SdxError
from ..core.model import Snapshot
from . import core_texts
from .dialogs import messages

if TYPE_CHECKING:
    from .backend import GuiBackend
    from .backend.requests import Request
    from .preferences import Preferences


class WindowContext:
    """The backend, a parent for dialogs, the window's messages and its preferences. GUI thread only.

    ``log_error`` writes a line to the window's Log Information field (the window passes its own).
    """

    def __init__(self, parent: QWidget, backend: GuiBackend, log_error: Callable[[str], None],
                 preferences: Preferences | None = None) -> None:
        self.parent = parent
        self.backend = backend
        self.log_error = log_error
        self.preferences = preferences
        #: the Help section of the operation last started (F1 in its boxes opens there)
        self.help_section: str | None = None

    @property
    def snapshot(self) -> Snapshot:
        return self.backend.snapshot

    def run(self, title: str, request: Request, on_done: Callable[[Any], None] | None = None) -> None:
        """Apply ``request`` in the backend; its refusal is shown (and logged) under ``title``."""
        self.backend.run(request, on_done, lambda e: self.report_error(title, e))

    def failed(self, title: str) -> Callable[[SdxError], None]:
        """The error callback for a backend call made under ``title``."""
        return lambda e: self.report_error(title, e)

    def report_error(self, title: str, error: SdxError) -> None:
        self.log_error(core_texts.error(error))
        messages.fail(self.parent, title, error)

    def ask(self, title: str, question: str, on_yes: Callable[[], None], *, destructive: bool = False) -> QMessageBox:
        """Yes/No first (``dialogs.messages``: the rule of what asks, and which answer is the default)."""
        return messages.ask(self.parent, title, question, on_yes, destructive=destructive)

    def tell(self, title: str, text: str, **options: Any) -> QMessageBox:
        return messages.tell(self.parent, title, text, **options)

    def confirm_then_run(self, title: str, question: str, request: Request,
                         done_text: Callable[[Any], str], *, destructive: bool = False) -> None:
        """The common tail of every operation: Yes/No, the request on a worker, completion or error."""
        self.ask(title, question, lambda: self.run(title, request, lambda result: self.tell(title, done_text(result))),
                 destructive=destructive)


__all__ = ["WindowContext"]
