"""Japanese on a machine with no Japanese font: the shipped IPA P Gothic is loaded and used.

Each check runs in a child process whose fontconfig (FONTCONFIG_FILE) knows DejaVu only, as a
machine without any CJK font package would; the check first proves that no font there covers
Japanese, so it would fail if the shipped font were not loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from gdsview.paths import resource_dir

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

CHECK = textwrap.dedent("""
    import sys
    from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetrics
    from PySide6.QtWidgets import QApplication
    from gdsview.ui import fonts, i18n
    app = QApplication(["check"])
    assert not QFontDatabase.families(QFontDatabase.WritingSystem.Japanese), "a Japanese font is installed"
    before = app.font().families()
    assert not QFontMetrics(app.font()).inFontUcs4(ord("切")), QFontInfo(app.font()).family()
    i18n.install(sys.argv[1])
    font = app.font()
    print(QFontInfo(font).family(), QFontMetrics(font).inFontUcs4(ord("切")),
          all(QFontMetrics(font).inFontUcs4(ord(c)) for c in "スライスの切離し等価性コピー"), sep="|", end="|")
    i18n.remove()
    print(app.font().families() == before, app.font().families(), before, sep="|")  # what is asked for again
""")


@pytest.fixture
def no_cjk_fontconfig(tmp_path) -> dict[str, str]:
    if not DEJAVU.is_dir():
        pytest.skip(f"{DEJAVU} is not installed (scripts/setup-system.sh installs fonts-dejavu-core)")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{DEJAVU}</dir>
  <cachedir>{tmp_path / "fontcache"}</cachedir>
</fontconfig>
""")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(FONTCONFIG_FILE=str(conf), QT_QPA_PLATFORM="offscreen", PYTHONPATH=os.pathsep.join(sys.path))
    return env


def test_the_font_and_its_licence_are_shipped():
    folder = resource_dir() / "fonts"
    assert (folder / "ipagp.ttf").stat().st_size > 1_000_000
    licence = (folder / "IPA_Font_License_Agreement_v1.0.txt").read_text(encoding="utf-8")
    assert "IPA Font License Agreement v1.0" in licence and "Redistribute" in licence


def test_japanese_without_a_japanese_font_gets_the_shipped_one(no_cjk_fontconfig):
    r = subprocess.run([sys.executable, "-c", CHECK, "ja"], env=no_cjk_fontconfig, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    family, has_glyph, has_all, restored = r.stdout.strip().split("|")[:4]
    assert (family, has_glyph, has_all, restored) == ("IPAPGothic", "True", "True", "True"), r.stdout


def test_english_keeps_the_system_font(no_cjk_fontconfig):
    r = subprocess.run([sys.executable, "-c", CHECK, "en"], env=no_cjk_fontconfig, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    family, has_glyph = r.stdout.split("|")[:2]
    assert family != "IPAPGothic" and has_glyph == "False", r.stdout


def test_the_japanese_gui_starts_without_a_japanese_font(no_cjk_fontconfig):
    r = subprocess.run([sys.executable, "-m", "gdsview.cli.gdsview_cmd", "--smoke-test", "--lang", "ja"],
                       env=no_cjk_fontconfig, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "language ja" in r.stdout and "font IPAPGothic (shipped with gdsview)" in r.stdout
