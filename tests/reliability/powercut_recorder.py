"""The recording half of the power-cut simulator (see :mod:`powercut`): :class:`FsRecorder`,
installed as :mod:`gdsview.core.storage.fileio`'s recorder, keeps the workspace's file operations
and a database snapshot at every commit."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from gdsview.core.storage import fileio

PAGE = 4096


# -- recording ------------------------------------------------------------------------------------
class FsRecorder(fileio.Recorder):
    """Records the workspace's file operations (see the module docstring). ``start()`` / ``stop()``."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = Path(os.path.realpath(root))
        self.ops: list[tuple] = []
        self._inodes: dict[tuple[int, int], int] = {}  # (st_dev, st_ino) -> model inode
        self.base_names: dict[str, int] = {}
        self.base_files: dict[int, tuple[int, dict[int, bytes]]] = {}  # inode -> (size, non-zero pages)
        self.base_db = b""
        self.kinds: dict[int, str] = {}  # inode -> "image" | "map"
        self._next = 0
        self._tokens = 0

    def _rel(self, path: str) -> str | None:
        full = os.path.realpath(os.path.join(os.path.dirname(path), "")) + os.sep + os.path.basename(path)
        if not full.startswith(str(self.root) + os.sep):
            return None
        rel = full[len(str(self.root)) + 1:]
        return rel if rel.startswith(("disks/", "state/jrm/")) else None

    def _new_inode(self, rel: str) -> int:
        self._next += 1
        self.kinds[self._next] = "image" if rel.startswith("disks/") else "map"
        return self._next

    def start(self) -> None:
        os.sync()
        for sub in ("disks", "state/jrm"):
            for p in sorted((self.root / sub).glob("*")) if (self.root / sub).is_dir() else []:
                if not p.is_file() or p.is_symlink():
                    continue
                rel = f"{sub}/{p.name}"
                st = p.stat()
                ino = self._inodes.get((st.st_dev, st.st_ino))
                if ino is None:
                    ino = self._inodes[(st.st_dev, st.st_ino)] = self._new_inode(rel)
                    self.base_files[ino] = (st.st_size, _read_pages(p))
                self.base_names[rel] = ino
        with sqlite3.connect(self.root / "gdsview.db") as conn:
            self.base_db = conn.serialize()
        conn.close()
        fileio.install(self)

    def stop(self) -> None:
        fileio.install(None)

    def _ino(self, fd: int) -> int | None:
        st = os.fstat(fd)
        return self._inodes.get((st.st_dev, st.st_ino))

    # hooks (called with self.lock held)
    def opened(self, path: str, fd: int, created: bool, truncated: bool) -> None:
        rel = self._rel(path)
        if rel is None:
            return
        if created:
            st = os.fstat(fd)
            ino = self._inodes[(st.st_dev, st.st_ino)] = self._new_inode(rel)
            self.ops.append(("create", rel, ino))
        elif truncated and (ino := self._ino(fd)) is not None:
            self.ops.append(("size", ino, 0))

    def wrote(self, fd: int, offset: int, data: bytes) -> None:
        if (ino := self._ino(fd)) is not None:
            self.ops.append(("write", ino, offset, data))

    def truncated(self, fd: int, size: int) -> None:
        if (ino := self._ino(fd)) is not None:
            self.ops.append(("size", ino, size))

    def punched(self, fd: int, offset: int, length: int) -> None:
        if (ino := self._ino(fd)) is not None:
            self.ops.append(("punch", ino, offset, length))

    def sync_begin(self, fd: int, *, data_only: bool, path: str | None = None) -> object:
        self._tokens += 1
        if path is not None:  # a directory
            rel = os.path.relpath(os.path.realpath(path), self.root)
            self.ops.append(("dirsync_begin", self._tokens, rel))
        elif (ino := self._ino(fd)) is not None:
            self.ops.append(("sync_begin", self._tokens, ino))
        else:
            return None
        return self._tokens

    def sync_end(self, token: object) -> None:
        if token is not None:
            self.ops.append(("sync_end", token))

    def renamed(self, src: str, dst: str) -> None:
        if (a := self._rel(src)) is not None and (b := self._rel(dst)) is not None:
            self.ops.append(("rename", a, b))

    def linked(self, src: str, dst: str) -> None:
        if (a := self._rel(src)) is not None and (b := self._rel(dst)) is not None:
            self.ops.append(("link", a, b))

    def unlinked(self, path: str) -> None:
        if (rel := self._rel(path)) is not None:
            self.ops.append(("unlink", rel))

    def commit_begin(self, db_path: str) -> None:
        self.ops.append(("commit_begin",))

    def commit_end(self, db_path: str, conn) -> None:
        self.ops.append(("commit_end", conn.serialize()))

    def commit_failed(self, db_path: str) -> None:
        self.ops.append(("commit_failed",))

    def note(self, kind: str, info: dict) -> None:
        self.ops.append(("note", kind, info))

    def count(self, op: str, kind: str | None = None) -> int:
        """How many ``op`` ("sync_begin", "write") were recorded on files of ``kind`` ("image", "map")."""
        return sum(1 for o in self.ops if o[0] == op and (kind is None or self.kinds.get(o[2]) == kind))


def _read_pages(path: Path) -> dict[int, bytes]:
    pages: dict[int, bytes] = {}
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        pos = 0
        while pos < size:
            try:
                start = os.lseek(fd, pos, os.SEEK_DATA)
            except OSError:
                break
            end = os.lseek(fd, start, os.SEEK_HOLE)
            first = start // PAGE * PAGE
            data = os.pread(fd, end - first, first)
            for i in range(0, len(data), PAGE):
                page = data[i : i + PAGE]
                if page.count(0) != len(page):
                    pages[(first + i) // PAGE] = page.ljust(PAGE, b"\0")
            pos = end
    finally:
        os.close(fd)
    return pages
