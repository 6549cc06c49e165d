"""The cluster in the GUI: the Configuration Tree rooted at the nodes, each with the classes in its
scope and their statuses as there; the window acting as one node (chosen at start, or from the
General menu); a switch made from the command line showing TEMP-STOP at the next refresh; Activate
Slice on the new node through the menu; the menu saying why an item is disabled on this node; the
Log's node column. Screenshots in English and Japanese go to $GDSVIEW_SHOTS when it is set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from gdsview.core.names import MiB
from gdsview.core.policy.cluster import Cluster
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage.workspace import Workspace
from gdsview.lab.failover import hvswitch
from gdsview.ui.backend import GuiBackend
from gdsview.ui.main_window import TITLE, MainWindow
from gdsview.ui.models.config_tree import ConfigTreeModel
from gui_helpers import answer
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMessageBox

Yes, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok


def make_cluster_lab(root: Path) -> Path:
    """The small lab on node1 and node2: Class1 shared (scope node1:node2), online on node1."""
    ws = Workspace(root)
    try:
        m = VolumeManager(ws, source="test")
        Cluster(m).define_nodes(["node1", "node2"])
        for name in ("sda", "sdb", "sdc"):
            m.create_physical_disk(name, 64 * MiB)
        m.register_disk("Class1", "sda", "Disk1", class_type="shared", scope=("node1", "node2"))
        m.register_disk("Class1", "sdb", "Disk2")
        m.connect_disk("Class1", "Group1", "Disk1")
        m.connect_disk("Class1", "Group1", "Disk2")
        m.create_volume("Class1", "Group1", "Volume1", 16 * MiB // 512)
    finally:
        ws.close()
    return root


@pytest.fixture
def cluster_root(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("GDSVIEW_NODE", raising=False)
    return make_cluster_lab(tmp_path / "ws")


@contextmanager
def node_window(qtbot, root: Path, node: str, height: int = 700) -> Iterator[MainWindow]:
    """The window of ``root`` acting as ``node``, shown, closed without asking afterwards."""
    backend = GuiBackend(Workspace(root), node=node)
    w = MainWindow(backend)
    qtbot.addWidget(w)
    backend.start()
    w.resize(1100, height)
    w.show()
    qtbot.waitExposed(w)
    try:
        yield w
    finally:
        w.close_without_asking()


@pytest.fixture
def cwindow(qtbot, cluster_root):
    with node_window(qtbot, cluster_root, "node1") as w:
        yield w


def from_terminal(root: Path, node: str) -> VolumeManager:
    return VolumeManager(Workspace(root, node=node), source="sdxslice")


def tree_rows(window) -> dict[str, list[str]]:
    m = window.tree_model
    out = {}
    for r in range(m.rowCount()):
        node = m.index(r, 0)
        out[node.data()] = [m.index(c, 0, node).data() for c in range(m.rowCount(node))]
    return out


def volume_icon_colour(window, node: str) -> str:
    key = ("volume", "Class1", "Volume1") if node == window.backend.node_name else ("volume", "Class1", "Volume1",
                                                                                       node)
    return window.tree_model.node(window.tree_model.index_of(key)).colour


def shot(window, name: str) -> None:
    folder = os.environ.get("GDSVIEW_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(folder) / f"{name}.png"))


def test_the_tree_starts_at_the_nodes_with_the_classes_in_their_scope(qtbot, cwindow, cluster_root):
    QAbstractItemModelTester(cwindow.tree_model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    m2 = from_terminal(cluster_root, "node2")  # a local class of node2's: only under node2
    m2.create_physical_disk("sdd", 64 * MiB)
    m2.register_disk("Class2", "sdd", "Disk21")
    cwindow.backend.refresh(force=True)
    assert tree_rows(cwindow) == {"node1": ["Class1"], "node2": ["Class1", "Class2"]}
    m = cwindow.tree_model
    assert m.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()  # the node the window acts as
    assert m.index(1, 0).data(Qt.ItemDataRole.FontRole) is None
    assert volume_icon_colour(cwindow, "node1") == "normal" and volume_icon_colour(cwindow, "node2") == "stopped"
    assert cwindow.windowTitle() == f"{TITLE} - node1"
    assert "acting as node node1" in cwindow.status_label.text()
    # Object Information follows the node clicked: node2 sees Volume1 stopped
    cwindow.select_tree(("class", "Class1", "Class1", "node2"))
    assert cwindow.info.volumes.index(0, 1).data() == "STOP"
    cwindow.select_class("Class1")
    assert cwindow.info.volumes.index(0, 1).data() == "ACTIVE"


def test_the_menu_says_why_an_item_is_disabled_on_this_node(qtbot, cluster_root):
    backend = GuiBackend(Workspace(cluster_root), node="node2")  # chosen at start
    w = MainWindow(backend)
    qtbot.addWidget(w)
    backend.start()
    try:
        w.select_slice("Class1", "Disk2", "Volume1")
        detach = w.operation_actions["detach"][1]
        assert not detach.isEnabled()
        assert detach.toolTip().startswith("Disk2.Volume1: its volume Volume1 runs on node1, not on node2")
        assert [a.text() for a in w.node_group.actions() if a.isChecked()] == ["node2"]
    finally:
        w.close_without_asking()


def test_a_switch_from_the_command_line_shows_and_activate_slice_on_the_new_node(qtbot, cwindow, cluster_root):
    w = cwindow
    from_terminal(cluster_root, "node1").detach_slice("Class1", "Disk2", "Volume1")
    w.backend.refresh()
    w.select_slice("Class1", "Disk2", "Volume1")
    assert w.info.selected_slice().status.value == "TEMP"

    ws = Workspace(cluster_root)  # gdsview cluster switch --to node2, from another terminal
    try:
        hvswitch(VolumeManager(ws, source="gdsview"), "Class1", "node2")
    finally:
        ws.close()
    w.backend.refresh()  # the next refresh shows it
    assert w.info.selected_slice().status.value == "TEMP-STOP"
    assert volume_icon_colour(w, "node1") == "stopped" and volume_icon_colour(w, "node2") == "normal"
    activate = w.operation_actions["stop_activate"][1]
    assert not activate.isEnabled() and "runs on node2, not on node1" in activate.toolTip()
    log = w.log.model
    assert not w.log.view.isColumnHidden(log.COL_NODE)
    switch_row = next(r for r, line in enumerate(log.lines) if "switched from node1 to node2" in line.text)
    assert log.index(switch_row, log.COL_NODE).data() == "node2"
    shot(w, "cluster-after-switch-en")

    w.act_as_node("node2")  # General > Act as Node > node2
    assert w.windowTitle() == f"{TITLE} - node2" and w.backend.node_name == "node2"
    w.select_slice("Class1", "Disk2", "Volume1")
    assert activate.isEnabled()
    activate.trigger()
    assert "Activate slice Disk2.Volume1?" in answer(qtbot, w, "confirmDialog", Yes)
    answer(qtbot, w, "completionDialog", Ok)
    qtbot.waitUntil(lambda: w.backend.refresh() is not None and w.backend.snapshot.slice(
        "Class1", "Disk2", "Volume1").status.value == "TEMP", timeout=10_000)
    assert w.backend.snapshot.slice("Class1", "Disk2", "Volume1").temp_node == "node2"
    activated = [e for e in w.backend.events() if e.kind == "slice-activate"]
    assert activated[-1].node == "node2"
    w.select_slice("Class1", "Disk2", "Volume1")
    shot(w, "cluster-activated-on-node2-en")


def test_a_one_node_window_shows_no_cluster(qtbot, window):
    assert window.windowTitle() == TITLE
    assert window.node_menu is None
    assert window.log.view.isColumnHidden(window.log.model.COL_NODE)
    assert window.tree_model.rowCount() == 1


def test_the_tree_model_without_other_nodes_snapshots_still_lists_them(cluster_root):
    ws = Workspace(cluster_root, node="node1")
    try:
        snap = VolumeManager(ws).snapshot()
    finally:
        ws.close()
    model = ConfigTreeModel("node1")
    model.set_snapshot(snap)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["node1", "node2"]


def test_the_cluster_in_japanese(qtbot, cluster_root, monkeypatch):
    from gdsview.ui import i18n

    i18n.install("ja")
    try:
        backend = GuiBackend(Workspace(cluster_root), node="node2")
        w = MainWindow(backend)
        qtbot.addWidget(w)
        backend.start()
        w.resize(1100, 700)
        w.show()
        qtbot.waitExposed(w)
        try:
            w.select_slice("Class1", "Disk2", "Volume1")
            tip = w.operation_actions["detach"][1].toolTip()
            assert "node1 で動作しています" in tip, tip
            assert "ノード node2 として動作中" in w.status_label.text()
            assert w.node_menu.title() == "動作するノード(&N)"
            assert w.log.model.headerData(w.log.model.COL_NODE, Qt.Orientation.Horizontal) == "ノード"
            qtbot.wait(50)  # the tree's column fits its names after the burst of changes
            shot(w, "cluster-node2-ja")
        finally:
            w.close_without_asking()
    finally:
        i18n.install("en")


def test_switching_nodes_during_a_backup_all_in_the_gui(qtbot, tmp_path, monkeypatch):
    """The lesson's whole sequence with the mouse, on the cluster demo lab: detach on node1, a switch
    (from the command line, as hvswitch), TEMP-STOP seen on both nodes, the access path refused on
    node1, Activate Slice on node2, the backup through the access path on node2, Attach, Check Status."""
    import hashlib

    from gdsview.core.engine.volume_io import open_device
    from gdsview.lab.demo import init_lab
    from gui_helpers import visible_dialog

    monkeypatch.delenv("GDSVIEW_NODE", raising=False)
    root = tmp_path / "ws"
    ws = Workspace(root)
    try:
        init_lab(VolumeManager(ws, source="test"), speed=None, cluster=True)
    finally:
        ws.close()
    with node_window(qtbot, root, "node1", height=760) as w:
        assert w.lab is not None  # a lab's window: the backup operations are there

        def trigger(op_id: str) -> None:
            action = w.operation_actions[op_id][1]
            assert action.isEnabled(), action.toolTip()
            action.trigger()

        def status(node: str) -> str:
            return Cluster(VolumeManager(w.backend.ws)).snapshot(node).slice("Class1", "Disk2", "Volume1").status.value

        # 1. Detach Disk2.Volume1 on node1, with the Detach Slice dialog.
        w.select_slice("Class1", "Disk2", "Volume1")
        trigger("detach")
        dialog = visible_dialog(qtbot, w, "detachSliceDialog")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        answer(qtbot, w, "confirmDialog", Yes)
        assert "/dev/sfdsk/Class1/dsk/Disk2.Volume1" in answer(qtbot, w, "completionDialog", Ok)
        qtbot.waitUntil(lambda: w.backend.refresh() is not None and status("node1") == "TEMP", timeout=10_000)

        # 2. The switch, from another terminal: TEMP-STOP as seen from both nodes.
        sws = Workspace(root)
        try:
            hvswitch(VolumeManager(sws, source="gdsview"), "Class1", "node2")
        finally:
            sws.close()
        w.backend.refresh(force=True)
        assert status("node1") == status("node2") == "TEMP-STOP"
        w.select_slice("Class1", "Disk2", "Volume1")
        assert w.info.selected_slice().status.value == "TEMP-STOP"
        backup = w.operation_actions["backup"][1]
        assert not backup.isEnabled()  # node1: the access path cannot be used here
        shot(w, "cluster-lesson-switched-node1-en")

        # 3. Act as node2: still TEMP-STOP, no backup until Activate Slice.
        w.act_as_node("node2")
        w.select_slice("Class1", "Disk2", "Volume1")
        assert w.info.selected_slice().status.value == "TEMP-STOP" and not backup.isEnabled()
        trigger("stop_activate")
        answer(qtbot, w, "confirmDialog", Yes)
        answer(qtbot, w, "completionDialog", Ok)
        qtbot.waitUntil(lambda: w.backend.refresh() is not None and status("node2") == "TEMP", timeout=10_000)

        # 4. The backup through the access path, on node2, with the real dialogs.
        w.select_slice("Class1", "Disk2", "Volume1")
        dest = tmp_path / "Volume1.img"
        trigger("backup")
        files = visible_dialog(qtbot, w, "backupFileDialog")
        files.selectFile(str(dest))
        files.accept()
        assert "Disk2.Volume1" in answer(qtbot, w, "confirmDialog", Yes)
        done = answer(qtbot, w, "completionDialog", Ok)
        data = dest.read_bytes()
        assert hashlib.sha256(data).hexdigest() in done
        nws = Workspace(root, node="node2")
        try:
            with open_device(nws, "/dev/sfdsk/Class1/dsk/Disk2.Volume1", writable=False) as dev:
                assert hashlib.sha256(dev.pread(dev.size, 0)).hexdigest() == hashlib.sha256(data).hexdigest()
        finally:
            nws.close()
        w.select_slice("Class1", "Disk2", "Volume1")
        shot(w, "cluster-lesson-backup-on-node2-en")

        # 5. Attach on node2, then Check Status: the slices are identical.
        trigger("attach")
        answer(qtbot, w, "confirmDialog", Yes)
        answer(qtbot, w, "completionDialog", Ok)
        qtbot.waitUntil(lambda: w.backend.refresh() is not None and status("node2") == "ACTIVE", timeout=30_000)
        w.select_class("Class1")
        w.info.select_volume("Class1", "Volume1")
        trigger("check_status")
        assert "are identical" in answer(qtbot, w, "completionDialog", Ok)
        kinds = [e.kind for e in w.backend.events()]
        assert "backup-done" in kinds and "slice-activate" in kinds
