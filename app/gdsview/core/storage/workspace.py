"""A workspace: the configuration database, the physical disk images and the runtime state."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import SdxError
from ..names import check_name
from .change_token import DB_NAME
from .store import Store

ENV_HOME = "GDSVIEW_HOME"
USE_LOCK_PREFIX = "use-"  # in-use locks of the device server: state/locks/use-volume-<id>.lock, use-slice-<id>


class NoWorkspace(SdxError):
    """A folder that holds no workspace was opened with ``create=False``; nothing was made there."""

    def __init__(self, root: Path) -> None:
        super().__init__("no workspace here (no gdsview.db)", str(root))
        self.root = root


def default_root() -> Path:
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("gdsview", appauthor=False))


class Workspace:
    """Paths of one workspace folder, and its database (opened on first use).

    ``disks/<name>.img`` are the physical disks; ``state/`` holds lock files and JRM maps, named
    by database row ids (never reused) so a removed and re-created object never inherits them.

    With ``create=False`` the workspace is only opened, never made: opening the store of a folder
    that holds no workspace raises :class:`NoWorkspace` and leaves the file system as it was
    (what commands that only read, or only change existing objects, use). A workspace is opened
    as one node of its cluster (``node``, else ``$GDSVIEW_NODE``, else the first node): what it
    opens and logs, it opens and logs as that node.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None, *, create: bool = True,
                 node: str | None = None) -> None:
        self._node_choice = node
        self.root = Path(root) if root is not None else default_root()
        self.root = self.root.expanduser().absolute()
        self.disks_dir = self.root / "disks"
        self.state_dir = self.root / "state"
        self.db_path = self.root / DB_NAME
        self.create = create
        self._store: Store | None = None

    def exists(self) -> bool:
        """True when a workspace was made here (its configuration database exists)."""
        return self.db_path.is_file()

    @property
    def store(self) -> Store:
        if self._store is None:
            if not self.create and not self.exists():
                raise NoWorkspace(self.root)
            for d in (self.root, self.disks_dir, self.state_dir / "locks", self.state_dir / "jrm"):
                d.mkdir(parents=True, exist_ok=True)
            self._store = Store(self.db_path, self._node_choice)
        return self._store

    @property
    def node(self) -> str:
        """The cluster node this workspace is opened as."""
        return self.store.node

    @property
    def node_choice(self) -> str | None:
        """The node asked for (None: ``$GDSVIEW_NODE``, else the first node)."""
        return self._node_choice

    def set_node(self, node: str | None) -> str:
        """Act as ``node`` from now on (checked against the cluster's nodes); returns it."""
        resolved = self.store.set_node(node)
        self._node_choice = node
        return resolved

    def is_empty(self) -> bool:
        """True when nothing was ever made here (no physical disk, no class)."""
        if not self.db_path.exists() and not any(self.disks_dir.glob("*.img")):
            return True
        conn = self.store.connection()
        return conn.execute("SELECT COUNT(*) FROM classes").fetchone()[0] == 0 and not any(
            self.disks_dir.glob("*.img")
        )

    def owns(self, path: str | os.PathLike[str]) -> bool:
        """True when ``path`` is a file of the workspace's own: a disk image (or the same file under
        another name), the database, or anything under ``state/``. Only the backend opens those."""
        target = Path(os.path.realpath(path))
        root = Path(os.path.realpath(self.root))
        inside = (root / "disks", root / "state")
        if any(target == d or d in target.parents for d in inside):
            return True
        if target.parent == root and target.name.startswith(self.db_path.name):
            return True
        if target.exists() and self.disks_dir.is_dir():
            for image in self.disks_dir.glob("*.img"):
                try:
                    if os.path.samefile(image, target):
                        return True
                except OSError:
                    continue
        return False

    def image_path(self, name: str) -> Path:
        check_name(name, "physical disk")
        path = self.disks_dir / f"{name}.img"
        if path.is_symlink():
            target = path.resolve()
            if self.root.resolve() not in target.parents:
                raise SdxError("disk image is a link leaving the workspace", name)
        return path

    def volume_lock_path(self, volume_id: int) -> Path:
        return self.state_dir / "locks" / f"volume-{volume_id}.lock"

    def copy_lock_path(self, slice_id: int) -> Path:
        return self.state_dir / "locks" / f"copy-slice-{slice_id}.lock"

    def volume_use_lock_path(self, volume_id: int) -> Path:
        """Held by the device server while the volume is open or mounted (``VolumeInfo.in_use``)."""
        return self.state_dir / "locks" / f"{USE_LOCK_PREFIX}volume-{volume_id}.lock"

    def slice_use_lock_path(self, slice_id: int) -> Path:
        """Held by the device server while the slice's access path is open (``SliceInfo.in_use``)."""
        return self.state_dir / "locks" / f"{USE_LOCK_PREFIX}slice-{slice_id}.lock"

    @property
    def devices_dir(self) -> Path:
        """The device server's runtime files (pid and state, its log, the non-root device tree)."""
        return self.state_dir / "devices"

    def jrm_map_path(self, slice_id: int) -> Path:
        return self.state_dir / "jrm" / f"slice-{slice_id}.map"

    def volume_jrm_path(self, volume_id: int) -> Path:
        """The volume's JRM map: regions a mirrored write is (or was, at a crash) in flight over."""
        return self.state_dir / "jrm" / f"volume-{volume_id}.map"

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
