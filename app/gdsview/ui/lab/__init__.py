"""The training lab's GUI: its menus, tool bar, Procedure panel and Operation menu items.

``MainWindow`` installs :class:`LabUi` only for a lab workspace; the lab's calls go through the
backend's ``lab`` half (``ui.backend.lab_backend``).
"""

from .lab_ui import LabUi

__all__ = ["LabUi"]
