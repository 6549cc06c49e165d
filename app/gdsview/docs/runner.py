"""Drives the real main window through a scenario, offscreen, and writes one PNG per capture.

The run starts a fresh lab in a temporary workspace (removed afterwards) and opens the real
``MainWindow`` on it. What would make two runs differ is pinned through the window's public hooks:

* the Configuration Tree's node name: ``core.names.node_name()`` (node1), as in the window;
* the Log Information field's Date/Time: ``LogModel.clock_format`` set to a :class:`FrozenClock`
  (2026-01-15 10:00:00, one second per line);
* the status bar's text (it names the temporary workspace): ``MainWindow.set_status_text``, and its
  device server field (whether this machine can run the server): ``MainWindow.devices.set_status_text``;
* the Copy Throughput panel (real copy rates): hidden, ``View > Copy Throughput`` unchecked;
* the monitoring timer: stopped; the runner refreshes when every backend job and copy is done,
  before each capture, so no pixel depends on timing;
* the training lab's additions to the GDS screen (the Procedure panel with its elapsed clock, the
  Service tool bar and menu, the lab's one-second timer): ``MainWindow.lab.set_visible(False)``,
  so the figures show GDS Management View as the manual does.

A window capture with ``lab = true`` shows the window as an operator sees it (the Procedure panel,
its Warnings, the Copy Throughput plot of the copies run so far) for that one image, then hides
them again: such an image holds real times and rates, so two runs may differ (the README's
screenshot; never a manual's figure).
"""

from __future__ import annotations

import gc
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from ..core.errors import SdxError
from ..core.model import SliceStatus, VolumeStatus
from ..core.names import node_name
from ..core.policy.manager import VolumeManager
from ..core.storage.workspace import Workspace
from ..lab.demo import init_lab
from . import flow
from .render import TITLE_BAR_HEIGHT, crop, docs_environment, render_widget, save_png, with_title_bar
from .results import FigureResult
from .scenario import LANGUAGES, ObjectRef, Scenario, Step, capture_of, parse_object, parse_until

WINDOW_SIZE = (1100, 760)
NODE_NAME = node_name()  # the window's own: one node name in the Help's figures and on the screen
CLOCK_START = datetime(2026, 1, 15, 10, 0, 0)
STATUS_WORKSPACE = "~/.local/share/gdsview"
DIALOG_TIMEOUT_S = 30  # for a pressed dialog to close
DIALOG_GRACE_S = 0.5  # for a dialog to open once nothing runs any more
JOB_TIMEOUT_S = 120
SCALES = (1, 2)

#: fields of the dialogs a "set" step can change: dialog objectName -> field -> value -> attribute
#: (a radio button), or field -> attribute (a spin box, line edit, check box or combo box)
FIELDS: dict[str, dict[str, dict[str, str] | str]] = {
    "detachSliceDialog": {
        "access_mode": {"read_write": "read_write", "read_only": "read_only"},
        "jrm": {"on": "jrm_on", "off": "jrm_off"},
    },
    "monitoringIntervalDialog": {"interval": "spin"},
}


class FrozenClock:
    """``LogModel.clock_format`` for reproducible figures: line n of the log reads START + n s."""

    def __init__(self, model, start: datetime = CLOCK_START) -> None:
        self.model = model
        self.start = start
        self._index: dict[float, int] = {}

    def __call__(self, ts: float) -> str:
        n = self._index.get(ts)
        if n is None:
            for i, line in enumerate(self.model.lines):
                self._index.setdefault(line.ts, i)
            n = self._index.get(ts, len(self.model.lines))
        return (self.start + timedelta(seconds=n)).strftime("%Y-%m-%d %H:%M:%S")


def generate_figures(scenario: Scenario, out_dir: str | Path, *, scale: int = 1, lang: str = "en",
                     progress: Callable[[str], None] | None = print) -> list[FigureResult]:
    """Run ``scenario`` and write its figures, ``index.html`` and ``figures.md`` into ``out_dir``."""
    from .page import write_pages

    if scale not in SCALES:
        raise SdxError(f"scale {scale} is not supported (use {' or '.join(map(str, SCALES))})")
    if lang not in LANGUAGES:
        raise SdxError(f'language "{lang}" is not available (available: {", ".join(LANGUAGES)})')
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results = _Run(scenario, out, scale, progress or (lambda _text: None), lang).run()
    write_pages(out, scenario, results, scale, lang)
    if progress:
        progress(f"{out / 'index.html'}, {out / 'figures.md'}: {len(results)} images")
    return results


def _why(action) -> str:
    """A disabled action's tooltip (the rule's refusal) without its SDX prefix."""
    return re.sub(r"^SDX:\S+: [A-Z]+: ", "", action.toolTip())


def _clean(text: str) -> str:
    return re.sub(r"\(&\w\)", "", text).replace("&", "").replace("…", "").rstrip(".").strip()


def _names(item) -> tuple[str, ...]:
    """What a scenario may call a menu or an action: its English source text and its shown text."""
    from ..ui.main_window import SOURCE_TEXT

    source = item.property(SOURCE_TEXT)
    return tuple(_clean(t).lower() for t in (source, item.text()) if t)


class _Run:
    def __init__(self, scenario: Scenario, out: Path, scale: int, progress: Callable[[str], None],
                 lang: str = "en") -> None:
        self.scenario = scenario
        self.lang = lang
        self.out = out
        self.scale = scale
        self.progress = progress
        self.window = None
        self.menu = None  # the open menu, if any
        self.results: list[FigureResult] = []
        self.total = len(scenario.captures())

    # -- the run ------------------------------------------------------------------------------
    def run(self) -> list[FigureResult]:
        tmp = Path(tempfile.mkdtemp(prefix="gdsview-docs-"))
        try:
            with docs_environment(self.lang) as app:
                self.app = app
                self._make_lab(tmp / "workspace")
                try:
                    self._open_window(tmp / "workspace")
                    self._preflight()
                    for step in self.scenario.steps:
                        getattr(self, f"_do_{step.action}")(step)
                finally:
                    self._close_window()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return self.results

    def _make_lab(self, root: Path) -> None:
        ws = Workspace(root)
        try:
            init_lab(VolumeManager(ws, source="gdsview"), demo=self.scenario.lab in ("demo", "cluster"),
                     cluster=self.scenario.lab == "cluster")
        finally:
            ws.close()

    def _open_window(self, root: Path) -> None:
        from PySide6.QtCore import QCoreApplication

        from ..ui.backend import GuiBackend
        from ..ui.main_window import MainWindow

        backend = GuiBackend(Workspace(root), node=NODE_NAME)
        w = self.window = MainWindow(backend)
        w.log.model.clock_format = FrozenClock(w.log.model)
        translate = QCoreApplication.translate
        w.set_status_text("   |   ".join((
            translate("MainWindow", "Monitoring every {seconds} s").format(seconds=backend.interval()),
            translate("MainWindow", "workspace {path}").format(path=STATUS_WORKSPACE))))
        w.devices.set_status_text(translate("DevicesUi", "Device server: not running"))
        w.plot_action.setChecked(False)
        w.plot_box.setVisible(False)
        backend.start()
        backend.timer.stop()
        if w.lab is not None:
            w.lab.set_visible(False)
        w.resize(*WINDOW_SIZE)
        w.show()
        w.resize(*WINDOW_SIZE)  # the figures' size, on whatever screen (showing fits a window to its screen)
        self._settle(None)

    def _close_window(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        w, self.window = self.window, None
        if w is None:
            return
        if self.menu is not None:
            self.menu.hide()
        for d in self._dialogs():
            d.reject()
        w.close_without_asking()  # closeEvent shuts the backend down (copies stopped, workspace closed)
        # break the cycle the clock made (model <-> clock) before Qt deletes the widgets, so that
        # no Python wrapper outlives its C++ object in a cycle
        w.log.model.clock_format = lambda ts: ""
        w.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.app.processEvents()
        gc.collect()

    # -- waiting ------------------------------------------------------------------------------
    def _pump(self, rounds: int = 3) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        for _ in range(rounds):
            QCoreApplication.sendPostedEvents()
            self.app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def _settle(self, step: Step | None, timeout: float = JOB_TIMEOUT_S) -> None:
        """Wait until no backend job or copy runs, then take in every event and change."""
        backend = self.window.backend
        deadline = time.monotonic() + timeout
        while True:
            self._pump(1)
            if not backend.busy() and not backend.copies_running():
                break
            if time.monotonic() > deadline:
                text = f"the GUI is still busy after {timeout:.0f} s"
                raise step.error(text) if step else SdxError(text)
            time.sleep(0.005)
        backend.refresh()
        self._pump()

    # -- checks before anything runs ----------------------------------------------------------
    def _preflight(self) -> None:
        snap = self.window.backend.snapshot
        for step in self.scenario.steps:
            if step.action == "select":
                self._resolve(step, "object", parse_object(step, "object", step.args["object"]), snap)
            elif step.action == "wait":
                ref, status = parse_until(step)
                kind = self._resolve(step, "until", ref, snap)
                if kind not in ("slice", "volume"):
                    raise step.error(f'wait until "{step.args["until"]}": name a volume or a slice', "until")
                allowed = [s.value for s in (SliceStatus if kind == "slice" else VolumeStatus)]
                if status not in allowed:
                    raise step.error(f'unknown {kind} status "{status}" (one of {", ".join(allowed)})', "until")
            elif step.action == "trigger":
                self._find_action(step, step.args["operation"])
            elif step.action == "open_menu":
                menu = self._find_menu(step)
                if "item" in step.args:
                    self._find_item(step, menu, step.args["item"], "item")

    def _resolve(self, step: Step, key: str, ref: ObjectRef, snap) -> str:
        """The kind of object ``ref`` names in ``snap`` (class, group, volume, slice), or an error."""
        classes = [c.name for c in snap.classes]
        if ref.class_name not in classes:
            raise step.error(f'unknown object "{ref.text}": there is no class {ref.class_name}'
                             f' (classes: {", ".join(classes) or "none"})', key)
        c = ref.class_name
        if ref.name is None:
            return "class"
        if ref.is_slice:
            if snap.slice(c, ref.name, ref.volume) is not None:
                return "slice"
            names = sorted({f"{s.disk}.{s.volume}" for s in snap.slices if s.class_name == c})
            raise step.error(f'unknown object "{ref.text}": {c} has no slice {ref.name}.{ref.volume}'
                             f' (slices: {", ".join(names) or "none"})', key)
        if snap.volume(c, ref.name) is not None:
            return "volume"
        if snap.group(c, ref.name) is not None:
            return "group"
        if snap.disk(c, ref.name) is not None:
            raise step.error(f'"{ref.text}" is a disk: select one of its slices ({c}/{ref.name}.VOLUME) '
                             "or the class", key)
        names = sorted(v.name for v in snap.volumes if v.class_name == c)
        raise step.error(f'unknown object "{ref.text}": {c} has no volume or group {ref.name}'
                         f' (volumes: {", ".join(names) or "none"})', key)

    def _find_menu(self, step: Step):
        name = step.args["menu"]
        bar = self.window.menuBar()
        menus = [a for a in bar.actions() if a.menu() is not None]
        for a in menus:
            if _clean(name).lower() in _names(a) or a.menu().objectName() == name:
                return a.menu()
        raise step.error(f'unknown menu "{name}" (menus: {", ".join(_clean(a.text()) for a in menus)})', "menu")

    def _find_item(self, step: Step, menu, name: str, key: str):
        items = [a for a in menu.actions() if not a.isSeparator() and a.menu() is None]
        for a in items:
            if _clean(name).lower() in _names(a) or a.objectName() == name:
                return a
        raise step.error(f'menu {_clean(menu.title())} has no item "{name}"'
                         f' (items: {", ".join(_clean(a.text()) for a in items)})', key)

    def _find_action(self, step: Step, name: str):
        """An operation by id (``detach``) or any menu item by its text (``Detach Slice``)."""
        ops = getattr(self.window, "operation_actions", {})
        if name in ops:
            return ops[name][1]
        bar = self.window.menuBar()
        for top in bar.actions():
            if top.menu() is None:
                continue
            for a in top.menu().actions():
                if not a.isSeparator() and (_clean(name).lower() in _names(a) or a.objectName() == name):
                    return a
        known = ", ".join(f'"{_clean(a.text())}"' for _op, a in ops.values())
        raise step.error(f'unknown operation "{name}" (Operation menu: {known}; or any menu item\'s text)',
                         "operation")

    # -- steps --------------------------------------------------------------------------------
    def _do_select(self, step: Step) -> None:
        self._settle(step)
        w = self.window
        ref = parse_object(step, "object", step.args["object"])
        kind = self._resolve(step, "object", ref, w.backend.snapshot)
        if kind == "slice":
            w.select_slice(ref.class_name, ref.name, ref.volume)
        elif kind == "volume":
            w.select_class(ref.class_name)
            w.info.select_volume(ref.class_name, ref.name)
        elif kind == "group":
            w.select_tree(("group", ref.class_name, ref.name))
        else:
            w.select_class(ref.class_name)
        self._pump()

    def _do_switch(self, step: Step) -> None:
        """The shared class's service switches nodes, as ``gdsview cluster switch`` from a terminal does."""
        from ..core.policy.cluster import Cluster
        from ..lab.failover import hvswitch

        self._settle(step)
        ws = Workspace(self.window.backend.root)
        try:
            manager = VolumeManager(ws, source="gdsview")
            shared = [c.name for c in Cluster(manager).shared_classes()]
            names = [step.args["class"]] if "class" in step.args else shared
            if not names:
                raise step.error("the lab has no shared class to switch (lab = \"cluster\" has one)", "to")
            for name in names:
                hvswitch(manager, name, step.args["to"])
        except SdxError as e:
            raise step.error(f"switch to {step.args['to']}: {e}", "to") from None
        finally:
            ws.close()
        self.window.backend.refresh(force=True)
        self._settle(step)

    def _do_node(self, step: Step) -> None:
        """The window acts as another node (General > Act as Node)."""
        name = step.args["name"]
        nodes = self.window.backend.cluster_nodes()
        if name not in nodes:
            raise step.error(f'no node "{name}" in the lab\'s cluster ({", ".join(nodes)})', "name")
        self.window.act_as_node(name)
        self._settle(step)

    def _do_open_menu(self, step: Step) -> None:
        self._settle(step)
        menu = self._find_menu(step)
        if self.menu is not None and self.menu is not menu:
            self._close_menu()
        bar = self.window.menuBar()
        if not menu.isVisible():
            bar.setActiveAction(menu.menuAction())
            self._pump()
        if not menu.isVisible():
            raise step.error(f"the {_clean(menu.title())} menu did not open", "menu")
        self.menu = menu
        if "item" in step.args:
            item = self._find_item(step, menu, step.args["item"], "item")
            if not item.isEnabled():
                raise step.error(f'"{_clean(item.text())}" is disabled here: {_why(item)}', "item")
            menu.setActiveAction(item)
            self._pump()

    def _close_menu(self) -> None:
        if self.menu is not None:
            self.menu.hide()
            self.menu = None
            self._pump()

    def _do_close_menu(self, step: Step) -> None:
        self._close_menu()

    def _do_trigger(self, step: Step) -> None:
        self._settle(step)
        action = self._find_action(step, step.args["operation"])
        self._close_menu()
        if not action.isEnabled():
            raise step.error(f'"{_clean(action.text())}" is disabled here: {_why(action)}', "operation")
        action.trigger()
        self._pump()

    def _dialogs(self) -> list:
        from PySide6.QtWidgets import QApplication, QDialog

        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]

    def _dialog(self, step: Step):
        """The dialog the operator is looking at (waits for a backend job to bring it up)."""
        from PySide6.QtWidgets import QApplication, QDialog

        deadline = time.monotonic() + DIALOG_GRACE_S
        while True:
            self._settle(step)  # a dialog a backend job brings up is open once the job is done
            modal = QApplication.activeModalWidget()
            if isinstance(modal, QDialog) and modal.isVisible():
                return modal
            dialogs = self._dialogs()
            if dialogs:
                return dialogs[-1]
            if time.monotonic() > deadline:
                raise step.error(f"no dialog is open (the {step.action} step needs one: trigger an operation first)")
            time.sleep(0.01)

    def _do_set(self, step: Step) -> None:
        from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

        dialog = self._dialog(step)
        name, value = step.args["field"], step.args["value"]
        fields = FIELDS.get(dialog.objectName(), {})
        spec = fields.get(name)
        widget = None
        if isinstance(spec, dict):
            if value not in spec:
                raise step.error(f'field {name} of {dialog.windowTitle()} has no value "{value}"'
                                 f' (one of {", ".join(spec)})', "value")
            widget = getattr(dialog, spec[value], None)
            if isinstance(widget, QAbstractButton):
                widget.setFocus()
                widget.setChecked(True)
                self._pump()
                return
        elif isinstance(spec, str):
            widget = getattr(dialog, spec, None)
        if widget is None:
            widget = dialog.findChild(QWidget, name)
        if widget is None:
            known = ", ".join(fields) or "none known"
            raise step.error(f'{dialog.windowTitle()} has no field "{name}" (fields: {known})', "field")
        try:
            if isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(value)
            elif isinstance(widget, QComboBox):
                if widget.findText(value) < 0:
                    raise ValueError(value)
                widget.setCurrentText(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(value.lower() in ("on", "yes", "true", "1"))
            elif isinstance(widget, QAbstractButton):
                widget.setChecked(True)
            else:
                raise step.error(f'field "{name}" cannot be set from a scenario', "field")
        except ValueError:
            raise step.error(f'field {name}: "{value}" is not a valid value', "value") from None
        widget.setFocus()
        self._pump()

    def _do_press(self, step: Step) -> None:
        from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton

        dialog = self._dialog(step)
        label = step.args["button"]
        std = "Ok" if label == "OK" else label
        button = None
        if isinstance(dialog, QMessageBox):
            button = dialog.button(getattr(QMessageBox.StandardButton, std))
        else:
            for box in dialog.findChildren(QDialogButtonBox):
                button = box.button(getattr(QDialogButtonBox.StandardButton, std))
                if button is not None:
                    break
        if button is None:
            for b in dialog.findChildren(QPushButton):
                if b.isVisible() and (_clean(b.text()).lower() == label.lower()
                                      or b.objectName() == f"{label.lower()}Button"):
                    button = b
                    break
        if button is None or not button.isVisible():
            buttons = [_clean(b.text()) for b in dialog.findChildren(QPushButton) if b.isVisible()]
            raise step.error(f'{dialog.windowTitle()} has no {label} button (buttons: {", ".join(buttons)})',
                             "button")
        if not button.isEnabled():
            raise step.error(f"the {label} button of {dialog.windowTitle()} is disabled", "button")
        button.click()
        deadline = time.monotonic() + DIALOG_TIMEOUT_S
        while dialog.isVisible() and time.monotonic() < deadline:
            self._pump(1)
        self._settle(step)

    def _do_wait(self, step: Step) -> None:
        ref, status = parse_until(step)
        timeout = float(step.args.get("timeout", 60))
        deadline = time.monotonic() + timeout
        backend = self.window.backend
        while True:
            self._settle(step, timeout)
            snap = backend.snapshot
            item = snap.slice(ref.class_name, ref.name, ref.volume) if ref.is_slice else \
                snap.volume(ref.class_name, ref.name)
            current = item.status.value if item is not None else "gone"
            if current == status:
                return
            if time.monotonic() > deadline:
                raise step.error(f'timed out after {timeout:g} s waiting for {ref.text} = {status}'
                                 f" (it is {current})", "until")
            time.sleep(0.02)
            backend.refresh(force=True)

    def _show_lab(self, visible: bool) -> None:
        w = self.window
        if w.lab is not None:
            w.lab.set_visible(visible)
            if visible:
                w.lab.procedure.show_report(w.backend.lab.report())
        w.plot_action.setChecked(visible)
        w.plot_box.setVisible(visible)
        self._pump()

    def _do_capture(self, step: Step) -> None:
        from PySide6.QtCore import QPoint, QRect
        from PySide6.QtWidgets import QWidget

        cap = capture_of(step)
        source_size = None
        if cap.target == "flow":
            image = flow.draw_flow(cap.caption_in(self.lang), self.scale)
        elif cap.target == "dialog":
            dialog = self._dialog(step)
            source_size = (dialog.width(), dialog.height())
            icon = dialog.windowIcon()
            image = with_title_bar(render_widget(dialog, self.scale), dialog.windowTitle(), self.scale,
                                   None if icon.isNull() else icon)
        else:
            self._settle(step)
            w = self.window
            if step.args.get("lab"):
                self._show_lab(True)
            if cap.target == "menu" and (self.menu is None or not self.menu.isVisible()):
                raise step.error("no menu is open: add an open_menu step before capturing a menu", "target")
            overlays = [self.menu] if self.menu is not None and self.menu.isVisible() else []
            image = render_widget(w, self.scale, overlays)
            source_size = (w.width(), w.height())
            if cap.target == "region":
                if "rect" in step.args:
                    rect = QRect(*step.args["rect"])
                else:
                    widget = w.findChild(QWidget, step.args["widget"])
                    if widget is None or not widget.isVisible():
                        raise step.error(f'the main window shows no widget "{step.args["widget"]}"', "widget")
                    rect = QRect(widget.mapTo(w, QPoint(0, 0)), widget.size())
                image = crop(image, rect, self.scale)
                if image is None:
                    raise step.error("the region lies outside the window", "rect")
                source_size = (rect.width(), rect.height())
        if step.args.get("lab"):
            self._show_lab(False)
        path = self.out / f"{cap.file}.png"
        save_png(image, path, self.scale)
        size = (image.width(), image.height())
        result = FigureResult(cap, path, size, (size[0] // self.scale, size[1] // self.scale), source_size)
        self.results.append(result)
        self.progress(f"[{len(self.results)}/{self.total}] {cap.title_in(self.lang)}: {path.name} "
                      f"({size[0]}x{size[1]})")


__all__ = ["FigureResult", "FrozenClock", "generate_figures", "TITLE_BAR_HEIGHT", "WINDOW_SIZE"]
