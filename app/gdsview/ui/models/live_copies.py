"""Live copy progress overlaid on what the database recorded (the Slice Information list and the
Group Configuration dialog show the same figures)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Slot

from ...core.model import CopyStatus, SliceInfo, SliceState


@dataclass(frozen=True)
class SliceProgress:
    done_blocks: int
    total_blocks: int
    rate_bps: float | None  # None: the recorded figure (no copy reports live in this window)

    @property
    def percent(self) -> str:
        return f"{self.done_blocks / self.total_blocks:.0%}" if self.total_blocks else "100%"

    @property
    def live(self) -> bool:
        return self.rate_bps is not None


class LiveCopies(QObject):
    """The latest CopyStatus of every copy this window runs, by slice. GUI thread only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._live: dict[tuple[str, str, str], CopyStatus] = {}

    @Slot(object)
    def update(self, status: CopyStatus) -> None:
        self._live[(status.class_name, status.disk, status.volume)] = status

    def forget(self, class_name: str, disk: str) -> None:
        """Drop what copies into ``disk`` reported (the disk was connected anew)."""
        self._live = {k: v for k, v in self._live.items() if k[:2] != (class_name, disk)}

    def progress(self, s: SliceInfo) -> SliceProgress | None:
        """The copy into ``s``: the live figure while it runs here, else the recorded one, else None."""
        live = self._live.get((s.class_name, s.disk, s.volume))
        if s.state is SliceState.COPY and live is not None and not live.finished:
            return SliceProgress(live.done_blocks, live.total_blocks, live.rate_bps)
        if s.copy is not None:
            return SliceProgress(s.copy.done_blocks, s.copy.total_blocks, None)
        return None
