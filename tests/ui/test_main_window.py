"""The main screen: tree, tables, menus, refresh from other processes, model sanity."""

from __future__ import annotations

from gdsview.core.model import AccessMode
from gdsview.ui.main_window import TITLE
from gui_helpers import visible_dialog
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester


def _menu_texts(menu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_title_and_menus(window):
    assert window.windowTitle() == TITLE == "GDS Management View"
    menus = {m.title().replace("&", ""): m for m in (a.menu() for a in window.menuBar().actions())}
    assert list(menus) == ["General", "Settings", "Operation", "Service", "View", "Help"]
    assert _menu_texts(menus["General"]) == ["Open Workspace...", "Change Monitoring Intervals...", "Reset Lab...",
                                             "Start Device Server", "Stop Device Server...", "Exit"]
    assert _menu_texts(menus["Settings"]) == ["Class Configuration...", "Group Configuration...",
                                              "Volume Configuration...", "File System Configuration..."]
    assert _menu_texts(menus["Operation"]) == [
        "Detach Slice", "Attach Slice", "Stop/Activate Slice", "Start Copying", "Cancel Copying",
        "Start Volume", "Stop Volume", "Swap Physical Disk", "Restore Physical Disk", "Back up from Access Path...",
        "Verify Backup...", "Change Attributes...", "Check Status"]
    assert _menu_texts(menus["Service"]) == ["Start Service...", "Stop Service", "Simulate Disk Failure",
                                             "End Simulated Failure"]
    assert _menu_texts(menus["View"])[:2] == ["Update Now", "Abnormal Objects only"]
    assert _menu_texts(menus["Help"]) == ["GDS Management View Help", "Status Legend", "About"]


def test_tree_shows_node_class_group_disks_volumes(window):
    m = window.tree_model
    node = m.index(0, 0)
    cls = m.index(0, 0, node)
    assert cls.data() == "Class1"
    group = m.index(0, 0, cls)
    assert group.data() == "Group1"
    children = [m.index(r, 0, group).data() for r in range(m.rowCount(group))]
    assert children == ["Disk1", "Disk2", "Volume1", "Volume2"]
    assert m.index(0, 0, group).data(Qt.ItemDataRole.DecorationRole) is not None


def test_models_pass_the_model_tester(qtbot, window, outside):
    testers = [QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
               for m in (window.tree_model, window.info.volumes, window.info.slices, window.info.disks,
                         window.log.model)]
    window.select_slice("Class1", "Disk2", "Volume1")
    # structural changes made elsewhere, merged into the live models
    outside.register_disk("Class1", "sdc", "Disk3")
    outside.detach_slice("Class1", "Disk2", "Volume1")
    outside.create_volume("Class1", "Group1", "Volume3", 2048)
    window.backend.refresh(force=True)
    outside.remove_disk("Class1", "Disk3")
    outside.stop_volume("Class1", "Volume3")
    outside.remove_volume("Class1", "Volume3")
    window.backend.refresh(force=True)
    assert testers


def test_clicking_a_volume_shows_its_slice_information(qtbot, window):
    window.select_class("Class1")
    assert [window.info.volumes.index(r, 0).data() for r in range(window.info.volumes.rowCount())] == [
        "Volume1", "Volume2"]
    view = window.info.volume_view
    rect = view.visualRect(window.info.volumes.index(1, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    slices = window.info.slices
    assert [slices.index(r, 0).data() for r in range(slices.rowCount())] == ["Disk1.Volume2", "Disk2.Volume2"]
    assert [slices.index(r, 2).data() for r in range(slices.rowCount())] == ["ACTIVE", "ACTIVE"]


def test_changes_made_elsewhere_show_up_at_the_monitoring_interval(qtbot, window, outside):
    window.backend.set_interval(1)
    window.select_slice("Class1", "Disk2", "Volume1")
    outside.detach_slice("Class1", "Disk2", "Volume1", mode=AccessMode.RO)
    slices = window.info.slices
    qtbot.waitUntil(lambda: slices.index(slices.row_of(("Class1", "Disk2", "Volume1")), 2).data() == "TEMP",
                    timeout=5000)
    row = slices.row_of(("Class1", "Disk2", "Volume1"))
    assert slices.index(row, slices.COL_MODE).data() == "Read only"
    # the selection survived the refresh
    assert window.selection().slice_name == "Disk2.Volume1"
    assert any("detached" in t for t in window.log.model.texts())


def test_selection_and_scroll_survive_refresh(qtbot, window, outside):
    for i in range(3, 30):
        outside.create_volume("Class1", "Group1", f"Volume{i}", 2048)
    window.backend.refresh(force=True)
    window.select_class("Class1")
    window.info.select_volume("Class1", "Volume25")
    view = window.info.volume_view
    view.scrollToBottom()
    before = view.verticalScrollBar().value()
    outside.stop_volume("Class1", "Volume3")
    window.backend.refresh(force=True)
    assert window.selection().volume == "Volume25"
    assert view.verticalScrollBar().value() == before
    assert window.info.volumes.index(window.info.volumes.row_of(("Class1", "Volume3")), 1).data() == "STOP"


def test_abnormal_objects_only(qtbot, window, outside):
    outside.detach_slice("Class1", "Disk2", "Volume1")
    window.backend.refresh(force=True)
    window.select_class("Class1")
    window.abnormal_action.trigger()
    volumes = [window.info.volumes.index(r, 0).data() for r in range(window.info.volumes.rowCount())]
    assert volumes == ["Volume1"]
    m = window.tree_model
    group = m.index(0, 0, m.index(0, 0, m.index(0, 0)))
    assert [m.index(r, 0, group).data() for r in range(m.rowCount(group))] == ["Volume1"]
    window.abnormal_action.trigger()
    assert window.info.volumes.rowCount() == 2


def test_change_monitoring_interval(qtbot, window):
    window.findChild(type(window.abnormal_action), "changeInterval").trigger()
    dialog = visible_dialog(qtbot, window, "monitoringIntervalDialog")
    dialog.spin.setValue(12)
    dialog.accept()
    assert window.backend.interval() == 12
    assert "12 s" in window.status_label.text()


def test_qt_bindings_keep_none_referenced(qapp):
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None on every void call, until the
    interpreter aborted at exit ("deallocating None"); pyproject pins it out. Catch a relapse."""
    import sys

    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        probe.setObjectName("probe")
    assert sys.getrefcount(None) > before - 100
