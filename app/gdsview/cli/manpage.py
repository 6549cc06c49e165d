"""The manual pages of the ``sdx*`` commands (``--help``), in the locale's language.

The pages are text files of the shipped resources, ``resources/man/<lang>/<command>.txt``, laid out
as GDS's own manual pages (NAME, SYNOPSIS, DESCRIPTION, PRIMARY OPTIONS, SUB OPTIONS, MESSAGES,
EXAMPLES, EXIT STATUS). The language follows the locale as the C library does: ``LC_ALL``, else
``LC_MESSAGES``, else ``LANG``; a Japanese locale (``ja_JP.UTF-8``) gets the Japanese page, any
other the English one. GDS's commands take no language option, and neither do these.
"""

from __future__ import annotations

import os
import sys

from .. import __version__
from ..paths import resource_dir

LANGUAGES = ("en", "ja")


def language() -> str:
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(key)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def page(command: str, lang: str | None = None) -> str:
    """The manual page of ``command`` in ``lang`` (default: the locale's)."""
    path = resource_dir() / "man" / (lang or language()) / f"{command}.txt"
    return path.read_text(encoding="utf-8")


def print_page(command: str) -> None:
    text = page(command)
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:  # a Japanese page on an ASCII terminal: the English one
        sys.stdout.write(page(command, "en"))
    sys.stdout.flush()


def version_line(command: str) -> str:
    return f"{command} (gdsview) {__version__}"


__all__ = ["LANGUAGES", "language", "page", "print_page", "version_line"]
