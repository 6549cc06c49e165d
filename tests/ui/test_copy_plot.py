"""The Copy Throughput panel: one series per copy, progress per copy within 0-100 %, axes that hold
everything drawn, tick labels that fit the width, and the redraw rate limit."""

from __future__ import annotations

import pytest
from gdsview.core.model import CopyStatus
from gdsview.core.names import MiB
from gdsview.ui.widgets.copy_plot import MAX_POINTS, PROGRESS_RANGE, REDRAW_MS, CopyPlot, ThinAxis, nice_step
from PySide6.QtGui import QFontMetrics

TOTAL = 1024 * MiB // 512  # blocks of a 1 GiB slice


def status(done: int, total: int = TOTAL, rate: float = 180 * MiB, disk="Disk3", volume="Volume1",
           finished=False) -> CopyStatus:
    return CopyStatus("Class1", volume, disk, done, total, rate, finished)


@pytest.fixture
def plot(qtbot):
    p = CopyPlot()
    qtbot.addWidget(p)
    p.resize(420, 220)
    p.show()
    qtbot.waitExposed(p)
    return p


def feed_copy(plot, start: float, seconds: int, **kwargs) -> None:
    """One copy reporting every second from ``start``, from 0 % to done."""
    for i in range(seconds + 1):
        plot.add(status(TOTAL * i // seconds, finished=i == seconds, **kwargs), now=start + i)


def test_two_copies_into_one_slice_are_two_series_never_joined(plot):
    feed_copy(plot, 1000.0, 6)  # the connect's copy
    feed_copy(plot, 1190.0, 2, rate=60 * MiB)  # the attach's, 190 s later
    names = [s.name for s in plot.series]
    assert names == ["Disk3.Volume1", "Disk3.Volume1 (2)"]
    first, second = plot.series
    assert first.xs[-1] == 6.0 and second.xs[0] == 190.0  # no point of one lies in the other's time
    for s in plot.series:  # each copy's own progress: from 0 to 100 %, never falling
        assert s.progress[0] == 0.0 and s.progress[-1] == 100.0
        assert s.progress == sorted(s.progress)
    assert "Disk3.Volume1 (2)" in plot.legend.text()


def test_a_copy_that_goes_back_or_falls_silent_is_a_new_series(plot):
    plot.add(status(TOTAL // 2), now=10.0)
    plot.add(status(TOTAL // 4), now=11.0)  # an interrupted copy restarted from an earlier point
    plot.add(status(TOTAL // 4 + 1), now=11.5)
    plot.add(status(TOTAL // 2), now=30.0)  # nothing for 18 s: not the same copy
    assert [len(s.xs) for s in plot.series] == [1, 2, 1]
    plot.add(status(TOTAL // 2, disk="Disk3", volume="Volume2"), now=30.5)  # another slice: its own
    assert len(plot.series) == 4


def test_progress_is_clamped_and_the_axes_hold_everything_drawn(qtbot, plot):
    plot.add(status(0, rate=10 * MiB), now=0.0)
    plot.add(status(TOTAL + 5000, rate=950 * MiB), now=37.0)  # a report past its total: drawn at 100 %
    plot.add(status(-10, total=TOTAL, disk="Disk4", rate=-1.0), now=38.0)  # nonsense: drawn at 0 %, 0 MiB/s
    assert max(max(s.progress) for s in plot.series) == 100.0
    assert min(min(s.progress) for s in plot.series) == 0.0
    plot.redraw()
    (x0, x1), (r0, r1), (p0, p1) = plot.ranges()
    assert x0 <= 0.0 and x1 >= 38.0
    assert r0 <= 0.0 and r1 >= 950.0
    assert (p0, p1) == PROGRESS_RANGE and p0 < 0.0 and p1 > 100.0  # 0 % and 100 % inside the plot, not on its edge
    for s in plot.series:
        assert all(x0 <= x <= x1 for x in s.xs) and all(r0 <= r <= r1 for r in s.rates)


def test_tick_labels_are_thinned_to_the_width(plot):
    axis = plot.rate_plot.getAxis("bottom")
    assert isinstance(axis, ThinAxis)
    narrow = axis.tickSpacing(0, 100, 120)[0][0]
    wide = axis.tickSpacing(0, 100, 1200)[0][0]
    assert narrow > wide  # fewer labels when narrow ...
    room = 120 / (100 / narrow)
    assert room >= QFontMetrics(axis.font()).horizontalAdvance("8888")  # ... each with room for its label
    assert nice_step(100, 4) == 50 and nice_step(100, 10) == 10


def test_points_per_series_are_bounded(plot):
    for i in range(MAX_POINTS + 50):
        plot.add(status(i), now=float(i) / 10)
    assert plot.points("Disk3.Volume1") == MAX_POINTS


def test_redraws_at_most_four_times_a_second(qtbot, plot, monkeypatch):
    draws: list[int] = []
    real = plot.redraw
    monkeypatch.setattr(plot, "redraw", lambda: (draws.append(1), real()))
    plot._timer.timeout.disconnect()
    plot._timer.timeout.connect(plot.redraw)
    assert REDRAW_MS >= 250
    for i in range(50):  # fifty reports at once: one redraw when the timer fires, not fifty
        plot.add(status(i * 100), now=float(i) / 100)
    assert draws == []
    qtbot.waitUntil(lambda: len(draws) >= 1, timeout=2000)
    qtbot.wait(REDRAW_MS * 3)
    assert len(draws) <= 4  # one with the data, then one that finds nothing new and stops the timer
    assert not plot._timer.isActive()
