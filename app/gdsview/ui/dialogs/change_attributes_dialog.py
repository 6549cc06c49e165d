"""Operation → Change Attributes (``sdxattr``): the attributes of the selected class, disk, volume or slice.

One small form per kind of object: a class or a disk has its name; a volume its name and its JRM;
a detached slice its JRM (which can only be turned off) and its access mode. The dialog checks the
values inline with the same rule the backend applies (``core.policy.rules.change_*_attributes``)
and OK stays disabled, with the refusal shown under the form, until the values are allowed and
something changed. OK returns a :class:`ChangeAttributes` request.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import SdxError
from ...core.model import AccessMode, Snapshot
from ...core.names import check_name
from ...core.policy import rules
from .. import core_texts
from ..backend.requests import ChangeAttributes

translate = QCoreApplication.translate


class ChangeAttributesDialog(QDialog):
    """The attributes of one object (``kind``: class, disk, volume or slice); GUI thread only."""

    def __init__(self, snap: Snapshot, kind: str, class_name: str, disk: str | None = None,
                 volume: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snap, self.kind, self.class_name, self.disk, self.volume = snap, kind, class_name, disk, volume
        self.setObjectName("changeAttributesDialog")
        self.setWindowTitle(self.tr("Change Attributes"))
        self.setAccessibleName(self.windowTitle())
        self.name_edit: QLineEdit | None = None
        self.jrm: QCheckBox | None = None
        self.read_write: QRadioButton | None = None
        self.read_only: QRadioButton | None = None
        self.original_jrm = False
        self.original_mode: AccessMode | None = None
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("buttons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        heading = QLabel({
            "class": self.tr("Attributes of class {name}"),
            "disk": self.tr("Attributes of disk {name}"),
            "volume": self.tr("Attributes of volume {name}"),
            "slice": self.tr("Attributes of slice {name}"),
        }[kind].format(name=self._object_name()))
        heading.setObjectName("heading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)

        form = QFormLayout()
        if kind in ("class", "disk", "volume"):
            self.original_name = self._object_name()
            self.name_edit = QLineEdit(self.original_name)
            self.name_edit.setObjectName("nameEdit")
            self.name_edit.setMaxLength(32)
            label = {"class": self.tr("Class &Name:"), "disk": self.tr("Disk &Name:"),
                     "volume": self.tr("Volume &Name:")}[kind]
            self.name_edit.setAccessibleName(label.replace("&", "").rstrip(":："))
            form.addRow(label, self.name_edit)
            self.name_edit.textChanged.connect(self._check)
        if kind == "volume":
            v = snap.volume(class_name, volume or "")
            self.original_jrm = bool(v and v.jrm)
            self.jrm = QCheckBox(self.tr("&JRM (Just Resynchronization Mechanism): after a crash, copy only the "
                                         "regions that were being written"))
            self.jrm.setChecked(self.original_jrm)
        elif kind == "slice":
            s = snap.slice(class_name, disk or "", volume or "")
            self.original_jrm = bool(s and s.jrm)
            self.original_mode = s.access_mode if s and s.access_mode else AccessMode.RW
            self.jrm = QCheckBox(self.tr("&JRM: copy only the regions changed while detached (it can only be "
                                         "turned off)"))
            self.jrm.setChecked(self.original_jrm)
            self.jrm.setEnabled(self.original_jrm)
            self.read_write = QRadioButton(self.tr("&Read and write possible"))
            self.read_write.setObjectName("readWrite")
            self.read_only = QRadioButton(self.tr("Read &only possible"))
            self.read_only.setObjectName("readOnly")
            group = QButtonGroup(self)
            for b in (self.read_write, self.read_only):
                b.setAccessibleName(b.text().replace("&", ""))
                group.addButton(b)
                b.toggled.connect(self._check)
            (self.read_only if self.original_mode is AccessMode.RO else self.read_write).setChecked(True)
            mode = QVBoxLayout()
            mode.addWidget(self.read_write)
            mode.addWidget(self.read_only)
            form.addRow(self.tr("Access Mode:"), mode)
        if self.jrm is not None:
            self.jrm.setObjectName("jrm")
            self.jrm.setAccessibleName(self.tr("JRM on"))
            self.jrm.toggled.connect(self._check)
            form.addRow(self.jrm)


        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._check()

    def _object_name(self) -> str:
        if self.kind == "class":
            return self.class_name
        if self.kind == "disk":
            return self.disk or ""
        if self.kind == "volume":
            return self.volume or ""
        return f"{self.disk}.{self.volume}"

    # -- the values --------------------------------------------------------------------------
    def request(self) -> ChangeAttributes:
        """What changed (None for an attribute left as it was)."""
        name = self.name_edit.text().strip() if self.name_edit is not None else None
        jrm = self.jrm.isChecked() if self.jrm is not None else None
        mode = None
        if self.read_only is not None:
            mode = AccessMode.RO if self.read_only.isChecked() else AccessMode.RW
        return ChangeAttributes(
            self.class_name, self.kind, self.disk, self.volume,
            name=name if name is not None and name != getattr(self, "original_name", None) else None,
            jrm=jrm if jrm is not None and jrm != self.original_jrm else None,
            mode=mode if mode is not None and mode is not self.original_mode else None,
        )

    def refusal(self) -> SdxError | None:
        """Why OK is disabled: a bad name or the rule's refusal (None when OK may be pressed)."""
        req = self.request()
        if req.name is not None:
            try:
                check_name(req.name, self.kind)
            except SdxError as e:
                return e
        attrs = {k: v for k, v in (("name", req.name), ("jrm", req.jrm), ("mode", req.mode)) if v is not None}
        if self.kind == "class":
            return rules.change_class_attributes(self.snap, self.class_name, attrs)
        if self.kind == "disk":
            return rules.change_disk_attributes(self.snap, self.class_name, self.disk or "", attrs)
        if self.kind == "volume":
            return rules.change_volume_attributes(self.snap, self.class_name, self.volume or "", attrs)
        return rules.change_slice_attributes(self.snap, self.class_name, self.disk or "", self.volume or "", attrs)

    def changes(self) -> list[str]:
        """The changes, as the confirmation lists them."""
        req, out = self.request(), []
        if req.name is not None:
            out.append(translate("ChangeAttributesDialog", "name: {old} → {new}").format(
                old=self.original_name, new=req.name))
        if req.jrm is not None:
            out.append(translate("ChangeAttributesDialog", "JRM: on") if req.jrm
                       else translate("ChangeAttributesDialog", "JRM: off"))
        if req.mode is not None:
            out.append(translate("ChangeAttributesDialog", "access mode: read only") if req.mode is AccessMode.RO
                       else translate("ChangeAttributesDialog", "access mode: read and write"))
        return out

    def _check(self, *_args) -> None:
        refusal = self.refusal()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(refusal is None and bool(self.changes()))
        self.problem.setText(core_texts.error(refusal) if refusal is not None else "")
        self.problem.setVisible(refusal is not None)


__all__ = ["ChangeAttributesDialog"]
