"""Settings → Volume Configuration: create, start, stop and remove the volumes of a group (``sdxvolume``).

A new volume is a mirror volume on every disk of the group, started and in sync; its size is in
MiB (the core rounds it up to whole JRM regions, as GDS rounds to cylinders).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ...core.names import BLOCK, MiB, human_size
from ...core.policy import rules
from ..backend.requests import CreateVolume, VolumeRequest
from ..icons import status_icon
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

TITLE = QT_TRANSLATE_NOOP("VolumeConfigurationDialog", "Volume Configuration")


class VolumeConfigurationDialog(SettingsDialog):
    help_section = "volume_configuration"

    def __init__(self, context: WindowContext) -> None:
        super().__init__(context, "volumeConfigurationDialog", self.tr(TITLE))
        self.title = self.tr(TITLE)
        self._auto_name = True

        self.picker = ClassGroupPicker(info_name="groupInfo", with_group=True)
        self.class_combo, self.group_combo, self.group_info = (self.picker.class_combo, self.picker.group_combo,
                                                               self.picker.info)
        self.picker.classChanged.connect(self._class_changed)
        self.picker.groupChanged.connect(lambda _t: self.refresh())

        self.volumes = make_list("volumeList", self.tr("Volumes of the group"),
                                 (self.tr("Volume Name"), self.tr("Status"), self.tr("Size"), "JRM", self.tr("Blocks")))
        self.volumes.itemSelectionChanged.connect(self.update_buttons)
        self.volumes_title = list_label(self.tr("&Volumes of the group:"), self.volumes)
        self.start_button = QPushButton(self.tr("S&tart"))
        self.start_button.setObjectName("startButton")
        self.start_button.setAccessibleName(self.tr("Start the volume"))
        self.stop_button = QPushButton(self.tr("Sto&p"))
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setAccessibleName(self.tr("Stop the volume"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setObjectName("removeButton")
        self.remove_button.setAccessibleName(self.tr("Remove the volume"))
        for b, slot in ((self.start_button, self.start_volume), (self.stop_button, self.stop_volume),
                        (self.remove_button, self.remove_volume)):
            b.setAutoDefault(False)
            b.clicked.connect(slot)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("volumeName")
        self.name_edit.setAccessibleName(self.tr("New volume name"))
        self.name_edit.setMaxLength(64)
        self.name_edit.textEdited.connect(self._name_edited)
        self.size_spin = QSpinBox()
        self.size_spin.setObjectName("volumeSize")
        self.size_spin.setAccessibleName(self.tr("New volume size in MiB"))
        self.size_spin.setSuffix(" MiB")
        self.size_spin.setRange(1, 1)
        self.size_spin.setMinimumWidth(110)
        self.free_label = QLabel()
        self.free_label.setObjectName("freeLabel")
        self.jrm = QCheckBox(self.tr("&JRM (Just Resynchronization Mechanism)"))
        self.jrm.setObjectName("volumeJrm")
        self.jrm.setAccessibleName(self.tr("JRM on"))
        self.jrm.setChecked(True)
        self.create_button = QPushButton(self.tr("Cr&eate"))
        self.create_button.setObjectName("createButton")
        self.create_button.setAccessibleName(self.tr("Create the volume"))
        self.create_button.clicked.connect(self.create_volume)
        self.create_button.setDefault(True)  # Enter: Create (the dialog's OK), after its confirmation

        actions = QHBoxLayout()
        actions.addWidget(self.start_button)
        actions.addWidget(self.stop_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)

        create = QGroupBox(self.tr("New volume"))
        create.setObjectName("newVolumeBox")
        grid = QGridLayout(create)
        name_label = QLabel(self.tr("Volume na&me:"))
        name_label.setBuddy(self.name_edit)
        size_label = QLabel(self.tr("&Size:"))
        size_label.setBuddy(self.size_spin)
        grid.addWidget(name_label, 0, 0)
        grid.addWidget(self.name_edit, 0, 1)
        grid.addWidget(size_label, 0, 2)
        grid.addWidget(self.size_spin, 0, 3)
        grid.addWidget(self.free_label, 0, 4)
        grid.addWidget(self.jrm, 1, 1, 1, 4)
        grid.addWidget(self.create_button, 0, 6)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(5, 1)
        grid.addWidget(self.reason, 2, 0, 1, 7)

        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.volumes_title)
        layout.addWidget(self.volumes, 1)
        layout.addLayout(actions)
        layout.addSpacing(6)
        layout.addWidget(create)
        layout.addLayout(self.footer())
        self.setMinimumSize(700, 400)
        self.resize(760, 480)

        snap = self.session.snapshot
        names = [c.name for c in snap.classes]
        self.picker.set_classes(names, names[0] if names else "")
        self._class_changed(self.class_combo.currentText())
        self.size_spin.setValue(min(8, self.size_spin.maximum()))
        self.volumes.setFocus()

    # -- state --------------------------------------------------------------------------------
    def class_name(self) -> str:
        return self.picker.class_name()

    def group_name(self) -> str:
        return self.picker.group_name()

    def _class_changed(self, _text: str) -> None:
        groups = [g.name for g in self.session.snapshot.groups if g.class_name == self.class_name()]
        self.picker.set_groups(groups, groups[0] if groups else "")
        self.refresh()

    def _name_edited(self, _text: str) -> None:
        self._auto_name = False
        self.update_buttons()

    def refresh(self) -> None:
        snap = self.session.snapshot
        self.picker.set_classes([k.name for k in snap.classes])
        c = self.class_name()
        self.picker.set_groups([g.name for g in snap.groups if g.class_name == c])
        g = self.group_name()
        group = snap.group(c, g) if c and g else None
        free_mib = group.free_blocks * BLOCK // MiB if group else 0
        if group is not None:
            self.group_info.setText(self.tr("{count} disks, {size} each").format(
                count=len(group.disks), size=human_size(group.blocks * BLOCK)))
            self.free_label.setText(self.tr("of {free} free").format(
                free=human_size(free_mib * MiB) if free_mib else "0 MiB"))
        else:
            self.group_info.setText("")
            self.free_label.setText("")
        self.size_spin.setMaximum(max(1, free_mib))

        self.volumes_title.setText(self.tr("&Volumes of group {group}:").format(group=g) if g
                                   else self.tr("&Volumes of the group:"))
        sync_list(self.volumes, [
            Row(v.name, (v.name, v.status.value, human_size(v.size_bytes), "on" if v.jrm else "off",
                         f"{v.first_block}-{v.last_block}"),
                status_icon("volume", v.status), tooltip=f"{v.path}\n{v.status.value}, {human_size(v.size_bytes)}")
            for v in snap.volumes if v.class_name == c and v.group == g
        ])
        if self._auto_name and c:
            set_text(self.name_edit, next_free_name(snap, c, "Volume"))
        self.update_buttons()

    def update_buttons(self) -> None:
        snap, c, g = self.session.snapshot, self.class_name(), self.group_name()
        group = snap.group(c, g) if c and g else None
        problem, invalid = None, False
        if group is None:
            problem = self.tr("No mirror group yet: connect disks to a group first (Settings → Group Configuration).")
        elif (p := name_problem(self.name_edit.text().strip(), "volume")) is not None:
            problem, invalid = self.tr("Volume name: {problem}").format(problem=p), True
        elif group.free_blocks * BLOCK < MiB:
            problem = self.tr("Group {group} has no free space left.").format(group=g)
        self.set_reason(problem, invalid)
        self.allow(self.create_button, problem, self.tr("Create volume {volume} in group {group}").format(
            volume=self.name_edit.text().strip(), group=g))
        v = selected_key(self.volumes)
        for button, rule, tip in (
            (self.start_button, rules.start_volume, self.tr("Start volume {volume}")),
            (self.stop_button, rules.stop_volume, self.tr("Stop volume {volume}")),
            (self.remove_button, rules.remove_volume, self.tr("Remove volume {volume}")),
        ):
            self.allow(button, self.tr("Select a volume first.") if v is None else rule(snap, c, v),
                       tip.format(volume=v))

    # -- operations ---------------------------------------------------------------------------
    def create_volume(self) -> None:
        c, g, name = self.class_name(), self.group_name(), self.name_edit.text().strip()
        size, jrm = self.size_spin.value() * MiB, self.jrm.isChecked()

        def done(v) -> None:
            self._auto_name = True
            self.refresh()
            select_key(self.volumes, name)
            self.say(self.tr("Volume {volume} ({size}, JRM {jrm}) created in group {group} and started.").format(
                volume=name, size=human_size(v.size_bytes), jrm="on" if jrm else "off", group=g))

        snap = self.session.snapshot
        self.confirm_then_run(
            self.title, rules.create_volume(snap, c, g, name, size // BLOCK),
            self.tr("Create volume {volume} ({size}, JRM {jrm}) in group {group}?\n\nIt is a mirror volume on every "
                    "disk of the group, started at once.").format(volume=name, size=human_size(size),
                                                                  jrm="on" if jrm else "off", group=g),
            CreateVolume(c, g, name, size // BLOCK, jrm), done)

    def _volume_operation(self, title: str, rule, question: str, method: str, done_text,
                          destructive: bool = False) -> None:
        c, v = self.class_name(), selected_key(self.volumes)
        if v is None:
            return

        def done(result) -> None:
            self.refresh()
            self.say(done_text(v, result))

        self.confirm_then_run(title, rule(self.session.snapshot, c, v), question.format(volume=v),
                              VolumeRequest(c, v, method), done, destructive=destructive)

    def start_volume(self) -> None:
        self._volume_operation(
            self.tr("Start Volume"), rules.start_volume, self.tr("Start volume {volume}?"), "start_volume",
            lambda v, copying: self.tr("Volume {volume} started.").format(volume=v)
            + (" " + self.tr("Synchronization copying of its invalid slices has started.") if copying else ""))

    def stop_volume(self) -> None:
        self._volume_operation(
            self.tr("Stop Volume"), rules.stop_volume,
            self.tr("Stop volume {volume}?\n\nApplications can no longer use it until it is started."), "stop_volume",
            lambda v, _r: self.tr("Volume {volume} stopped.").format(volume=v), destructive=True)

    def remove_volume(self) -> None:
        self._volume_operation(
            self.tr("Remove Volume"), rules.remove_volume,
            self.tr("Remove volume {volume}?\n\nIts data on every disk of the group is lost."), "remove_volume",
            lambda v, _r: self.tr("Volume {volume} removed.").format(volume=v), destructive=True)
