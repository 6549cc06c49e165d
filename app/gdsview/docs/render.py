"""The reproducible rendering environment and the image helpers of the figure generator.

Everything that decides a pixel is fixed here: the platform (offscreen unless one is set), the
Fusion style, DejaVu Sans loaded from its file (and, for Japanese, IPA P Gothic after it for the
glyphs DejaVu lacks), a light palette with no active/inactive difference, no menu animations, the
language's translators. Widgets are rendered with ``QWidget.render`` into an image of the chosen device
pixel ratio, so ``--scale 2`` draws every widget at twice the resolution in the same layout.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSansMono.ttf")
FONT_FAMILY = "DejaVu Sans"
#: The fonts each language adds after DejaVu Sans: (family, candidate files, the Debian package)
CJK_FONTS = {
    "ja": ("IPAPGothic", (Path("/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf"),
                          Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf")), "fonts-ipafont-gothic"),
}
FONT_POINT_SIZE = 9
TITLE_BAR_HEIGHT = 26  # logical pixels above a dialog capture
DOTS_PER_METER = 3780  # 96 dpi at scale 1
SCREEN = (1920, 1080)  # the virtual screen of an offscreen run

# Colours of the drawn dialog title bar and frame.
TITLE_BG = "#dde3ea"
TITLE_LINE = "#b3bcc6"
TITLE_TEXT = "#1d2733"
FRAME = "#8f99a4"

_QUIET = ("This plugin does not support",)  # the offscreen platform's harmless complaints
_app = None  # a QApplication this module created (kept alive: Qt allows one per process)
_families = [FONT_FAMILY]  # the font families of the environment now in use


def font_families() -> list[str]:
    return list(_families)


def _load_language_font(lang: str) -> str | None:
    """The family of the language's extra font, loaded from its file; an error if it is missing."""
    from PySide6.QtGui import QFontDatabase

    from ..core.errors import SdxError

    if lang not in CJK_FONTS:
        return None
    family, files, package = CJK_FONTS[lang]
    for path in files:
        if path.is_file() and QFontDatabase.addApplicationFont(str(path)) >= 0:
            return family
    raise SdxError(f"the {lang} figures need a font with its glyphs: install {package} "
                   f"(expected {files[0]}); scripts/setup-system.sh installs it")


@contextmanager
def docs_environment(lang: str = "en") -> Iterator[object]:
    """A QApplication set up for reproducible screenshots in ``lang``; restores what it changed on exit."""
    global _app, _families
    from PySide6.QtCore import Qt, qInstallMessageHandler
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from ..ui import i18n

    app = QApplication.instance()
    if app is None:
        app = _app = _new_application()
    saved_style = app.style().name()
    saved_palette, saved_font = app.palette(), app.font()
    effects = (Qt.UIEffect.UI_AnimateMenu, Qt.UIEffect.UI_FadeMenu, Qt.UIEffect.UI_AnimateCombo,
               Qt.UIEffect.UI_AnimateTooltip, Qt.UIEffect.UI_FadeTooltip, Qt.UIEffect.UI_AnimateToolBox)
    saved_effects = {e: QApplication.isEffectEnabled(e) for e in effects}
    previous_handler = None

    def quiet(mode, context, message) -> None:
        if message.startswith(_QUIET):
            return
        if previous_handler is not None:
            previous_handler(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous_handler = qInstallMessageHandler(quiet)
    try:
        for name in FONT_FILES:
            if (FONT_DIR / name).is_file():
                QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        extra = _load_language_font(lang)
        _families = [FONT_FAMILY] + ([extra] if extra else [])
        i18n.install(lang)
        QApplication.setStyle("Fusion")
        for e in effects:
            QApplication.setEffectEnabled(e, False)
        QApplication.setPalette(fixed_palette())
        QApplication.setFont(docs_font())
        yield app
    finally:
        i18n.remove()
        _families = [FONT_FAMILY]
        qInstallMessageHandler(previous_handler)
        QApplication.setStyle(saved_style)
        QApplication.setPalette(saved_palette)
        QApplication.setFont(saved_font)
        for e, on in saved_effects.items():
            QApplication.setEffectEnabled(e, on)


def _new_application():
    """Offscreen (unless another platform is set) on a virtual 1920x1080 screen at 96 dpi.

    The offscreen platform's own screen is 800 pixels wide, and Qt sizes message boxes from the
    screen: on it they wrap an access path in two. The screen a desktop user has is wider.
    """
    from PySide6.QtWidgets import QApplication

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not platform:
        os.environ["QT_QPA_PLATFORM"] = platform = "offscreen"
    if platform != "offscreen":
        return QApplication(["gdsview-docs"])
    screen = {"name": "gdsview-docs", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1],
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    fd, config = tempfile.mkstemp(prefix="gdsview-docs-screen-", suffix=".json")
    try:
        with os.fdopen(fd, "w") as f:
            json.dump({"screens": [screen]}, f)
        return QApplication(["gdsview-docs", "-platform", f"offscreen:configfile={config}"])
    finally:
        os.unlink(config)


def docs_font(point_size: int = FONT_POINT_SIZE, bold: bool = False):
    from PySide6.QtGui import QFont

    font = QFont(FONT_FAMILY, point_size)
    font.setFamilies(font_families())
    font.setBold(bold)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def fixed_palette():
    """Fusion's light palette, identical in the active and inactive groups.

    Offscreen, which window is active depends on which was shown last; with one colour set for
    both, a selection looks the same whether or not a dialog is open over the window.
    """
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QStyleFactory

    palette = QStyleFactory.create("Fusion").standardPalette()
    for role in QPalette.ColorRole:
        if role in (QPalette.ColorRole.NColorRoles,):
            continue
        palette.setBrush(QPalette.ColorGroup.Inactive, role, palette.brush(QPalette.ColorGroup.Active, role))
    return palette


def new_image(width: int, height: int, scale: int, fill: str = "#ffffff"):
    """An opaque image of ``width`` x ``height`` logical pixels at device pixel ratio ``scale``."""
    from PySide6.QtGui import QColor, QImage

    image = QImage(width * scale, height * scale, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor(fill))
    return image


def render_widget(widget, scale: int, overlays=()):
    """``widget`` (and its children) as an image; ``overlays`` are popups painted on top, each
    at its position relative to ``widget`` (an open menu), with a small shadow."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QColor, QPainter

    size = widget.size()
    image = new_image(size.width(), size.height(), scale, widget.palette().window().color().name())
    painter = QPainter(image)
    try:
        widget.render(painter, QPoint(0, 0))
        origin = widget.mapToGlobal(QPoint(0, 0))
        for popup in overlays:
            at = popup.mapToGlobal(QPoint(0, 0)) - origin
            r = QRect(at, popup.size())
            for d, alpha in ((3, 18), (2, 28), (1, 40)):
                painter.fillRect(r.translated(d, d), QColor(0, 0, 0, alpha))
            popup.render(painter, at)
    finally:
        painter.end()
    return image


def crop(image, rect, scale: int):
    """The logical ``rect`` of ``image`` (clipped to it)."""
    from PySide6.QtCore import QRect

    logical = QRect(0, 0, image.width() // scale, image.height() // scale)
    r = rect.intersected(logical)
    if r.isEmpty():
        return None
    part = image.copy(QRect(r.x() * scale, r.y() * scale, r.width() * scale, r.height() * scale))
    part.setDevicePixelRatio(scale)
    return part


def with_title_bar(content, title: str, scale: int, icon=None):
    """``content`` (a dialog) under a drawn title bar, with a thin frame: offscreen windows have no
    window-manager decoration, and a manual's dialog figure reads better with its title."""
    from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
    from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

    w, h = content.width() // scale, content.height() // scale
    tb = TITLE_BAR_HEIGHT
    image = new_image(w, h + tb, scale, TITLE_BG)
    p = QPainter(image)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.drawImage(QRectF(0, tb, w, h), content)
        p.setPen(QPen(QColor(TITLE_LINE), 1))
        p.drawLine(QPointF(0, tb - 0.5), QPointF(w, tb - 0.5))
        x = 8
        if icon is not None:
            p.drawPixmap(QRect(x, (tb - 16) // 2, 16, 16), icon.pixmap(QSize(16, 16), float(scale)))
            x += 22
        font = docs_font(FONT_POINT_SIZE, bold=True)
        p.setFont(font)
        p.setPen(QColor(TITLE_TEXT))
        close_w = 26
        text = QFontMetrics(font).elidedText(title, Qt.TextElideMode.ElideRight, w - x - close_w - 4)
        p.drawText(QRect(x, 0, w - x - close_w, tb), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        # a close glyph, as a window manager would draw it
        cx, cy, r = w - close_w / 2 - 2, tb / 2, 4.0
        p.setPen(QPen(QColor(TITLE_TEXT), 1.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(cx - r, cy - r), QPointF(cx + r, cy + r))
        p.drawLine(QPointF(cx - r, cy + r), QPointF(cx + r, cy - r))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(QPen(QColor(FRAME), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(0, 0, w - 1, h + tb - 1))
    finally:
        p.end()
    return image


def save_png(image, path: Path, scale: int) -> None:
    """Write ``image`` as a PNG with no metadata but its resolution (96 dpi x scale)."""
    image.setDotsPerMeterX(DOTS_PER_METER * scale)
    image.setDotsPerMeterY(DOTS_PER_METER * scale)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        raise OSError(f"cannot write {path}")
