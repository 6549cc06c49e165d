"""The top row of the Settings dialogs: the class (and group) being configured, and what it is."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from .settings_frame import set_combo_items

translate = QCoreApplication.translate


def _combo(name: str, accessible: str, editable: bool, length: int, tooltip: str | None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setMinimumContentsLength(length)
    if editable:
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    if tooltip:
        combo.setToolTip(tooltip)
    return combo


class ClassGroupPicker(QWidget):
    """``Class name: [..]  Group name: [..]  info`` — a class combo box, an optional group combo box,
    and a label saying what the chosen object is. ``classChanged``/``groupChanged`` carry the text.

    ``class_tip``/``group_tip``, when given, make that combo box editable (a new object is typed in).
    """

    classChanged = Signal(str)
    groupChanged = Signal(str)

    def __init__(self, *, info_name: str, with_group: bool, class_tip: str | None = None,
                 group_tip: str | None = None, group_label: str = "", length: int = 16,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.class_combo = _combo("className", translate("SettingsDialog", "Class name"), class_tip is not None,
                                  length, class_tip)
        self.class_combo.currentTextChanged.connect(self.classChanged)
        self.group_combo: QComboBox | None = None
        self.info = QLabel()
        self.info.setObjectName(info_name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        class_label = QLabel(translate("SettingsDialog", "Class &name:"))
        class_label.setBuddy(self.class_combo)
        row.addWidget(class_label)
        row.addWidget(self.class_combo, 1)
        if with_group:
            self.group_combo = _combo("groupName", translate("SettingsDialog", "Group name"), group_tip is not None,
                                      length, group_tip)
            self.group_combo.currentTextChanged.connect(self.groupChanged)
            label = QLabel(group_label or translate("SettingsDialog", "&Group name:"))
            label.setBuddy(self.group_combo)
            row.addSpacing(16)
            row.addWidget(label)
            row.addWidget(self.group_combo, 1)
        row.addSpacing(8)
        row.addWidget(self.info)
        row.addStretch(1)

    def class_name(self) -> str:
        return self.class_combo.currentText().strip()

    def group_name(self) -> str:
        return self.group_combo.currentText().strip() if self.group_combo is not None else ""

    def set_classes(self, names: Sequence[str], current: str | None = None) -> None:
        set_combo_items(self.class_combo, names, self.class_combo.currentText() if current is None else current)

    def set_groups(self, names: Sequence[str], current: str | None = None) -> None:
        if self.group_combo is not None:
            set_combo_items(self.group_combo, names, self.group_combo.currentText() if current is None else current)


__all__ = ["ClassGroupPicker"]
