"""Where the shipped resources (icons, help pages, translations) are.

``gdsview/resources`` is a link to the repository's ``resources/`` folder: in a source checkout
(and an editable install) it resolves there; a wheel (pip, pipx) and the PyInstaller bundle carry
a real copy at the same place, beside the package's modules.
"""

from __future__ import annotations

from pathlib import Path


def resource_dir() -> Path:
    here = Path(__file__).resolve()
    for candidate in (here.parent / "resources", here.parents[2] / "resources"):
        if (candidate / "icons").is_dir():
            return candidate
    raise FileNotFoundError("gdsview resources not found (expected resources/icons beside the package)")


def help_dir() -> Path:
    return resource_dir() / "help"


def i18n_dir() -> Path:
    return resource_dir() / "i18n"
