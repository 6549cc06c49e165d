"""The GUI's backend layer: the only part of ``gdsview.ui`` that calls the volume manager and the lab.

Everything else in the GUI reads snapshots (``core.model``), asks ``core.policy.rules`` what is
allowed, and hands requests (:mod:`.requests`) to :class:`GuiBackend`.
"""

from .gui_backend import DEFAULT_INTERVAL_S, GuiBackend
from .lab_backend import LabBackend, StartService

__all__ = ["GuiBackend", "LabBackend", "StartService", "DEFAULT_INTERVAL_S"]
