"""The training lab's additions to the main window: Service menu and tool bar, Procedure panel,
Reset Lab, the disk-failure lesson. Installed only in a lab's window (``MainWindow.lab``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QDockWidget, QLabel, QToolBar

from ...core.errors import SdxError
from .. import core_texts
from . import backup_flows  # noqa: F401 - registers the lab's Operation menu items
from .procedure_panel import ProcedurePanel
from .start_service_dialog import StartServiceDialog

if TYPE_CHECKING:
    from ..main_window import MainWindow

class LabUi(QObject):
    """Builds the lab's menus, tool bar and dock into ``window``; GUI thread only."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.backend = window.backend
        self.context = window.context

        self.procedure = ProcedurePanel()
        self.procedure_dock = QDockWidget(self.tr("Procedure"), window)
        self.procedure_dock.setObjectName("procedureDock")
        self.procedure_dock.setWidget(self.procedure)
        toggle = self.procedure_dock.toggleViewAction()
        toggle.setObjectName("procedureToggle")
        toggle.setText(self.tr("&Procedure"))
        toggle.setProperty(window.SOURCE_TEXT, "&Procedure")
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.procedure_dock)
        window.resizeDocks([self.procedure_dock], [330], Qt.Orientation.Horizontal)
        window.menus["menuView"].addAction(toggle)

        window.add_item(window.menus["menuGeneral"], QT_TRANSLATE_NOOP("MainWindow", "&Reset Lab..."), self.reset_lab,
                        "resetLab", before="exit")
        service = self.service_menu = window.add_menu(QT_TRANSLATE_NOOP("MainWindow", "S&ervice"), "menuService",
                                                      before="menuView")
        self.start_service_action = window.add_item(service, QT_TRANSLATE_NOOP("MainWindow", "&Start Service..."),
                                                    self.start_service, "startService")
        self.stop_service_action = window.add_item(service, QT_TRANSLATE_NOOP("MainWindow", "S&top Service"),
                                                   self.stop_service, "stopService")
        service.addSeparator()  # the disk failure lesson (with Operation > Swap / Restore Physical Disk)
        self.fail_disk_action = window.add_item(service, QT_TRANSLATE_NOOP("MainWindow", "Simulate Disk &Failure"),
                                                lambda: self.simulate_disk_failure(True), "simulateDiskFailure")
        self.repair_disk_action = window.add_item(service, QT_TRANSLATE_NOOP("MainWindow", "&End Simulated Failure"),
                                                  lambda: self.simulate_disk_failure(False), "endSimulatedFailure")

        self.service_label = QLabel(self.tr("stopped"))
        self.service_label.setObjectName("serviceLabel")
        self.service_label.setAccessibleName(self.tr("Service status"))
        self.toolbar = bar = QToolBar(self.tr("Service"), window)
        bar.setObjectName("serviceToolBar")
        bar.setMovable(False)
        bar.addWidget(QLabel(self.tr(" Service: ")))
        bar.addAction(self.start_service_action)
        bar.addAction(self.stop_service_action)
        bar.addSeparator()
        bar.addWidget(self.service_label)
        window.addToolBar(bar)
        self._update_service()

        self.backend.eventsAdded.connect(self._events_added)
        self.backend.serviceChanged.connect(self._update_service)
        self.backend.labReset.connect(self._lab_reset)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    # -- what the window shows ----------------------------------------------------------------
    def set_visible(self, visible: bool) -> None:
        """Show or hide everything the lab adds to GDS Management View (the screenshot generator
        hides it, so the figures show the GDS screen as the manual does)."""
        self.procedure_dock.setVisible(visible)
        self.toolbar.setVisible(visible)
        self.service_menu.menuAction().setVisible(visible)
        if visible:
            self.timer.start()
        else:
            self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()

    # -- the service --------------------------------------------------------------------------
    def start_service(self) -> None:
        snap = self.backend.snapshot
        sel = self.window.selection()
        dialog = StartServiceDialog(list(snap.volumes), (sel.class_name, sel.volume) if sel.volume else None,
                                    self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.backend.lab.start_service(
            dialog.request(), on_error=self.context.failed(self.tr("Start Service"))))
        dialog.open()

    def stop_service(self) -> None:
        self.backend.lab.stop_services()

    @Slot()
    def _update_service(self) -> None:
        statuses = self.backend.lab.service_statuses()
        self.stop_service_action.setEnabled(bool(statuses))
        if not statuses:
            self.service_label.setText(self.tr("stopped"))
            return
        self.service_label.setText("   ".join(
            self.tr("writing to {volume} ({pattern}) at {rate:.1f} of {limit:g} MiB/s, {records} records").format(
                volume=st.volume, pattern=st.pattern, rate=st.measured_bps / (1 << 20), limit=st.rate_mib_s,
                records=st.written_records)
            for st in statuses))

    # -- the disk failure lesson --------------------------------------------------------------
    def simulate_disk_failure(self, fail: bool) -> None:
        """Every I/O of the selected disk's physical disk fails (or no longer)."""
        sel = self.window.selection()
        d = self.backend.snapshot.disk(sel.class_name, sel.disk) if sel.disk and not sel.volume else None
        if d is None:
            self.context.report_error(self.tr("Simulate Disk Failure"), SdxError(core_texts.NEED_DISK))
            return
        if fail:
            title = self.tr("Simulate Disk Failure")
            question = self.tr("Make physical disk {device} ({disk}) fail?\n\nEvery read and write of it "
                          "fails from now on: the next I/O makes its slices INVALID and the disk "
                          "DISABLE.").format(device=d.device, disk=d.name)
            done = self.tr("Physical disk {device} now fails every I/O.").format(device=d.device)
            call = self.backend.lab.fail_disk
        else:
            title = self.tr("End Simulated Failure")
            question = self.tr("End the simulated failure of physical disk {device} ({disk})?\n\nThe disk "
                          "works again, as a replacement would: if it is swapped out, Operation > Restore "
                          "Physical Disk takes it back and copies its slices.").format(device=d.device, disk=d.name)
            done = self.tr("Physical disk {device} works again.").format(device=d.device)
            call = self.backend.lab.repair_disk
        self.context.ask(title, question, lambda: call(d.device, lambda _r: self.context.tell(title, done),
                                                       self.context.failed(title)))

    # -- the procedure ------------------------------------------------------------------------
    def _tick(self) -> None:
        self._update_service()
        if self.procedure_dock.isVisible() and self.procedure.report is not None:
            self.procedure.show_report(self.procedure.report)  # the elapsed clock

    @Slot(list)
    def _events_added(self, _events) -> None:
        if self.procedure_dock.isVisible() or self.procedure.report is None:
            self.procedure.show_report(self.backend.lab.report())

    def reset_lab(self) -> None:
        title = self.tr("Reset Lab")

        def reset() -> None:
            self.backend.lab.reset(
                lambda _r: self.context.tell(title, self.tr("The lab is back to its starting state: Class1 with "
                                                       "Volume1 and Volume2, sdc free.")),
                self.context.failed(title))

        self.context.ask(title, self.tr("Reset the lab to its starting state?\n\nEvery change made in this "
                                   "workspace is discarded: disks, classes, volumes, detached slices and "
                                   "their data."), reset)

    @Slot()
    def _lab_reset(self) -> None:
        self.window.log.model.clear()
        self.window.info.show_scope(None)
        self.procedure.show_report(self.backend.lab.report())
        self.procedure_dock.setVisible(True)


__all__ = ["LabUi"]
