"""Status icons: object kind + status colour, loaded from the SVG files in resources/icons."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QIcon

from ..core.model import DiskStatus, SliceStatus, VolumeStatus
from ..paths import resource_dir

#: The colour of each status, as the legend explains it.
STATUS_COLOUR = {
    SliceStatus.ACTIVE: "normal",
    SliceStatus.COPY: "copying",
    SliceStatus.TEMP: "temp",
    SliceStatus.TEMP_STOP: "temp",
    SliceStatus.STOP: "stopped",
    SliceStatus.INVALID: "invalid",
    SliceStatus.NOUSE: "invalid",
    VolumeStatus.ACTIVE: "normal",
    VolumeStatus.STOP: "stopped",
    VolumeStatus.INVALID: "invalid",
    DiskStatus.ENABLE: "normal",
    DiskStatus.DISABLE: "invalid",
    DiskStatus.SWAP: "stopped",
}

#: (colour, English source in the "Legend" context, the statuses it stands for)
LEGEND = (
    ("normal", QT_TRANSLATE_NOOP("Legend", "Normal"), "ACTIVE, ENABLE"),
    ("copying", QT_TRANSLATE_NOOP("Legend", "Synchronization copying in progress"), "COPY"),
    ("temp", QT_TRANSLATE_NOOP("Legend", "Detached slice"), "TEMP, TEMP-STOP"),
    ("stopped", QT_TRANSLATE_NOOP("Legend", "Stopped"), "STOP"),
    ("invalid", QT_TRANSLATE_NOOP("Legend", "Invalid or failed"), "INVALID, NOUSE, DISABLE"),
)

ABNORMAL = frozenset({"copying", "temp", "invalid"})


def colour_of(status: str | None) -> str:
    if status is None:
        return "normal"
    return STATUS_COLOUR.get(status, "normal")


@cache
def icon(kind: str, colour: str = "normal") -> QIcon:
    path = resource_dir() / "icons" / f"{kind}-{colour}.svg"
    if not path.exists():
        raise FileNotFoundError(path)
    return QIcon(str(path))


@cache
def app_icon() -> QIcon:
    """The application's icon (also installed as the desktop icon, resources/icons/gdsview.svg)."""
    return QIcon(str(resource_dir() / "icons" / "gdsview.svg"))


def status_icon(kind: str, status: str | None) -> QIcon:
    return icon(kind, colour_of(status))
