"""Which folder the GUI opens as its workspace, and whether a folder can be one."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from ...core.errors import SdxError
from ...core.storage.workspace import ENV_HOME, Workspace, default_root


def is_workspace(root: Path) -> bool:
    """True when ``root`` holds a gdsview workspace (its configuration database)."""
    return Workspace(root).db_path.is_file()


def workspace_problem(root: Path) -> SdxError | None:
    """Why ``root`` cannot be opened as a workspace: a file, or a folder of other things."""
    if root.exists() and not root.is_dir():
        return SdxError(QCoreApplication.translate("App", "not a folder"), str(root))
    if root.is_dir() and not is_workspace(root) and any(root.iterdir()):
        return SdxError(QCoreApplication.translate(
            "App", "not a gdsview workspace (no gdsview.db) and not empty: choose an empty folder for a new "
            "demo lab, or a workspace folder"), str(root))
    return None


def chosen_by_environment() -> bool:
    return bool(os.environ.get(ENV_HOME))


def default_workspace() -> Path:
    """$GDSVIEW_HOME, else the user data folder."""
    return default_root()


__all__ = ["is_workspace", "workspace_problem", "chosen_by_environment", "default_workspace"]
