"""Settings → Group Configuration: connect disks to a mirror group, and disconnect them (``sdxdisk -C/-D``).

Left, the disks of the class not connected to any group; right, the disks of the group, each with
its slices and their state. Connecting a disk to a group whose volumes are started starts
synchronization copying into the new slices; its progress shows here, live, as in the Slice
Information list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from ...core.model import CopyStatus, SliceInfo, SliceState, Snapshot
from ...core.names import BLOCK, human_size
from ...core.policy import rules
from .. import core_texts
from ..backend.requests import ConnectDisk, DisconnectDisk
from ..icons import icon, status_icon
from ..models.live_copies import eta_text
from ..roles import KEY_ROLE
from . import messages
from .class_group_picker import ClassGroupPicker
from .settings_frame import (
    Row,
    SettingsDialog,
    find_item,
    forget_selection,
    list_label,
    make_list,
    name_problem,
    select_key,
    selected_key,
    sync_list,
)

if TYPE_CHECKING:
    from ..context import WindowContext

TITLE = QT_TRANSLATE_NOOP("GroupConfigurationDialog", "Group Configuration")


class GroupConfigurationDialog(SettingsDialog):
    help_section = "group_configuration"

    def __init__(self, context: WindowContext) -> None:
        super().__init__(context, "groupConfigurationDialog", self.tr(TITLE))
        self.title = self.tr(TITLE)
        self.live = context.backend.live_copies

        self.picker = ClassGroupPicker(
            info_name="groupType", with_group=True, group_label=self.tr("G&roup name:"),
            group_tip=self.tr("An existing group, or type the name of a new mirror group"))
        self.class_combo, self.group_combo, self.group_type = (self.picker.class_combo, self.picker.group_combo,
                                                               self.picker.info)
        self.picker.classChanged.connect(self._class_changed)
        self.picker.groupChanged.connect(self._group_changed)

        self.free = make_list("freeDiskList", self.tr("Disks not connected to a group"),
                              (self.tr("Disk Name"), self.tr("Physical Disk"), self.tr("Size")))
        self.free.itemSelectionChanged.connect(self.update_buttons)
        self.free.itemDoubleClicked.connect(lambda *_: self.connect_button.isEnabled() and self.connect_disk())
        self.members = make_list("groupDiskList", self.tr("Disks of the group and their slices"),
                                 (self.tr("Disk / Slice"), self.tr("Physical Disk"), self.tr("Size"),
                                  self.tr("Status")))
        self.members.setRootIsDecorated(True)
        self.members.itemSelectionChanged.connect(self.update_buttons)
        self.members_title = list_label(self.tr("Disks of the &group:"), self.members)

        self.connect_button = QPushButton(self.tr("C&onnect  >"))
        self.connect_button.setObjectName("connectButton")
        self.connect_button.setAccessibleName(self.tr("Connect the disk to the group"))
        self.connect_button.clicked.connect(self.connect_disk)
        self.connect_button.setDefault(True)  # Enter: Connect (the dialog's OK), after its confirmation
        self.disconnect_button = QPushButton(self.tr("<  &Disconnect"))
        self.disconnect_button.setObjectName("disconnectButton")
        self.disconnect_button.setAccessibleName(self.tr("Disconnect the disk from the group"))
        self.disconnect_button.setAutoDefault(False)
        self.disconnect_button.clicked.connect(self.disconnect_disk)

        top = QHBoxLayout()
        top.addWidget(self.picker)

        left = QVBoxLayout()
        left.addWidget(list_label(self.tr("Disks no&t connected:"), self.free))
        left.addWidget(self.free, 1)
        right = QVBoxLayout()
        right.addWidget(self.members_title)
        right.addWidget(self.members, 1)
        self.lay_out_lists(top, left, (self.connect_button, self.disconnect_button), right, (3, 8))
        self.setMinimumSize(820, 340)
        self.resize(920, 440)

        context.backend.copyProgress.connect(self._copy_progress)
        snap = self.session.snapshot
        names = [c.name for c in snap.classes]
        self.picker.set_classes(names, names[0] if names else "")
        self._class_changed(self.class_combo.currentText())
        self.free.setFocus()

    # -- state --------------------------------------------------------------------------------
    def class_name(self) -> str:
        return self.picker.class_name()

    def group_name(self) -> str:
        return self.picker.group_name()

    def _class_changed(self, _text: str) -> None:
        groups = self._groups(self.session.snapshot)
        self.picker.set_groups(groups, groups[0] if groups else "Group1")
        self.refresh()

    def _group_changed(self, _text: str) -> None:
        self.refresh()

    def _groups(self, snap: Snapshot) -> list[str]:
        return [g.name for g in snap.groups if g.class_name == self.class_name()]

    def refresh(self) -> None:
        snap = self.session.snapshot
        self.picker.set_classes([k.name for k in snap.classes])
        self.picker.set_groups(self._groups(snap))
        c, g = self.class_name(), self.group_name()
        group = snap.group(c, g) if c and g else None
        if group is not None:
            self.group_type.setText(self.tr("Type: {type}, {count} disks, {free} free").format(
                type=group.type, count=len(group.disks), free=human_size(group.free_blocks * BLOCK)))
        else:
            self.group_type.setText(self.tr("(a new mirror group, created with its first disk)") if g else "")

        disks = [d for d in snap.disks if d.class_name == c]
        sync_list(self.free, [
            Row(d.name, (d.name, d.device, human_size(d.blocks * BLOCK)), status_icon("disk", d.status))
            for d in disks if d.group is None
        ])
        self.members_title.setText(self.tr("Disks of &group {group}:").format(group=g) if g
                                   else self.tr("Disks of the &group:"))
        volumes = [v.name for v in snap.volumes if v.class_name == c and v.group == g]
        rows = []
        for d in disks:
            if d.group is None or d.group != g:
                continue
            slices = self._slices_of(snap, d.name, volumes)
            children = tuple(
                Row(s.name, (s.name, "", human_size(snap.volume(c, s.volume).size_bytes), self._slice_text(s)),
                    status_icon("slice", s.status), tooltip=f"{s.name}: {self._slice_text(s)}")
                for s in slices
            )
            rows.append(Row(d.name, (d.name, d.device, human_size(d.blocks * BLOCK), self._disk_text(d.status, slices)),
                            self._disk_icon(d.status, slices), children=children))
        sync_list(self.members, rows)
        self.update_buttons()

    def _slice_text(self, s: SliceInfo) -> str:
        p = self.live.progress(s)
        if s.state is SliceState.COPY:
            return f"COPY {p.text()}" if p else "COPY"
        if s.state is SliceState.INVALID and p:
            return self.tr("{status} (copy {percent} done, will resume)").format(status=s.status.value,
                                                                                 percent=p.percent)
        return s.status.value

    def _disk_text(self, status, slices: list[SliceInfo]) -> str:
        if not slices:
            return status.value
        copying = [s for s in slices if s.state is SliceState.COPY]
        if copying:
            figures = [p for s in copying if (p := self.live.progress(s))]
            done, total = sum(p.done_blocks for p in figures), sum(p.total_blocks for p in figures)
            etas = [e for p in figures if (e := p.eta_seconds) is not None]
            if not total:
                return self.tr("copying")
            text = self.tr("copying {percent}").format(percent=f"{done / total:.0%}")
            return text + (f" ({eta_text(max(etas))})" if etas else "")
        statuses = sorted({s.status.value for s in slices})
        return ", ".join(statuses)

    def _copy_progress(self, status: CopyStatus) -> None:
        """Live progress: only the two lines it concerns change (no re-read, several times a second)."""
        if status.class_name != self.class_name():
            return
        snap = self.session.snapshot
        d, s = snap.disk(status.class_name, status.disk), snap.slice(status.class_name, status.disk, status.volume)
        disk_item = find_item(self.members, status.disk)
        slice_item = find_item(self.members, f"{status.disk}.{status.volume}")
        if d is None or s is None or disk_item is None or slice_item is None:
            return
        volumes = [v.name for v in snap.volumes if v.class_name == d.class_name and v.group == d.group]
        slice_item.setText(3, self._slice_text(s))
        slice_item.setToolTip(0, f"{s.name}: {slice_item.text(3)}")
        slice_item.setToolTip(3, slice_item.toolTip(0))
        disk_item.setText(3, self._disk_text(d.status, self._slices_of(snap, d.name, volumes)))

    def _slices_of(self, snap: Snapshot, disk: str, volumes: list[str]) -> list[SliceInfo]:
        """The disk's slices, in volume order (looked up, not searched: a class may have thousands)."""
        c = self.class_name()
        return [s for v in volumes if (s := snap.slice(c, disk, v)) is not None]

    @staticmethod
    def _disk_icon(status, slices: list[SliceInfo]):
        if any(s.state is SliceState.COPY for s in slices):
            return icon("disk", "copying")
        return status_icon("disk", status)

    def selected_member(self) -> str | None:
        """The selected disk of the group (a selected slice stands for its disk)."""
        items = self.members.selectedItems()
        if not items:
            return None
        item = items[0].parent() or items[0]
        return item.data(0, KEY_ROLE)

    def update_buttons(self) -> None:
        snap = self.session.snapshot
        c, g = self.class_name(), self.group_name()
        problem, invalid = None, False
        if not c:
            problem = self.tr("No class yet: register disks in a class first (Settings → Class Configuration).")
        elif (p := name_problem(g, "group")) is not None:
            problem, invalid = self.tr("Group name: {problem}").format(problem=p), True
        elif selected_key(self.free) is None:
            problem = (self.tr("Select a disk that is not connected to connect it to the group.")
                       if self.free.topLevelItemCount() else
                       self.tr("Every disk of the class is connected: register another one in Class Configuration."))
        elif (refusal := rules.connect_disk(snap, c, g, selected_key(self.free))) is not None:
            problem = core_texts.hint(refusal)
        self.set_reason(problem, invalid)
        self.allow(self.connect_button, problem, self.tr("Connect {disk} to group {group}").format(
            disk=selected_key(self.free), group=g))
        member = self.selected_member()
        self.allow(self.disconnect_button,
                   self.tr("Select a disk of the group to disconnect it.") if member is None
                   else rules.disconnect_disk(snap, c, g, member),
                   self.tr("Disconnect {disk} from group {group}").format(disk=member, group=g))

    # -- operations ---------------------------------------------------------------------------
    def connect_disk(self) -> None:
        c, g, disk = self.class_name(), self.group_name(), selected_key(self.free)
        if disk is None:
            return
        snap = self.session.snapshot
        volumes = [v.name for v in snap.volumes if v.class_name == c and v.group == g]

        def done(started: list[str]) -> None:
            self.refresh()
            select_key(self.members, disk)
            text = self.tr("Disk {disk} was connected to group {group}.").format(disk=disk, group=g)
            if started:
                text += "\n\n" + self.tr("Synchronization copying of {volumes} has started.").format(
                    volumes=", ".join(started))
            self.say(text.replace("\n\n", " "))
            messages.tell(self, self.title, text)

        question = self.tr("Connect disk {disk} to group {group}?").format(disk=disk, group=g)
        if volumes:
            question += "\n\n" + self.tr("Synchronization copying of {volumes} into its new slices starts at "
                                           "once.").format(volumes=", ".join(volumes))
        self.live.forget(c, disk)  # what earlier copies into it reported is not this connection's
        self.confirm_then_run(self.title, rules.connect_disk(snap, c, g, disk), question, ConnectDisk(c, g, disk),
                              done)

    def disconnect_disk(self) -> None:
        c, g, disk = self.class_name(), self.group_name(), self.selected_member()
        if disk is None:
            return
        snap = self.session.snapshot
        slices = [s.name for s in snap.slices if s.class_name == c and s.disk == disk]

        def done(_result) -> None:
            self.refresh()
            forget_selection(self.members)  # the disk is gone from the group: select it where it went
            select_key(self.free, disk)
            self.say(self.tr("Disk {disk} was disconnected from group {group}.").format(disk=disk, group=g))

        self.confirm_then_run(
            self.title, rules.disconnect_disk(snap, c, g, disk),
            self.tr("Disconnect disk {disk} from group {group}?").format(disk=disk, group=g)
            + ("\n\n" + self.tr("Its slices ({slices}) are deleted.").format(slices=", ".join(slices))
               if slices else ""),
            DisconnectDisk(c, g, disk), done, destructive=True)

