"""Object Information tables: volumes, disks and the Slice Information list."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ...core.model import CopyStatus, DiskInfo, SliceInfo, VolumeInfo
from ...core.names import BLOCK, human_size
from ..icons import status_icon
from ..roles import INFO_ROLE, KEY_ROLE
from .keyed import changed_runs, sync_rows
from .live_copies import LiveCopies

translate = QCoreApplication.translate


class KeyedTableModel(QAbstractTableModel):
    """A table of frozen dataclasses keyed by name; ``set_items`` updates it in place.

    ``COLUMNS`` are English sources in the "Columns" translation context, translated when shown.
    """

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    # -- to override --------------------------------------------------------------------------
    def key(self, item: Any) -> Hashable:
        raise NotImplementedError

    def text(self, item: Any, column: int) -> str:
        raise NotImplementedError

    def decoration(self, item: Any, column: int):
        return None

    # -- Qt -----------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.column_title(section)
        return None

    def column_title(self, section: int) -> str:
        return translate("Columns", self.COLUMNS[section])

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(item, index.column())
        if role == Qt.ItemDataRole.DecorationRole:
            return self.decoration(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.column_title(index.column())}: {self.text(item, index.column())}"
        if role == KEY_ROLE:
            return self.key(item)
        if role == INFO_ROLE:
            return item
        return None

    def tooltip(self, item: Any) -> str | None:
        return None

    def set_items(self, items: Sequence[Any]) -> None:
        sync_rows(self, QModelIndex(), self.items, items, self.key, len(self.COLUMNS))
        fresh = {self.key(x): x for x in items}
        flags = []
        for i, old in enumerate(self.items):
            new = fresh[self.key(old)]
            flags.append(new != old)
            self.items[i] = new
        for first, last in changed_runs(flags):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))

    def row_of(self, key: Hashable) -> int:
        for i, item in enumerate(self.items):
            if self.key(item) == key:
                return i
        return -1


class VolumeDevices(Protocol):
    """What the device server knows of a volume's device (``ui.backend.devices_backend``)."""

    def volume_device(self, v: VolumeInfo) -> Any: ...


def in_use_text(in_use: bool) -> str:
    return translate("Columns", "yes") if in_use else translate("Columns", "no")


class VolumeTableModel(KeyedTableModel):
    """Volumes of a class, with their device's file system, whether it is in use, and its mounts."""

    COL_NAME, COL_STATUS, COL_GROUP, COL_SIZE, COL_JRM, COL_BLOCKS, COL_FSTYPE, COL_IN_USE, COL_MOUNT = range(9)
    COLUMNS = (QT_TRANSLATE_NOOP("Columns", "Volume Name"), QT_TRANSLATE_NOOP("Columns", "Status"),
               QT_TRANSLATE_NOOP("Columns", "Group"), QT_TRANSLATE_NOOP("Columns", "Size"), "JRM",
               QT_TRANSLATE_NOOP("Columns", "Blocks"), QT_TRANSLATE_NOOP("Columns", "File System"),
               QT_TRANSLATE_NOOP("Columns", "In Use"), QT_TRANSLATE_NOOP("Columns", "Mount Point"))

    def __init__(self, parent=None, devices: VolumeDevices | None = None) -> None:
        super().__init__(parent)
        self.devices = devices

    def key(self, v: VolumeInfo):
        return (v.class_name, v.name)

    def text(self, v: VolumeInfo, column: int) -> str:
        if column >= self.COL_FSTYPE:
            dev = self.devices.volume_device(v) if self.devices is not None else None
            if column == self.COL_FSTYPE:
                return (dev.fstype or "-") if dev is not None else "-"
            if column == self.COL_IN_USE:
                return in_use_text(v.in_use)
            return ", ".join(dev.mounted_on) if dev is not None and dev.mounted_on else "-"
        return (v.name, v.status.value, v.group, human_size(v.size_bytes), "on" if v.jrm else "off",
                f"{v.first_block}-{v.last_block}")[column]

    def decoration(self, v: VolumeInfo, column: int):
        return status_icon("volume", v.status) if column == self.COL_NAME else None

    def tooltip(self, v: VolumeInfo) -> str:
        text = translate("Columns", "{path}\n{status}, {size} in group {group}").format(
            path=v.path, status=v.status.value, size=human_size(v.size_bytes), group=v.group)
        if v.in_use:
            text += "\n" + translate("Columns", "in use: open or mounted through the device server")
        dev = self.devices.volume_device(v) if self.devices is not None else None
        for target in dev.mounted_on if dev is not None else ():
            text += "\n" + translate("Columns", "mounted on {target}").format(target=target)
        return text

    def devices_changed(self) -> None:
        """The device server's view changed (a file system made, a mount): repaint those columns."""
        if self.items:
            self.dataChanged.emit(self.index(0, self.COL_FSTYPE), self.index(len(self.items) - 1, self.COL_MOUNT))


class DiskTableModel(KeyedTableModel):
    COL_NAME, COL_STATUS, COL_TYPE, COL_GROUP, COL_DEVICE, COL_SIZE = range(6)
    COLUMNS = (QT_TRANSLATE_NOOP("Columns", "Disk Name"), QT_TRANSLATE_NOOP("Columns", "Status"),
               QT_TRANSLATE_NOOP("Columns", "Type"), QT_TRANSLATE_NOOP("Columns", "Group"),
               QT_TRANSLATE_NOOP("Columns", "Physical Disk"), QT_TRANSLATE_NOOP("Columns", "Size"))

    def key(self, d: DiskInfo):
        return (d.class_name, d.name)

    def text(self, d: DiskInfo, column: int) -> str:
        return (d.name, d.status.value, d.type, d.group or "-", d.device, human_size(d.blocks * BLOCK))[column]

    def decoration(self, d: DiskInfo, column: int):
        return status_icon("disk", d.status) if column == self.COL_NAME else None


class SliceTableModel(KeyedTableModel):
    """The Slice Information list of one volume, with live copy progress overlaid."""

    COL_NAME, COL_DISK, COL_STATUS, COL_MODE, COL_JRM, COL_COPY = range(6)
    COLUMNS = (QT_TRANSLATE_NOOP("Columns", "Slice Name"), QT_TRANSLATE_NOOP("Columns", "Disk Name"),
               QT_TRANSLATE_NOOP("Columns", "Status"), QT_TRANSLATE_NOOP("Columns", "Access Mode"), "JRM",
               QT_TRANSLATE_NOOP("Columns", "Copy Progress"))

    def __init__(self, live: LiveCopies, parent=None) -> None:
        super().__init__(parent)
        self.live = live

    def key(self, s: SliceInfo):
        return (s.class_name, s.disk, s.volume)

    def text(self, s: SliceInfo, column: int) -> str:
        if column == self.COL_NAME:
            return s.name
        if column == self.COL_DISK:
            return s.disk
        if column == self.COL_STATUS:
            return s.status.value
        if column == self.COL_MODE:
            if s.access_mode == "rw":
                return translate("Columns", "Read and write")
            if s.access_mode == "ro":
                return translate("Columns", "Read only")
            return "-"
        if column == self.COL_JRM:
            return "on" if s.jrm else "off"
        return self.progress_text(s)

    def progress_text(self, s: SliceInfo) -> str:
        p = self.live.progress(s)
        if p is not None and p.live:
            return p.text()
        if s.copy is not None:
            if s.copy.running:
                state = translate("Columns", "running")
            elif s.state.value == "COPY":
                state = translate("Columns", "interrupted")
            else:
                state = translate("Columns", "pending")
            return f"{s.copy.fraction:.0%} ({state})"
        return "-"

    def decoration(self, s: SliceInfo, column: int):
        return status_icon("slice", s.status) if column == self.COL_NAME else None

    def tooltip(self, s: SliceInfo) -> str:
        text = f"{s.name}: {s.status.value}"
        if s.status.value in ("TEMP", "TEMP-STOP"):
            text += "\n" + translate("Columns", "access path {path}").format(path=s.access_path)
        if s.in_use:
            text += "\n" + translate("Columns", "in use: its access path is open (or mounted)")
        return text

    def update_progress(self, status: CopyStatus) -> None:
        """A copy reported progress (``live`` has it already): repaint that slice's Copy Progress."""
        row = self.row_of((status.class_name, status.disk, status.volume))
        if row >= 0:
            self.dataChanged.emit(self.index(row, self.COL_COPY), self.index(row, self.COL_COPY))
