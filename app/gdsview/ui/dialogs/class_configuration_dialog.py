"""Settings → Class Configuration: register physical disks in a class, and remove them (``sdxdisk -M/-R``).

Left, the physical disks of the workspace (disk image files), free or registered; right, the
disks of the chosen class. A physical disk is registered under a disk name (by default the next
free ``DiskN``); the class is created with its first disk and goes with its last one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ...core.names import BLOCK, GiB, human_size
from ...core.policy import rules
from .. import core_texts
from ..backend.requests import CreatePhysicalDisk, RegisterDisk, RemoveDisk, SetDiskSpeed
from ..icons import icon, status_icon
from .class_group_picker import ClassGroupPicker
from .physical_disk_dialogs import CreatePhysicalDiskDialog, DiskSpeedDialog, next_device_name, speed_text
from .settings_frame import (
    Row,
    SettingsDialog,
    forget_selection,
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
    help_section = "class_configuration"

    def __init__(self, context: WindowContext) -> None:
        super().__init__(context, "classConfigurationDialog", self.tr(TITLE))
        self.title = self.tr(TITLE)
        self._auto_disk_name = True

        self.picker = ClassGroupPicker(info_name="classType", with_group=False, length=20,
                                       class_tip=self.tr("An existing class, or type the name of a new one"))
        self.class_combo, self.class_type = self.picker.class_combo, self.picker.info
        self.picker.classChanged.connect(self._class_changed)

        self.physical = make_list("physicalDiskList", self.tr("Physical disks"),
                                  (self.tr("Physical Disk"), self.tr("Size"), self.tr("Speed"),
                                   self.tr("Registered As")))
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
        self.speed_button = QPushButton(self.tr("Disk &Speed..."))
        self.speed_button.setObjectName("diskSpeedButton")
        self.speed_button.setAccessibleName(self.tr("Change the speed of the selected physical disk"))
        self.speed_button.setAutoDefault(False)
        self.speed_button.clicked.connect(self.change_disk_speed)

        self.add_button = QPushButton(self.tr("&Add  >"))
        self.add_button.setObjectName("addButton")
        self.add_button.setAccessibleName(self.tr("Add: register the physical disk in the class"))
        self.add_button.clicked.connect(self.register)
        self.add_button.setDefault(True)  # Enter: Add (the dialog's OK), after its confirmation
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
        create_row.addWidget(self.speed_button)
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
                p.name, (p.name, size, speed_text(p.speed_bps),
                         self.tr("free") if free else f"{p.class_name}/{p.disk_name}"),
                icon("disk", "normal"),
                tooltip=f"{p.name}: {size}, {speed_text(p.speed_bps)}" if free else self.tr(
                    "{device}: {size}, {speed}, registered as {disk} in {cls}").format(
                    device=p.name, size=size, speed=speed_text(p.speed_bps), disk=p.disk_name, cls=p.class_name),
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
        snap = self.session.snapshot
        c, disk = self.class_name(), self.disk_name.text().strip()
        device = selected_key(self.physical)
        problem = name_problem(c, "class")
        invalid = problem is not None
        if problem:
            problem = self.tr("Class name: {problem}").format(problem=problem)
        elif (p := name_problem(disk, "disk")) is not None:
            problem, invalid = self.tr("Disk name: {problem}").format(problem=p), True
        elif device is None:
            free = any(p.class_name is None for p in snap.physical_disks)
            problem = (self.tr("Select a free physical disk to register it in the class.") if free else
                       self.tr("Every physical disk is registered: create a new one to register it."))
        elif (refusal := rules.register_disk(snap, c, device, disk)) is not None:
            problem = core_texts.hint(refusal)
        self.set_reason(problem, invalid)
        self.allow(self.add_button, problem, self.tr(
            "Register physical disk {device} as {disk} in class {cls}").format(device=device, disk=disk, cls=c))
        member = selected_key(self.disks)
        self.allow(self.remove_button,
                   self.tr("Select a disk of the class to remove it.") if member is None
                   else rules.remove_disk(snap, c, member),
                   self.tr("Remove disk {disk} from class {cls}").format(disk=member, cls=c))
        self.allow(self.create_button, None, self.tr("Make a new physical disk (a sparse disk image)"))
        self.allow(self.speed_button, None if device is not None else self.tr("Select a physical disk first."),
                   self.tr("Change the speed of physical disk {device}").format(device=device))

    # -- operations ---------------------------------------------------------------------------
    def register(self) -> None:
        c, disk, device = self.class_name(), self.disk_name.text().strip(), selected_key(self.physical)
        if device is None:
            return

        def done(_result) -> None:
            self._auto_disk_name = True
            self.refresh()
            forget_selection(self.physical)  # it is registered now: the disk of the class is the one to show
            select_key(self.disks, disk)
            self.say(self.tr("Physical disk {device} registered as {disk} in class {cls}.").format(
                device=device, disk=disk, cls=c))

        snap = self.session.snapshot
        new_class = not any(k.name == c for k in snap.classes)
        question = self.tr("Register physical disk {device} as disk {disk} in class {cls}?").format(
            device=device, disk=disk, cls=c)
        if new_class:
            question += "\n\n" + self.tr("Class {cls} is created with it.").format(cls=c)
        self.confirm_then_run(self.title, rules.register_disk(snap, c, device, disk), question,
                              RegisterDisk(c, device, disk), done)

    def remove(self) -> None:
        c, disk = self.class_name(), selected_key(self.disks)
        if disk is None:
            return
        d = self.session.snapshot.disk(c, disk)
        device = f" ({d.device})" if d else ""

        def done(_result) -> None:
            self.refresh()
            forget_selection(self.disks)
            if d is not None:  # the equivalent object: its physical disk, free again
                select_key(self.physical, d.device)
            self.say(self.tr("Disk {disk}{device} removed from class {cls}.").format(disk=disk, device=device, cls=c))

        self.confirm_then_run(
            self.title, rules.remove_disk(self.session.snapshot, c, disk),
            self.tr("Remove disk {disk}{device} from class {cls}?\n\n"
                    "The physical disk stays in the workspace and can be registered again.").format(
                disk=disk, device=device, cls=c)
            + ("\n" + self.tr("This is the last disk of the class: the class is removed too.")
               if [x.name for x in self.session.snapshot.disks if x.class_name == c] == [disk] else ""),
            RemoveDisk(c, disk), done, destructive=True)

    def create_physical_disk(self) -> None:
        snap = self.session.snapshot
        sizes = [p.size_bytes for p in snap.physical_disks]
        dialog = CreatePhysicalDiskDialog(next_device_name({p.name for p in snap.physical_disks}),
                                          max(sizes, default=1 * GiB), self)
        title = self.tr("Create Physical Disk")

        def accepted() -> None:
            name, size, speed = dialog.name(), dialog.size_bytes(), dialog.speed_bps()

            def done(_result) -> None:
                self.refresh()
                forget_selection(self.physical)
                select_key(self.physical, name)
                self.update_buttons()
                self.say(self.tr("Physical disk {device} ({size}, {speed}) created.").format(
                    device=name, size=human_size(size), speed=speed_text(speed)))

            self.confirm_then_run(title, None, self.tr(
                "Create physical disk {device} ({size}, {speed})?\n\nA sparse disk image file in the workspace."
            ).format(device=name, size=human_size(size), speed=speed_text(speed)),
                CreatePhysicalDisk(name, size, speed), done)

        dialog.accepted.connect(accepted)
        dialog.open()

    def change_disk_speed(self) -> None:
        device = selected_key(self.physical)
        pd = next((p for p in self.session.snapshot.physical_disks if p.name == device), None)
        if pd is None:
            return
        dialog = DiskSpeedDialog(pd.name, pd.speed_bps, self)
        title = self.tr("Disk Speed")

        def accepted() -> None:
            speed = dialog.speed_bps()

            def done(_result) -> None:
                self.refresh()
                self.say(self.tr("Physical disk {device} now serves {speed}.").format(device=pd.name,
                                                                                       speed=speed_text(speed)))

            self.confirm_then_run(title, None, self.tr(
                "Set the speed of physical disk {device} to {speed}?\n\nEvery read and write of it, by every "
                "program using the workspace, is paced by it from now on.").format(
                    device=pd.name, speed=speed_text(speed)), SetDiskSpeed(pd.name, speed), done)

        dialog.accepted.connect(accepted)
        dialog.open()
