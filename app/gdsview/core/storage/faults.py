"""Injected I/O faults: the fault plan every image read and write asks first.

A **fault plan** is a list of rules stored in the workspace (``state/faults.json``) so that every
process using the workspace (GUI, ``sdx*`` commands, copy workers) sees it. Every read, write and
copy of a disk image goes through :class:`gdsview.core.storage.images.ImageFiles`, which asks
:func:`check` before touching the file. A rule::

    {"device": "sdb", "op": "write", "errno": "EIO", "start": 0, "end": null, "after": 0}

``device`` is the physical disk (image name); ``op`` is ``read``, ``write``, ``any`` (both) or
``create`` (making the image, ``images.create_image``); ``errno`` is ``EIO``, ``ENOSPC`` or
``ENODEV`` (the disk image is gone: opening it fails too); ``start``/``end`` limit the rule to a
byte range of the image (``end`` null: to the end); ``after`` lets that many matching operations
succeed first. The count is kept per process (each process counts its own operations).
``"kind": "truncate", "size": N`` makes every operation reaching past byte N fail with EIO, as a
disk that shrank.

Tests inject faults with :func:`add` / :func:`truncate`; the training lab's disk-failure lesson
(:mod:`gdsview.lab.disk_failure`) is built on :func:`add` and :func:`clear`. The test-only crash
points are in :mod:`gdsview.core.engine.crashpoints`.
"""

from __future__ import annotations

import errno as errno_mod
import json
import os
import threading
from pathlib import Path

from .change_token import ChangeToken, workspace_token_path

ERRNOS = {"EIO": errno_mod.EIO, "ENOSPC": errno_mod.ENOSPC, "ENODEV": errno_mod.ENODEV}
OPS = ("read", "write", "any", "create")
PLAN_NAME = "faults.json"


def plan_path(root: Path) -> Path:
    return Path(root) / "state" / PLAN_NAME


_counts: dict[tuple, int] = {}
_counts_lock = threading.Lock()


class FaultError(OSError):
    """An injected I/O error (an OSError, handled as a real one would be)."""


class Plan:
    """The fault plan of one workspace, re-read whenever it changes.

    Changing the plan (:func:`write_plan`) changes the workspace's change token; the plan file is
    looked at again (one ``stat``) only when the token moved, not at every I/O.
    """

    def __init__(self, root: Path) -> None:
        self.path = plan_path(root)
        self._key: tuple | None = None
        self._rules: list[dict] = []
        self._token = ChangeToken.open(workspace_token_path(root)) if Path(root).is_dir() else None
        self._seen: int | None = None

    def rules(self) -> list[dict]:
        if self._token is not None:
            seen = self._token.value()
            if seen == self._seen:
                return self._rules
            self._seen = seen
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self._key, self._rules = None, []
            return self._rules
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        if key != self._key:
            self._rules = _load(self.path)
            self._key = key
        return self._rules

    def check(self, device: str, op: str, offset: int = 0, length: int = 0) -> None:
        """Raise the OSError the plan injects for this operation, if any."""
        rules = self.rules()
        if not rules:
            return
        end = offset + length
        for i, r in enumerate(rules):
            if r.get("device") != device:
                continue
            if r.get("kind") == "truncate":
                if op in ("read", "write") and end > int(r.get("size", 0)):
                    raise FaultError(errno_mod.EIO, "Input/output error (disk image is truncated)")
                continue
            rop = r.get("op", "any")
            if not (rop == op or (rop == "any" and op in ("read", "write"))
                    or (r.get("errno") == "ENODEV" and op in ("open", "read", "write"))):
                continue
            start, stop = int(r.get("start") or 0), r.get("end")
            if op in ("read", "write") and (end <= start or (stop is not None and offset >= int(stop))):
                continue
            counter = (str(self.path), self._key, i)  # per process, per version of the plan
            with _counts_lock:
                seen = _counts.get(counter, 0)
                _counts[counter] = seen + 1
            if seen < int(r.get("after") or 0):
                continue
            code = ERRNOS.get(r.get("errno", "EIO"), errno_mod.EIO)
            text = os.strerror(code) + (" (disk image is gone)" if code == errno_mod.ENODEV else "")
            raise FaultError(code, text + " [injected]")


def _load(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    rules = data.get("rules", []) if isinstance(data, dict) else []
    return [r for r in rules if isinstance(r, dict)]


# -- editing the plan (tests, the training lab) -------------------------------------------------
def _root(ws_or_root: object) -> Path:
    """The workspace folder of a Workspace, or the folder itself (a path)."""
    root = getattr(ws_or_root, "root", ws_or_root)
    if not isinstance(root, str | os.PathLike):
        raise TypeError(f"not a workspace or a folder: {ws_or_root!r}")
    return Path(root)


def read_plan(ws: object) -> list[dict]:
    return _load(plan_path(_root(ws)))


def write_plan(ws: object, rules: list[dict]) -> None:
    """Replace the plan atomically (readers never see half a file)."""
    path = plan_path(_root(ws))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not rules:
        path.unlink(missing_ok=True)
        _announce(path.parent.parent)
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps({"rules": rules}, indent=1))
    os.replace(tmp, path)
    _announce(path.parent.parent)


def _announce(root: Path) -> None:
    """Every process's Plan looks at the plan again (the workspace's change token moves)."""
    token = ChangeToken.open(workspace_token_path(root))
    if token is not None:
        token.bump()
        token.close()


def add(ws: object, device: str, op: str = "any", error: str = "EIO", *, start: int = 0, end: int | None = None,
        after: int = 0) -> dict:
    """Add one rule (see the module docstring); returns it."""
    if op not in OPS:
        raise ValueError(f"op must be one of {OPS}")
    if error not in ERRNOS:
        raise ValueError(f"error must be one of {sorted(ERRNOS)}")
    rule = {"device": device, "op": op, "errno": error, "start": start, "end": end, "after": after}
    write_plan(ws, read_plan(ws) + [rule])
    return rule


def truncate(ws: object, device: str, size: int) -> dict:
    rule = {"device": device, "kind": "truncate", "size": size}
    write_plan(ws, read_plan(ws) + [rule])
    return rule


def clear(ws: object, device: str | None = None) -> None:
    """Remove the faults of ``device`` (every fault when None). The disk's slices stay INVALID."""
    write_plan(ws, [] if device is None else [r for r in read_plan(ws) if r.get("device") != device])
