"""GDS Management View: Configuration Tree, Object Information, Log Information, the menus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QEvent, QItemSelectionModel, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import SdxError
from ..core.model import Snapshot
from . import core_texts, i18n
from .actions import OPERATIONS, Operation, Selection, operation_text, operation_title
from .backend import GuiBackend
from .backend.workspaces import workspace_problem
from .context import WindowContext
from .devices_ui import DevicesUi
from .dialogs.class_configuration_dialog import ClassConfigurationDialog
from .dialogs.file_system_configuration_dialog import FileSystemConfigurationDialog
from .dialogs.group_configuration_dialog import GroupConfigurationDialog
from .dialogs.monitoring_interval_dialog import MonitoringIntervalDialog
from .dialogs.settings_frame import SettingsDialog
from .dialogs.volume_configuration_dialog import VolumeConfigurationDialog
from .help_keys import add_help_key
from .icons import app_icon
from .lab import LabUi
from .models.config_tree import ConfigTreeModel
from .models.live_copies import eta_text
from .preferences import Preferences
from .roles import INFO_ROLE, KEY_ROLE
from .screen_fit import clamp_to_screen, fit_file_columns, fit_to_screen
from .widgets.copy_plot import CopyPlot
from .widgets.log_panel import LogPanel
from .widgets.menu_hints import MenuHints
from .widgets.object_info import ObjectInfoPanel

TITLE = "GDS Management View"  # the product's name: the same in every language
PREFERRED_SIZE = QSize(1280, 800)  # the first start's size, where the screen has room for it
STATUS_HINT_MS = 8000  # how long a hint stays in the status bar
SOURCE_TEXT = "sourceText"  # property of menus and actions: their untranslated text (scenarios name them so)
HELP_SECTION = "helpSection"  # property of dialogs and menu items: the Help section F1 opens at

#: Opens (and shows) another workspace's window: (folder, geometry, state) -> the new window.
WorkspaceOpener = Callable[[Path, QByteArray, QByteArray], "MainWindow"]


class MainWindow(QMainWindow):
    """The main screen. Lives in the GUI thread; all backend work goes through ``backend``.

    With ``preferences`` the window restores and saves its layout and monitoring interval, and
    remembers its workspace and backup folders; without, it remembers nothing. A training lab's
    window has ``lab`` (the Service menu, the Procedure panel ...); any other has ``lab = None``.

    Public hooks for the screenshot generator: ``set_status_text`` pins the status bar's text;
    ``lab.set_visible(False)`` hides the lab's additions; ``close_without_asking`` closes.
    """

    SOURCE_TEXT = SOURCE_TEXT

    def __init__(self, backend: GuiBackend, preferences: Preferences | None = None) -> None:
        super().__init__()
        self.backend = backend
        self.preferences = preferences
        self.setObjectName("mainWindow")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(app_icon())
        self.abnormal_only = False
        self._closing = False
        self._status_text: str | None = None
        self.help_window = None
        self._shown_once = False
        self.menu_hints = MenuHints(self.show_hint, self)
        #: set by the application (``ui.app``): General → Open Workspace opens the new window with it
        self.open_other: WorkspaceOpener | None = None

        self.tree_model = ConfigTreeModel(backend.node_name, self)
        self.tree = QTreeView()
        self.tree.setObjectName("configTree")
        self.tree.setAccessibleName(self.tr("Configuration Tree"))
        self.tree.setModel(self.tree_model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderHidden(True)  # the panel's title says "Configuration Tree" already
        # The column is as wide as the names shown (long names scroll sideways instead of eliding).
        # It is measured when rows appear or open, not on every refresh (ResizeToContents would ask
        # every row's size at every refresh: twice a refresh's time with 10,000 volumes).
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._tree_width_due = False
        for signal in (self.tree.expanded, self.tree.collapsed, self.tree_model.rowsInserted,
                       self.tree_model.modelReset):
            signal.connect(self._fit_tree_column)
        self.tree.selectionModel().selectionChanged.connect(self._tree_clicked)

        self.info = ObjectInfoPanel(backend.live_copies, devices=backend.devices)
        self.info.selectionChanged.connect(self._update_actions)
        self.log = LogPanel()
        self.context = WindowContext(self, backend, self.log.add_error, preferences)

        tree_box = _titled(self.tr("Configuration Tree"), self.tree)
        self.top_splitter = top = QSplitter(Qt.Orientation.Horizontal)
        top.setObjectName("topSplitter")
        top.addWidget(tree_box)
        top.addWidget(self.info)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 3)
        top.setSizes([260, 780])
        # The copy panel is always laid out (hidden only on request), so that a copy starting
        # never re-lays out the window while the operator watches it.
        self.plot = CopyPlot()
        self.plot_box = _titled(self.tr("Copy Throughput"), self.plot)
        self.bottom_splitter = bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setObjectName("bottomSplitter")
        bottom.addWidget(_titled(self.tr("Log Information"), self.log))
        bottom.addWidget(self.plot_box)
        bottom.setSizes([620, 420])
        self.main_splitter = main = QSplitter(Qt.Orientation.Vertical)
        main.setObjectName("mainSplitter")
        main.addWidget(top)
        main.addWidget(bottom)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 1)
        main.setSizes([480, 220])
        self.setCentralWidget(main)

        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setAccessibleName(self.tr("Monitoring status"))
        self.statusBar().addPermanentWidget(self.status_label)

        self.menus: dict[str, QMenu] = {}
        self.operation_actions: dict[str, tuple[Operation, QAction]] = {}
        is_lab = backend.is_lab()
        self._build_menus(is_lab)
        self.lab: LabUi | None = LabUi(self) if is_lab else None  # a training lab shows its guide
        self.devices = DevicesUi(self)  # the device server: General menu items, its status bar field
        self.setTabOrder(self.tree, self.info.volume_view)
        self.setTabOrder(self.info.volume_view, self.info.tabs)
        self.setTabOrder(self.info.tabs, self.info.slice_view)
        self.setTabOrder(self.info.slice_view, self.info.disk_view)
        self.setTabOrder(self.info.disk_view, self.log.view)

        backend.snapshotChanged.connect(self._snapshot_changed)
        backend.nodeChanged.connect(self._node_changed)
        self._info_node: str | None = None  # the node whose view Object Information shows (None: this one's)
        self._last_key: tuple | None = None  # the object last clicked in the tree, as keyed under this node
        self._reselect: tuple | None = None
        self._show_node()
        backend.eventsAdded.connect(self.log.add_events)
        backend.copyProgress.connect(self._copy_progress)
        backend.busyChanged.connect(lambda _n: self._update_status())
        fit_to_screen(self, PREFERRED_SIZE)
        if preferences is not None:
            self._restore(preferences)

    # -- menus --------------------------------------------------------------------------------
    def _build_menus(self, is_lab: bool) -> None:
        bar = self.menuBar()
        general = self.add_menu(QT_TRANSLATE_NOOP("MainWindow", "&General"), "menuGeneral")
        self.add_item(general, QT_TRANSLATE_NOOP("MainWindow", "&Open Workspace..."), self.choose_workspace,
                      "openWorkspace", QKeySequence.StandardKey.Open)
        self.add_item(general, QT_TRANSLATE_NOOP("MainWindow", "Change &Monitoring Intervals..."),
                      self.change_interval, "changeInterval")
        # the cluster's nodes: the window acts as one of them (gdsview --node chooses at start)
        self.node_group = QActionGroup(self)
        self.node_menu: QMenu | None = None
        if len(self.backend.cluster_nodes()) > 1:
            self.node_menu = QMenu(self.tr("Act as &Node"), general)
            self.node_menu.setObjectName("actAsNode")
            self.node_menu.menuAction().setProperty(SOURCE_TEXT, "Act as &Node")
            general.addMenu(self.node_menu)
            self._fill_node_menu()
        general.addSeparator()
        self.add_item(general, QT_TRANSLATE_NOOP("MainWindow", "E&xit"), self.close, "exit",
                      QKeySequence.StandardKey.Quit)

        settings = self.add_menu(QT_TRANSLATE_NOOP("MainWindow", "&Settings"), "menuSettings")
        for text, dialog, name in (
            (QT_TRANSLATE_NOOP("MainWindow", "&Class Configuration..."), ClassConfigurationDialog,
             "classConfiguration"),
            (QT_TRANSLATE_NOOP("MainWindow", "&Group Configuration..."), GroupConfigurationDialog,
             "groupConfiguration"),
            (QT_TRANSLATE_NOOP("MainWindow", "&Volume Configuration..."), VolumeConfigurationDialog,
             "volumeConfiguration"),
            (QT_TRANSLATE_NOOP("MainWindow", "&File System Configuration..."), FileSystemConfigurationDialog,
             "fileSystemConfiguration"),
        ):
            self.add_item(settings, text, lambda _=False, d=dialog: self.open_settings(d), name)

        self.operation_menu = self.add_menu(QT_TRANSLATE_NOOP("MainWindow", "&Operation"), "menuOperation")
        for op in OPERATIONS:
            if op.lab and not is_lab:
                continue
            if op.separator_before:
                self.operation_menu.addSeparator()
            action = QAction(operation_text(op), self)
            action.setObjectName(op.id)
            action.setProperty(SOURCE_TEXT, op.text)
            action.setProperty(HELP_SECTION, op.help)
            action.triggered.connect(lambda _=False, o=op: self.trigger(o.id))
            self.operation_menu.addAction(action)
            self.operation_actions[op.id] = (op, action)

        view = self.add_menu(QT_TRANSLATE_NOOP("MainWindow", "&View"), "menuView")
        self.add_item(view, QT_TRANSLATE_NOOP("MainWindow", "&Update Now"), lambda: self.backend.refresh(force=True),
                      "updateNow", QKeySequence.StandardKey.Refresh)
        self.abnormal_action = self.add_item(view, QT_TRANSLATE_NOOP("MainWindow", "&Abnormal Objects only"),
                                             self.set_abnormal_only, "abnormalOnly")
        self.abnormal_action.setCheckable(True)
        view.addSeparator()
        self.plot_action = self.add_item(view, QT_TRANSLATE_NOOP("MainWindow", "&Copy Throughput"),
                                         self.plot_box.setVisible, "copyThroughput")
        self.plot_action.setCheckable(True)
        self.plot_action.setChecked(True)

        help_menu = self.add_menu(QT_TRANSLATE_NOOP("MainWindow", "&Help"), "menuHelp")
        self.add_item(help_menu, QT_TRANSLATE_NOOP("MainWindow", "GDS Management View &Help"), lambda: self.show_help(),
                      "help", QKeySequence.StandardKey.HelpContents)
        # F1 works in this window's dialogs too (a modal dialog blocks the window's shortcuts, so each
        # dialog gets its own: childEvent below), and opens the Help at their operation's section
        self.add_item(help_menu, QT_TRANSLATE_NOOP("MainWindow", "Status &Legend"), self.show_legend, "legend")
        help_menu.addSeparator()
        self.add_item(help_menu, QT_TRANSLATE_NOOP("MainWindow", "&About"), self.show_about, "about")
        for menu in bar.findChildren(QMenu):
            self.menu_hints.install(menu)

    def add_menu(self, text: str, name: str, before: str | None = None) -> QMenu:
        """A menu of the menu bar (``text``: the English source); ``before`` another menu's name."""
        menu = QMenu(self.tr(text), self.menuBar())
        menu.setObjectName(name)
        self.menu_hints.install(menu)
        menu.menuAction().setProperty(SOURCE_TEXT, text)
        if before is not None and before in self.menus:
            self.menuBar().insertMenu(self.menus[before].menuAction(), menu)
        else:
            self.menuBar().addMenu(menu)
        self.menus[name] = menu
        return menu

    def add_item(self, menu: QMenu, text: str, slot: Callable, name: str, shortcut=None,
                 before: str | None = None) -> QAction:
        """A menu item; ``text`` is the English source (marked with QT_TRANSLATE_NOOP), shown translated.

        ``before``: the object name of the item (of ``menu``) to put it in front of; with a
        separator in front of that item, the new one goes above the separator.
        """
        shown = self.tr(text)
        action = QAction(shown, self)
        action.setObjectName(name)
        action.setProperty(SOURCE_TEXT, text)
        tip = i18n.plain(shown)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        items = menu.actions()
        at = next((i for i, a in enumerate(items) if a.objectName() == before), None) if before else None
        if at is None:
            menu.addAction(action)
        else:
            while at > 0 and items[at - 1].isSeparator():
                at -= 1
            menu.insertAction(items[at], action)
        return action

    # -- selection and refresh ----------------------------------------------------------------
    def selection(self) -> Selection:
        d = self.info.selected_disk()
        if d is not None:
            return Selection(d.class_name, None, d.name)
        s = self.info.selected_slice()
        if s is not None:
            return Selection(s.class_name, s.volume, s.disk)
        v = self.info.selected_volume()
        if v is not None:
            return Selection(v.class_name, v.name)
        if self.info.volume_key:
            return Selection(*self.info.volume_key)
        scope = self.info.scope
        return Selection(scope[0]) if scope else Selection()

    @Slot(object, object)
    def _snapshot_changed(self, snap: Snapshot, classes: set[str] | None) -> None:
        self.tree_model.set_snapshot(snap, self.abnormal_only, classes, self.backend.snapshots(),
                                     self.backend.node_name)
        if self.tree_model.rowCount() and not self.tree.isExpanded(self.tree_model.index(0, 0)):
            # Open the whole tree of a lab-sized configuration; a large one opens at its classes.
            self.tree.expandToDepth(2 if len(snap.classes) <= 20 else 0)
            self._size_tree()
        if self.node_menu is not None and len(self.node_group.actions()) != len(snap.nodes):
            self._fill_node_menu()
            self._show_node()
        self.info.set_snapshot(self._info_snapshot())
        self._update_actions()
        self._update_status()

    # -- the cluster's nodes ------------------------------------------------------------------------
    def _info_snapshot(self) -> Snapshot:
        """What Object Information shows: the view of the node whose object was clicked in the tree."""
        if self._info_node is None:
            return self.backend.snapshot
        return self.backend.snapshots().get(self._info_node, self.backend.snapshot)

    def _fill_node_menu(self) -> None:
        assert self.node_menu is not None
        for action in self.node_group.actions():
            self.node_group.removeAction(action)
            self.node_menu.removeAction(action)
        for n in self.backend.nodes():
            action = QAction(n.name, self)
            action.setObjectName(f"node_{n.name}")
            action.setCheckable(True)
            action.setChecked(n.name == self.backend.node_name)
            action.triggered.connect(lambda _=False, name=n.name: self.act_as_node(name))
            self.node_group.addAction(action)
            self.node_menu.addAction(action)

    def act_as_node(self, node: str) -> None:
        """General > Act as Node: this window's operations are ``node``'s from now on."""
        if node != self.backend.node_name:
            self._reselect = self._last_key  # the tree's keys move with the node: remember what to select again
            self.backend.set_node(node)

    @Slot(str)
    def _node_changed(self, node: str) -> None:
        self._info_node = None
        self.info.set_snapshot(self.backend.snapshot)
        for action in self.node_group.actions():
            action.setChecked(action.text() == node)
        self._show_node()
        # the objects under the new node took the plain keys: select what was selected, there
        if len(self.backend.snapshot.classes) <= 20:
            self.tree.expandToDepth(2)
        key, self._reselect = self._reselect, None
        if key is None or not self.tree_model.index_of(key).isValid():
            key = ("node", node)
        self.select_tree(key)
        self._update_actions()
        self._update_status()

    def _show_node(self) -> None:
        """The window says which node it acts as (on a cluster: its title, the tree, the status bar)."""
        cluster = self.backend.is_cluster()
        self.setWindowTitle(f"{TITLE} - {self.backend.node_name}" if cluster else TITLE)
        self.log.show_nodes(cluster)

    def _fit_tree_column(self, *_args) -> None:
        """Once, after the current burst of changes: the column as wide as its widest name."""
        if not self._tree_width_due:
            self._tree_width_due = True
            QTimer.singleShot(0, self, self._do_fit_tree_column)

    def _do_fit_tree_column(self) -> None:
        self._tree_width_due = False
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, max(self.tree.columnWidth(0), self.tree.viewport().width()))

    def _size_tree(self) -> None:
        """Give the Configuration Tree the width its names need (it scrolls sideways when narrower)."""
        if self.preferences is not None and self.preferences.splitter_state(self.top_splitter.objectName()):
            return  # the operator's own layout
        needed = self.tree.sizeHintForColumn(0) + self.tree.frameWidth() * 2 + 24
        sizes = self.top_splitter.sizes()
        total = sum(sizes)
        if total > 0 and sizes[0] < needed:
            width = min(needed, total // 3)
            self.top_splitter.setSizes([width, total - width])

    def _tree_clicked(self, *_args) -> None:
        rows = self.tree.selectionModel().selectedRows()
        if not rows:
            return
        key = rows[0].data(KEY_ROLE)
        kind = key[0]
        self._last_key = key[:3] if kind != "node" else None
        # an object under another node of the cluster: Object Information shows that node's view
        node = key[1] if kind == "node" else key[3] if len(key) > 3 else None
        node = None if node == self.backend.node_name else node
        if node != self._info_node:
            self._info_node = node
            self.info.set_snapshot(self._info_snapshot())
        if kind in ("class", "group", "disk", "volume"):
            class_name = key[1]
            group = key[2] if kind == "group" else None
            self.info.show_scope(class_name, group)
            if kind == "volume":
                self.info.select_volume(class_name, key[2])
            elif kind == "disk":
                self.info.select_disk(class_name, key[2])
        self._update_actions()

    def select_class(self, class_name: str) -> None:
        self.select_tree(("class", class_name, class_name))

    def select_tree(self, key: tuple) -> None:
        """Select a node of the Configuration Tree by its key, as a click on it would."""
        idx = self.tree_model.index_of(key)
        self.tree.selectionModel().select(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.tree.setCurrentIndex(idx)

    def select_slice(self, class_name: str, disk: str, volume: str) -> None:
        """Select a slice as an operator would: the volume's icon, then the slice's."""
        if self.info.scope is None or self.info.scope[0] != class_name:
            self.select_class(class_name)
        self.info.select_slice(class_name, disk, volume)

    def _update_actions(self) -> None:
        snap, sel = self.backend.snapshot, self.selection()
        for op, action in self.operation_actions.values():
            refusal = op.refusal(snap, sel)
            action.setEnabled(refusal is None)
            tip = core_texts.hint(refusal) if refusal is not None else operation_title(op)
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if self.lab is not None:
            self.lab.update_actions()

    def show_hint(self, text: str) -> None:
        """A line in the status bar for a while: why an item is disabled, what to select first."""
        self.statusBar().showMessage(text, STATUS_HINT_MS)

    def set_status_text(self, text: str | None) -> None:
        """Pin the status bar to ``text`` (None: show the monitoring status again)."""
        self._status_text = text
        self._update_status()

    def _update_status(self) -> None:
        if self._status_text is not None:
            self.status_label.setText(self._status_text)
            return
        running = self.backend.copies_running()
        parts = [self.tr("Monitoring every {seconds} s").format(seconds=self.backend.interval()),
                 self.tr("workspace {path}").format(path=self.backend.root)]
        if self.backend.is_cluster():
            parts.insert(0, self.tr("acting as node {node}").format(node=self.backend.node_name))
        if running:
            parts.insert(0, self.tr("copying: {volumes}").format(volumes=", ".join(
                self._copy_figure(c, v) for c, v in running)))
        if self.backend.busy():
            parts.insert(0, self.tr("working…"))
        self.status_label.setText("   |   ".join(parts))

    def _copy_figure(self, class_name: str, volume: str) -> str:
        """``Volume1 42%, 0:03 left`` for the status bar (the volume alone until a copy reports)."""
        figures = self.backend.live_copies.running(class_name, volume)
        done, total = sum(p.done_blocks for p in figures), sum(p.total_blocks for p in figures)
        if not total:
            return volume
        etas = [e for p in figures if (e := p.eta_seconds) is not None]
        return f"{volume} {done / total:.0%}" + (f", {eta_text(max(etas))}" if etas else "")

    @Slot(object)
    def _copy_progress(self, status) -> None:
        self.info.slices.update_progress(status)
        self.plot.add(status)
        if not self.backend.busy() and self._status_text is None:
            self._update_status()  # the ETA

    # -- workspaces ---------------------------------------------------------------------------
    def choose_workspace(self) -> QFileDialog:
        """General → Open Workspace…: a folder; an empty one gets the demo lab."""
        dialog = QFileDialog(self, self.tr("Open Workspace"), str(self.backend.root.parent))
        dialog.setObjectName("workspaceDialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        fit_file_columns(dialog)
        dialog.setProperty(HELP_SECTION, "workspace")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.open_workspace)
        dialog.open()
        return dialog

    def open_workspace(self, folder: str | Path) -> None:
        """Switch to the workspace in ``folder``: a new backend and window replace this one."""
        title = self.tr("Open Workspace")
        root = Path(folder).expanduser().absolute()
        if root == self.backend.root:
            self.context.tell(title, self.tr("{path} is the workspace already open.").format(path=root))
            return
        problem = workspace_problem(root)
        if problem is not None:
            self.report_error(title, problem)
            return

        def switch() -> None:
            if self.open_other is None:
                self.report_error(title, SdxError(self.tr("this window cannot open another workspace")))
                return
            try:
                new = self.open_other(root, self.saveGeometry(), self.saveState())
            except SdxError as e:
                self.report_error(title, e)
                return
            self.close_without_asking()
            new.activateWindow()

        running = self.backend.copies_running()
        writing = self.lab.writing_volumes() if self.lab is not None else []
        if running:
            self.context.ask(title, self.tr(
                "Synchronization copying of {volumes} is in progress.\n\nOpen {path} anyway? The copying stops "
                "now and resumes from where it stopped the next time this workspace is opened.").format(
                    volumes=", ".join(v for _c, v in running), path=root), switch, destructive=True)
        elif writing:
            self.context.ask(title, self.tr(
                "The service is writing to {volumes}.\n\nOpen {path} anyway? The service stops now.").format(
                    volumes=", ".join(writing), path=root), switch, destructive=True)
        else:
            switch()

    # -- operations ---------------------------------------------------------------------------
    def trigger(self, op_id: str) -> None:
        op, _action = self.operation_actions[op_id]
        sel = self.selection()
        refusal = op.refusal(self.backend.snapshot, sel)
        if refusal is not None and core_texts.is_selection_hint(refusal):  # nothing wrong: choose first
            self.show_hint(core_texts.hint(refusal))
            QApplication.beep()
            return
        if refusal is not None:  # e.g. the state changed meanwhile
            self.report_error(operation_title(op), refusal)
            return
        self.context.help_section = op.help
        op.run(self.context, sel)

    def open_settings(self, dialog_class: type[SettingsDialog]) -> SettingsDialog:
        """Settings → Class / Group / Volume / File System Configuration."""
        dialog = dialog_class(self.context)
        self.context.help_section = dialog.help_section
        dialog.refresh()
        dialog.update_buttons()
        dialog.open()
        return dialog

    def report_error(self, title: str, error: SdxError) -> None:
        self.context.report_error(title, error)

    def change_interval(self) -> None:
        dialog = MonitoringIntervalDialog(self.backend.interval(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.set_interval(dialog.seconds()))
        dialog.open()

    def set_interval(self, seconds: int) -> None:
        self.backend.set_interval(seconds)
        if self.preferences is not None:
            self.preferences.set_interval(self.backend.interval())
        self._update_status()

    def set_abnormal_only(self, on: bool) -> None:
        self.abnormal_only = bool(on)
        self.info.set_abnormal_only(self.abnormal_only)
        self.tree_model.set_snapshot(self.backend.snapshot, self.abnormal_only, None, self.backend.snapshots())

    # -- help ---------------------------------------------------------------------------------
    def show_help(self, section: str | None = None):
        """Help at ``section``; F1 (no section) opens it at the page of what the operator is doing."""
        from .help_window import HelpWindow

        if section is None:
            section = self.current_help_section()
        if self.help_window is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_section(section)
        return self.help_window

    def current_help_section(self) -> str:
        """The open dialog's operation (a confirmation's, its operation's), the hovered menu item's
        operation, else the main screen."""
        for widget in (QApplication.activePopupWidget(), QApplication.activeModalWidget(),
                       QApplication.activeWindow()):
            if isinstance(widget, QMenu):
                action = widget.activeAction()
                section = action.property(HELP_SECTION) if action is not None else None
                if section:
                    return section
                continue
            w = widget
            while w is not None and w is not self:
                section = w.property(HELP_SECTION)
                if section:
                    return section
                w = w.parentWidget()
            if w is self and widget is not self and self.context.help_section:
                return self.context.help_section  # a box or dialog of the operation last started
        return "screen"

    def show_legend(self):
        from .dialogs.legend_dialog import LegendDialog

        dialog = LegendDialog(self)
        dialog.open()
        return dialog

    def show_about(self):
        from .dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self.backend.root, self)
        dialog.open()
        return dialog

    # -- settings that persist ----------------------------------------------------------------
    def splitters(self) -> dict[str, QSplitter]:
        return {s.objectName(): s for s in (self.main_splitter, self.top_splitter, self.bottom_splitter)}

    def restore_layout(self, geometry: QByteArray | None, state: QByteArray | None) -> None:
        """Another window's (or the saved) geometry and dock/tool bar state.

        A saved geometry that no longer fits the screen (saved on a larger one) is made to fit. The
        Procedure panel shows or not as the operator left it (the preferences remember it).
        """
        if geometry is not None:
            self.restoreGeometry(geometry)
            clamp_to_screen(self)
        if state is not None:
            self.restoreState(state)
        if self.lab is not None:
            self.lab.restore_dock()

    def childEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().childEvent(event)
        if event.type() == QEvent.Type.ChildPolished:
            child = event.child()
            if isinstance(child, QWidget) and child.isWindow():
                add_help_key(child, self.show_help)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown_once:  # the frame is known now: make sure all of it is on the screen
            self._shown_once = True
            clamp_to_screen(self)

    def _restore(self, preferences: Preferences) -> None:
        self.restore_layout(preferences.geometry(), preferences.window_state())
        for name, splitter in self.splitters().items():
            saved = preferences.splitter_state(name)
            if saved is not None:
                splitter.restoreState(saved)
        self.backend.set_interval(preferences.interval(self.backend.interval()))
        preferences.set_last_workspace(self.backend.root)
        self._update_status()

    def save_preferences(self) -> None:
        if self.preferences is not None:
            self.preferences.save_window(self.saveGeometry(), self.saveState(),
                                         {name: s.saveState() for name, s in self.splitters().items()})

    # -- closing ------------------------------------------------------------------------------
    def close_without_asking(self) -> bool:
        """Close now, even while copies run (they stop at their next chunk and resume next time)."""
        self._closing = True
        return self.close()

    @property
    def closing(self) -> bool:
        return self._closing

    def closeEvent(self, event: QCloseEvent) -> None:
        """Exit (Ctrl+Q) asks while a copy runs or the service writes: both stop (see dialogs.messages)."""
        copying = [v for _c, v in self.backend.copies_running()]
        writing = self.lab.writing_volumes() if self.lab is not None else []
        if self._closing or not (copying or writing):
            self._closing = True
            self.save_preferences()
            if self.lab is not None:
                self.lab.stop()
            if self.help_window is not None:
                self.help_window.close()
            self.backend.shutdown()
            event.accept()
            return
        event.ignore()
        parts = []
        if copying:
            parts.append(self.tr("Synchronization copying of {volumes} is in progress: it stops now and resumes from "
                                 "where it stopped the next time GDS Management View starts.").format(
                                     volumes=", ".join(copying)))
        if writing:
            parts.append(self.tr("The service is writing to {volumes}: it stops now (cleanly).").format(
                volumes=", ".join(writing)))
        self.context.ask(self.tr("Exit"), "\n\n".join(parts) + "\n\n" + self.tr("Exit anyway?"),
                         self.close_without_asking, destructive=True)


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(2, 2, 2, 2)
    label = QLabel(title)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setBuddy(widget)
    layout.addWidget(label)
    layout.addWidget(widget)
    return box


__all__ = ["MainWindow", "TITLE", "INFO_ROLE", "SOURCE_TEXT"]
