"""Help → GDS Management View Help: the offline manual, HTML shipped in ``resources/help/<lang>/``.

The pages explain each operation with the figures ``gdsview docs figures`` generates (their PNG
files sit beside the page in ``images/``). A page is looked up in the GUI's language, else English.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ..paths import help_dir
from . import i18n

MAX_IMAGE_WIDTH = 760  # wider figures (the main window's) are scaled down smoothly to fit the page


class HelpBrowser(QTextBrowser):
    """A QTextBrowser that scales wide figures down smoothly (the document would scale them coarsely)."""

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt's name
        resource = super().loadResource(kind, url)
        if kind == QTextDocument.ResourceType.ImageResource and isinstance(resource, QByteArray | bytes):
            image = QImage.fromData(bytes(resource))
            if not image.isNull() and image.width() > MAX_IMAGE_WIDTH:
                return image.scaledToWidth(MAX_IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation)
        return resource


def help_page(lang: str | None = None) -> Path:
    """The help's index page in ``lang`` (the GUI's language by default), else the English one."""
    for code in (lang or i18n.language(), i18n.SOURCE_LANGUAGE):
        page = help_dir() / code / "index.html"
        if page.is_file():
            return page
    raise FileNotFoundError(help_dir() / i18n.SOURCE_LANGUAGE / "index.html")


class HelpWindow(QDialog):
    """A non-modal window beside the main window: Back, Forward, Contents and the page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle(self.tr("GDS Management View Help"))
        self.setAccessibleName(self.windowTitle())
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.page = help_page()

        self.browser = HelpBrowser()
        self.browser.setObjectName("helpBrowser")
        self.browser.setAccessibleName(self.tr("Help text"))
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(self.page.parent)])

        self.back_button = QPushButton(self.tr("&Back"))
        self.back_button.setObjectName("backButton")
        self.back_button.setShortcut(QKeySequence.StandardKey.Back)
        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button = QPushButton(self.tr("&Forward"))
        self.forward_button.setObjectName("forwardButton")
        self.forward_button.setShortcut(QKeySequence.StandardKey.Forward)
        self.forward_button.clicked.connect(self.browser.forward)
        self.contents_button = QPushButton(self.tr("&Contents"))
        self.contents_button.setObjectName("contentsButton")
        self.contents_button.clicked.connect(lambda: self.show_section(None))
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.close)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)
        for b in (self.back_button, self.forward_button, self.contents_button, self.close_button):
            b.setAutoDefault(False)

        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.forward_button)
        bar.addWidget(self.contents_button)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        self.resize(900, 720)

    def show_section(self, section: str | None = None) -> None:
        """Show the page at ``section`` (an anchor such as ``detach``), or at its top."""
        url = QUrl.fromLocalFile(str(self.page))
        if section:
            url.setFragment(section)
        if self.browser.source().toLocalFile() == url.toLocalFile() and not section:
            self.browser.verticalScrollBar().setValue(0)
        else:  # (the same page at another section only scrolls, and Back returns to where it was)
            self.browser.setSource(url)
            if section:
                self.browser.scrollToAnchor(section)
        self.show()
        self.raise_()
        self.activateWindow()
        self.browser.setFocus()

    def anchors(self) -> list[str]:
        """The section anchors of the page (``<a name=...>`` / ``id=``), for checks."""
        from PySide6.QtGui import QTextCharFormat

        found: list[str] = []
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt: QTextCharFormat = it.fragment().charFormat()
                found.extend(fmt.anchorNames())
                it += 1
            block = block.next()
        return found
