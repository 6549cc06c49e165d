"""The Japanese GUI: every visible text of the main screen, its menus and its dialogs is translated.

The GUI is built with the ``ja`` translators installed and walked: window titles, labels, buttons,
radio buttons and check boxes, group boxes, tabs, table and list headers, dock titles, menu items
and their tooltips, accessible names. A text that shows no Japanese and is not made only of what
stays as GDS shows it (status codes, object names, paths, numbers and units, product names) is an
untranslated English source, and the test names it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import shiboken6
from gdsview.core.model import SliceState
from gdsview.paths import i18n_dir
from gdsview.ui import core_texts, i18n
from gdsview.ui.main_window import MainWindow
from gui_helpers import answer, shown_window, visible_dialog
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

Yes, Ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok
JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
#: what stays as GDS (or the world) writes it, in any language
UNTRANSLATED = [
    r"\b(GDS Management View|PRIMECLUSTER|GDS|gdsview|Qt|PySide6|Python|linux|JRM|SHA-256|OK|on|off)\b",
    r"\b(ext4|xfs)\b",  # file system types
    r"SDX:\w+: (ERROR|WARNING|INFO):",
    r"(~|/[\w.\-]+)(/[\w.\-]+)+/?",  # paths
    r"\b(ACTIVE|STOP|INVALID|COPY|TEMP-STOP|TEMP|NOUSE|ENABLE|DISABLE|SWAP)\b",  # status codes
    r"\b(Class|Group|Disk|Volume)\d+(\.Volume\d+)?\b", r"\bsd[a-z]\b", r"\bmirror\b", r"\blocal\b",  # objects
    r"\d+(\.\d+)*\s*(MiB/s|KiB|MiB|GiB|bytes|%|s)?", r"\b(MiB/s|KiB|MiB|GiB)",  # numbers and units
]


def untranslated(text: str) -> bool:
    text = QTextDocumentFragment.fromHtml(text).toPlainText() if "<" in text else text
    if not text.strip() or JAPANESE.search(text):
        return False
    for pattern in UNTRANSLATED:
        text = re.sub(pattern, " ", text)
    return bool(re.search(r"[A-Za-z]{2,}", text.replace("&", "")))


def texts_of(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every visible text of ``root`` and its visible children."""
    found: list[tuple[str, str]] = []

    def add(w: QWidget, kind: str, text: str | None) -> None:
        if text:
            found.append((f"{root.objectName()}/{w.objectName() or type(w).__name__}.{kind}", text))

    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        if w.isWindow() or isinstance(w, QDockWidget):
            add(w, "windowTitle", w.windowTitle())
        add(w, "accessibleName", w.accessibleName())
        add(w, "toolTip", w.toolTip())
        if isinstance(w, QLabel):
            add(w, "text", w.text())
        elif isinstance(w, QAbstractButton):
            add(w, "text", w.text())
        elif isinstance(w, QGroupBox):
            add(w, "title", w.title())
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, f"tab{i}", w.tabText(i))
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            header = getattr(w, "header", None) or getattr(w, "horizontalHeader", None)
            if header is not None and not header().isHidden():
                for c in range(model.columnCount()):
                    add(w, f"header{c}", model.headerData(c, header().orientation()))
        elif isinstance(w, QAbstractSpinBox):
            add(w, "suffix", getattr(w, "suffix", lambda: "")())
        elif isinstance(w, QLineEdit) and not isinstance(w.parent(), QAbstractSpinBox):
            add(w, "placeholder", w.placeholderText())
    return found


def menu_texts(window: MainWindow) -> list[tuple[str, str]]:
    found = []
    for top in window.menuBar().actions():
        found.append((f"menu {top.objectName() or top.text()}", top.text()))
        menu: QMenu = top.menu()
        for a in menu.actions():
            if a.isSeparator():
                continue
            found.append((f"{menu.objectName()}/{a.objectName()}.text", a.text()))
            found.append((f"{menu.objectName()}/{a.objectName()}.toolTip", a.toolTip()))
    return found


def assert_translated(found: list[tuple[str, str]]) -> None:
    bad = [f"{where}: {text!r}" for where, text in found if untranslated(text)]
    assert not bad, "untranslated in ja:\n" + "\n".join(bad)


@pytest.fixture
def ja(qapp):
    i18n.install("ja")
    yield
    i18n.remove()


@pytest.fixture
def ja_window(qtbot, ja, lab):
    with shown_window(qtbot, lab.root) as w:
        yield w


def _dialog(qtbot, window, name):
    dialog = visible_dialog(qtbot, window, name)
    qtbot.wait(20)
    return dialog


def test_the_check_itself():
    assert untranslated("Detach Slice") and untranslated("&Close") and untranslated("Slice Information: Volume1")
    assert not untranslated("スライスの切離し(&D)") and not untranslated("Class1") and not untranslated("TEMP-STOP")
    assert not untranslated("/dev/sfdsk/Class1/dsk/Disk2.Volume1") and not untranslated("512 MiB")
    assert not untranslated("GDS Management View") and not untranslated("on") and not untranslated("4.0 MiB/s")


def test_the_main_window_and_its_menus(qtbot, ja_window, outside):
    w = ja_window
    assert w.operation_menu.title() == "操作(&O)"
    assert w.operation_actions["detach"][1].text() == "スライスの切離し(&D)"
    assert w.operation_actions["attach"][1].text() == "スライスの組込み(&A)"
    assert w.operation_actions["stop_activate"][1].text() == "スライスの停止/起動(&S)"
    assert w.operation_actions["start_copy"][1].text() == "等価性コピーの開始(&C)"
    assert w.operation_actions["cancel_copy"][1].text() == "等価性コピーのキャンセル(&N)"
    assert w.info.volumes.headerData(1, w.info.volume_view.horizontalHeader().orientation()) == "状態"
    assert_translated(texts_of(w) + menu_texts(w))  # nothing selected: every operation says why not
    w.lab.procedure_dock.setVisible(True)
    w.select_slice("Class1", "Disk2", "Volume1")
    assert_translated(texts_of(w) + menu_texts(w))
    outside.detach_slice("Class1", "Disk2", "Volume1")  # TEMP: other refusals, the access mode column
    w.backend.refresh(force=True)
    w.select_slice("Class1", "Disk1", "Volume1")
    tip = w.operation_actions["detach"][1].toolTip()
    assert tip == "Disk1.Volume1: ボリュームの唯一の正常なスライスは切り離せません"  # a reason, not an error
    # the Log Information field says what the core did in Japanese too (the core's own templates)
    texts = w.log.model.texts()
    assert any("スライス Disk2.Volume1 を切り離しました (アクセスモード rw、JRM on)" in t for t in texts), texts[-3:]
    assert any("ボリューム Volume1 を作成し" in t for t in texts), texts[:12]
    assert not [t for t in texts if " created" in t or " detached" in t], texts
    assert_translated(texts_of(w) + menu_texts(w))
    assert w.info.slices.index(w.info.slices.row_of(("Class1", "Disk2", "Volume1")), 3).data() == "読み書き可能"


def test_the_detach_and_attach_flows(qtbot, ja_window):
    w = ja_window
    w.select_slice("Class1", "Disk2", "Volume1")
    w.operation_actions["detach"][1].trigger()
    dialog = _dialog(qtbot, w, "detachSliceDialog")
    assert dialog.windowTitle() == "スライスの切離し"
    assert dialog.read_write.text() == "読み書き可能(&R)" and dialog.read_only.text() == "読み取りのみ可能(&O)"
    assert_translated(texts_of(dialog))
    dialog.accept()
    box = _dialog(qtbot, w, "confirmDialog")
    assert_translated(texts_of(box))
    assert box.button(Yes).text().startswith("はい")
    answer(qtbot, w, "confirmDialog", Yes)
    box = _dialog(qtbot, w, "completionDialog")
    assert "アクセスパス: /dev/sfdsk/Class1/dsk/Disk2.Volume1" in box.text()
    assert_translated(texts_of(box))
    answer(qtbot, w, "completionDialog", Ok)

    w.select_slice("Class1", "Disk2", "Volume1")
    w.operation_actions["attach"][1].trigger()
    box = _dialog(qtbot, w, "confirmDialog")
    assert box.windowTitle() == "スライスの組込み"
    assert_translated(texts_of(box))
    answer(qtbot, w, "confirmDialog", Yes)
    box = _dialog(qtbot, w, "completionDialog")
    assert_translated(texts_of(box))
    answer(qtbot, w, "completionDialog", Ok)
    qtbot.waitUntil(lambda: w.backend.snapshot.slice("Class1", "Disk2", "Volume1").state is SliceState.ACTIVE
                    or w.backend.refresh(force=True) and False, timeout=20_000)


def test_an_error_message(qtbot, ja_window, tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "letter.txt").write_text("x")
    ja_window.open_workspace(tmp_path / "documents")
    box = _dialog(qtbot, ja_window, "errorDialog")
    assert "ワークスペースではなく" in box.text()
    assert_translated(texts_of(box))
    box.accept()


@pytest.mark.parametrize("action, name", [
    ("startService", "startServiceDialog"),
    ("classConfiguration", "classConfigurationDialog"),
    ("groupConfiguration", "groupConfigurationDialog"),
    ("volumeConfiguration", "volumeConfigurationDialog"),
    ("changeInterval", "monitoringIntervalDialog"),
    ("about", "aboutDialog"),
    ("legend", "legendDialog"),
    ("help", "helpWindow"),
])
def test_each_dialog(qtbot, ja_window, action, name):
    w = ja_window
    w.select_slice("Class1", "Disk2", "Volume1")
    w.findChild(type(w.abnormal_action), action).trigger()
    dialog = _dialog(qtbot, w, name)
    assert JAPANESE.search(dialog.windowTitle()), dialog.windowTitle()
    assert_translated(texts_of(dialog))
    if name == "classConfigurationDialog":
        dialog.create_button.click()
        create = _dialog(qtbot, w, "createPhysicalDiskDialog")
        assert_translated(texts_of(create))
        create.reject()
    if shiboken6.isValid(dialog):
        dialog.close()


def test_the_system_locale_decides_unless_lang_is_given(qapp, monkeypatch):
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("ja_JP")))
    assert i18n.system_language() == "ja"
    try:
        assert i18n.install() == "ja"
        assert QApplication.translate("MainWindow", "&Operation") == "操作(&O)"
        assert i18n.install("en") == "en"
        assert QApplication.translate("MainWindow", "&Operation") == "&Operation"
    finally:
        i18n.remove()
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert i18n.system_language() == "en"
    with pytest.raises(ValueError, match='language "fr" is not available'):
        i18n.install("fr")


def test_core_messages_are_translated_by_template(ja):
    assert core_texts.message("slice is COPY: only a TEMP slice can be stopped") == \
        "スライスの状態が COPY です。停止できるのは TEMP のスライスだけです"
    assert core_texts.message("invalid disk name: 1 to 32 letters, digits, '-' or '_', not starting with '-' "
                              "or '_'").startswith("ディスク名が不正です")
    assert core_texts.message("something the catalogue does not know") == "something the catalogue does not know"
    i18n.remove()
    assert core_texts.message("slice is COPY: only a TEMP slice can be stopped") == \
        "slice is COPY: only a TEMP slice can be stopped"


# -- the translation files ---------------------------------------------------------------------------

def _messages(ts: Path):
    for context in ET.parse(ts).getroot().iter("context"):
        for m in context.iter("message"):
            yield context.findtext("name"), m.findtext("source"), m.find("translation")


def test_the_ts_file_is_complete_and_keeps_the_placeholders():
    ts = i18n_dir() / "gdsview_ja.ts"
    count = 0
    for context, source, translation in _messages(ts):
        count += 1
        where = f"{context}: {source!r}"
        assert translation.get("type") not in ("unfinished", "obsolete", "vanished"), where
        assert translation.text and JAPANESE.search(translation.text), where
        assert sorted(re.findall(r"\{[^}]*\}", source)) == sorted(re.findall(r"\{[^}]*\}", translation.text)), where
        if "&" in source.replace("&&", ""):  # the mnemonic letter is kept, as Japanese GUIs show it: (&D)
            letter = source[source.index("&") + 1].upper()
            assert f"(&{letter})" in translation.text, where
    assert count > 300


def test_gds_terms():
    wanted = {
        "&Detach Slice": "スライスの切離し(&D)", "&Attach Slice": "スライスの組込み(&A)",
        "&Stop/Activate Slice": "スライスの停止/起動(&S)", "Start Copying": "等価性コピーの開始",
        "Cancel Copying": "等価性コピーのキャンセル", "Start Volume": "ボリュームの起動",
        "Stop Volume": "ボリュームの停止",
        "Class Configuration": "クラスの構成", "Group Configuration": "グループの構成",
        "Volume Configuration": "ボリュームの構成", "Configuration Tree": "構成ツリー",
        "Object Information": "オブジェクト情報", "Log Information": "ログ情報", "Slice Information": "スライス情報",
        "Change Monitoring Intervals": "監視間隔の変更", "&Read and write possible": "読み書き可能(&R)",
        "Read &only possible": "読み取りのみ可能(&O)", "Status": "状態",
    }
    found = {source: t.text for _c, source, t in _messages(i18n_dir() / "gdsview_ja.ts")}
    for source, japanese in wanted.items():
        assert found.get(source) == japanese, source


def test_the_committed_qm_is_the_compiled_ts(tmp_path):
    """gdsview_ja.qm is what pyside6-lrelease makes of gdsview_ja.ts (packaging/update-translations.sh)."""
    import shutil
    import subprocess
    import sys

    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    if not lrelease.exists():
        lrelease = shutil.which("pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    qm = tmp_path / "gdsview_ja.qm"
    subprocess.run([str(lrelease), "-silent", "-nounfinished", "-removeidentical",
                    str(i18n_dir() / "gdsview_ja.ts"), "-qm", str(qm)], check=True, timeout=60)
    assert qm.read_bytes() == (i18n_dir() / "gdsview_ja.qm").read_bytes(), \
        "gdsview_ja.qm is out of date: run packaging/update-translations.sh"


def test_every_text_of_the_sources_is_in_the_ts(tmp_path):
    """No text was added to the GUI without running packaging/update-translations.sh (lupdate)."""
    import shutil
    import subprocess
    import sys

    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed")
    ts = tmp_path / "gdsview_ja.ts"
    shutil.copy(i18n_dir() / "gdsview_ja.ts", ts)
    app = Path(__file__).resolve().parents[2] / "app" / "gdsview"
    sources = sorted(str(p) for d in ("ui", "docs") for p in (app / d).rglob("*.py"))
    subprocess.run([str(lupdate), "-silent", "-locations", "none", "-no-obsolete", "-source-language", "en",
                    "-target-language", "ja", *sources, "-ts", str(ts)], check=True, timeout=120)
    new = [f"{c}: {s!r}" for c, s, t in _messages(ts) if t.get("type") == "unfinished"]
    assert not new, "texts missing from gdsview_ja.ts (run packaging/update-translations.sh):\n" + "\n".join(new)
    assert ts.read_text(encoding="utf-8") == (i18n_dir() / "gdsview_ja.ts").read_text(encoding="utf-8")
