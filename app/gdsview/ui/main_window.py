"""GDS Management View: Configuration Tree, Object Information, Log Information, the menus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..core.errors import SdxError
from ..core.model import Snapshot
from .actions import OPERATIONS, Operation, Selection
from .backend import GuiBackend
from .dialogs import messages
from .dialogs.monitoring_interval_dialog import MonitoringIntervalDialog
from .dialogs.start_service_dialog import StartServiceDialog
from .icons import LEGEND, icon
from .models.config_tree import ConfigTreeModel
from .models.tables import INFO_ROLE, KEY_ROLE
from .widgets.copy_plot import CopyPlot
from .widgets.log_panel import LogPanel
from .widgets.object_info import ObjectInfoPanel
from .widgets.procedure_panel import ProcedurePanel

TITLE = "GDS Management View"


class MainWindow(QMainWindow):
    """The main screen. Lives in the GUI thread; all backend work goes through ``backend``."""

    def __init__(self, backend: GuiBackend) -> None:
        super().__init__()
        self.backend = backend
        self.setObjectName("mainWindow")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("node", "normal"))
        self.abnormal_only = False
        self._closing = False

        self.tree_model = ConfigTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("configTree")
        self.tree.setAccessibleName("Configuration Tree")
        self.tree.setModel(self.tree_model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.selectionModel().selectionChanged.connect(self._tree_clicked)

        self.info = ObjectInfoPanel()
        self.info.selectionChanged.connect(self._update_actions)
        self.log = LogPanel()

        tree_box = _titled("Configuration Tree", self.tree)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.setObjectName("topSplitter")
        top.addWidget(tree_box)
        top.addWidget(self.info)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 3)
        top.setSizes([260, 780])
        # The copy panel is always laid out (hidden only on request), so that a copy starting
        # never re-lays out the window while the operator watches it.
        self.plot = CopyPlot()
        self.plot_box = _titled("Copy Throughput", self.plot)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setObjectName("bottomSplitter")
        bottom.addWidget(_titled("Log Information", self.log))
        bottom.addWidget(self.plot_box)
        bottom.setSizes([620, 420])
        main = QSplitter(Qt.Orientation.Vertical)
        main.setObjectName("mainSplitter")
        main.addWidget(top)
        main.addWidget(bottom)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 1)
        main.setSizes([480, 220])
        self.setCentralWidget(main)

        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)

        self.procedure = ProcedurePanel()
        self.procedure_dock = QDockWidget("Procedure", self)
        self.procedure_dock.setObjectName("procedureDock")
        self.procedure_dock.setWidget(self.procedure)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.procedure_dock)
        self.resizeDocks([self.procedure_dock], [330], Qt.Orientation.Horizontal)
        self.procedure_dock.setVisible(backend.is_lab())  # a training lab shows its guide
        self.service_label = QLabel("Service: stopped")
        self.service_label.setObjectName("serviceLabel")

        self.operation_actions: dict[str, tuple[Operation, QAction]] = {}
        self._build_menus()
        self._build_service_toolbar()

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

    # -- menus --------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        general = bar.addMenu("&General")
        general.setObjectName("menuGeneral")
        self._add(general, "Change &Monitoring Intervals...", self.change_interval, "changeInterval")
        self._add(general, "&Reset Lab...", self.reset_lab, "resetLab")
        general.addSeparator()
        self._add(general, "E&xit", self.close, "exit", QKeySequence.StandardKey.Quit)

        from .settings import open_class_configuration, open_group_configuration, open_volume_configuration

        settings = bar.addMenu("&Settings")
        settings.setObjectName("menuSettings")
        for text, opener, name in (("&Class Configuration...", open_class_configuration, "classConfiguration"),
                                   ("&Group Configuration...", open_group_configuration, "groupConfiguration"),
                                   ("&Volume Configuration...", open_volume_configuration, "volumeConfiguration")):
            self._add(settings, text, lambda _=False, o=opener: o(self), name)

        self.operation_menu = bar.addMenu("&Operation")
        self.operation_menu.setObjectName("menuOperation")
        self.operation_menu.setToolTipsVisible(True)
        for op in OPERATIONS:
            if op.separator_before:
                self.operation_menu.addSeparator()
            action = self._add(self.operation_menu, op.text, lambda _=False, o=op: self.trigger(o.id), op.id)
            self.operation_actions[op.id] = (op, action)

        service = bar.addMenu("Ser&vice")
        service.setObjectName("menuService")
        self.start_service_action = self._add(service, "&Start Service...", self.start_service, "startService")
        self.stop_service_action = self._add(service, "S&top Service", self.stop_service, "stopService")

        view = bar.addMenu("&View")
        view.setObjectName("menuView")
        self._add(view, "&Update Now", lambda: self.backend.refresh(force=True), "updateNow",
                  QKeySequence.StandardKey.Refresh)
        self.abnormal_action = self._add(view, "&Abnormal Objects only", self.set_abnormal_only, "abnormalOnly")
        self.abnormal_action.setCheckable(True)
        view.addSeparator()
        self.plot_action = self._add(view, "&Copy Throughput", self.plot_box.setVisible, "copyThroughput")
        self.plot_action.setCheckable(True)
        self.plot_action.setChecked(True)
        view.addAction(self.procedure_dock.toggleViewAction())

        help_menu = bar.addMenu("&Help")
        help_menu.setObjectName("menuHelp")
        self._add(help_menu, "Status &Legend", self.show_legend, "legend")
        self._add(help_menu, "&About", self.show_about, "about")

    def _build_service_toolbar(self) -> None:
        bar = self.addToolBar("Service")
        bar.setObjectName("serviceToolBar")
        bar.setMovable(False)
        bar.addWidget(QLabel(" Service: "))
        bar.addAction(self.start_service_action)
        bar.addAction(self.stop_service_action)
        bar.addSeparator()
        bar.addWidget(self.service_label)
        self._update_service()

    def _add(self, menu: QMenu, text: str, slot: Callable, name: str, shortcut=None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- selection and refresh ----------------------------------------------------------------
    def selection(self) -> Selection:
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
            tip = refusal.format("gdsview") if refusal is not None else op.text.replace("&", "")
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def _update_status(self) -> None:
        running = self.backend.copies_running()
        parts = [f"Monitoring every {self.backend.interval()} s", f"workspace {self.backend.ws.root}"]
        if running:
            parts.insert(0, "copying: " + ", ".join(v for _c, v in running))
        if self.backend.busy():
            parts.insert(0, "working…")
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
                                       on_error=lambda e: self.report_error("Start Service", e))

        dialog.accepted.connect(accepted)
        dialog.open()

    def stop_service(self) -> None:
        self.backend.stop_services()

    @Slot()
    def _update_service(self) -> None:
        statuses = self.backend.service_statuses()
        self.stop_service_action.setEnabled(bool(statuses))
        if not statuses:
            self.service_label.setText("stopped")
            return
        self.service_label.setText("   ".join(
            f"writing to {st.volume} ({st.pattern}) at {st.measured_bps / (1 << 20):.1f} of "
            f"{st.rate_mib_s:g} MiB/s, {st.written_records} records" for st in statuses))

    def _tick(self) -> None:
        self._update_service()
        if self.procedure_dock.isVisible() and self.procedure.report is not None:
            self.procedure.show_report(self.procedure.report)  # the elapsed clock

    @Slot(list)
    def _events_added(self, _events) -> None:
        if self.procedure_dock.isVisible() or self.procedure.report is None:
            self.procedure.show_report(self.backend.lab_report())

    def reset_lab(self) -> None:
        def reset() -> None:
            self.backend.reset_lab(lambda _r: messages.tell(self, "Reset Lab", "The lab is back to its starting "
                                                            "state: Class1 with Volume1 and Volume2, sdc free."),
                                   lambda e: self.report_error("Reset Lab", e))

        messages.ask(self, "Reset Lab", "Reset the lab to its starting state?\n\nEvery change made in this "
                     "workspace is discarded: disks, classes, volumes, detached slices and their data.", reset)

    @Slot()
    def _lab_reset(self) -> None:
        self.log.model.clear()
        self.info.show_scope(None)
        self.procedure.show_report(self.backend.lab_report())
        self.procedure_dock.setVisible(True)

    # -- operations ---------------------------------------------------------------------------
    def trigger(self, op_id: str) -> None:
        op, _action = self.operation_actions[op_id]
        sel = self.selection()
        refusal = op.refusal(self.backend.snapshot, sel)
        if refusal is not None:  # e.g. a shortcut while disabled, or the state changed meanwhile
            self.report_error(op.text.replace("&", ""), refusal)
            return
        op.run(self, sel)

    def run_backend(self, title: str, call: Callable[[], object], on_done: Callable[[object], None]) -> None:
        self.backend.submit(call, on_done, lambda e: self.report_error(title, e))

    def report_error(self, title: str, error: SdxError) -> None:
        self.log.add_error(error.format("gdsview"))
        messages.fail(self, title, error)

    def change_interval(self) -> None:
        dialog = MonitoringIntervalDialog(self.backend.interval(), self)
        dialog.accepted.connect(lambda: (self.backend.set_interval(dialog.seconds()), self._update_status()))
        dialog.open()

    def set_abnormal_only(self, on: bool) -> None:
        self.abnormal_only = bool(on)
        self.info.set_abnormal_only(self.abnormal_only)
        self.tree_model.set_snapshot(self.backend.snapshot, self.abnormal_only)

    def show_legend(self) -> None:
        dialog = QDialog(self)
        dialog.setObjectName("legendDialog")
        dialog.setWindowTitle("Status Legend")
        layout = QVBoxLayout(dialog)
        for colour, text in LEGEND:
            row = QHBoxLayout()
            swatch = QLabel()
            swatch.setPixmap(icon("status", colour).pixmap(20, 20))
            row.addWidget(swatch)
            row.addWidget(QLabel(text), 1)
            layout.addLayout(row)
        dialog.open()

    def show_about(self) -> None:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        messages.tell(self, "About GDS Management View",
                      f"gdsview {__version__}\nA replica of PRIMECLUSTER GDS Management View\n\n"
                      f"Qt {qVersion()}, PySide6 {pyside_version}\nWorkspace: {self.backend.ws.root}",
                      name="aboutDialog")

    # -- closing ------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing or not self.backend.copies_running():
            self._closing = True
            self.service_timer.stop()
            self.backend.shutdown()
            event.accept()
            return
        event.ignore()
        running = ", ".join(v for _c, v in self.backend.copies_running())

        def really_close() -> None:
            self._closing = True
            self.close()

        messages.ask(self, "Exit", f"Synchronization copying of {running} is in progress.\n\n"
                     "Exit anyway? The copying stops now and resumes from where it stopped "
                     "the next time GDS Management View starts.", really_close)


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(2, 2, 2, 2)
    label = QLabel(title)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    layout.addWidget(label)
    layout.addWidget(widget)
    return box


__all__ = ["MainWindow", "TITLE", "INFO_ROLE"]
