#!/usr/bin/env python3
"""Walk the reliable backup procedure through the real GUI on a screen of a given size, and save
what the screen shows at each step (the main window and every dialog, where they are on screen).

    .venv/bin/python scripts/walk-screens.py --size 1366x768 --lang ja --out /tmp/walk-ja-1366

It runs offscreen on a virtual screen of ``--size`` (a Qt offscreen config file), on a fresh demo
lab in a temporary folder, with the window made as ``gdsview`` makes it (``ui.app.build_window``,
settings in a temporary folder). Each step clicks what a trainee clicks: list items, buttons,
menu items, Yes/OK in the confirmations. ``NN-what.png`` are the screens; ``steps.txt`` lists them
with the Procedure panel's text after each step. Not a test: a tool to look at the screens.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

# --------------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", default="1366x768", help="screen size WxH (default 1366x768)")
    p.add_argument("--lang", default="en", choices=("en", "ja"))
    p.add_argument("--out", required=True, help="folder for the PNG files")
    p.add_argument("--speed", default=None, help="disk speed of the demo lab (default: the demo's)")
    return p.parse_args()


def screen_config(size: str, folder: Path) -> str:
    width, height = (int(x) for x in size.lower().split("x"))
    path = folder / "screen.json"
    path.write_text(json.dumps({"screens": [{"name": "screen", "x": 0, "y": 0, "width": width, "height": height,
                                             "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={path}"


class Walk:
    def __init__(self, args: argparse.Namespace, tmp: Path) -> None:
        from PySide6.QtCore import QSettings

        self.args = args
        self.out = Path(args.out)
        self.out.mkdir(parents=True, exist_ok=True)
        for old in self.out.glob("*.png"):
            old.unlink()
        self.tmp = tmp
        self.n = 0
        self.log: list[str] = []
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp / "settings"))

    # -- plumbing ---------------------------------------------------------------------------------
    def pump(self, seconds: float = 0.05) -> None:
        from PySide6.QtWidgets import QApplication

        end = time.monotonic() + seconds
        while True:
            QApplication.processEvents()
            if time.monotonic() >= end:
                return
            time.sleep(0.01)

    def until(self, predicate, timeout: float = 120, what: str = "condition") -> None:
        end = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > end:
                raise SystemExit(f"timed out waiting for {what}")
            self.pump(0.05)

    def shot(self, what: str) -> None:
        """The screen: a grey desktop with every visible top-level window where it is."""
        from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
        from PySide6.QtWidgets import QApplication, QMenu, QWidget

        self.pump(0.3)
        screen = QGuiApplication.primaryScreen().geometry()
        image = QImage(screen.size(), QImage.Format.Format_RGB32)
        image.fill(QColor("#3b4650"))
        painter = QPainter(image)
        tops = [w for w in QApplication.topLevelWidgets() if w.isVisible() and isinstance(w, QWidget)]
        def depth(w) -> int:  # a window's own windows (a dialog's confirmation) over it
            n = 0
            while w.parentWidget() is not None:
                w, n = w.parentWidget(), n + 1
            return n

        tops.sort(key=lambda w: (0 if w is self.window else 2 if isinstance(w, QMenu) or w.inherits("QTipLabel")
                                 else 1, depth(w)))
        for w in tops:
            painter.drawPixmap(w.geometry().topLeft(), w.grab())
            if not isinstance(w, QMenu) and not w.inherits("QTipLabel"):
                self._title_bar(painter, w)
        painter.end()
        self.n += 1
        name = f"{self.n:02d}-{what}.png"
        image.save(str(self.out / name))
        procedure = self.window.lab.procedure.status.text().replace("\n", " ") if self.window.lab else ""
        self.log.append(f"{name}\t{procedure}")
        print(name, flush=True)

    @staticmethod
    def _title_bar(painter, w) -> None:
        """What a window manager draws above a window: its title and the application's name, elided
        in the middle when the window is too narrow (as the issue saw "Attach Slice — GD… View")."""
        from PySide6.QtCore import QRect, Qt
        from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication

        bar = QRect(w.geometry().left(), w.geometry().top() - 24, w.geometry().width(), 24)
        painter.fillRect(bar, QColor("#dde3ea"))
        title = w.windowTitle()
        app = QGuiApplication.applicationDisplayName()
        if app and app not in title:
            title = f"{title} \u2014 {app}"
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        room = bar.adjusted(8, 0, -90, 0)  # the buttons on the right
        painter.setPen(QColor("#1d2733"))
        painter.drawText(room, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         QFontMetrics(font).elidedText(title, Qt.TextElideMode.ElideMiddle, room.width()))

    def boxes(self):
        from PySide6.QtWidgets import QApplication, QMessageBox

        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]

    def answer(self, what: str, button: str = "Yes", shot: bool = True, timeout: float = 60) -> str:
        """Wait for a message box, look at it, press ``button`` (Yes, No, Ok)."""
        from PySide6.QtWidgets import QMessageBox

        self.until(lambda: self.boxes(), timeout, f"a message box ({what})")
        box = self.boxes()[-1]
        if shot:
            self.shot(what)
        text = box.text()
        std = getattr(QMessageBox.StandardButton, button)
        target = box.button(std) or box.button(QMessageBox.StandardButton.Ok)
        target.click()
        self.until(lambda: not box.isVisible(), 10, "the box to close")
        return text

    def answer_all(self, what: str) -> None:
        """Confirm (Yes) and acknowledge (OK) whatever boxes an operation brings up, looking at each."""
        n = 0
        end = time.monotonic() + 3
        while time.monotonic() < end:
            self.pump(0.1)
            if self.boxes():
                box = self.boxes()[-1]
                names = [b.text() for b in box.buttons()]
                self.answer(f"{what}-{n}", "Yes" if len(names) > 1 else "Ok")
                n += 1
                end = time.monotonic() + 3

    def dialog(self, name: str):
        from PySide6.QtWidgets import QApplication, QWidget

        found: list[QWidget] = []

        def shown() -> bool:
            found[:] = [w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()]
            return bool(found)

        self.until(shown, 20, name)
        return found[-1]

    def menu_item(self, name: str):
        from PySide6.QtGui import QAction

        action = self.window.findChild(QAction, name)
        assert action is not None, name
        return action

    def open_menu(self, menu_name: str, item: str | None, what: str) -> None:
        """Open a menu of the menu bar, hover an item (its tooltip shows), look, close it."""
        from PySide6.QtWidgets import QMenu, QToolTip

        menu = self.window.menus[menu_name]
        bar = self.window.menuBar()
        bar.setActiveAction(menu.menuAction())
        self.pump(0.2)
        if item is not None:
            action = self.menu_item(item)
            menu.setActiveAction(action)
            rect = menu.actionGeometry(action)
            from PySide6.QtCore import QEvent
            from PySide6.QtGui import QHelpEvent
            from PySide6.QtWidgets import QApplication

            pos = rect.center()
            QApplication.sendEvent(menu, QHelpEvent(QEvent.Type.ToolTip, pos, menu.mapToGlobal(pos)))
            self.pump(0.3)
        self.shot(what)
        QToolTip.hideText()
        menu.hide()
        for m in self.window.findChildren(QMenu):
            m.hide()
        self.pump(0.1)

    def click_item(self, tree, key: str) -> None:
        from gdsview.ui.roles import KEY_ROLE

        def walk(parent):
            for i in range(parent.childCount()):
                yield parent.child(i)
                yield from walk(parent.child(i))

        item = next(i for i in walk(tree.invisibleRootItem()) if i.data(0, KEY_ROLE) == key)
        tree.setCurrentItem(item)
        item.setSelected(True)
        self.pump(0.1)

    def press(self, button) -> None:
        if not button.isEnabled():
            raise SystemExit(f"{button.objectName()} is disabled: {button.toolTip()}")
        button.click()
        self.pump(0.1)

    def wait_active(self, disk: str, volumes=("Volume1", "Volume2")) -> None:
        def done() -> bool:
            self.window.backend.refresh(force=True)
            snap = self.window.backend.snapshot
            slices = [snap.slice("Class1", disk, v) for v in volumes]
            return all(s is not None and s.state.value == "ACTIVE" for s in slices)

        self.until(done, 300, f"{disk}'s slices ACTIVE")

    def settled(self) -> None:
        self.until(lambda: not self.window.backend.busy(), 60, "the backend")

    # -- the walk ---------------------------------------------------------------------------------
    def run(self) -> None:
        from gdsview.core.policy.manager import VolumeManager
        from gdsview.core.storage.workspace import Workspace
        from gdsview.lab.demo import init_lab
        from gdsview.ui import app as gui_app
        from gdsview.ui import i18n
        from gdsview.ui.preferences import Preferences

        qapp = gui_app._application([])
        i18n.install(self.args.lang)
        root = self.tmp / "workspace"
        if self.args.speed is not None:
            from gdsview.core.storage import bandwidth

            ws = Workspace(root)
            init_lab(VolumeManager(ws, source="gdsview"), speed=bandwidth.parse_speed(self.args.speed))
            ws.close()
        self.window = gui_app.open_window(root, Preferences())
        w = self.window
        self.pump(1.0)
        self.shot("start")
        if not w.backend.lab.service_statuses():
            w.lab.start_service_action.trigger()
            self.dialog("startServiceDialog").buttons.button(
                self.dialog("startServiceDialog").buttons.StandardButton.Ok).click()
            self.answer_all("start-service")
            self.until(lambda: w.backend.lab.service_statuses(), 20, "the service")
        self.open_menu("menuOperation", "detach", "operation-menu-detach-disabled")

        # 1. register sdc as Disk3
        self.menu_item("classConfiguration").trigger()
        d = self.dialog("classConfigurationDialog")
        self.shot("1-class-configuration")
        self.click_item(d.physical, "sdc")
        self.shot("1-sdc-selected")
        self.press(d.add_button)
        self.answer_all("1-add")
        self.settled()
        self.shot("1-registered")
        self.press(d.close_button)

        # 2. connect Disk3 to Group1
        self.menu_item("groupConfiguration").trigger()
        d = self.dialog("groupConfigurationDialog")
        self.click_item(d.free, "Disk3")
        self.shot("2-group-configuration")
        self.press(d.connect_button)
        self.answer_all("2-connect")
        self.pump(1.0)
        self.shot("2-copying")
        self.press(d.close_button)
        self.pump(1.0)
        self.shot("2-copying-main")
        self.wait_active("Disk3")
        self.pump(0.5)
        self.shot("2-copied")

        # 3. stop the service
        self.open_menu("menuService", "stopService", "3-service-menu")
        self.menu_item("stopService").trigger()
        self.answer_all("3-stop-service")
        self.until(lambda: not w.backend.lab.service_statuses(), 30, "the service to stop")
        self.shot("3-stopped")

        # 4. detach Disk3.Volume1
        w.select_slice("Class1", "Disk3", "Volume1")
        self.pump(0.2)
        self.open_menu("menuOperation", "detach", "4-operation-menu")
        w.operation_actions["detach"][1].trigger()
        d = self.dialog("detachSliceDialog")
        self.shot("4-detach-dialog")
        d.buttons.button(d.buttons.StandardButton.Ok).click()
        self.answer_all("4-detach")
        self.settled()
        self.shot("4-detached")

        # 5. resume the service
        w.lab.start_service_action.trigger()
        d = self.dialog("startServiceDialog")
        self.shot("5-start-service")
        d.buttons.button(d.buttons.StandardButton.Ok).click()
        self.answer_all("5-start")
        self.until(lambda: w.backend.lab.service_statuses(), 20, "the service")
        self.shot("5-resumed")

        # 6. back up
        w.select_slice("Class1", "Disk3", "Volume1")
        w.operation_actions["backup"][1].trigger()
        d = self.dialog("backupFileDialog")
        self.pump(0.5)
        self.shot("6-file-dialog")
        d.selectFile(str(self.tmp / "Class1-Disk3.Volume1.img"))
        d.accept()
        self.answer("6-backup-confirm", "Yes")
        self.pump(1.0)
        self.shot("6-backing-up")
        self.answer("6-backup-done", "Ok", timeout=120)  # a trainee waits for the backup to end
        self.shot("6-backed-up")
        w.operation_actions["verify_backup"][1].trigger()  # the backup file, in a file dialog
        d = self.dialog("verifyFileDialog")
        self.pump(1.0)
        self.shot("6-verify-file-dialog")
        d.reject()
        self.pump(0.2)

        # 7. attach
        w.select_slice("Class1", "Disk3", "Volume1")
        w.operation_actions["attach"][1].trigger()
        self.answer_all("7-attach")
        self.pump(0.5)
        self.shot("7-copying")
        self.wait_active("Disk3", ("Volume1",))
        self.shot("7-attached")

        # 8. disconnect
        self.menu_item("groupConfiguration").trigger()
        d = self.dialog("groupConfigurationDialog")
        self.click_item(d.members, "Disk3")
        self.press(d.disconnect_button)
        self.answer_all("8-disconnect")
        self.settled()
        self.pump(0.5)
        self.shot("8-disconnected")
        self.press(d.close_button)

        # 9. remove
        self.menu_item("classConfiguration").trigger()
        d = self.dialog("classConfigurationDialog")
        self.click_item(d.disks, "Disk3")
        self.press(d.remove_button)
        self.answer_all("9-remove")
        self.settled()
        self.pump(0.5)
        self.shot("9-removed")
        self.press(d.close_button)
        self.pump(1.5)
        self.shot("done")
        self.open_menu("menuView", None, "view-menu")
        (self.out / "steps.txt").write_text("\n".join(self.log) + "\n")
        w.close_without_asking()
        self.pump(0.5)
        del qapp


def main() -> int:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gdsview-walk-"))
    os.environ["QT_QPA_PLATFORM"] = screen_config(args.size, tmp)
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
    try:
        Walk(args, tmp).run()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
