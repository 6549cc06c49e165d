"""Help → GDS Management View Help (offline HTML with the generated figures), About, Status Legend,
and ``gdsview --smoke-test``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from gdsview.docs.scenario import load_scenario
from gdsview.paths import help_dir
from gdsview.ui import i18n
from gdsview.ui.actions import OPERATIONS
from gdsview.ui.app import run_smoke_test
from gdsview.ui.help_window import MAX_IMAGE_WIDTH, help_page
from gui_helpers import visible_dialog
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

#: the help section of each operation (the anchors F1 and the contents link to)
SECTIONS = {"detach": "detach", "attach": "attach", "stop_activate": "stop_activate", "start_copy": "copying",
            "cancel_copy": "copying", "start_volume": "volumes", "stop_volume": "volumes",
            "swap_disk": "swap_disk", "restore_disk": "restore_disk", "backup": "backup",
            "change_attributes": "change_attributes",
            "verify_backup": "verify_backup", "restore_backup": "verify_backup", "check_status": "check_status"}
OTHER_SECTIONS = ("screen", "legend", "class_configuration", "group_configuration", "volume_configuration",
                  "service", "procedure", "workspace", "monitoring", "preferences", "language", "keyboard",
                  "file_system_configuration", "device_server")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "name" in a:
            self.anchors.add(a["name"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "img":
            self.images.append(a["src"])


def _parse(page: Path) -> _Page:
    parser = _Page()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_help_pages_are_complete(lang):
    page = help_dir() / lang / "index.html"
    parsed = _parse(page)
    assert set(SECTIONS.values()) | set(OTHER_SECTIONS) <= parsed.anchors
    assert len(OPERATIONS) == len(SECTIONS) and {op.id for op in OPERATIONS} == set(SECTIONS)
    for link in parsed.links:
        if link.startswith("#"):
            assert link[1:] in parsed.anchors, link
    for src in parsed.images:
        assert (page.parent / src).is_file(), src
    # the ten figures of the screenshot generator, each shown once, generated in the page's language
    figures = [f"images/{c.file}.png" for _s, c in load_scenario("backup-by-slice-detachment").captures()
               if c.figure]
    assert len(figures) == 10 and sorted(f for f in parsed.images if f.startswith("images/")) == sorted(figures)
    assert sorted(p.name for p in (page.parent / "images").iterdir()) == sorted(Path(f).name for f in figures)


def test_the_japanese_help_uses_gds_terms():
    text = (help_dir() / "ja" / "index.html").read_text(encoding="utf-8")
    for term in ("スライスの切離し", "スライスの組込み", "スライスの停止/起動", "等価性コピー", "アクセスパス",
                 "構成ツリー", "オブジェクト情報", "ログ情報", "スライス情報", "監視間隔の変更", "クラスの構成",
                 "ファイルシステム構成"):
        assert term in text, term
    assert 'lang="ja"' in text


def test_help_opens_on_the_page_with_its_figures(qtbot, window):
    window.findChild(type(window.abnormal_action), "help").trigger()
    help_window = visible_dialog(qtbot, window, "helpWindow")
    browser = help_window.browser
    assert browser.source().toLocalFile() == str(help_page("en"))
    assert help_window.windowTitle() == "GDS Management View Help"
    assert set(SECTIONS.values()) <= set(help_window.anchors())
    doc = browser.document()
    images = [m for m in re.findall(r'<img src="([^"]+)"', (help_dir() / "en" / "index.html").read_text())]
    for src in images:
        image = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl(src))
        assert image is not None and not image.isNull(), src
        assert image.width() <= MAX_IMAGE_WIDTH
    # a section, then back to the contents
    window.show_help("detach")
    assert help_window.isVisible()
    qtbot.mouseClick(help_window.contents_button, Qt.MouseButton.LeftButton)
    assert browser.verticalScrollBar().value() == 0
    help_window.close()


def test_about_shows_the_versions(qtbot, window):
    from gdsview import __version__
    from PySide6 import __version__ as pyside_version

    window.findChild(type(window.abnormal_action), "about").trigger()
    about = visible_dialog(qtbot, window, "aboutDialog")
    text = about.text()
    assert f"gdsview {__version__}" in text and f"Qt {qVersion()}" in text
    assert f"PySide6 {pyside_version}" in text and f"Python {sys.version.split()[0]}" in text
    assert about.findChild(QLabel, "workspace").text() == str(window.backend.ws.root)
    about.reject()


def test_the_status_legend(qtbot, window):
    window.findChild(type(window.abnormal_action), "legend").trigger()
    legend = visible_dialog(qtbot, window, "legendDialog")
    texts = [label.text() for label in legend.findChildren(QLabel)]
    for status in ("ACTIVE, ENABLE", "COPY", "TEMP, TEMP-STOP", "STOP", "INVALID, NOUSE, DISABLE"):
        assert status in texts
    assert "Detached slice" in texts
    legend.reject()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_smoke_test_in_process(qapp, capsys, lang):
    assert run_smoke_test(lang=lang) == 0
    out = capsys.readouterr().out
    assert "smoke test passed" in out and "Configuration Tree shows Class1" in out and f"language {lang}" in out
    assert i18n.language() == "en"  # it put the language back


def test_the_smoke_test_fails_clearly(qapp, tmp_path, monkeypatch):
    import gdsview.ui.app as app
    from gdsview.core.errors import SdxError
    from gdsview.core.policy.manager import VolumeManager
    from gdsview.core.storage.workspace import Workspace

    ws = Workspace(tmp_path / "other")
    m = VolumeManager(ws, source="test")
    m.create_physical_disk("sda", 8 << 20)
    m.register_disk("Class9", "sda", "Disk1")
    ws.close()
    monkeypatch.setattr(app, "SMOKE_TIMEOUT_S", 1)
    with pytest.raises(SdxError, match="smoke test failed: the Configuration Tree shows no Class1 .*Class9"):
        run_smoke_test(str(tmp_path / "other"), lang="en")


def test_the_smoke_test_command(tmp_path):
    """``gdsview --smoke-test`` in a fresh process with no display: offscreen by itself, exit 0."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.run([sys.executable, "-m", "gdsview.cli.gdsview_cmd", "--smoke-test", "--lang", "ja"],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("gdsview smoke test passed") and proc.stderr == ""
    proc = subprocess.run([sys.executable, "-m", "gdsview.cli.gdsview_cmd", "--smoke-test", "--lang", "fr"],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert proc.returncode == 1 and 'language "fr" is not available' in proc.stderr


def test_f1_opens_the_help_at_the_current_operations_section(qtbot, window):
    from gdsview.ui.main_window import HELP_SECTION

    def section() -> str:
        return window.help_window.browser.source().fragment()

    window.select_slice("Class1", "Disk2", "Volume1")
    window.operation_actions["detach"][1].trigger()
    dialog = visible_dialog(qtbot, window, "detachSliceDialog")
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    qtbot.keyClick(dialog, Qt.Key.Key_F1)  # F1 in the operation's dialog
    qtbot.waitUntil(lambda: window.help_window is not None and window.help_window.isVisible(), timeout=5_000)
    assert section() == "detach"
    dialog.reject()
    window.help_window.close()
    window.findChild(type(window.abnormal_action), "groupConfiguration").trigger()
    settings = visible_dialog(qtbot, window, "groupConfigurationDialog")
    qtbot.waitUntil(settings.isActiveWindow, timeout=5_000)
    qtbot.keyClick(settings, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_window.isVisible(), timeout=5_000)
    assert section() == "group_configuration"
    settings.reject()
    # every operation knows its section, and the page has it
    for op, action in window.operation_actions.values():
        assert action.property(HELP_SECTION) == op.help == SECTIONS[op.id]
