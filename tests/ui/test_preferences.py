"""Settings that persist (QSettings in the test's own folder) and General → Open Workspace…."""

from __future__ import annotations

import shiboken6
from gdsview.core.model import SliceState
from gdsview.core.storage.workspace import ENV_HOME, Workspace
from gdsview.ui import app as gui_app
from gdsview.ui.backend import GuiBackend
from gdsview.ui.main_window import MainWindow
from gdsview.ui.preferences import Preferences
from gui_helpers import answer, default_of, visible_dialog
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

Ok, Yes, No = QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def _open(qtbot, root, preferences) -> MainWindow:
    backend = GuiBackend(Workspace(root))
    w = MainWindow(backend, preferences)
    qtbot.addWidget(w)
    backend.start()
    w.show()
    qtbot.waitExposed(w)
    return w


def _close(w: MainWindow) -> None:
    if shiboken6.isValid(w) and not w.closing:
        w.close_without_asking()


def test_the_settings_file_is_the_tests_own(settings_in_tmp, preferences):
    assert preferences.path().startswith(str(settings_in_tmp))
    assert preferences.path().endswith("gdsview/gdsview.ini")


def test_window_layout_and_monitoring_interval_persist(qtbot, lab, preferences, settings_in_tmp):
    w = _open(qtbot, lab.root, preferences)
    w.resize(760, 560)  # within the offscreen screen (800x600): restoreGeometry keeps a window on it
    w.main_splitter.setSizes([300, 200])
    w.top_splitter.setSizes([300, 400])
    qtbot.wait(50)
    main, top = w.main_splitter.sizes(), w.top_splitter.sizes()
    w.findChild(type(w.abnormal_action), "changeInterval").trigger()
    dialog = visible_dialog(qtbot, w, "monitoringIntervalDialog")
    dialog.spin.setValue(12)
    dialog.accept()
    assert w.backend.interval() == 12
    _close(w)

    settings = QSettings(preferences.path(), QSettings.Format.IniFormat)
    assert int(settings.value("monitoring/interval")) == 12
    assert settings.value("workspace/last") == str(lab.root)

    again = _open(qtbot, lab.root, Preferences())
    try:
        assert (again.width(), again.height()) == (760, 560)
        assert again.main_splitter.sizes() == main and again.top_splitter.sizes() == top
        assert again.backend.interval() == 12 and "every 12 s" in again.status_label.text()
    finally:
        _close(again)


def test_no_preferences_means_nothing_is_read_or_written(qtbot, lab, preferences):
    preferences.set_interval(30)
    w = _open(qtbot, lab.root, None)
    assert w.backend.interval() == 5  # the default, not the saved 30
    w.set_interval(9)
    _close(w)
    assert Preferences().interval(5) == 30


def test_the_last_workspace_is_reopened_unless_another_is_named(lab, preferences, monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_HOME, raising=False)
    assert gui_app.choose_workspace(None, preferences) is None  # never opened one: the default
    preferences.set_last_workspace(lab.root)
    assert gui_app.choose_workspace(None, preferences) == str(lab.root)
    assert gui_app.choose_workspace("/somewhere/else", preferences) == "/somewhere/else"
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "home"))
    assert gui_app.choose_workspace(None, preferences) is None  # $GDSVIEW_HOME decides, as for sdx*
    monkeypatch.delenv(ENV_HOME)
    preferences.set_last_workspace(tmp_path / "gone")
    assert gui_app.choose_workspace(None, preferences) is None


def test_the_backup_dialog_starts_in_the_last_backup_folder(qtbot, lab, preferences, outside, tmp_path):
    outside.detach_slice("Class1", "Disk2", "Volume1")
    w = _open(qtbot, lab.root, preferences)
    try:
        w.backend.refresh(force=True)
        w.select_slice("Class1", "Disk2", "Volume1")
        w.operation_actions["backup"][1].trigger()
        dialog = visible_dialog(qtbot, w, "backupFileDialog", QFileDialog)
        assert dialog.directory().absolutePath() == str(lab.root / "backups")
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        dialog.fileSelected.emit(str(elsewhere / "first.img"))
        dialog.reject()
        answer(qtbot, w, "confirmDialog", Yes)
        answer(qtbot, w, "completionDialog", Ok)
        assert (elsewhere / "first.img").is_file()
        assert preferences.backup_folders() == [elsewhere]

        w.operation_actions["backup"][1].trigger()
        dialog = visible_dialog(qtbot, w, "backupFileDialog", QFileDialog)
        assert dialog.directory().absolutePath() == str(elsewhere)
        dialog.reject()
        w.operation_actions["verify_backup"][1].trigger()
        dialog = visible_dialog(qtbot, w, "verifyFileDialog", QFileDialog)
        assert dialog.directory().absolutePath() == str(elsewhere)
        dialog.reject()
    finally:
        _close(w)


def test_recent_backup_folders_are_few_and_most_recent_first(preferences, tmp_path):
    folders = [tmp_path / f"f{i}" for i in range(7)]
    for f in folders:
        f.mkdir()
        preferences.add_backup_folder(f)
    preferences.add_backup_folder(folders[3])
    assert preferences.backup_folders() == [folders[3], folders[6], folders[5], folders[4], folders[2]]
    folders[6].rmdir()
    assert folders[6] not in preferences.backup_folders()


def test_open_workspace_switches_labs(qtbot, lab, preferences, tmp_path):
    first = gui_app.open_window(lab.root, preferences)
    windows = [first]
    try:
        qtbot.waitExposed(first)
        # the application's window on a lab at its start: the service writes, as on a volume in production
        qtbot.waitUntil(lambda: [st.volume for st in first.backend.lab.service_statuses()] == ["Volume1"],
                        timeout=10_000)
        # a folder of other things is refused, and nothing changes
        other = tmp_path / "documents"
        other.mkdir()
        (other / "letter.txt").write_text("not a workspace")
        first.open_workspace(other)
        text = answer(qtbot, first, "errorDialog", Ok)
        assert "not a gdsview workspace" in text and first.isVisible()

        # General → Open Workspace…, an empty folder: a new window on the demo lab replaces this one
        fresh = tmp_path / "new-lab"
        fresh.mkdir()
        first.findChild(type(first.abnormal_action), "openWorkspace").trigger()
        dialog = visible_dialog(qtbot, first, "workspaceDialog", QFileDialog)
        assert dialog.fileMode() == QFileDialog.FileMode.Directory
        dialog.fileSelected.emit(str(fresh))
        dialog.reject()
        assert default_of(qtbot, first) == No  # the service stops: only when said
        assert "The service is writing to Volume1" in answer(qtbot, first, "confirmDialog", Yes)
        qtbot.waitUntil(lambda: len(gui_app._open_windows) == 1 and gui_app._open_windows[0] is not first,
                        timeout=20_000)
        second = gui_app._open_windows[0]
        windows.append(second)
        assert second.backend.ws.root == fresh and second.isVisible()
        snap = second.backend.snapshot
        assert [v.name for v in snap.volumes] == ["Volume1", "Volume2"]
        assert [p.name for p in snap.physical_disks] == ["sda", "sdb", "sdc"]
        assert preferences.last_workspace() == fresh
        assert second.tree_model.index_of(("class", "Class1", "Class1")).isValid()

        # and back to the first lab, whose state is as it was left
        Workspace(lab.root).close()
        qtbot.waitUntil(lambda: bool(second.backend.lab.service_statuses()), timeout=10_000)
        second.open_workspace(lab.root)
        answer(qtbot, second, "confirmDialog", Yes)
        qtbot.waitUntil(lambda: len(gui_app._open_windows) == 1 and gui_app._open_windows[0] is not second,
                        timeout=20_000)
        third = gui_app._open_windows[0]
        windows.append(third)
        assert third.backend.ws.root == lab.root
        assert third.backend.snapshot.slice("Class1", "Disk2", "Volume1").state is SliceState.ACTIVE
    finally:
        for w in windows:
            _close(w)
        gui_app._open_windows.clear()


def test_open_workspace_asks_first_while_copying(qtbot, lab, preferences, tmp_path, monkeypatch):
    w = _open(qtbot, lab.root, preferences)
    try:
        monkeypatch.setattr(w.backend, "copies_running", lambda: [("Class1", "Volume1")])
        w.open_workspace(tmp_path / "elsewhere")
        box = visible_dialog(qtbot, w, "confirmDialog", QMessageBox)
        assert "Volume1" in box.text() and "resumes" in box.text()
        box.button(QMessageBox.StandardButton.No).click()
        assert w.isVisible() and gui_app._open_windows == []
    finally:
        _close(w)
