"""What the GUI remembers between sessions, in a QSettings file.

The file is ``$XDG_CONFIG_HOME/gdsview/gdsview.ini`` (``~/.config/gdsview/gdsview.ini``): the
window's geometry (made to fit the screen when it is restored: ``ui.screen_fit``), its dock and
splitter layout, whether a lab's Procedure panel is shown, the monitoring interval, the last
workspace and the folders backups were last written to. A window built without a ``Preferences`` (tests, the
screenshot generator) remembers nothing and reads nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "gdsview"
APPLICATION = "gdsview"
RECENT_FOLDERS = 5

GEOMETRY = "window/geometry"
STATE = "window/state"
SPLITTERS = "window/splitters"
INTERVAL = "monitoring/interval"
LAST_WORKSPACE = "workspace/last"
BACKUP_FOLDERS = "backup/recentFolders"
PROCEDURE_VISIBLE = "lab/procedureVisible"


def user_settings() -> QSettings:
    """The user's settings file (an ini file on every platform, so it can be read and edited)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


class Preferences:
    """Typed access to the settings; every setter writes through (a crash loses nothing)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings if settings is not None else user_settings()

    def path(self) -> str:
        return self.settings.fileName()

    # -- the window ---------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        return self._bytes(GEOMETRY)

    def window_state(self) -> QByteArray | None:
        return self._bytes(STATE)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"{SPLITTERS}/{name}")

    def save_window(self, geometry: QByteArray, state: QByteArray, splitters: dict[str, QByteArray]) -> None:
        self.settings.setValue(GEOMETRY, geometry)
        self.settings.setValue(STATE, state)
        for name, value in splitters.items():
            self.settings.setValue(f"{SPLITTERS}/{name}", value)
        self.settings.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.settings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes | bytearray) and value:
            return QByteArray(bytes(value))
        return None

    def procedure_visible(self) -> bool:
        """Whether a training lab's Procedure panel is shown (yes until the operator closes it)."""
        value = self.settings.value(PROCEDURE_VISIBLE, True)
        return value not in (False, "false", "0", 0)

    def set_procedure_visible(self, visible: bool) -> None:
        self.settings.setValue(PROCEDURE_VISIBLE, bool(visible))
        self.settings.sync()

    # -- monitoring ---------------------------------------------------------------------------
    def interval(self, default: int) -> int:
        try:
            seconds = int(self.settings.value(INTERVAL, default))
        except (TypeError, ValueError):
            return default
        return seconds if 1 <= seconds <= 3600 else default

    def set_interval(self, seconds: int) -> None:
        self.settings.setValue(INTERVAL, int(seconds))
        self.settings.sync()

    # -- workspaces and backups -----------------------------------------------------------------
    def last_workspace(self) -> Path | None:
        value = self.settings.value(LAST_WORKSPACE)
        return Path(value) if value else None

    def set_last_workspace(self, root: Path) -> None:
        self.settings.setValue(LAST_WORKSPACE, str(root))
        self.settings.sync()

    def backup_folders(self) -> list[Path]:
        """The folders backups were written to, most recent first (those that still exist)."""
        value = self.settings.value(BACKUP_FOLDERS) or []
        if isinstance(value, str):
            value = [value]
        return [Path(v) for v in value if v and Path(v).is_dir()]

    def add_backup_folder(self, folder: Path) -> None:
        folder = Path(folder).absolute()
        folders = [folder] + [f for f in self.backup_folders() if f != folder]
        self.settings.setValue(BACKUP_FOLDERS, [str(f) for f in folders[:RECENT_FOLDERS]])
        self.settings.sync()


__all__ = ["Preferences", "user_settings", "ORGANIZATION", "APPLICATION"]
