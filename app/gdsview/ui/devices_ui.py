"""The device server in the main window: its state in the status bar, General → Start / Stop Device Server.

Stopping while a device is mounted or open is not refused outright: the confirmation names what
is in use, defaults to No, and Yes stops as ``gdsview devices down --force`` does (the file
systems on the devices are unmounted and their loop devices detached first). A server that died
and left its devices mounted is cleaned up the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtWidgets import QLabel

from ..core.errors import SdxError
from .backend.device_requests import StartDeviceServer, StopDeviceServer
from .dialogs.file_system_configuration_dialog import confirm_destructive

if TYPE_CHECKING:
    from .backend.devices_backend import ServerState
    from .main_window import MainWindow

START_TITLE = QT_TRANSLATE_NOOP("DevicesUi", "Start Device Server")
STOP_TITLE = QT_TRANSLATE_NOOP("DevicesUi", "Stop Device Server")


class DevicesUi(QObject):
    """Installs the device server's menu items and status bar field into ``window``. GUI thread only."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.context = window.context
        self.devices = window.backend.devices
        self._pinned: str | None = None
        general = window.menus["menuGeneral"]
        self.start_action = window.add_item(general, QT_TRANSLATE_NOOP("MainWindow", "Start &Device Server"),
                                            self.start_server, "startDeviceServer", before="exit")
        self.stop_action = window.add_item(general, QT_TRANSLATE_NOOP("MainWindow", "Stop Device Ser&ver..."),
                                           self.stop_server, "stopDeviceServer", before="exit")
        general.insertSeparator(self.start_action)
        self.label = QLabel()
        self.label.setObjectName("deviceServerStatus")
        self.label.setAccessibleName(self.tr("Device server status"))
        self.label.setStyleSheet("QLabel { padding-right: 8px; border-right: 1px solid palette(mid); }")
        window.statusBar().insertPermanentWidget(0, self.label)
        self.devices.changed.connect(self.update)
        self.update()

    def state(self) -> ServerState:
        return self.devices.state

    def status_text(self) -> tuple[str, str]:
        """The status bar's text and its tooltip."""
        st = self.state()
        if st.running:
            return (self.tr("Devices: {path}").format(path=st.mountpoint),
                    self.tr("The device server is running (pid {pid}): started volumes and detached slices' access "
                            "paths are devices under {path}.").format(pid=st.pid, path=st.mountpoint))
        if st.dead:
            return (self.tr("Device server stopped unexpectedly"),
                    self.tr("The device server died and left its devices mounted at {path}: General > Stop Device "
                            "Server cleans up (gdsview devices down --force).").format(path=st.mountpoint))
        if st.unavailable:
            return self.tr("Device server: not available"), st.unavailable
        return (self.tr("Device server: not running"),
                self.tr("General > Start Device Server (gdsview devices up) makes the volumes devices under "
                        "{path}.").format(path=st.mountpoint))

    def set_status_text(self, text: str | None) -> None:
        """Pin the status bar field to ``text`` (None: show the server's state again). The screenshot
        generator pins it, so that figures do not depend on whether this machine can run the server."""
        self._pinned = text
        self.update()

    def update(self) -> None:
        text, tip = self.status_text()
        self.label.setText(text if self._pinned is None else self._pinned)
        self.label.setToolTip(tip)
        st = self.state()
        for action, refusal, tip in (
            (self.start_action, self._start_refusal(st), self.tr(START_TITLE)),
            (self.stop_action, None if st.running or st.dead else self.tr("the device server is not running"),
             self.tr(STOP_TITLE)),
        ):
            action.setEnabled(refusal is None)
            action.setToolTip(refusal or tip)
            action.setStatusTip(refusal or tip)

    def _start_refusal(self, st: ServerState) -> str | None:
        if st.running:
            return self.tr("the device server is already running (pid {pid})").format(pid=st.pid)
        if st.dead:
            return self.tr("the device server died and left its devices mounted: stop it first to clean up")
        return st.unavailable

    # -- the menu items -----------------------------------------------------------------------
    def start_server(self) -> None:
        title = self.tr(START_TITLE)
        refusal = self._start_refusal(self.state())
        if refusal is not None:
            self.context.report_error(title, SdxError(refusal))
            return
        self.context.run(title, StartDeviceServer(), lambda st: self.context.tell(title, self.tr(
            "The device server is running (pid {pid}).\n\nVolumes and access paths are devices under {path}: "
            "mkfs, mount, fsck and dd use them as they are.").format(pid=st.pid, path=st.mountpoint)))

    def stop_server(self) -> None:
        title = self.tr(STOP_TITLE)
        st = self.state()
        if not st.running and not st.dead:
            self.context.report_error(title, SdxError(self.tr("the device server is not running")))
            return
        busy = self.devices.busy_devices()

        def stop(force: bool) -> None:
            self.context.run(title, StopDeviceServer(force), lambda done: self.context.tell(
                title, "\n".join([self.tr("The device server is stopped."), *done])))

        if st.dead:
            confirm_destructive(self.window, title, self.tr(
                "The device server stopped unexpectedly and left its devices mounted at {path}.\n\nClean up? The "
                "file systems on its devices are unmounted, their loop devices detached and the device tree "
                "unmounted (gdsview devices down --force).").format(path=st.mountpoint), lambda: stop(True))
        elif busy:
            what = "\n".join(f"  {b}" for b in busy)
            confirm_destructive(self.window, title, self.tr(
                "Devices are in use:\n{devices}\n\nStop the device server anyway? The file systems on its devices "
                "are unmounted and their loop devices detached first (gdsview devices down --force); programs "
                "still using them get I/O errors.").format(devices=what), lambda: stop(True))
        else:
            self.context.ask(title, self.tr(
                "Stop the device server? The device files under {path} go until it is started again.").format(
                    path=st.mountpoint), lambda: stop(False))


__all__ = ["DevicesUi"]
