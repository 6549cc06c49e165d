"""GDS Management View: Configuration Tree, Object Information, Log Information, the menus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
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
from ..lab import disk_failure
from . import core_texts, i18n
from .actions import OPERATIONS, Operation, Selection, operation_text, operation_title
from .backend import GuiBackend
from .dialogs import messages
from .dialogs.monitoring_interval_dialog import MonitoringIntervalDialog
from .dialogs.start_service_dialog import StartServiceDialog
from .icons import app_icon
from .models.config_tree import ConfigTreeModel
from .models.tables import INFO_ROLE, KEY_ROLE
from .preferences import Preferences
from .widgets.copy_plot import CopyPlot
from .widgets.log_panel import LogPanel
from .widgets.object_info import ObjectInfoPanel
from .widgets.procedure_panel import ProcedurePanel

TITLE = "GDS Management View"  # the product's name: the same in every language
SOURCE_TEXT = "sourceText"  # property of menus and actions: their untranslated text (scenarios name them so)


class MainWindow(QMainWindow):
    """The main screen. Lives in the GUI thread; all backend work goes through ``backend``.

    With ``preferences`` the window restores and saves its layout and monitoring interval, and
    remembers its workspace and backup folders; without, it remembers nothing.
    """

    def __init__(self, backend: GuiBackend, preferences: Preferences | None = None) -> None:
        super().__init__()
        self.backend = backend
        self.preferences = preferences
        self.setObjectName("mainWindow")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(app_icon())
        self.abnormal_only = False
        self._closing = False
        self.help_window = None

        self.tree_model = ConfigTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("configTree")
        self.tree.setAccessibleName(self.tr("Configuration Tree"))
        self.tree.setModel(self.tree_model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.selectionModel().selectionChanged.connect(self._tree_clicked)

        self.info = ObjectInfoPanel()
        self.info.selectionChanged.connect(self._update_actions)
        self.log = LogPanel()

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

        self.procedure = ProcedurePanel()
        self.procedure_dock = QDockWidget(self.tr("Procedure"), self)
        self.procedure_dock.setObjectName("procedureDock")
        self.procedure_dock.setWidget(self.procedure)
        self.procedure_dock.toggleViewAction().setObjectName("procedureToggle")
        self.procedure_dock.toggleViewAction().setText(self.tr("&Procedure"))
        self.procedure_dock.toggleViewAction().setProperty(SOURCE_TEXT, "&Procedure")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.procedure_dock)
        self.resizeDocks([self.procedure_dock], [330], Qt.Orientation.Horizontal)
        self.procedure_dock.setVisible(backend.is_lab())  # a training lab shows its guide
        self.service_label = QLabel(self.tr("stopped"))
        self.service_label.setObjectName("serviceLabel")
        self.service_label.setAccessibleName(self.tr("Service status"))

        self.operation_actions: dict[str, tuple[Operation, QAction]] = {}
        self._build_menus()
        self._build_service_toolbar()
        self.setTabOrder(self.tree, self.info.volume_view)
        self.setTabOrder(self.info.volume_view, self.info.tabs)
        self.setTabOrder(self.info.tabs, self.info.slice_view)
        self.setTabOrder(self.info.slice_view, self.info.disk_view)
        self.setTabOrder(self.info.disk_view, self.log.view)

        backend.snapshotChanged.connect(self._snapshot_changed)
        backend.eventsAdded.connect(self.log.add_events)
        backend.copyProgress.connect(self._copy_progress)
        backend.busyChanged.connect(lambda _n: self._update_status())
        backend.eventsAdded.connect(self._events_added)
        backend.serviceChanged.connect(self._update_service)
        backend.labReset.connect(self._lab_reset)
        self.service_timer = QTimer(self)
        self.service_timer.setInterval(1000)
        self.service_timer.timeout.connect(self._tick)
        self.service_timer.start()
        self.resize(1280, 800)
        if preferences is not None:
            self._restore(preferences)

    # -- menus --------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        general = self._menu(QT_TRANSLATE_NOOP("MainWindow", "&General"), "menuGeneral")
        self._add(general, QT_TRANSLATE_NOOP("MainWindow", "&Open Workspace..."), self.choose_workspace,
                  "openWorkspace", QKeySequence.StandardKey.Open)
        self._add(general, QT_TRANSLATE_NOOP("MainWindow", "Change &Monitoring Intervals..."), self.change_interval,
                  "changeInterval")
        self._add(general, QT_TRANSLATE_NOOP("MainWindow", "&Reset Lab..."), self.reset_lab, "resetLab")
        general.addSeparator()
        self._add(general, QT_TRANSLATE_NOOP("MainWindow", "E&xit"), self.close, "exit",
                  QKeySequence.StandardKey.Quit)

        from .settings import open_class_configuration, open_group_configuration, open_volume_configuration

        settings = self._menu(QT_TRANSLATE_NOOP("MainWindow", "&Settings"), "menuSettings")
        for text, opener, name in (
            (QT_TRANSLATE_NOOP("MainWindow", "&Class Configuration..."), open_class_configuration,
             "classConfiguration"),
            (QT_TRANSLATE_NOOP("MainWindow", "&Group Configuration..."), open_group_configuration,
             "groupConfiguration"),
            (QT_TRANSLATE_NOOP("MainWindow", "&Volume Configuration..."), open_volume_configuration,
             "volumeConfiguration"),
        ):
            self._add(settings, text, lambda _=False, o=opener: o(self), name)

        self.operation_menu = self._menu(QT_TRANSLATE_NOOP("MainWindow", "&Operation"), "menuOperation")
        self.operation_menu.setToolTipsVisible(True)
        for op in OPERATIONS:
            if op.separator_before:
                self.operation_menu.addSeparator()
            action = QAction(operation_text(op), self)
            action.setObjectName(op.id)
            action.setProperty(SOURCE_TEXT, op.text)
            action.triggered.connect(lambda _=False, o=op: self.trigger(o.id))
            self.operation_menu.addAction(action)
            self.operation_actions[op.id] = (op, action)

        service = self._menu(QT_TRANSLATE_NOOP("MainWindow", "S&ervice"), "menuService")
        self.start_service_action = self._add(service, QT_TRANSLATE_NOOP("MainWindow", "&Start Service..."),
                                              self.start_service, "startService")
        self.stop_service_action = self._add(service, QT_TRANSLATE_NOOP("MainWindow", "S&top Service"),
                                             self.stop_service, "stopService")
        service.addSeparator()  # the disk failure lesson (then Operation > Restore Physical Disk)
        self.fail_disk_action = self._add(service, QT_TRANSLATE_NOOP("MainWindow", "Simulate Disk &Failure"),
                                          lambda: self.simulate_disk_failure(True), "simulateDiskFailure")
        self.repair_disk_action = self._add(service, QT_TRANSLATE_NOOP("MainWindow", "&End Simulated Failure"),
                                            lambda: self.simulate_disk_failure(False), "endSimulatedFailure")

        view = self._menu(QT_TRANSLATE_NOOP("MainWindow", "&View"), "menuView")
        self._add(view, QT_TRANSLATE_NOOP("MainWindow", "&Update Now"), lambda: self.backend.refresh(force=True),
                  "updateNow", QKeySequence.StandardKey.Refresh)
        self.abnormal_action = self._add(view, QT_TRANSLATE_NOOP("MainWindow", "&Abnormal Objects only"),
                                         self.set_abnormal_only, "abnormalOnly")
        self.abnormal_action.setCheckable(True)
        view.addSeparator()
        self.plot_action = self._add(view, QT_TRANSLATE_NOOP("MainWindow", "&Copy Throughput"),
                                     self.plot_box.setVisible, "copyThroughput")
        self.plot_action.setCheckable(True)
        self.plot_action.setChecked(True)
        view.addAction(self.procedure_dock.toggleViewAction())

        help_menu = self._menu(QT_TRANSLATE_NOOP("MainWindow", "&Help"), "menuHelp")
        self._add(help_menu, QT_TRANSLATE_NOOP("MainWindow", "GDS Management View &Help"), self.show_help, "help",
                  QKeySequence.StandardKey.HelpContents)
        self._add(help_menu, QT_TRANSLATE_NOOP("MainWindow", "Status &Legend"), self.show_legend, "legend")
        help_menu.addSeparator()
        self._add(help_menu, QT_TRANSLATE_NOOP("MainWindow", "&About"), self.show_about, "about")
        for menu in bar.findChildren(QMenu):
            menu.setToolTipsVisible(True)

    def _menu(self, text: str, name: str) -> QMenu:
        menu = self.menuBar().addMenu(self.tr(text))
        menu.setObjectName(name)
        menu.menuAction().setProperty(SOURCE_TEXT, text)
        return menu

    def _build_service_toolbar(self) -> None:
        bar = self.addToolBar(self.tr("Service"))
        bar.setObjectName("serviceToolBar")
        bar.setMovable(False)
        bar.addWidget(QLabel(self.tr(" Service: ")))
        bar.addAction(self.start_service_action)
        bar.addAction(self.stop_service_action)
        bar.addSeparator()
        bar.addWidget(self.service_label)
        self._update_service()

    def _add(self, menu: QMenu, text: str, slot: Callable, name: str, shortcut=None) -> QAction:
        """A menu item; ``text`` is the English source (marked with QT_TRANSLATE_NOOP), shown translated."""
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
        menu.addAction(action)
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
        self.tree_model.set_snapshot(snap, self.abnormal_only, classes)
        if self.tree_model.rowCount() and not self.tree.isExpanded(self.tree_model.index(0, 0)):
            # Open the whole tree of a lab-sized configuration; a large one opens at its classes.
            self.tree.expandToDepth(2 if len(snap.classes) <= 20 else 0)
        self.info.set_snapshot(snap)
        self._update_actions()
        self._update_status()

    def _tree_clicked(self, *_args) -> None:
        rows = self.tree.selectionModel().selectedRows()
        if not rows:
            return
        key = rows[0].data(KEY_ROLE)
        kind = key[0]
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
        idx = self.tree_model.index_of(("class", class_name, class_name))
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
            tip = core_texts.error(refusal) if refusal is not None else operation_title(op)
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def _update_status(self) -> None:
        running = self.backend.copies_running()
        parts = [self.tr("Monitoring every {seconds} s").format(seconds=self.backend.interval()),
                 self.tr("workspace {path}").format(path=self.backend.ws.root)]
        if running:
            parts.insert(0, self.tr("copying: {volumes}").format(volumes=", ".join(v for _c, v in running)))
        if self.backend.busy():
            parts.insert(0, self.tr("working…"))
        self.status_label.setText("   |   ".join(parts))

    @Slot(object)
    def _copy_progress(self, status) -> None:
        self.info.slices.update_progress(status)
        self.plot.add(status)

    # -- the service and the training lab -----------------------------------------------------
    def start_service(self) -> None:
        snap = self.backend.snapshot
        sel = self.selection()
        dialog = StartServiceDialog(list(snap.volumes), (sel.class_name, sel.volume) if sel.volume else None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            req = dialog.request()
            self.backend.start_service(req.class_name, req.volume, req.rate_mib_s, req.pattern,
                                       on_error=lambda e: self.report_error(self.tr("Start Service"), e))

        dialog.accepted.connect(accepted)
        dialog.open()

    def stop_service(self) -> None:
        self.backend.stop_services()

    def simulate_disk_failure(self, fail: bool) -> None:
        """The lab's disk failure: every I/O of the selected disk's physical disk fails (or no longer)."""
        sel = self.selection()
        d = self.backend.snapshot.disk(sel.class_name, sel.disk) if sel.disk and not sel.volume else None
        if d is None:
            self.report_error(self.tr("Simulate Disk Failure"), SdxError(core_texts.NEED_DISK))
            return
        if fail:
            title = self.tr("Simulate Disk Failure")
            question = self.tr("Make physical disk {device} ({disk}) fail?\n\nEvery read and write of it "
                               "fails from now on: the next I/O makes its slices INVALID and the disk "
                               "DISABLE.").format(device=d.device, disk=d.name)
            done = self.tr("Physical disk {device} now fails every I/O.").format(device=d.device)
        else:
            title = self.tr("End Simulated Failure")
            question = self.tr("End the simulated failure of physical disk {device} ({disk})?\n\nIts slices "
                               "stay INVALID until Operation > Restore Physical Disk.").format(
                                   device=d.device, disk=d.name)
            done = self.tr("Physical disk {device} works again.").format(device=d.device)
        call = (lambda: disk_failure.fail_disk(self.backend.ws, d.device)) if fail else (
            lambda: disk_failure.repair_disk(self.backend.ws, d.device))
        messages.ask(self, title, question,
                     lambda: self.run_backend(title, call, lambda _r: messages.tell(self, title, done)))

    @Slot()
    def _update_service(self) -> None:
        statuses = self.backend.service_statuses()
        self.stop_service_action.setEnabled(bool(statuses))
        if not statuses:
            self.service_label.setText(self.tr("stopped"))
            return
        self.service_label.setText("   ".join(
            self.tr("writing to {volume} ({pattern}) at {rate:.1f} of {limit:g} MiB/s, {records} records").format(
                volume=st.volume, pattern=st.pattern, rate=st.measured_bps / (1 << 20), limit=st.rate_mib_s,
                records=st.written_records)
            for st in statuses))

    def _tick(self) -> None:
        self._update_service()
        if self.procedure_dock.isVisible() and self.procedure.report is not None:
            self.procedure.show_report(self.procedure.report)  # the elapsed clock

    @Slot(list)
    def _events_added(self, _events) -> None:
        if self.procedure_dock.isVisible() or self.procedure.report is None:
            self.procedure.show_report(self.backend.lab_report())

    def reset_lab(self) -> None:
        title = self.tr("Reset Lab")

        def reset() -> None:
            self.backend.reset_lab(
                lambda _r: messages.tell(self, title, self.tr("The lab is back to its starting state: Class1 with "
                                                              "Volume1 and Volume2, sdc free.")),
                lambda e: self.report_error(title, e))

        messages.ask(self, title, self.tr("Reset the lab to its starting state?\n\nEvery change made in this "
                                          "workspace is discarded: disks, classes, volumes, detached slices and "
                                          "their data."), reset)

    @Slot()
    def _lab_reset(self) -> None:
        self.log.model.clear()
        self.info.show_scope(None)
        self.procedure.show_report(self.backend.lab_report())
        self.procedure_dock.setVisible(True)

    # -- workspaces ---------------------------------------------------------------------------
    def choose_workspace(self) -> QFileDialog:
        """General → Open Workspace…: a folder; an empty one gets the demo lab."""
        dialog = QFileDialog(self, self.tr("Open Workspace"), str(self.backend.ws.root.parent))
        dialog.setObjectName("workspaceDialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.open_workspace)
        dialog.open()
        return dialog

    def open_workspace(self, folder: str | Path) -> None:
        """Switch to the workspace in ``folder``: a new backend and window replace this one."""
        from .app import open_window, workspace_problem

        title = self.tr("Open Workspace")
        root = Path(folder).expanduser().absolute()
        if root == self.backend.ws.root:
            messages.tell(self, title, self.tr("{path} is the workspace already open.").format(path=root))
            return
        problem = workspace_problem(root)
        if problem is not None:
            self.report_error(title, problem)
            return

        def switch() -> None:
            try:
                new = open_window(root, self.preferences, geometry=self.saveGeometry(), state=self.saveState())
            except SdxError as e:
                self.report_error(title, e)
                return
            self._closing = True
            self.close()
            new.activateWindow()

        running = self.backend.copies_running()
        if running:
            messages.ask(self, title, self.tr(
                "Synchronization copying of {volumes} is in progress.\n\nOpen {path} anyway? The copying stops "
                "now and resumes from where it stopped the next time this workspace is opened.").format(
                    volumes=", ".join(v for _c, v in running), path=root), switch)
        else:
            switch()

    # -- operations ---------------------------------------------------------------------------
    def trigger(self, op_id: str) -> None:
        op, _action = self.operation_actions[op_id]
        sel = self.selection()
        refusal = op.refusal(self.backend.snapshot, sel)
        if refusal is not None:  # e.g. a shortcut while disabled, or the state changed meanwhile
            self.report_error(operation_title(op), refusal)
            return
        op.run(self, sel)

    def run_backend(self, title: str, call: Callable[[], object], on_done: Callable[[object], None]) -> None:
        self.backend.submit(call, on_done, lambda e: self.report_error(title, e))

    def report_error(self, title: str, error: SdxError) -> None:
        self.log.add_error(core_texts.error(error))
        messages.fail(self, title, error)

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
        self.tree_model.set_snapshot(self.backend.snapshot, self.abnormal_only)

    # -- help ---------------------------------------------------------------------------------
    def show_help(self, section: str | None = None):
        from .help_window import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_section(section)
        return self.help_window

    def show_legend(self):
        from .dialogs.legend_dialog import LegendDialog

        dialog = LegendDialog(self)
        dialog.open()
        return dialog

    def show_about(self):
        from .dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self.backend.ws.root, self)
        dialog.open()
        return dialog

    # -- settings that persist ----------------------------------------------------------------
    def splitters(self) -> dict[str, QSplitter]:
        return {s.objectName(): s for s in (self.main_splitter, self.top_splitter, self.bottom_splitter)}

    def _restore(self, preferences: Preferences) -> None:
        geometry = preferences.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = preferences.window_state()
        if state is not None:
            self.restoreState(state)
            self.procedure_dock.setVisible(self.backend.is_lab())
        for name, splitter in self.splitters().items():
            saved = preferences.splitter_state(name)
            if saved is not None:
                splitter.restoreState(saved)
        self.backend.set_interval(preferences.interval(self.backend.interval()))
        preferences.set_last_workspace(self.backend.ws.root)
        self._update_status()

    def save_preferences(self) -> None:
        if self.preferences is not None:
            self.preferences.save_window(self.saveGeometry(), self.saveState(),
                                         {name: s.saveState() for name, s in self.splitters().items()})

    # -- closing ------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing or not self.backend.copies_running():
            self._closing = True
            self.save_preferences()
            self.service_timer.stop()
            if self.help_window is not None:
                self.help_window.close()
            self.backend.shutdown()
            event.accept()
            return
        event.ignore()
        running = ", ".join(v for _c, v in self.backend.copies_running())

        def really_close() -> None:
            self._closing = True
            self.close()

        messages.ask(self, self.tr("Exit"), self.tr(
            "Synchronization copying of {volumes} is in progress.\n\nExit anyway? The copying stops now and "
            "resumes from where it stopped the next time GDS Management View starts.").format(volumes=running),
            really_close)


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
