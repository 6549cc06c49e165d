"""A font for the GUI's language when the system has none that covers it.

Japanese needs a font with its glyphs, which a machine may not have (a minimal desktop, a
container, a fresh install with ``pipx install .``): every Japanese text would show as boxes.
gdsview ships IPA P Gothic (``resources/fonts/ipagp.ttf``, unmodified, under the IPA Font License
v1.0 beside it, which permits redistribution with the licence) and, when the font database has
no family for the language's writing system, loads it and makes it the application font.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ..paths import resource_dir

#: language -> (the shipped font file, the writing system it must cover)
SHIPPED = {"ja": ("ipagp.ttf", QFontDatabase.WritingSystem.Japanese)}

_saved_font: QFont | None = None  # the application font before a shipped one replaced it
_loaded: dict[str, str] = {}  # font file -> its family, once loaded


def font_file(lang: str) -> str:
    return str(resource_dir() / "fonts" / SHIPPED[lang][0])


def system_has_font(lang: str) -> bool:
    """True when a font of the system covers the language's writing system (not counting ours)."""
    if lang not in SHIPPED:
        return True
    return bool(set(QFontDatabase.families(SHIPPED[lang][1])) - set(_loaded.values()))


def loaded_family() -> str | None:
    """The family of the shipped font in use as the application font, if any."""
    return next(iter(_loaded.values()), None) if _saved_font is not None else None


def ensure_font(lang: str) -> str | None:
    """Load the shipped font of ``lang`` as the application font if no font covers the language.

    Returns the family loaded, or None when nothing was needed. Needs a QApplication.
    """
    global _saved_font
    if system_has_font(lang):
        return None
    family = _loaded.get(font_file(lang))
    if family is None:
        font_id = QFontDatabase.addApplicationFont(font_file(lang))
        if font_id < 0:
            raise FileNotFoundError(f"the {lang} font shipped with gdsview cannot be loaded: {font_file(lang)}")
        family = _loaded[font_file(lang)] = QFontDatabase.applicationFontFamilies(font_id)[0]
    if _saved_font is None:
        _saved_font = QApplication.font()
    font = QApplication.font()
    font.setFamilies([family, *font.families()])
    QApplication.setFont(font)
    return family


def restore_font() -> None:
    """The application font as it was before :func:`ensure_font` replaced it."""
    global _saved_font
    if _saved_font is not None:
        QApplication.setFont(_saved_font)
        _saved_font = None


__all__ = ["SHIPPED", "ensure_font", "font_file", "loaded_family", "restore_font", "system_has_font"]
