"""The training lab's additions to the main window: Service menu and tool bar, Procedure panel,
Reset Lab, the disk-failure lesson. Installed only in a lab's window (``MainWindow.lab``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QDockWidget, QLabel, QToolBar

from ...core.errors import SdxError
from .. import core_texts
from ..backend import StartService
from . import (
    backup_flows,  # noqa: F401 - registers the lab's Operation menu items
    restore_flows,  # noqa: F401 - registers Restore Backup
)
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
        # a third of a narrow window at most, so that the GDS screen keeps room for its lists
        window.resizeDocks([self.procedure_dock], [min(330, window.width() * 28 // 100)], Qt.Orientation.Horizontal)
        window.menus["menuView"].addAction(toggle)
        toggle.setToolTip(self.tr("Show or hide the Procedure panel (it stays as you leave it)"))
        toggle.setStatusTip(toggle.toolTip())
        toggle.triggered.connect(self._remember_dock)
        self.procedure_dock.setProperty("helpSection", "procedure")
        #: start the service on Volume1 when the lab is at its start (``ui.app`` sets it: a
        #: production volume is in use; tests and the screenshot generator start what they need)
        self.autostart_service = False

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
        for action in service.actions():
            action.setProperty("helpSection", "service" if action.objectName().endswith("Service")
                               else "restore_disk")

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

    def restore_dock(self) -> None:
        """The Procedure panel as the operator left it (shown, the first time)."""
        prefs = self.window.preferences
        self.procedure_dock.setVisible(prefs.procedure_visible() if prefs is not None else True)

    def _remember_dock(self, visible: bool) -> None:
        if self.window.preferences is not None:
            self.window.preferences.set_procedure_visible(visible)

    def writing_volumes(self) -> list[str]:
        """The volumes this window's service writes to (quitting stops them)."""
        return [st.volume for st in self.backend.lab.service_statuses()]

    def update_actions(self) -> None:
        """Enable the lab's items only when they can do something, and say why not (as the Operation
        menu's items do): Stop Service with a service running, the disk failure lesson's with a disk
        selected, End Simulated Failure with a failure simulated."""
        statuses = self.backend.lab.service_statuses()
        self._set(self.stop_service_action, None if statuses else self.tr(
            "No service is running in this window: Service → Start Service starts one."),
            self.tr("Stop the service writing to {volumes}").format(volumes=", ".join(st.volume for st in statuses)))
        d = self._selected_disk()
        failing = self.backend.lab.failing_disks()
        if d is None:
            self._set(self.fail_disk_action, core_texts.hint(SdxError(core_texts.NEED_DISK)), "")
        else:
            self._set(self.fail_disk_action, self.tr("Physical disk {device} fails already.").format(device=d.device)
                      if d.device in failing else None,
                      self.tr("Make physical disk {device} ({disk}) fail").format(device=d.device, disk=d.name))
        if not failing:
            self._set(self.repair_disk_action, self.tr("No disk failure is simulated."), "")
        elif d is None or d.device not in failing:
            self._set(self.repair_disk_action, self.tr("Select the disk that fails ({devices}) in the Disk "
                                                       "Information list first.").format(devices=", ".join(
                                                           sorted(failing))), "")
        else:
            self._set(self.repair_disk_action, None,
                      self.tr("End the simulated failure of physical disk {device}").format(device=d.device))

    @staticmethod
    def _set(action, reason: str | None, tip: str) -> None:
        action.setEnabled(reason is None)
        action.setToolTip(reason or tip)
        action.setStatusTip(reason or tip)

    def _selected_disk(self):
        sel = self.window.selection()
        return self.backend.snapshot.disk(sel.class_name, sel.disk) if sel.disk and not sel.volume else None

    def start_demo_service(self) -> None:
        """A lab at its start runs its service, as a production volume is in use: the service writes to
        Volume1 (4 MiB/s, log appends) unless a service writes somewhere already or a step is done."""
        report = self.backend.lab.report()
        v = self.backend.snapshot.volume(report.class_name or "Class1", "Volume1")
        if any(s.done for s in report.steps) or self.backend.lab.writing_anywhere() or v is None \
                or v.status.value != "ACTIVE":
            return
        self.backend.lab.start_service(StartService(v.class_name, v.name, 4.0, "log"),
                                       on_error=self.context.failed(self.tr("Start Service")))

    # -- the service --------------------------------------------------------------------------
    def start_service(self) -> None:
        snap = self.backend.snapshot
        sel = self.window.selection()
        dialog = StartServiceDialog(list(snap.volumes), (sel.class_name, sel.volume) if sel.volume else None,
                                    self.window, self.backend.lab.unavailable_apps())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = self.tr("Start Service")
        self.context.help_section = "service"

        def accepted() -> None:
            request = dialog.request()
            if request.app == "builtin":
                pattern = (self.tr("sequential log appends") if request.pattern == "log"
                           else self.tr("random 4 KiB updates"))
                question = self.tr("Start the service on {volume}: {pattern} at {rate:g} MiB/s?").format(
                    volume=request.volume, pattern=pattern, rate=request.rate_mib_s)
            elif request.app == "postgresql":
                question = self.tr("Start PostgreSQL on {volume}, with pgbench's load: {clients} clients at "
                                   "{rate}?").format(volume=request.volume, clients=request.clients,
                                                     rate=self._tps_text(request.tps))
            else:
                question = self.tr("Start SQLite on {volume}, with a TPC-B-like load at {rate}?").format(
                    volume=request.volume, rate=self._tps_text(request.tps))
            self.context.ask(title, question,
                             lambda: self.backend.lab.start_service(request, on_error=self.context.failed(title)))

        dialog.accepted.connect(accepted)
        dialog.open()

    def _tps_text(self, tps: float) -> str:
        return self.tr("{tps:g} transactions per second").format(tps=tps) if tps > 0 else \
            self.tr("as many transactions per second as it can")

    def stop_service(self) -> None:
        statuses = self.backend.lab.service_statuses()
        if not statuses:
            self.window.show_hint(self.stop_service_action.toolTip())
            return
        self.context.help_section = "service"
        volumes = ", ".join(st.volume for st in statuses)
        self.context.ask(self.tr("Stop Service"), self.tr(
            "Stop the service writing to {volumes}?\n\nIt stops cleanly (the built-in writer writes a last, clean "
            "commit record; a database checkpoints and its file system is unmounted): the application using the "
            "volume is stopped.").format(volumes=volumes),
            lambda: self.backend.lab.stop_services(), destructive=True)

    @Slot()
    def _update_service(self) -> None:
        statuses = self.backend.lab.service_statuses()
        self.update_actions()
        if not statuses:
            self.service_label.setText(self.tr("stopped"))
            return
        self.service_label.setText("   ".join(self._status_text(st) for st in statuses))

    def _status_text(self, st) -> str:
        if st.app == "builtin":
            text = self.tr("writing to {volume} ({pattern}) at {rate:.1f} of {limit:g} MiB/s, {records} records")
            return text.format(volume=st.volume, pattern=st.pattern, rate=st.measured_bps / (1 << 20),
                               limit=st.rate_mib_s, records=st.written_records)
        name = "PostgreSQL" if st.app == "postgresql" else "SQLite"
        return self.tr("{app} on {volume}: {tps:.0f} TPS, {count} transactions ({data})").format(
            app=name, volume=st.volume, tps=st.rate, count=st.transactions, data=st.data)

    # -- the disk failure lesson --------------------------------------------------------------
    def simulate_disk_failure(self, fail: bool) -> None:
        """Every I/O of the selected disk's physical disk fails (or no longer)."""
        d = self._selected_disk()
        if d is None:
            self.window.show_hint(core_texts.hint(SdxError(core_texts.NEED_DISK)))
            return
        self.context.help_section = "restore_disk"
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
                          "works again, as a replacement would: if it is swapped out, Operation → Restore "
                          "Physical Disk takes it back and copies its slices.").format(device=d.device, disk=d.name)
            done = self.tr("Physical disk {device} works again.").format(device=d.device)
            call = self.backend.lab.repair_disk
        self.context.ask(title, question, lambda: call(d.device, lambda _r: (self.update_actions(),
                                                                             self.context.tell(title, done)),
                                                       self.context.failed(title)), destructive=fail)

    # -- the procedure ------------------------------------------------------------------------
    def _tick(self) -> None:
        self._update_service()
        if self.procedure_dock.isVisible() and self.procedure.report is not None:  # the elapsed clock
            self.procedure.show_report(self.procedure.report, service_running=bool(self.backend.lab.writing_anywhere()))

    @Slot(list)
    def _events_added(self, _events) -> None:
        if self.procedure_dock.isVisible() or self.procedure.report is None:
            self.procedure.show_report(self.backend.lab.report(),
                                       service_running=bool(self.backend.lab.writing_anywhere()))

    def reset_lab(self) -> None:
        title = self.tr("Reset Lab")

        def reset() -> None:
            self.backend.lab.reset(
                lambda _r: self.context.tell(title, self.tr("The lab is back to its starting state: Class1 with "
                                                       "Volume1 and Volume2, sdc free.")),
                self.context.failed(title))

        self.context.help_section = "reset"
        self.context.ask(title, self.tr("Reset the lab to its starting state?\n\nEvery change made in this "
                                   "workspace is discarded: disks, classes, volumes, detached slices and "
                                   "their data."), reset, destructive=True)

    @Slot()
    def _lab_reset(self) -> None:
        self.window.log.model.clear()
        self.window.info.show_scope(None)
        self.procedure.show_report(self.backend.lab.report())
        self.procedure_dock.setVisible(True)
        if self.autostart_service:
            self.start_demo_service()


__all__ = ["LabUi"]
