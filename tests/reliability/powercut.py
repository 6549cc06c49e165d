"""A power-cut simulator for gdsview workspaces, after ALICE (OSDI'14) and CrashMonkey (OSDI'18).

**Recording.** :class:`FsRecorder` is installed as the recorder of
:mod:`gdsview.core.storage.fileio`, the one layer through which gdsview changes disk images and
JRM maps. It keeps every ``pwrite``, hole punch, ``ftruncate``, sync (begin and end), creating
open, ``rename``, ``link`` and ``unlink`` of the workspace's files, in an order that is a valid
history, and a snapshot of the configuration database at every commit (SQLite runs with
``synchronous=FULL``: a commit is durable once it returns, so the database at a cut is the state
after the last commit, or either side of a commit in progress). Workloads add notes: a write
issued and acknowledged, a flush begun and returned.

**Crash states.** Replaying that history into a model of the file system, at a chosen point (a
"cut") the disk holds: everything synced before the cut, plus any subset of what was written
since, at 4 KiB page granularity: each page holds its content at the last sync or at any later
write (the page cache writes pages back whole, in any order; a write spanning pages can tear at a
page boundary). A sync covers what was written before it *began* and takes effect when it
*returns*. File sizes are the synced one or the latest. Names (create, rename, link, unlink) are
journaled by the file system in order: the disk holds the synced ones plus any prefix of the rest;
a directory's names are synced by an fsync of the directory. :meth:`Replay.states` builds, at each
cut, several states: nothing unsynced, everything, random subsets, and the two adversarial ones
(images new and maps old; maps new and images old).

**Checks** (:func:`check_state`), on each state written out as a workspace: the database passes
``check_workspace``; no region where two slices differ without a mark that will copy it (the
volume map, or a tracking slice's own map), read straight from the files before anything runs;
after the start-up recovery (healing of another boot's marks, relaunched copies) every write the
workload saw acknowledged *and* flushed reads back through the volume; after attaching every
detached slice and finishing every copy, ``verify_volume`` finds identical slices.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gdsview.core.engine.launchers import InlineLauncher
from gdsview.core.engine.verify import verify_volume
from gdsview.core.engine.volume_io import open_device
from gdsview.core.model import SliceState, VolumeStatus
from gdsview.core.names import volume_path
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage import fileio, jrm
from gdsview.core.storage.consistency import check_workspace
from gdsview.core.storage.jrm import REGION_SIZE, JrmMap
from gdsview.core.storage.layout import load_layout
from gdsview.core.storage.workspace import Workspace

PAGE = 4096
ZERO = bytes(PAGE)
MODES = ("none", "all", "random", "random", "images-not-maps", "maps-not-images")


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


# -- the model ------------------------------------------------------------------------------------
@dataclass
class _File:
    versions: dict[int, list[bytes]] = field(default_factory=dict)  # page -> contents since the start
    durable: dict[int, int] = field(default_factory=dict)  # page -> index of its durable content
    sizes: list[int] = field(default_factory=lambda: [0])
    durable_size: int = 0  # index into sizes

    def page(self, p: int) -> list[bytes]:
        v = self.versions.get(p)
        if v is None:
            v = self.versions[p] = [ZERO]
            self.durable[p] = 0
        return v

    def write(self, offset: int, data: bytes) -> None:
        end = offset + len(data)
        for p in range(offset // PAGE, (end - 1) // PAGE + 1):
            v = self.page(p)
            lo, hi = max(offset, p * PAGE), min(end, (p + 1) * PAGE)
            cur = v[-1]
            v.append(cur[: lo - p * PAGE] + data[lo - offset : hi - offset] + cur[hi - p * PAGE:])
        if end > self.sizes[-1]:
            self.sizes.append(end)

    def pending(self) -> Iterator[tuple[int, int, int]]:
        """(page, durable index, latest index) of every page written since its last sync."""
        for p, v in self.versions.items():
            d = self.durable[p]
            if d < len(v) - 1:
                yield p, d, len(v) - 1


@dataclass
class Volume:
    """What a workload wrote to one volume, from its notes."""

    base: bytes
    writes: list[tuple[int, int | None, int, bytes]] = field(default_factory=list)  # issue, ack, offset, data
    flushes: list[tuple[int, int]] = field(default_factory=list)  # (begin, end) op indexes


@dataclass
class CrashState:
    cut: int
    mode: str
    files: dict[str, tuple[int, dict[int, bytes]]]  # name -> (size, pages)
    db: bytes


class Replay:
    """Replays a recording; yields crash states at chosen cuts."""

    def __init__(self, rec: FsRecorder, bases: dict[str, bytes]) -> None:
        self.rec = rec
        self.ops = rec.ops
        self.volumes = {key: Volume(base) for key, base in bases.items()}
        last_issue: dict[str, int] = {}
        open_flush: dict[str, int] = {}
        for i, op in enumerate(self.ops):
            if op[0] != "note":
                continue
            kind, info = op[1], op[2]
            vol = self.volumes.get(info.get("vol"))
            if vol is None:
                continue
            if kind == "issue":
                last_issue[info["vol"]] = len(vol.writes)
                vol.writes.append((i, None, info["offset"], info["data"]))
            elif kind == "ack":
                w = vol.writes[last_issue[info["vol"]]]
                vol.writes[last_issue[info["vol"]]] = (w[0], i, w[2], w[3])
            elif kind == "flush-begin":
                open_flush[info["vol"]] = i
            elif kind == "flush-end":
                vol.flushes.append((open_flush.pop(info["vol"]), i))

    def cut_points(self, rng: random.Random, count: int) -> list[int]:
        """Cuts where something changes what the disk may hold: before each sync and image write, after
        each sync, commit and acknowledged write; sampled down to ``count``, plus the end."""
        points = set()
        for i, op in enumerate(self.ops):
            if op[0] in ("sync_begin", "dirsync_begin", "commit_begin") or (
                    op[0] == "write" and self.rec.kinds.get(op[1]) == "image"):
                points.add(i)
            if op[0] in ("sync_end", "commit_end") or (op[0] == "note" and op[1] in ("ack", "flush-end")):
                points.add(i + 1)
            if op[0] == "commit_begin":
                points.add(i + 1)  # inside the commit
        points.discard(0)
        points.discard(len(self.ops))  # the end is always a cut
        chosen = sorted(rng.sample(sorted(points), min(count - 1, len(points))))
        return [*chosen, len(self.ops)]

    def states(self, cuts: list[int], rng: random.Random, modes: tuple[str, ...] = MODES) -> Iterator[CrashState]:
        files: dict[int, _File] = {}
        for ino, (size, pages) in self.rec.base_files.items():
            f = files[ino] = _File(sizes=[size])
            for p, content in pages.items():
                f.versions[p] = [content]
                f.durable[p] = 0
        names = dict(self.rec.base_names)  # durable names
        pending_ns: list[tuple] = []
        syncs: dict[int, tuple] = {}
        db = self.rec.base_db
        in_commit = False
        cut_iter = iter(sorted(set(cuts)))
        next_cut = next(cut_iter, None)
        for i in range(len(self.ops) + 1):
            while next_cut == i:
                # Inside a commit (its begin and end are recorded as one step): the disk holds the
                # database before it or after it.
                after = self.ops[i][1] if in_commit and i < len(self.ops) and self.ops[i][0] == "commit_end" else None
                for mode in modes:
                    yield self._state(i, mode, rng, files, names, pending_ns, db, after)
                next_cut = next(cut_iter, None)
            if i == len(self.ops):
                break
            op = self.ops[i]
            kind = op[0]
            if kind == "write":
                files.setdefault(op[1], _File()).write(op[2], op[3])
            elif kind == "punch":
                f = files.setdefault(op[1], _File())
                off, length = op[2], op[3]
                pos = off
                while pos < off + length:  # zeros page by page (the pages not already all zeros)
                    p = pos // PAGE
                    step = min(off + length, (p + 1) * PAGE) - pos
                    if p in f.versions and f.versions[p][-1] != ZERO:
                        f.write(pos, bytes(step))
                    pos += step
            elif kind == "size":
                files.setdefault(op[1], _File()).sizes.append(op[2])
            elif kind == "create":
                files[op[2]] = _File()
                pending_ns.append(op)
            elif kind in ("rename", "link", "unlink"):
                pending_ns.append(op)
            elif kind == "sync_begin":
                f = files.setdefault(op[2], _File())
                syncs[op[1]] = ("file", op[2], {p: len(v) - 1 for p, v in f.versions.items()}, len(f.sizes) - 1)
            elif kind == "dirsync_begin":
                syncs[op[1]] = ("dir", op[2], len(pending_ns))
            elif kind == "sync_end":
                s = syncs.pop(op[1])
                if s[0] == "file":
                    f = files[s[1]]
                    for p, idx in s[2].items():
                        f.durable[p] = max(f.durable[p], idx)
                    f.durable_size = max(f.durable_size, s[3])
                else:  # names of the directory made before the sync began, and (journal order) all before them
                    last = max((k for k, o in enumerate(pending_ns[: s[2]]) if _in_dir(o, s[1])), default=-1)
                    for o in pending_ns[: last + 1]:
                        _apply_ns(names, o)
                    del pending_ns[: last + 1]
                    for t, other in syncs.items():  # shift the counts of directory syncs still running
                        if other[0] == "dir":
                            syncs[t] = (other[0], other[1], max(0, other[2] - last - 1))
            elif kind == "commit_begin":
                in_commit = True
            elif kind == "commit_end":
                in_commit, db = False, op[1]
            elif kind == "commit_failed":
                in_commit = False

    def _state(self, cut: int, mode: str, rng: random.Random, files: dict[int, _File], names: dict[str, int],
               pending_ns: list[tuple], db: bytes, db_in_flight: bytes | None) -> CrashState:
        """The disk at ``cut`` under ``mode``: which unsynced pages, sizes and names it kept."""
        kinds = self.rec.kinds
        bias = rng.random()  # random mode: how much of the unsynced data reached the disk

        def take(kind: str) -> bool:
            if mode == "none":
                return False
            if mode == "all":
                return True
            if mode == "images-not-maps":
                return kind == "image"
            if mode == "maps-not-images":
                return kind == "map"
            return rng.random() < bias

        n_ns = {"none": 0, "all": len(pending_ns), "images-not-maps": 0,
                "maps-not-images": len(pending_ns)}.get(mode, rng.randint(0, len(pending_ns)))
        now = dict(names)
        for o in pending_ns[:n_ns]:
            _apply_ns(now, o)
        out: dict[str, tuple[int, dict[int, bytes]]] = {}
        for name, ino in now.items():
            f = files.get(ino)
            if f is None:
                continue
            kind = kinds.get(ino, "map")
            pages = {}
            for p, v in f.versions.items():
                d = f.durable[p]
                if d < len(v) - 1 and take(kind):
                    idx = len(v) - 1 if mode in ("all", "images-not-maps", "maps-not-images") \
                        else rng.randint(d + 1, len(v) - 1)
                else:
                    idx = d
                pages[p] = v[idx]
            size = f.sizes[f.durable_size]
            if f.durable_size < len(f.sizes) - 1 and take(kind):
                size = f.sizes[-1]
            out[name] = (size, pages)
        chosen_db = db
        if db_in_flight is not None and (mode == "all" or (mode == "random" and rng.random() < 0.5)):
            chosen_db = db_in_flight
        return CrashState(cut, mode, out, chosen_db)

    def expected(self, key: str, cut: int) -> list[set[bytes]]:
        """For each page of the volume: the contents it may hold after a cut at ``cut``."""
        vol = self.volumes[key]
        synced_before = max((b for b, e in vol.flushes if e < cut), default=-1)  # acks before that flush began
        npages = len(vol.base) // PAGE
        last_synced: dict[int, bytes] = {}
        later: dict[int, set[bytes]] = {}
        for issue, ack, offset, data in vol.writes:
            if issue >= cut:
                break
            for k in range(len(data) // PAGE):
                p = offset // PAGE + k
                page = data[k * PAGE : (k + 1) * PAGE]
                if ack is not None and ack < synced_before:
                    last_synced[p] = page
                    later.pop(p, None)
                else:
                    later.setdefault(p, set()).add(page)
        result = []
        for p in range(npages):
            ok = {last_synced.get(p, vol.base[p * PAGE : (p + 1) * PAGE])}
            ok |= later.get(p, set())
            result.append(ok)
        return result


def _in_dir(op: tuple, d: str) -> bool:
    paths = [op[1]] if op[0] in ("create", "unlink") else [op[1], op[2]]
    return any(os.path.dirname(p) == d for p in paths)


def _apply_ns(names: dict[str, int], op: tuple) -> None:
    kind = op[0]
    if kind == "create":
        names[op[1]] = op[2]
    elif kind == "rename":
        if op[1] in names:
            names[op[2]] = names.pop(op[1])
    elif kind == "link":
        if op[1] in names:
            names[op[2]] = names[op[1]]
    elif kind == "unlink":
        names.pop(op[1], None)


# -- writing a crash state out and checking it ----------------------------------------------------
def materialize(state: CrashState, root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    for d in ("disks", "state/jrm", "state/locks"):
        (root / d).mkdir(parents=True)
    for name, (size, pages) in state.files.items():
        fd = os.open(root / name, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.ftruncate(fd, size)
            for p in sorted(pages):
                content = pages[p]
                if p * PAGE < size and content != ZERO:
                    os.pwrite(fd, content[: min(PAGE, size - p * PAGE)], p * PAGE)
        finally:
            os.close(fd)
    (root / "gdsview.db").write_bytes(state.db)


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)

    def lost_regions(self) -> list[str]:
        return [p for p in self.problems if p.startswith("lost region")]


def check_state(root: Path, replay: Replay, state: CrashState,
                extra: Callable[[Workspace], list[str]] | None = None) -> Verdict:
    """Open the workspace after the cut as after a reboot, recover, check (see the module docstring)."""
    verdict = Verdict()
    jrm.simulate_reboot(os.urandom(16))
    ws = Workspace(root)
    try:
        problems = check_workspace(ws)
        verdict.problems += [f"database: {p}" for p in problems]
        verdict.problems += unmarked_differences(ws)
        m = VolumeManager(ws, source="restart", launcher=InlineLauncher(ws, source="restart"))
        m.resume_interrupted_copies()
        snap = m.snapshot()
        for v in snap.volumes:
            key = f"{v.class_name}/{v.name}"
            if key in replay.volumes and v.status is VolumeStatus.ACTIVE:
                verdict.problems += _read_back(ws, key, replay.expected(key, state.cut))
        if extra is not None:
            verdict.problems += extra(ws)
        for v in snap.volumes:
            if v.status is VolumeStatus.STOP:
                m.start_volume(v.class_name, v.name)
            for s in m.snapshot().slices_of(v.class_name, v.name):
                if s.state in (SliceState.TEMP, SliceState.TEMP_STOP):
                    m.attach_slice(v.class_name, s.disk, v.name)
            if any(s.state is SliceState.INVALID for s in m.snapshot().slices_of(v.class_name, v.name)):
                m.start_copy(v.class_name, v.name)
            bad = [s.name for s in m.snapshot().slices_of(v.class_name, v.name) if s.state is not SliceState.ACTIVE]
            if bad:
                verdict.problems.append(f"{v.name}: slices not ACTIVE after attach and copy: {bad}")
            result = verify_volume(ws, v.class_name, v.name)
            if not result.ok:
                verdict.problems.append(f"{v.name}: verify after attach finds differences {result.differences[:3]}")
        verdict.problems += [f"database after recovery: {p}" for p in check_workspace(ws)]
    except Exception as e:  # a crash state the code cannot open is a finding, not a harness error
        verdict.problems.append(f"exception: {type(e).__name__}: {e} "
                                f"{traceback.format_exc(limit=-3).splitlines()[-3:]}")
    finally:
        ws.close()
        jrm.simulate_reboot(None)
    return verdict


def unmarked_differences(ws: Workspace) -> list[str]:
    """Regions where two slices differ and nothing will copy one onto the other."""
    found = []
    with ws.store.read() as conn:
        rows = conn.execute("SELECT c.name, v.name FROM volumes v JOIN classes c ON c.id = v.class_id").fetchall()
        layouts = [load_layout(conn, c, v) for c, v in rows]
    for layout in layouts:
        valid = layout.valid_slices()
        if not valid:
            continue
        vpath = ws.volume_jrm_path(layout.id)
        vmap = JrmMap.open(vpath, layout.id, layout.regions)
        if vmap is None and vpath.exists():
            continue  # damaged: every region is healed
        vbits = vmap.bitmap() if vmap is not None else bytes(layout.regions)
        if vmap is not None:
            vmap.close()
        others = []
        for s in layout.slices:
            if s.state is SliceState.ACTIVE:
                continue
            if s.state in (SliceState.TEMP, SliceState.TEMP_STOP) and not s.jrm:
                continue  # attached with a full copy
            smap = JrmMap.open(ws.jrm_map_path(s.id), s.id, layout.regions)
            if smap is None:
                continue  # missing or damaged: a full copy
            with smap:
                others.append((s, smap.bitmap()))
        fds = {s.device: os.open(ws.disks_dir / f"{s.device}.img", os.O_RDONLY) for s in layout.slices}
        try:
            for r in range(layout.regions):
                if vbits[r]:
                    continue  # healing copies the region from the first valid slice
                off = layout.offset + r * REGION_SIZE
                n = min(REGION_SIZE, layout.size - r * REGION_SIZE)
                ref = os.pread(fds[valid[0].device], n, off)
                for s in valid[1:]:
                    if os.pread(fds[s.device], n, off) != ref:
                        found.append(f"lost region {r} of {layout.name}: ACTIVE slices {valid[0].disk} and "
                                     f"{s.disk} differ, the volume map does not mark it")
                for s, bits in others:
                    if not bits[r] and os.pread(fds[s.device], n, off) != ref:
                        found.append(f"lost region {r} of {layout.name}: {s.disk} ({s.state.value}) differs from "
                                     f"{valid[0].disk}, its JRM map does not mark it")
        finally:
            for fd in fds.values():
                os.close(fd)
    return found


def _read_back(ws: Workspace, key: str, expected: list[set[bytes]]) -> list[str]:
    class_name, volume = key.split("/")
    with open_device(ws, volume_path(class_name, volume)) as dev:
        data = dev.pread(dev.size, 0)
    bad = [p for p, ok in enumerate(expected) if data[p * PAGE : (p + 1) * PAGE] not in ok]
    if not bad:
        return []
    return [f"lost write: {len(bad)} pages of {volume} hold neither their last flushed write nor a later one "
            f"(first: page {bad[0]})"]


# -- what workloads use ---------------------------------------------------------------------------
class TrackedDevice:
    """A volume device whose writes and flushes are noted in the recording (page-aligned writes only)."""

    def __init__(self, dev, key: str) -> None:
        self.dev = dev
        self.key = key

    def pwrite(self, data: bytes, offset: int) -> None:
        assert offset % PAGE == 0 and len(data) % PAGE == 0
        fileio.note("issue", vol=self.key, offset=offset, data=bytes(data))
        self.dev.pwrite(data, offset)
        fileio.note("ack", vol=self.key)

    def flush(self) -> None:
        fileio.note("flush-begin", vol=self.key)
        self.dev.flush()
        fileio.note("flush-end", vol=self.key)

    def close(self) -> None:
        self.dev.close()


def volume_content(ws: Workspace, class_name: str, volume: str) -> bytes:
    with open_device(ws, volume_path(class_name, volume)) as dev:
        return dev.pread(dev.size, 0)


@dataclass
class Tally:
    states: int = 0
    by_mode: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    lost_regions: int = 0


def simulate(rec: FsRecorder, bases: dict[str, bytes], work_dir: Path, *, cuts: int, seed: int,
             extra: Callable[[Workspace], list[str]] | None = None, modes: tuple[str, ...] = MODES,
             stop_at_first: bool = False) -> Tally:
    """Build crash states at ``cuts`` cut points (× ``modes``) and check each one."""
    rng = random.Random(seed)
    replay = Replay(rec, bases)
    tally = Tally()
    root = work_dir / "crash"
    for state in replay.states(replay.cut_points(rng, cuts), rng, modes):
        materialize(state, root)
        verdict = check_state(root, replay, state, extra)
        tally.states += 1
        tally.by_mode[state.mode] = tally.by_mode.get(state.mode, 0) + 1
        if verdict.problems:
            tally.lost_regions += len(verdict.lost_regions())
            tally.failures.append(f"cut {state.cut}/{len(replay.ops)} ({state.mode}): " + "; ".join(verdict.problems))
            if stop_at_first:
                break
    shutil.rmtree(root, ignore_errors=True)
    return tally
