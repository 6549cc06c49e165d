"""The Object Information field: volumes and disks of the selected class, slices of a volume."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.model import Snapshot
from ..icons import ABNORMAL, colour_of
from ..models.live_copies import LiveCopies
from ..models.tables import DiskTableModel, KeyedTableModel, SliceTableModel, VolumeTableModel
from ..roles import INFO_ROLE, KEY_ROLE


def _table(model: KeyedTableModel, name: str, accessible: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab goes on to the next list; the arrow keys move in this one
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(22)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setMinimumSectionSize(40)
    header.setDefaultSectionSize(40)  # _fit_columns widens each column to its title and contents
    return view


def _selected_key(view: QTableView):
    rows = view.selectionModel().selectedRows()
    return rows[0].data(KEY_ROLE) if rows else None


def _keep_choice(view: QTableView, before) -> None:
    """After a refresh: if the selected row went (a slice of a disconnected disk), select nothing,
    rather than the neighbour Qt moves to: the operator did not choose it."""
    if before is not None and _selected_key(view) != before:
        view.clearSelection()
        view.selectionModel().setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)


def _fit_columns(view: QTableView) -> None:
    """Widen columns to their contents (a class's objects: few rows), never narrow a widened one."""
    model = view.model()
    for col in range(model.columnCount() - 1):
        wanted = max(view.sizeHintForColumn(col), view.horizontalHeader().sectionSizeHint(col)) + 8
        if view.columnWidth(col) < wanted:
            view.setColumnWidth(col, wanted)



def _widest_texts(model: QAbstractItemModel) -> tuple[int, ...]:
    """The length of each column's longest displayed text (a few dozen rows: one class's objects)."""
    return tuple(max((len(str(model.index(r, c).data() or "")) for r in range(model.rowCount())), default=0)
                 for c in range(model.columnCount()))

class ObjectInfoPanel(QWidget):
    """Shows a scope (a class, or a group of it); a click on a volume shows its Slice Information."""

    selectionChanged = Signal()

    def __init__(self, live: LiveCopies, parent: QWidget | None = None, devices=None) -> None:
        """``devices``: the backend's ``DevicesBackend`` (the volumes' file systems and mounts), if any."""
        super().__init__(parent)
        self.scope: tuple[str, str | None] | None = None  # (class, group or None)
        self.volume_key: tuple[str, str] | None = None
        self.abnormal_only = False
        self.snapshot = Snapshot(version=-1)
        self._shape: tuple = ()

        self.devices = devices
        self.volumes = VolumeTableModel(self, devices)
        self.disks = DiskTableModel(self)
        self.slices = SliceTableModel(live, self)
        self.volume_view = _table(self.volumes, "volumeView", self.tr("Volume Information"))
        for size in (self.volume_view.horizontalHeader().setMinimumSectionSize,
                     self.volume_view.horizontalHeader().setDefaultSectionSize):
            size(40)  # nine columns: each only as wide as it needs
        self.disk_view = _table(self.disks, "diskView", self.tr("Disk Information"))
        self.slice_view = _table(self.slices, "sliceView", self.tr("Slice Information"))
        self.title = QLabel(self.tr("Object Information"))
        self.title.setObjectName("objectInfoTitle")
        self.title.setBuddy(self.volume_view)
        self.slice_title = QLabel(self.tr("Slice Information"))
        self.slice_title.setObjectName("sliceInfoTitle")
        self.slice_title.setBuddy(self.slice_view)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("objectTabs")
        slice_page = QWidget()
        slice_layout = QVBoxLayout(slice_page)
        slice_layout.setContentsMargins(0, 0, 0, 0)
        slice_layout.addWidget(self.slice_title)
        slice_layout.addWidget(self.slice_view)
        self.tabs.setAccessibleName(self.tr("Slice and disk information"))
        self.tabs.tabBar().setAccessibleName(self.tabs.accessibleName())
        self.tabs.addTab(slice_page, self.tr("Slice Information"))
        self.tabs.addTab(self.disk_view, self.tr("Disk Information"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.volume_view, 3)
        layout.addWidget(self.tabs, 2)

        self.volume_view.selectionModel().selectionChanged.connect(self._volume_clicked)
        self.slice_view.selectionModel().selectionChanged.connect(lambda *_: self.selectionChanged.emit())
        self.disk_view.selectionModel().selectionChanged.connect(lambda *_: self.selectionChanged.emit())
        self.tabs.currentChanged.connect(lambda *_: self.selectionChanged.emit())
        if devices is not None:
            devices.changed.connect(self._devices_changed)

    # -- what is shown ------------------------------------------------------------------------
    def show_scope(self, class_name: str | None, group: str | None = None) -> None:
        scope = (class_name, group) if class_name else None
        if scope != self.scope:
            self.scope = scope
            self.volume_key = None
            self.volume_view.clearSelection()
        self._fill()

    def set_snapshot(self, snap: Snapshot) -> None:
        self.snapshot = snap
        self._fill()

    def _devices_changed(self) -> None:
        self.volumes.devices_changed()
        _fit_columns(self.volume_view)

    def set_abnormal_only(self, on: bool) -> None:
        self.abnormal_only = on
        self._fill()

    def _keep(self, status) -> bool:
        return not self.abnormal_only or colour_of(status) in ABNORMAL

    def _fill(self) -> None:
        chosen = [(view, _selected_key(view)) for view in (self.volume_view, self.slice_view, self.disk_view)]
        self._fill_models()
        for view, before in chosen:
            _keep_choice(view, before)

    def _fill_models(self) -> None:
        snap = self.snapshot
        if self.devices is not None:  # the shown class's file systems are read (and kept up to date)
            self.devices.watch("objectInfo", [self.scope[0]] if self.scope else [])
        if self.scope is None:
            self.title.setText(self.tr("Object Information"))
            self.volumes.set_items([])
            self.disks.set_items([])
        else:
            c, g = self.scope
            self.title.setText(self.tr("Object Information: {scope}").format(scope=c + (f" / {g}" if g else "")))
            volumes = [v for v in snap.volumes if v.class_name == c and (g is None or v.group == g)]
            if self.abnormal_only:
                volumes = [v for v in volumes if self._keep(v.status)
                           or any(self._keep(s.status) for s in snap.slices_of(c, v.name))]
            self.volumes.set_items(volumes)
            self.disks.set_items([d for d in snap.disks if d.class_name == c and (g is None or d.group == g)
                                  and self._keep(d.status)])
        if self.volume_key and snap.volume(*self.volume_key) is None:
            self.volume_key = None
        if self.volume_key:
            c, v = self.volume_key
            self.slice_title.setText(self.tr("Slice Information: {volume}").format(volume=v))
            self.slices.set_items(list(snap.slices_of(c, v)))
        else:
            self.slice_title.setText(self.tr("Slice Information: click a volume"))
            self.slices.set_items([])
        # The widest text of each column too: a cell that grows (TEMP to TEMP-STOP after a node
        # switch) with the same rows must not be cut.
        shape = (self.scope, self.volume_key, self.volumes.rowCount(), self.disks.rowCount(),
                 tuple(_widest_texts(m) for m in (self.volumes, self.disks, self.slices)))
        if shape != self._shape:  # measuring columns costs more than the rest of a refresh
            self._shape = shape
            for view in (self.volume_view, self.disk_view, self.slice_view):
                _fit_columns(view)

    # -- selection ----------------------------------------------------------------------------
    def _volume_clicked(self, *_args) -> None:
        rows = self.volume_view.selectionModel().selectedRows()
        key = rows[0].data(KEY_ROLE) if rows else None
        if key != self.volume_key:
            self.volume_key = key
            self.slice_view.clearSelection()
            self._fill()
            if key:
                self.tabs.setCurrentIndex(0)
        self.selectionChanged.emit()

    def select_volume(self, class_name: str, volume: str) -> None:
        row = self.volumes.row_of((class_name, volume))
        if row >= 0:
            self.volume_view.selectionModel().select(
                self.volumes.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.volume_view.scrollTo(self.volumes.index(row, 0))

    def select_slice(self, class_name: str, disk: str, volume: str) -> None:
        self.select_volume(class_name, volume)
        row = self.slices.row_of((class_name, disk, volume))
        if row >= 0:
            self.slice_view.selectionModel().select(
                self.slices.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    def selected_volume(self):
        rows = self.volume_view.selectionModel().selectedRows()
        return rows[0].data(INFO_ROLE) if rows else None

    def selected_slice(self):
        rows = self.slice_view.selectionModel().selectedRows()
        return rows[0].data(INFO_ROLE) if rows else None

    def selected_disk(self):
        """The disk selected in the Disk Information list, while that list is shown."""
        if self.tabs.currentWidget() is not self.disk_view:
            return None
        rows = self.disk_view.selectionModel().selectedRows()
        return rows[0].data(INFO_ROLE) if rows else None

    def select_disk(self, class_name: str, disk: str) -> None:
        self.tabs.setCurrentWidget(self.disk_view)
        row = self.disks.row_of((class_name, disk))
        if row >= 0:
            self.disk_view.selectionModel().select(
                self.disks.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
