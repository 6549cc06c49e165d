"""Running backend calls on a thread pool and delivering their outcome in the GUI thread."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal, Slot

from ...core.errors import SdxError
from .. import core_texts


class Relay(QObject):
    """Carries one job's outcome to the GUI thread: bound-method slots of a GUI-thread object,
    so the queued connection delivers them there (a bare lambda may run in the emitting thread)."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, finish: Callable[[Relay, Callable | None, Any], None], on_done, on_error) -> None:
        super().__init__()
        self._finish, self._on_done, self._on_error = finish, on_done, on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    @Slot(object)
    def _deliver_done(self, value: Any) -> None:
        self._finish(self, self._on_done, value)

    @Slot(object)
    def _deliver_failed(self, error: Any) -> None:
        self._finish(self, self._on_error, error)


class Job(QRunnable):
    """One call on a pool thread; a refusal (SdxError) or a bug both come back as an SdxError."""

    def __init__(self, fn: Callable[[], Any], relay: Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except SdxError as e:
            self.relay.failed.emit(e)
        except Exception as e:  # a bug, not a refusal: show it rather than lose it
            traceback.print_exc()
            self.relay.failed.emit(SdxError(core_texts.INTERNAL_ERROR.format(error=e)))
        else:
            self.relay.done.emit(result)
