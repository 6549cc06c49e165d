"""A pyqtgraph panel: throughput (MiB/s) and progress (%) of the copies running in this window.

Progress arrives up to ten times a second per copy; the panel stores it and redraws at most four
times a second, with axis ranges that move in whole steps, so painting never stalls the window.
"""

from __future__ import annotations

import math
import time

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.model import CopyStatus

PALETTE = ("#2f7fd8", "#d93025", "#2e9d3a", "#f29900", "#8e44ad", "#00897b")
MAX_POINTS = 2000
REDRAW_MS = 250


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^k at or above ``value``."""
    if value <= 0:
        return 1.0
    k = 10 ** math.floor(math.log10(value))
    return next(m * k for m in (1, 2, 5, 10) if m * k >= value)


class CopyPlot(QWidget):
    """One line per slice being copied; x is seconds since the panel first saw a copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copyPlot")
        self.setAccessibleName(self.tr("Copy throughput and progress"))
        pg.setConfigOptions(antialias=False, background="w", foreground="k")
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do with keys (nor the mouse)
        self.graphics.setAccessibleName(self.accessibleName())
        self.rate_plot = self.graphics.addPlot(row=0, col=0)
        self.rate_plot.setLabel("left", self.tr("Throughput (MiB/s)"))
        self.rate_plot.addLegend(offset=(-10, 10))
        self.progress_plot = self.graphics.addPlot(row=0, col=1)
        self.progress_plot.setLabel("left", self.tr("Progress (%)"))
        for p in (self.rate_plot, self.progress_plot):
            p.setLabel("bottom", self.tr("Time (s)"))
            p.showGrid(x=True, y=True, alpha=0.3)
            p.setMouseEnabled(x=False, y=False)
            p.disableAutoRange()
        self.progress_plot.setYRange(0, 100, padding=0)
        self._x_max = self._y_max = 0.0
        self._set_ranges(10.0, 100.0)
        self.t0: float | None = None
        self.series: dict[str, tuple[list, list, list, object, object]] = {}
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.graphics)

    def add(self, status: CopyStatus, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if self.t0 is None:
            self.t0 = now
        name = f"{status.disk}.{status.volume}"
        if name not in self.series:
            pen = pg.mkPen(PALETTE[len(self.series) % len(PALETTE)], width=2)
            self.series[name] = ([], [], [], self.rate_plot.plot(name=name, pen=pen),
                                 self.progress_plot.plot(pen=pen))
        xs, rates, progress, _rate_line, _progress_line = self.series[name]
        xs.append(now - self.t0)
        rates.append(status.rate_bps / (1 << 20))
        progress.append(100.0 * status.fraction)
        if len(xs) > MAX_POINTS:
            del xs[0], rates[0], progress[0]
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def redraw(self) -> None:
        if not self._dirty:
            self._timer.stop()
            return
        self._dirty = False
        x_max = y_max = 0.0
        for xs, rates, progress, rate_line, progress_line in self.series.values():
            rate_line.setData(xs, rates)
            progress_line.setData(xs, progress)
            x_max = max(x_max, xs[-1] if xs else 0.0)
            y_max = max(y_max, max(rates, default=0.0))
        self._set_ranges(x_max * 1.05, y_max * 1.1)

    def _set_ranges(self, x: float, y: float) -> None:
        x, y = nice_ceiling(max(x, 1.0)), nice_ceiling(max(y, 1.0))
        if x != self._x_max:  # changing a range re-renders its axis: only in whole steps
            self._x_max = x
            self.rate_plot.setXRange(0, x, padding=0)
            self.progress_plot.setXRange(0, x, padding=0)
        if y > self._y_max:
            self._y_max = y
            self.rate_plot.setYRange(0, y, padding=0)

    def points(self, name: str) -> int:
        return len(self.series[name][0]) if name in self.series else 0
