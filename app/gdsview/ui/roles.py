"""Item data roles shared by every model and list of the GUI."""

from __future__ import annotations

from PySide6.QtCore import Qt

#: An item's identity: the key it is matched by when a list or model is updated in place.
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
#: The frozen object (VolumeInfo, SliceInfo ...) a row shows.
INFO_ROLE = Qt.ItemDataRole.UserRole + 2
