"""A pyqtgraph panel: throughput (MiB/s) and progress (%) of the copies running in this window.

Each copy is its own series: a second copy into the same slice (the attach after the connect) is
a new line, never joined to the first one across the idle time between them, and its progress
starts again at 0 %. Progress is the copy's own, clamped to 0-100 %. The axes always hold the
whole of every line drawn, and their tick labels are thinned to what fits the plot's width.

Progress arrives up to ten times a second per copy; the panel stores it and redraws at most four
times a second, with axis ranges that move in whole steps, so painting never stalls the window.
"""

from __future__ import annotations

import html
import math
import time
from dataclasses import dataclass, field

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...core.model import CopyStatus

PALETTE = ("#2f7fd8", "#d93025", "#2e9d3a", "#f29900", "#8e44ad", "#00897b")
MAX_POINTS = 2000  # per series
MAX_SERIES = 12  # the oldest go first
REDRAW_MS = 250
NEW_COPY_GAP_S = 5.0  # reports this far apart are two copies (a copy reports at least once a second)
PROGRESS_RANGE = (-5.0, 110.0)  # 0 % and 100 % (and its tick label) inside the plot, not on its edges
EDGE = 0.03  # the share of an axis's range left round its ends


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^k at or above ``value``."""
    if value <= 0:
        return 1.0
    k = 10 ** math.floor(math.log10(value))
    return next(m * k for m in (1, 2, 5, 10) if m * k >= value)


def nice_step(span: float, count: float) -> float:
    """A 1, 2 or 5 × 10^k step that cuts ``span`` into at most ``count`` parts."""
    return nice_ceiling(span / max(count, 1.0))


class ThinAxis(pg.AxisItem):
    """An axis whose labelled ticks are at least a label's size apart: at any width, "2 4 6 8" never
    runs together into "2468". One level of ticks (the grid follows them)."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float):  # noqa: N802, N803 - pyqtgraph's names
        span = maxVal - minVal
        if span <= 0 or size <= 0:
            return super().tickSpacing(minVal, maxVal, size)
        metrics = QFontMetrics(self.style.get("tickFont") or self.font())
        if self.orientation in ("bottom", "top"):
            widest = f"{max(abs(minVal), abs(maxVal)):.0f}"  # the longest label: "40", "1000"
            room = metrics.horizontalAdvance("8" * len(widest)) + 12
        else:
            room = metrics.height() * 1.6
        return [(nice_step(span, size / room), 0.0)]


@dataclass
class Series:
    """One copy into one slice: its points, its lines on both plots."""

    name: str
    slice_key: tuple[str, str, str]
    colour: str
    xs: list[float] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)
    progress: list[float] = field(default_factory=list)
    last_done: int = -1
    last_total: int = 0
    last_at: float = 0.0
    finished: bool = False
    rate_line: object = None
    progress_line: object = None


class CopyPlot(QWidget):
    """One line per copy; x is seconds since the panel first saw a copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copyPlot")
        self.setAccessibleName(self.tr("Copy throughput and progress"))
        pg.setConfigOptions(antialias=False, background="w", foreground="k")
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do with keys (nor the mouse)
        self.graphics.setAccessibleName(self.accessibleName())
        self.rate_plot = self.graphics.addPlot(row=0, col=0, axisItems=self._axes())
        self.rate_plot.setLabel("left", self.tr("Throughput (MiB/s)"))
        self.progress_plot = self.graphics.addPlot(row=0, col=1, axisItems=self._axes())
        self.progress_plot.setLabel("left", self.tr("Progress (%)"))
        for p in (self.rate_plot, self.progress_plot):
            p.setLabel("bottom", self.tr("Time (s)"))
            p.showGrid(x=True, y=True, alpha=0.3)
            p.setMouseEnabled(x=False, y=False)
            p.hideButtons()
            p.disableAutoRange()
        self.progress_plot.setYRange(*PROGRESS_RANGE, padding=0)
        # The legend is a line of text under the plots: it wraps, never covers a line, never clips.
        self.legend = QLabel()
        self.legend.setObjectName("copyPlotLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAccessibleName(self.tr("Copies shown"))
        self._x_max = self._y_max = 0.0
        self._set_ranges(10.0, 100.0)
        self.t0: float | None = None
        self.series: list[Series] = []
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.legend)
        self.legend.setText(self.tr("No copy yet."))

    @staticmethod
    def _axes() -> dict:
        return {"bottom": ThinAxis("bottom"), "left": ThinAxis("left")}

    # -- data ---------------------------------------------------------------------------------
    def add(self, status: CopyStatus, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if self.t0 is None:
            self.t0 = now
        series = self._series_for(status, now)
        series.xs.append(now - self.t0)
        series.rates.append(max(0.0, status.rate_bps) / (1 << 20))
        series.progress.append(min(100.0, max(0.0, 100.0 * status.fraction)))
        series.last_done, series.last_total, series.last_at = status.done_blocks, status.total_blocks, now
        series.finished = status.finished
        if len(series.xs) > MAX_POINTS:
            del series.xs[0], series.rates[0], series.progress[0]
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def _series_for(self, status: CopyStatus, now: float) -> Series:
        """The series this report continues, or a new one: a copy that finished, went back, changed
        its total or fell silent does not go on — the report is another copy's."""
        key = (status.class_name, status.disk, status.volume)
        last = next((s for s in reversed(self.series) if s.slice_key == key), None)
        if last is not None and not last.finished and status.done_blocks >= last.last_done \
                and status.total_blocks == last.last_total and now - last.last_at < NEW_COPY_GAP_S:
            return last
        runs = sum(1 for s in self.series if s.slice_key == key)
        name = f"{status.disk}.{status.volume}" + (f" ({runs + 1})" if runs else "")
        colour = PALETTE[len(self.series) % len(PALETTE)]
        pen = pg.mkPen(colour, width=2)
        series = Series(name, key, colour, rate_line=self.rate_plot.plot(pen=pen),
                        progress_line=self.progress_plot.plot(pen=pen))
        self.series.append(series)
        if len(self.series) > MAX_SERIES:
            old = self.series.pop(0)
            self.rate_plot.removeItem(old.rate_line)
            self.progress_plot.removeItem(old.progress_line)
        self._legend()
        return series

    def _legend(self) -> None:
        self.legend.setText("&nbsp;&nbsp; ".join(
            f'<span style="color:{s.colour}">&#9632;</span>&nbsp;{html.escape(s.name)}' for s in self.series))

    # -- drawing ------------------------------------------------------------------------------
    def redraw(self) -> None:
        if not self._dirty:
            self._timer.stop()
            return
        self._dirty = False
        x_max = y_max = 0.0
        for s in self.series:
            s.rate_line.setData(s.xs, s.rates)
            s.progress_line.setData(s.xs, s.progress)
            x_max = max(x_max, s.xs[-1] if s.xs else 0.0)
            y_max = max(y_max, max(s.rates, default=0.0))
        self._set_ranges(x_max * 1.05, y_max * 1.1)

    def _set_ranges(self, x: float, y: float) -> None:
        x, y = nice_ceiling(max(x, 1.0)), nice_ceiling(max(y, 1.0))
        if x != self._x_max:  # changing a range re-renders its axis: only in whole steps
            self._x_max = x
            # a little room round 0 and the end, so that their tick labels are drawn too
            self.rate_plot.setXRange(-x * EDGE, x * (1 + EDGE), padding=0)
            self.progress_plot.setXRange(-x * EDGE, x * (1 + EDGE), padding=0)
        if y > self._y_max:
            self._y_max = y
            self.rate_plot.setYRange(-y * EDGE, y * (1 + EDGE), padding=0)

    def ranges(self) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
        """(x, rate y, progress y) as the plots show them now (for checks)."""
        (x0, x1), (r0, r1) = self.rate_plot.viewRange()
        _x, (p0, p1) = self.progress_plot.viewRange()
        return (x0, x1), (r0, r1), (p0, p1)

    def points(self, name: str) -> int:
        return sum(len(s.xs) for s in self.series if s.name == name)
