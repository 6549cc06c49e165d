"""Settings → Class Configuration: register physical disks in a class, and remove them (``sdxdisk -M/-R``).

Left, the physical disks of the workspace (disk image files), free or registered; right, the
disks of the chosen class. A physical disk is registered under a disk name (by default the next
free ``DiskN``); the class is created with its first disk and goes with its last one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.names import BLOCK, GiB, MiB, human_size
from ...core.policy import rules
from ..backend.requests import CreatePhysicalDisk, RegisterDisk, RemoveDisk
from ..icons import icon, status_icon
from .class_group_picker import ClassGroupPicker
from .settings_frame import (
    Row,
    SettingsDialog,
    list_label,
    make_list,
    name_problem,
    next_free_name,
    select_key,
    selected_key,
    set_text,
    sync_list,
)

if TYPE_CHECKING:
    from ..context import WindowContext

TITLE = QT_TRANSLATE_NOOP("ClassConfigurationDialog", "Class Configuration")


class ClassConfigurationDialog(SettingsDialog):
    def __init__(self, context: WindowContext) -> None:
        super().__init__(context, "classConfigurationDialog", self.tr(TITLE))
        self.title = self.tr(TITLE)
        self._auto_disk_name = True

        self.picker = ClassGroupPicker(info_name="classType", with_group=False, length=20,
                                       class_tip=self.tr("An existing class, or type the name of a new one"))
        self.class_combo, self.class_type = self.picker.class_combo, self.picker.info
        self.picker.classChanged.connect(self._class_changed)

        self.physical = make_list("physicalDiskList", self.tr("Physical disks"),
                                  (self.tr("Physical Disk"), self.tr("Size"), self.tr("Registered As")))
        self.physical.itemSelectionChanged.connect(self.update_buttons)
        self.physical.itemDoubleClicked.connect(lambda *_: self.add_button.isEnabled() and self.register())
        self.disk_name = QLineEdit()
        self.disk_name.setObjectName("diskName")
        self.disk_name.setAccessibleName(self.tr("Disk name"))
        self.disk_name.setMaxLength(64)
        self.disk_name.textEdited.connect(self._disk_name_edited)
        self.create_button = QPushButton(self.tr("Cr&eate Physical Disk..."))
        self.create_button.setObjectName("createPhysicalDiskButton")
        self.create_button.setAutoDefault(False)
        self.create_button.clicked.connect(self.create_physical_disk)

        self.add_button = QPushButton(self.tr("&Add  >"))
        self.add_button.setObjectName("addButton")
        self.add_button.setAccessibleName(self.tr("Add: register the physical disk in the class"))
        self.add_button.clicked.connect(self.register)
        self.remove_button = QPushButton(self.tr("<  &Remove"))
        self.remove_button.setObjectName("removeButton")
        self.remove_button.setAccessibleName(self.tr("Remove the disk from the class"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove)

        self.disks = make_list("classDiskList", self.tr("Disks of the class"),
                               (self.tr("Disk Name"), self.tr("Physical Disk"), self.tr("Type"), self.tr("Group"),
                                self.tr("Status"), self.tr("Size")))
        self.disks.itemSelectionChanged.connect(self.update_buttons)
        self.disks_title = list_label(self.tr("&Disks of the class:"), self.disks)

        top = QHBoxLayout()
        top.addWidget(self.picker)

        left = QVBoxLayout()
        left.addWidget(list_label(self.tr("&Physical disks:"), self.physical))
        left.addWidget(self.physical, 1)
        name_row = QHBoxLayout()
        name_label = QLabel(self.tr("Register as disk na&me:"))
        name_label.setBuddy(self.disk_name)
        name_row.addWidget(name_label)
        name_row.addWidget(self.disk_name, 1)
        left.addLayout(name_row)
        create_row = QHBoxLayout()
        create_row.addWidget(self.create_button)
        create_row.addStretch(1)
        left.addLayout(create_row)

        right = QVBoxLayout()
        right.addWidget(self.disks_title)
        right.addWidget(self.disks, 1)
        self.lay_out_lists(top, left, (self.add_button, self.remove_button), right, (5, 7))
        self.setMinimumSize(760, 360)
        self.resize(980, 460)

        snap = self.session.snapshot
        names = [c.name for c in snap.classes]
        self.picker.set_classes(names, names[0] if names else "Class1")
        self._class_changed(self.class_combo.currentText())
        self.physical.setFocus()

    # -- state --------------------------------------------------------------------------------
    def class_name(self) -> str:
        return self.picker.class_name()

    def _class_changed(self, _text: str) -> None:
        self.refresh()
        self.update_buttons()

    def _disk_name_edited(self, _text: str) -> None:
        self._auto_disk_name = False
        self.update_buttons()

    def refresh(self) -> None:
        snap = self.session.snapshot
        c = self.class_name()
        self.picker.set_classes([k.name for k in snap.classes])
        info = next((k for k in snap.classes if k.name == c), None)
        self.class_type.setText(self.tr("Type: {type}").format(type=info.type) if info
                                else self.tr("(a new class, created with its first disk)"))

        rows = []
        for p in snap.physical_disks:
            free = p.class_name is None
            size = human_size(p.size_bytes)
            rows.append(Row(
                p.name, (p.name, size, self.tr("free") if free else f"{p.class_name}/{p.disk_name}"),
                icon("disk", "normal"), enabled=free,
                tooltip=f"{p.name}: {size}" if free else self.tr(
                    "{device}: {size}, registered as {disk} in {cls}").format(
                    device=p.name, size=size, disk=p.disk_name, cls=p.class_name),
            ))
        sync_list(self.physical, rows)

        self.disks_title.setText(self.tr("&Disks of {cls}:").format(cls=c) if c else self.tr("&Disks of the class:"))
        sync_list(self.disks, [
            Row(d.name, (d.name, d.device, d.type, d.group or "-", d.status.value, human_size(d.blocks * BLOCK)),
                status_icon("disk", d.status))
            for d in snap.disks if d.class_name == c
        ])
        if self._auto_disk_name and c and name_problem(c, "class") is None:
            set_text(self.disk_name, next_free_name(snap, c, "Disk"))
        self.update_buttons()

    def update_buttons(self) -> None:
        busy = self.session.busy
        c, disk = self.class_name(), self.disk_name.text().strip()
        device = selected_key(self.physical)
        problem = name_problem(c, "class")
        invalid = problem is not None
        if problem:
            problem = self.tr("Class name: {problem}").format(problem=problem)
        elif (p := name_problem(disk, "disk")) is not None:
            problem, invalid = self.tr("Disk name: {problem}").format(problem=p), True
        elif device is None:
            free = any(p.class_name is None for p in self.session.snapshot.physical_disks)
            problem = (self.tr("Select a free physical disk to register it in the class.") if free else
                       self.tr("Every physical disk is registered: create a new one to register it."))
        self.set_reason(problem, invalid)
        self.add_button.setEnabled(problem is None and not busy)
        self.add_button.setToolTip(problem or self.tr(
            "Register physical disk {device} as {disk} in class {cls}").format(device=device, disk=disk, cls=c))
        self.remove_button.setEnabled(selected_key(self.disks) is not None and not busy)
        self.create_button.setEnabled(not busy)

    # -- operations ---------------------------------------------------------------------------
    def register(self) -> None:
        c, disk, device = self.class_name(), self.disk_name.text().strip(), selected_key(self.physical)
        if device is None:
            return

        def done(_result) -> None:
            self._auto_disk_name = True
            self.refresh()
            select_key(self.disks, disk)
            self.say(self.tr("Physical disk {device} registered as {disk} in class {cls}.").format(
                device=device, disk=disk, cls=c))

        self.run(self.title, RegisterDisk(c, device, disk), done)

    def remove(self) -> None:
        c, disk = self.class_name(), selected_key(self.disks)
        if disk is None:
            return
        d = self.session.snapshot.disk(c, disk)
        device = f" ({d.device})" if d else ""

        def done(_result) -> None:
            self.refresh()
            self.say(self.tr("Disk {disk}{device} removed from class {cls}.").format(disk=disk, device=device, cls=c))

        self.confirm_then_run(
            self.title, rules.remove_disk(self.session.snapshot, c, disk),
            self.tr("Remove disk {disk}{device} from class {cls}?\n\n"
                    "The physical disk stays in the workspace and can be registered again.").format(
                disk=disk, device=device, cls=c)
            + ("\n" + self.tr("This is the last disk of the class: the class is removed too.")
               if [x.name for x in self.session.snapshot.disks if x.class_name == c] == [disk] else ""),
            RemoveDisk(c, disk), done)

    def create_physical_disk(self) -> None:
        snap = self.session.snapshot
        sizes = [p.size_bytes for p in snap.physical_disks]
        dialog = CreatePhysicalDiskDialog(_next_device_name({p.name for p in snap.physical_disks}),
                                          max(sizes, default=1 * GiB), self)

        def accepted() -> None:
            name, size = dialog.name(), dialog.size_bytes()

            def done(_result) -> None:
                self.refresh()
                select_key(self.physical, name)
                self.update_buttons()
                self.say(self.tr("Physical disk {device} ({size}) created.").format(device=name, size=human_size(size)))

            self.run(self.tr("Create Physical Disk"), CreatePhysicalDisk(name, size), done)

        dialog.accepted.connect(accepted)
        dialog.open()


class CreatePhysicalDiskDialog(QDialog):
    """A new disk image in the workspace: a name and a size (sparse: it takes no space until written)."""

    def __init__(self, name: str, size_bytes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createPhysicalDiskDialog")
        self.setWindowTitle(self.tr("Create Physical Disk"))
        self.setAccessibleName(self.windowTitle())

        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("physicalDiskName")
        self.name_edit.setAccessibleName(self.tr("Physical disk name"))
        self.name_edit.setMaxLength(64)
        self.name_edit.textChanged.connect(self._validate)
        self.size_spin = QSpinBox()
        self.size_spin.setObjectName("physicalDiskSize")
        self.size_spin.setAccessibleName(self.tr("Physical disk size"))
        self.unit = QComboBox()
        self.unit.setObjectName("physicalDiskUnit")
        self.unit.setAccessibleName(self.tr("Size unit"))
        self.unit.addItem("MiB", MiB)
        self.unit.addItem("GiB", GiB)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        if size_bytes % GiB == 0:
            self.unit.setCurrentIndex(1)
            self._unit_changed()
            self.size_spin.setValue(size_bytes // GiB)
        else:
            self._unit_changed()
            self.size_spin.setValue(max(2, size_bytes // MiB))

        self.reason = QLabel()
        self.reason.setObjectName("reasonLabel")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #b3261e;")
        note = QLabel(self.tr("A sparse disk image file in the workspace: it uses no space until written."))
        note.setWordWrap(True)

        form = QFormLayout()
        name_label = QLabel(self.tr("Physical disk &name:"))
        name_label.setBuddy(self.name_edit)
        size_label = QLabel(self.tr("&Size:"))
        size_label.setBuddy(self.size_spin)
        size_row = QHBoxLayout()
        size_row.addWidget(self.size_spin, 1)
        size_row.addWidget(self.unit)
        form.addRow(name_label, self.name_edit)
        form.addRow(size_label, size_row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("buttons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self._validate()
        self.name_edit.selectAll()
        self.name_edit.setFocus()

    def _unit_changed(self, *_args) -> None:
        if self.unit.currentData() == GiB:
            self.size_spin.setRange(1, 1024)
        else:
            self.size_spin.setRange(2, 1024 * 1024)

    def _validate(self, *_args) -> None:
        problem = name_problem(self.name(), "physical disk")
        self.reason.setText(problem or "")
        self.reason.setVisible(problem is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def name(self) -> str:
        return self.name_edit.text().strip()

    def size_bytes(self) -> int:
        return self.size_spin.value() * int(self.unit.currentData())


def _next_device_name(used: set[str]) -> str:
    """sdd after sda..sdc, as Linux names the next disk."""
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if f"sd{letter}" not in used:
            return f"sd{letter}"
    n = 1
    while f"disk{n}" in used:
        n += 1
    return f"disk{n}"
