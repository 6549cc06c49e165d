"""The window fits the screen: the first start takes the room the screen has, a saved geometry from
a larger screen is made to fit, and the Procedure panel is shown or not as the operator left it."""

from __future__ import annotations

import shiboken6
from gdsview.core.storage.workspace import Workspace
from gdsview.ui import screen_fit
from gdsview.ui.backend import GuiBackend
from gdsview.ui.main_window import PREFERRED_SIZE, MainWindow
from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtWidgets import QWidget


def _window(qtbot, root, preferences=None) -> MainWindow:
    backend = GuiBackend(Workspace(root))
    w = MainWindow(backend, preferences)
    qtbot.addWidget(w)
    backend.start()
    return w


def _close(w: MainWindow) -> None:
    if shiboken6.isValid(w) and not w.closing:
        w.close_without_asking()


def _inside(w: QWidget) -> bool:
    return screen_fit.available(w).contains(w.frameGeometry())


def test_the_first_start_fits_the_available_screen(qtbot, lab, monkeypatch):
    room = QRect(0, 0, 1366, 738)  # a 1366x768 screen less a 30 px panel
    monkeypatch.setattr(screen_fit, "available", lambda _w: room)
    w = _window(qtbot, lab.root)
    try:
        size = w.size()
        assert size.height() + screen_fit.FRAME_GUESS.top() + screen_fit.FRAME_GUESS.bottom() <= room.height()
        assert size.width() == PREFERRED_SIZE.width()  # as wide as it likes: there is room
        assert size.height() < PREFERRED_SIZE.height()  # 800 would not fit 738
        w.show()
        qtbot.waitExposed(w)
        assert room.contains(w.frameGeometry())
        assert w.minimumSizeHint().height() <= room.height()  # nothing forces it larger than the screen
    finally:
        _close(w)


def test_on_a_roomy_screen_it_opens_at_its_preferred_size(qtbot, lab, monkeypatch):
    monkeypatch.setattr(screen_fit, "available", lambda _w: QRect(0, 0, 1920, 1050))
    w = _window(qtbot, lab.root)
    try:
        assert w.size() == PREFERRED_SIZE
        assert (w.x(), w.y()) == ((1920 - 1280 - 8) // 2, (1050 - 800 - 36) // 2)  # centred, frame and all
    finally:
        _close(w)


def test_a_saved_geometry_that_no_longer_fits_is_clamped(qtbot, lab, preferences, monkeypatch):
    big = QRect(0, 0, 2560, 1410)
    monkeypatch.setattr(screen_fit, "available", lambda _w: big)
    w = _window(qtbot, lab.root, preferences)
    w.setGeometry(1200, 500, 1600, 900)  # on the large screen, towards its bottom right
    w.show()
    qtbot.waitExposed(w)
    w.close_without_asking()  # saves the layout
    assert preferences.geometry() is not None

    small = QRect(0, 0, 1024, 738)
    monkeypatch.setattr(screen_fit, "available", lambda _w: small)
    again = _window(qtbot, lab.root, preferences)
    try:
        again.show()
        qtbot.waitExposed(again)
        assert small.contains(again.frameGeometry()), again.frameGeometry()
        assert again.width() <= 1024 and again.height() <= 738
    finally:
        _close(again)


def test_clamping_moves_and_shrinks_only_what_sticks_out(qtbot, monkeypatch):
    room = QRect(0, 0, 1024, 738)
    monkeypatch.setattr(screen_fit, "available", lambda _w: room)
    w = QWidget()
    qtbot.addWidget(w)
    w.resize(600, 400)
    w.move(100, 100)
    assert not screen_fit.clamp_to_screen(w) and w.size() == QSize(600, 400)
    w.move(900, 600)
    assert screen_fit.clamp_to_screen(w)
    assert w.size() == QSize(600, 400) and w.x() + 600 + 8 <= 1024 and w.y() + 400 + 36 <= 738
    w.resize(3000, 2000)
    assert screen_fit.clamp_to_screen(w)
    assert w.width() + 8 <= 1024 and w.height() + 36 <= 738 and w.pos().x() >= 0 and w.pos().y() >= 0


def test_the_procedure_panel_stays_as_the_operator_left_it(qtbot, lab, preferences):
    w = _window(qtbot, lab.root, preferences)
    w.show()
    qtbot.waitExposed(w)
    assert w.lab.procedure_dock.isVisible()  # shown the first time
    toggle = w.lab.procedure_dock.toggleViewAction()
    assert toggle in w.menus["menuView"].actions()
    toggle.trigger()  # View → Procedure: closed
    assert not w.lab.procedure_dock.isVisible() and preferences.procedure_visible() is False
    w.close_without_asking()
    again = _window(qtbot, lab.root, preferences)
    try:
        again.show()
        qtbot.waitExposed(again)
        assert not again.lab.procedure_dock.isVisible()  # remembered
        again.lab.procedure_dock.toggleViewAction().trigger()  # and reopened from View
        assert again.lab.procedure_dock.isVisible() and preferences.procedure_visible() is True
    finally:
        _close(again)


def test_restore_layout_clamps_another_windows_geometry(qtbot, lab, monkeypatch):
    """General → Open Workspace hands the old window's geometry to the new one: it is made to fit too."""
    monkeypatch.setattr(screen_fit, "available", lambda _w: QRect(0, 0, 2000, 1200))
    donor = QWidget()
    qtbot.addWidget(donor)
    donor.setGeometry(100, 100, 1900, 1050)
    geometry = donor.saveGeometry()
    monkeypatch.setattr(screen_fit, "available", lambda _w: QRect(0, 0, 1366, 738))
    w = _window(qtbot, lab.root)
    try:
        w.restore_layout(QByteArray(geometry), None)
        assert w.width() <= 1366 - 8 and w.height() <= 738 - 36
    finally:
        _close(w)


def _columns_fit(view) -> bool:
    """Every column is shown whole: the header is no longer than the list's viewport."""
    return view.header().length() <= view.viewport().width() and not view.horizontalScrollBar().isVisible()


def test_a_settings_lists_columns_are_not_cut(qtbot, lab):
    from gdsview.core.policy.manager import VolumeManager
    from gui_helpers import idle, open_settings, shown_window

    VolumeManager(Workspace(lab.root)).register_disk("Class1", "sdc", "Disk3")  # a disk not connected
    with shown_window(qtbot, lab.root) as w:
        dialog = open_settings(qtbot, w, "groupConfiguration", "groupConfigurationDialog")
        idle(qtbot, dialog)
        assert dialog.free.topLevelItemCount() == 1
        assert _columns_fit(dialog.free), [dialog.free.columnWidth(c) for c in range(3)]
        assert _columns_fit(dialog.members)
        dialog.close()


def test_a_status_that_grows_is_not_cut(qtbot, lab):
    """TEMP becomes TEMP-STOP (Stop Slice, or a node switch) with the same rows: the column widens."""
    from gdsview.core.policy.manager import VolumeManager
    from gui_helpers import shown_window

    with shown_window(qtbot, lab.root) as w:
        outside = VolumeManager(Workspace(lab.root), source="sdxslice")
        outside.detach_slice("Class1", "Disk2", "Volume1")
        w.backend.refresh(force=True)
        w.select_class("Class1")
        w.info.select_volume("Class1", "Volume1")
        view = w.info.slice_view
        qtbot.waitUntil(lambda: any(view.model().index(r, 2).data() == "TEMP"
                                    for r in range(view.model().rowCount())))
        outside.stop_slice("Class1", "Disk2", "Volume1")
        w.backend.refresh(force=True)

        def shown_whole() -> bool:
            model = view.model()
            for r in range(model.rowCount()):
                for c in range(model.columnCount() - 1):
                    text = str(model.index(r, c).data() or "")
                    if text == "TEMP-STOP":
                        return view.columnWidth(c) >= view.fontMetrics().horizontalAdvance(text) + 8
            return False

        qtbot.waitUntil(shown_whole, timeout=5_000)
