"""A pyqtgraph panel: throughput (MiB/s) and progress (%) of the copies running in this window."""

from __future__ import annotations

import time

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.resync import CopyStatus

PALETTE = ("#2f7fd8", "#d93025", "#2e9d3a", "#f29900", "#8e44ad", "#00897b")
MAX_POINTS = 2000


class CopyPlot(QWidget):
    """One line per slice being copied; x is seconds since the panel first saw a copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copyPlot")
        self.setAccessibleName("Copy throughput and progress")
        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        self.graphics = pg.GraphicsLayoutWidget()
        self.rate_plot = self.graphics.addPlot(row=0, col=0)
        self.rate_plot.setLabel("left", "Throughput", units="MiB/s")
        self.rate_plot.showGrid(x=True, y=True, alpha=0.3)
        self.rate_plot.addLegend(offset=(-10, 10))
        self.progress_plot = self.graphics.addPlot(row=0, col=1)
        self.progress_plot.setLabel("left", "Progress", units="%")
        self.progress_plot.setYRange(0, 100)
        self.progress_plot.showGrid(x=True, y=True, alpha=0.3)
        for p in (self.rate_plot, self.progress_plot):
            p.setLabel("bottom", "Time", units="s")
            p.setMouseEnabled(x=False, y=False)
        self.t0: float | None = None
        self.series: dict[str, tuple[list, list, list, object, object]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.graphics)

    def add(self, status: CopyStatus, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if self.t0 is None:
            self.t0 = now
        name = f"{status.disk}.{status.volume}"
        if name not in self.series:
            colour = PALETTE[len(self.series) % len(PALETTE)]
            pen = pg.mkPen(colour, width=2)
            self.series[name] = ([], [], [], self.rate_plot.plot(name=name, pen=pen),
                                 self.progress_plot.plot(pen=pen))
        xs, rates, progress, rate_line, progress_line = self.series[name]
        xs.append(now - self.t0)
        rates.append(status.rate_bps / (1 << 20))
        progress.append(100.0 * status.fraction)
        if len(xs) > MAX_POINTS:
            del xs[0], rates[0], progress[0]
        rate_line.setData(xs, rates)
        progress_line.setData(xs, progress)

    def points(self, name: str) -> int:
        return len(self.series[name][0]) if name in self.series else 0
