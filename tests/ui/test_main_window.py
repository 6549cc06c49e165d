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
        "Verify Backup...", "Restore Backup...", "Change Attributes...", "Check Status"]
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


def test_one_node_name_everywhere(window):
    from gdsview.core.names import node_name
    from gdsview.docs.runner import NODE_NAME

    assert window.tree_model.index(0, 0).data() == node_name() == NODE_NAME == "node1"


def test_configuration_tree_is_named_once_and_sized_to_its_names(qtbot, window):
    assert window.tree.isHeaderHidden()  # its panel's title says "Configuration Tree"
    window.tree.expandAll()
    assert window.top_splitter.sizes()[0] >= window.tree.sizeHintForColumn(0)  # no name elided to nothing
    qtbot.wait(10)  # the column is measured once the rows are in
    assert window.tree.columnWidth(0) >= window.tree.sizeHintForColumn(0)  # (a name too long scrolls instead)


def test_a_detached_slices_volume_has_one_status_and_one_colour(window, outside):
    from gdsview.ui.icons import colour_of

    outside.detach_slice("Class1", "Disk2", "Volume1")
    window.backend.refresh(force=True)
    window.select_class("Class1")
    tree = window.tree_model.node(window.tree_model.index_of(("volume", "Class1", "Volume1")))
    row = window.info.volumes.items[window.info.volumes.row_of(("Class1", "Volume1"))]
    assert row.status.value == "ACTIVE"
    assert tree.colour == colour_of(row.status) == "normal"  # the volume: green in the tree and in its row
    assert "Disk2.Volume1: TEMP" in tree.tip
    group = window.tree_model.node(window.tree_model.index_of(("group", "Class1", "Group1")))
    assert group.colour == "temp"  # its group shows there is a detached slice in it


def test_a_disabled_item_explains_itself_beside_the_menu_and_in_the_status_bar(qtbot, window):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent, QMouseEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    menu = window.operation_menu
    window.menuBar().setActiveAction(menu.menuAction())
    qtbot.waitUntil(menu.isVisible, timeout=5_000)
    action = window.operation_actions["attach"][1]
    assert not action.isEnabled()
    rect = menu.actionGeometry(action)
    QApplication.sendEvent(menu, QMouseEvent(QEvent.Type.MouseMove, rect.center(), menu.mapToGlobal(rect.center()),
                                             Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                             Qt.KeyboardModifier.NoModifier))
    hint = "Select a slice in the Slice Information list first."
    assert window.statusBar().currentMessage() == hint  # a hint, not "SDX:gdsview: ERROR: ..."
    QApplication.sendEvent(menu, QHelpEvent(QEvent.Type.ToolTip, rect.center(), menu.mapToGlobal(rect.center())))
    qtbot.waitUntil(QToolTip.isVisible, timeout=5_000)
    assert QToolTip.text() == hint
    tip = next(w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible())
    below = menu.mapToGlobal(QPoint(0, rect.bottom() + 1))
    assert tip.geometry().left() >= menu.mapToGlobal(QPoint(menu.width(), 0)).x()  # beside the menu ...
    assert not tip.geometry().intersects(menu.geometry()) or tip.geometry().top() < below.y()  # ... not over it
    QToolTip.hideText()
    menu.hide()


def test_the_log_level_column_holds_its_words(window):
    view = window.log.view
    width = view.horizontalHeader().sectionSize(1)
    assert width >= view.fontMetrics().horizontalAdvance("WARNING") + 16  # and its icon


def test_the_status_bar_shows_a_copys_eta(qtbot, window):
    from gdsview.core.model import CopyStatus
    from gdsview.core.names import MiB

    window.backend.copies_running = lambda: [("Class1", "Volume1")]
    window.backend.copyProgress.emit(CopyStatus("Class1", "Volume1", "Disk2", 8 * MiB // 512, 32 * MiB // 512,
                                                12 * MiB))
    assert "copying: Volume1 25%, 0:02 left" in window.status_label.text()
