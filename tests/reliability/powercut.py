"""A power-cut simulator for gdsview workspaces, after ALICE (OSDI'14) and CrashMonkey (OSDI'18).

Three modules: :mod:`powercut_recorder` (recording), this one (the model and the crash states),
:mod:`powercut_check` (writing a state out, restarting on it, checking; ``simulate`` runs it all).

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

**Checks** (:func:`powercut_check.check_state`), on each state written out as a workspace: the database passes
``check_workspace``; no region where two slices differ without a mark that will copy it (the
volume map, or a tracking slice's own map), read straight from the files before anything runs;
after the start-up recovery (healing of another boot's marks, relaunched copies) every write the
workload saw acknowledged *and* flushed reads back through the volume; after attaching every
detached slice and finishing every copy, ``verify_volume`` finds identical slices.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from powercut_recorder import PAGE, FsRecorder

ZERO = bytes(PAGE)
MODES = ("none", "all", "random", "random", "images-not-maps", "maps-not-images")


# -- the model ------------------------------------------------------------------------------------
@dataclass
class _File:
    versions: dict[int, list[bytes]] = field(default_factory=dict)  # page -> contents since the start
    durable: dict[int, int] = field(default_factory=dict)  # page -> index of its durable content
    sizes: list[int] = field(default_factory=lambda: [0])
    durable_size: int = 0  # index into sizes
    log: list[tuple[int, int]] = field(default_factory=list)  # (page, index) of every write, in order
    applied: int = 0  # the log's entries below this are durable (a sync that began after them ended)

    def sync_point(self) -> tuple[int, int]:
        """What a sync beginning now covers: (log position, size index)."""
        return len(self.log), len(self.sizes) - 1

    def synced(self, point: tuple[int, int]) -> None:
        """A sync that began at ``point`` returned (syncs may end out of order: only later entries count)."""
        pos, size = point
        for p, idx in self.log[self.applied : pos]:
            if idx > self.durable[p]:
                self.durable[p] = idx
        self.applied = max(self.applied, pos)
        self.durable_size = max(self.durable_size, size)

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
            self.log.append((p, len(v) - 1))
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
        self._expected: tuple[tuple[str, int] | None, list[set[bytes]]] = (None, [])
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
                syncs[op[1]] = ("file", op[2], f.sync_point())
            elif kind == "dirsync_begin":
                syncs[op[1]] = ("dir", op[2], len(pending_ns))
            elif kind == "sync_end":
                s = syncs.pop(op[1])
                if s[0] == "file":
                    files[s[1]].synced(s[2])
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
        """For each page of the volume: the contents it may hold after a cut at ``cut`` (the same for
        every state of a cut: kept for the next one)."""
        if self._expected[0] != (key, cut):
            self._expected = ((key, cut), self._expected_at(key, cut))
        return self._expected[1]

    def _expected_at(self, key: str, cut: int) -> list[set[bytes]]:
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
