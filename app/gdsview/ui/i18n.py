"""The GUI's language: Qt translators for gdsview's own texts and Qt's standard buttons.

Every user-visible text of the GUI goes through Qt's translation system (``self.tr()`` in QObject
subclasses, ``QCoreApplication.translate(context, text)`` elsewhere, ``QT_TRANSLATE_NOOP`` for
module-level tables that are translated when shown). ``resources/i18n/gdsview_<lang>.qm`` is
compiled from ``gdsview_<lang>.ts`` by ``pyside6-lrelease`` (``packaging/update-translations.sh``);
Qt's own ``qtbase_<lang>.qm`` (shipped with PySide6) translates the standard buttons (はい/いいえ).

The language is chosen once, before the first window is built: ``--lang`` if given, else the
system locale (``QLocale.system()``); English is the source language and needs no file. A
language whose glyphs no installed font has gets the font gdsview ships (:mod:`.fonts`).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..paths import i18n_dir
from . import fonts

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "ja")

_installed: list[QTranslator] = []
_language = SOURCE_LANGUAGE
_saved_locale: QLocale | None = None  # the default locale before a translation changed it


def system_language() -> str:
    """The supported language of the system locale (``ja_JP.UTF-8`` -> ``ja``), else English."""
    name = QLocale.system().name()  # "ja_JP", "en_US", "C"
    code = name.split("_")[0].lower()
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def check_language(lang: str) -> str:
    code = lang.strip().lower().replace("-", "_").split("_")[0]
    if code not in LANGUAGES:
        raise ValueError(f'language "{lang}" is not available (available: {", ".join(LANGUAGES)})')
    return code


def translation_file(lang: str) -> str:
    return str(i18n_dir() / f"gdsview_{lang}.qm")


def install(lang: str | None = None) -> str:
    """Install the translators of ``lang`` (None: the system language) in the running application,
    replacing those installed before. Returns the language now in use."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translators")
    code = check_language(lang) if lang else system_language()
    remove()
    global _language
    _language = code
    if code == SOURCE_LANGUAGE:
        return code
    own = QTranslator(app)
    if not own.load(translation_file(code)):
        raise FileNotFoundError(f"translation file missing: {translation_file(code)}")
    qt = QTranslator(app)
    if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        QCoreApplication.installTranslator(qt)
        _installed.append(qt)
    QCoreApplication.installTranslator(own)
    _installed.append(own)
    if QCoreApplication.instance().inherits("QApplication"):
        fonts.ensure_font(code)  # the machine may have no font with the language's glyphs
    global _saved_locale
    _saved_locale = QLocale()
    QLocale.setDefault(QLocale(code))
    return code


def remove() -> None:
    """Back to the source language (English)."""
    global _language, _saved_locale
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    if QCoreApplication.instance() is not None and QCoreApplication.instance().inherits("QApplication"):
        fonts.restore_font()
    _language = SOURCE_LANGUAGE
    if _saved_locale is not None:
        QLocale.setDefault(_saved_locale)
        _saved_locale = None


def language() -> str:
    return _language


def plain(text: str) -> str:
    """A menu text as a title or tooltip: without its mnemonic ("&Detach Slice", "スライスの切離し(&D)")
    and its ellipsis."""
    text = re.sub(r"\(&[^&]\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("...").removesuffix("…").strip()


__all__ = ["LANGUAGES", "SOURCE_LANGUAGE", "install", "remove", "language", "system_language", "check_language",
           "plain"]
