"""Live copy progress overlaid on what the database recorded (the Slice Information list and the
Group Configuration dialog show the same figures)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Slot

from ...core.model import CopyStatus, SliceInfo, SliceState
from ...core.names import BLOCK


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

    @property
    def eta_seconds(self) -> float | None:
        """How long the rest of the copy takes at its current rate (None: no rate to go by)."""
        if not self.rate_bps or self.total_blocks <= 0:
            return None
        return max(0, self.total_blocks - self.done_blocks) * BLOCK / self.rate_bps

    def text(self) -> str:
        """``42%  (180 MiB/s, 0:03 left)``: the Slice Information list's and Group Configuration's figure."""
        if not self.live:
            return self.percent
        rate = f"{(self.rate_bps or 0) / (1 << 20):.0f} MiB/s"
        eta = self.eta_seconds
        if eta is None:
            return f"{self.percent}  ({rate})"
        return f"{self.percent}  ({rate}, " + eta_text(eta) + ")"


def eta_text(seconds: float) -> str:
    """``0:03 left`` (minutes:seconds; hours:minutes:seconds past an hour), in the GUI's language."""
    s = int(seconds + 0.999)
    clock = f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    return QCoreApplication.translate("Columns", "{time} left").format(time=clock)


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

    def running(self, class_name: str, volume: str) -> list[SliceProgress]:
        """The live progress of the copies into the volume's slices that run in this window."""
        return [SliceProgress(st.done_blocks, st.total_blocks, st.rate_bps) for (c, _d, v), st in self._live.items()
                if c == class_name and v == volume and not st.finished]

    def progress(self, s: SliceInfo) -> SliceProgress | None:
        """The copy into ``s``: the live figure while it runs here, else the recorded one, else None."""
        live = self._live.get((s.class_name, s.disk, s.volume))
        if s.state is SliceState.COPY and live is not None and not live.finished:
            return SliceProgress(live.done_blocks, live.total_blocks, live.rate_bps)
        if s.copy is not None:
            return SliceProgress(s.copy.done_blocks, s.copy.total_blocks, None)
        return None
