"""``gdsview docs figures``: the built-in scenario's figures, their sizes, content and reproducibility."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from gdsview.docs import flow
from gdsview.docs.runner import TITLE_BAR_HEIGHT, WINDOW_SIZE, FrozenClock, generate_figures
from gdsview.docs.scenario import load_scenario, parse_scenario

BUILTIN = "backup-by-slice-detachment"
FIGURES = {
    "7.38": "fig-7-38-backup-operation-flow.png",
    "7.39": "fig-7-39-detach-slice.png",
    "7.40": "fig-7-40-detach-slice-environment.png",
    "7.41": "fig-7-41-confirm-detach.png",
    "7.42": "fig-7-42-detach-complete.png",
    "7.43": "fig-7-43-attach-slice.png",
    "7.44": "fig-7-44-confirm-attach.png",
    "7.45": "fig-7-45-attach-complete.png",
    "7.46": "fig-7-46-stop-slice.png",
    "7.47": "fig-7-47-activate-slice.png",
}
MENU_FIGURES = ("7.39", "7.43")
DIALOG_FIGURES = ("7.40", "7.41", "7.42", "7.44", "7.45", "7.46", "7.47")


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures-1")
    lines: list[str] = []
    results = generate_figures(load_scenario(BUILTIN), out, progress=lines.append)
    return out, results, lines


def _qimage(path: Path):
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), path
    return image


def _grey(path: Path) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = _qimage(path).convertToFormat(QImage.Format.Format_Grayscale8)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    return np.frombuffer(image.constBits(), np.uint8, stride * h).reshape(h, stride)[:, :w].copy()


def test_every_figure_of_the_seed_is_written_with_its_caption(first_run):
    out, results, lines = first_run
    by_number = {r.capture.figure: r for r in results if r.capture.figure}
    assert sorted(by_number) == sorted(FIGURES)
    for number, name in FIGURES.items():
        assert (out / name).is_file(), name
        assert by_number[number].path == out / name
        assert by_number[number].capture.title.startswith(f"Figure {number} ")
    assert (out / "main-window.png").is_file()
    assert by_number["7.39"].capture.title == "Figure 7.39 Detach Slice"
    assert by_number["7.42"].capture.title == "Figure 7.42 Notifying Detach Slice Complete"
    # one progress line per image, then the pages
    assert len(lines) == len(results) + 1
    assert all(f"] {r.capture.title}: {r.path.name} (" in line for r, line in zip(results, lines, strict=False))
    html = (out / "index.html").read_text(encoding="utf-8")
    markdown = (out / "figures.md").read_text(encoding="utf-8")
    for r in by_number.values():
        title = r.capture.title.replace('"', "&quot;")
        assert f'src="{r.path.name}"' in html and f"<figcaption>{title}</figcaption>" in html
        assert f"![{r.capture.title}]({r.path.name})" in markdown
    assert html.index("Figure 7.38") < html.index("Figure 7.39") < html.index("Figure 7.47")


def test_figure_sizes(first_run):
    out, results, _lines = first_run
    by_number = {r.capture.figure: r for r in results if r.capture.figure}
    for number in MENU_FIGURES:
        assert by_number[number].size == WINDOW_SIZE
        assert _qimage(by_number[number].path).size().toTuple() == WINDOW_SIZE
    assert _qimage(out / "main-window.png").size().toTuple() == WINDOW_SIZE
    for number in DIALOG_FIGURES:
        r = by_number[number]
        w, h = r.source_size  # the dialog as laid out by Qt
        assert 250 <= w <= 900 and 80 <= h <= 600, (number, r.source_size)
        assert _qimage(r.path).size().toTuple() == (w, h + TITLE_BAR_HEIGHT)
    assert _qimage(by_number["7.38"].path).size().toTuple() == (flow.WIDTH, flow.height())


def test_figures_are_not_blank(first_run):
    out, _results, _lines = first_run
    for name in [*FIGURES.values(), "main-window.png"]:
        pixels = _grey(out / name)
        assert pixels.var() > 300, f"{name} looks blank (variance {pixels.var():.0f})"
        # not one colour with a speck: at least 2 % of the pixels differ from the most common value
        values, counts = np.unique(pixels, return_counts=True)
        assert counts.max() < 0.98 * pixels.size, name


def test_menu_figures_show_the_open_menu_on_the_item(first_run):
    """The menu is a separate popup offscreen: it must be painted into the window's figure."""
    out, _results, _lines = first_run
    plain = _grey(out / "main-window.png").astype(int)
    menu = _grey(out / FIGURES["7.39"]).astype(int)
    # the Operation menu drops down below the menu bar, left of the middle of the window
    region = (slice(25, 240), slice(130, 350))
    assert np.abs(plain[region] - menu[region]).mean() > 15  # (the tree's names lie under it in the plain one)


def test_a_second_run_is_byte_identical(first_run, tmp_path):
    out, results, _lines = first_run
    again = generate_figures(load_scenario(BUILTIN), tmp_path, progress=None)
    assert [r.path.name for r in again] == [r.path.name for r in results]
    for name in [*FIGURES.values(), "main-window.png", "index.html", "figures.md"]:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), f"{name} differs between runs"


SMALL = """
lab = "demo"

[[step]]
action = "select"
object = "Class1/Volume1"

[[step]]
action = "capture"
target = "window"
figure = "1.1"
slug = "window"
caption = "Window"

[[step]]
action = "capture"
target = "region"
widget = "sliceView"
file = "slices"

[[step]]
action = "capture"
target = "flow"
figure = "1.2"
slug = "flow"
caption = "Flow"
"""


def test_scale_2_doubles_every_figure(tmp_path):
    scenario = parse_scenario(SMALL, "small.toml")
    one = generate_figures(scenario, tmp_path / "x1", scale=1, progress=None)
    two = generate_figures(scenario, tmp_path / "x2", scale=2, progress=None)
    for a, b in zip(one, two, strict=True):
        assert b.size == (2 * a.size[0], 2 * a.size[1])
        assert b.logical_size == a.size
        assert _qimage(b.path).size().toTuple() == b.size
    assert one[0].size == WINDOW_SIZE
    html = (tmp_path / "x2" / "index.html").read_text(encoding="utf-8")
    assert f'width="{WINDOW_SIZE[0]}" height="{WINDOW_SIZE[1]}"' in html  # shown at its logical size


def test_the_frozen_clock_numbers_the_log_lines():
    class Line:
        def __init__(self, ts):
            self.ts = ts

    class Model:
        lines = [Line(1700000000.25), Line(1700000000.5), Line(1700000007.0)]

    clock = FrozenClock(Model())
    assert clock(1700000000.5) == "2026-01-15 10:00:01"
    assert clock(1700000000.25) == "2026-01-15 10:00:00"
    assert clock(1700000007.0) == "2026-01-15 10:00:02"


def test_the_command_runs_headless_from_scratch(tmp_path):
    """A fresh process, no display and no platform chosen: the command picks offscreen itself."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    scenario = tmp_path / "one.toml"
    scenario.write_text(SMALL, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "gdsview.cli.gdsview_cmd", "docs", "figures", "--out", str(tmp_path / "out"),
         "--scenario", str(scenario)],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    progress = [line for line in proc.stdout.splitlines() if line.startswith("[")]
    assert len(progress) == 3 and "Figure 1.1 Window: fig-1-1-window.png (1100x760)" in progress[0]
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "fig-1-1-window.png", "slices.png", "fig-1-2-flow.png", "index.html", "figures.md"}


# -- the Japanese figures ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def japanese_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures-ja")
    lines: list[str] = []
    results = generate_figures(load_scenario(BUILTIN), out, lang="ja", progress=lines.append)
    return out, results, lines


def test_japanese_figures_and_captions(japanese_run, first_run):
    out, results, lines = japanese_run
    by_number = {r.capture.figure: r for r in results if r.capture.figure}
    assert sorted(by_number) == sorted(FIGURES)
    assert by_number["7.39"].capture.title_in("ja") == "図7.39 スライスの切離し"
    assert by_number["7.44"].capture.title_in("ja") == "図7.44 「スライスの組込み」の確認"
    assert "図7.42 スライスの切離し完了の通知: fig-7-42-detach-complete.png" in "\n".join(lines)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html and "<figcaption>図7.40 切り離すスライスの環境設定</figcaption>" in html
    assert "スライスの切離しによるバックアップ" in (out / "figures.md").read_text(encoding="utf-8")
    en_out = first_run[0]
    for name in [*FIGURES.values(), "main-window.png"]:
        pixels = _grey(out / name)
        assert pixels.var() > 300, name
        # the same screens, in other words: not the English pixels
        assert (out / name).read_bytes() != (en_out / name).read_bytes(), name
    for number in MENU_FIGURES:
        assert _qimage(by_number[number].path).size().toTuple() == WINDOW_SIZE


def test_japanese_text_is_drawn_with_real_glyphs(japanese_run):
    """A missing font draws every character as the same empty box ("tofu"): each glyph must differ."""
    from gdsview.docs.render import docs_environment, docs_font, font_families
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    with docs_environment("ja"):
        assert len(font_families()) == 2
        glyphs = []
        for ch in "切離組込停起":
            image = QImage(40, 40, QImage.Format.Format_Grayscale8)
            image.fill(QColor("white"))
            p = QPainter(image)
            p.setFont(docs_font(20))
            p.setPen(QColor("black"))
            p.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, ch)
            p.end()
            glyphs.append(bytes(image.constBits()))
        assert len(set(glyphs)) == len(glyphs)
        assert all(min(g) < 128 for g in glyphs)  # something dark was drawn


def test_a_japanese_rerun_is_byte_identical(japanese_run, tmp_path):
    out, _results, _lines = japanese_run
    generate_figures(load_scenario(BUILTIN), tmp_path, lang="ja", progress=None)
    for name in [*FIGURES.values(), "main-window.png", "index.html"]:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_help_shows_the_current_figures(lang, tmp_path):
    """resources/help/<lang>/images are the figures ``gdsview docs figures`` draws now (run as the
    command: a fresh process, whose virtual screen sizes the message boxes as a desktop's would)."""
    from gdsview.paths import help_dir

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.run([sys.executable, "-m", "gdsview.cli.gdsview_cmd", "docs", "figures", "--lang", lang,
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    stale = [name for name in FIGURES.values()
             if (help_dir() / lang / "images" / name).read_bytes() != (tmp_path / name).read_bytes()]
    assert not stale, f"help figures out of date: {stale}; run packaging/update-help-figures.sh"


def test_the_cluster_scenario_draws_activate_slice_after_a_switch(tmp_path):
    """The built-in cluster scenario: detach on node1, switch to node2 (TEMP-STOP), act as node2,
    Activate Slice (figure 7.47's situation), TEMP on node2."""
    results = generate_figures(load_scenario("activate-slice-after-switch"), tmp_path, progress=None)
    assert [r.path.name for r in results] == ["cluster-after-switch.png", "fig-7-47-activate-slice-after-switch.png",
                                              "cluster-activated-on-node2.png"]
    assert [r.capture.figure for r in results] == [None, "7.47", None]
    for r in results:
        assert r.path.stat().st_size > 1000
