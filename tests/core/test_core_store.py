"""The configuration database: schema version, refusal of newer schemas, the operation log."""

from __future__ import annotations

import os
import sqlite3

import pytest
from gdsview.core.engine.verify import verify_volume
from gdsview.core.errors import SdxError
from gdsview.core.names import MiB
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage.store import SCHEMA_VERSION, Store
from gdsview.core.storage.workspace import Workspace
from workspace_helpers import vpath

C = "Class1"


def test_schema_version_is_recorded(tmp_path) -> None:
    ws = Workspace(tmp_path / "ws")
    try:
        row = ws.store.connection().execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert int(row[0]) == SCHEMA_VERSION
        assert ws.store.connection().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        ws.close()


def test_newer_schema_is_refused(tmp_path) -> None:
    ws = Workspace(tmp_path / "ws")
    VolumeManager(ws).create_physical_disk("sda", 4 * MiB)
    ws.close()
    conn = sqlite3.connect(tmp_path / "ws" / "gdsview.db")
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    ws = Workspace(tmp_path / "ws")
    try:
        with pytest.raises(SdxError, match=f"schema {SCHEMA_VERSION + 1}"):
            ws.store  # noqa: B018 - opening the store is the operation under test
        with pytest.raises(SdxError):
            Store(tmp_path / "ws" / "gdsview.db")
    finally:
        ws.close()
    # nothing was changed by the refused opening
    conn = sqlite3.connect(tmp_path / "ws" / "gdsview.db")
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
        SCHEMA_VERSION + 1)
    conn.close()


def test_generation_changes_with_every_commit(lab) -> None:
    g0, v0 = lab.ws.store.generation(), lab.ws.store.data_version()
    assert lab.manager.snapshot().version == g0
    lab.manager.set_copy_delay(C, "Volume1", 5)
    assert lab.ws.store.generation() == g0 + 1
    assert lab.ws.store.data_version() != v0


def kinds_of(m: VolumeManager, after: int) -> list[str]:
    return [e.kind for e in m.events(after)]


def test_one_log_line_per_operation(idle_lab) -> None:
    m = idle_lab.manager
    steps = [
        (lambda: m.detach_slice(C, "Disk2", "Volume1"), ["slice-detach"]),
        (lambda: m.stop_slice(C, "Disk2", "Volume1"), ["slice-stop"]),
        (lambda: m.activate_slice(C, "Disk2", "Volume1"), ["slice-activate"]),
        (lambda: m.attach_slice(C, "Disk2", "Volume1"), ["slice-attach"]),
        (lambda: m.cancel_copy(C, "Volume1", interrupt=True), ["copy-interrupted"]),
        (lambda: m.set_copy_delay(C, "Volume1", 10), ["copy-delay"]),
        (lambda: m.start_copy(C, "Volume1"), ["copy-begin"]),
        (lambda: m.cancel_copy(C, "Volume1"), ["copy-cancelled"]),
        (lambda: m.stop_volume(C, "Volume2"), ["volume-stop"]),
        (lambda: m.start_volume(C, "Volume2"), ["volume-start"]),
        (lambda: m.stop_volume(C, "Volume2"), ["volume-stop"]),
        (lambda: m.remove_volume(C, "Volume2"), ["volume-remove"]),
        (lambda: m.create_volume(C, "Group1", "Volume3", 2048), ["volume-create"]),
        (lambda: m.register_disk(C, "sdc", "Disk3"), ["disk-register"]),
        (lambda: m.connect_disk(C, "Group1", "Disk3"), ["disk-connect"]),
        (lambda: m.disconnect_disk(C, "Group1", "Disk3"), ["disk-disconnect"]),
        (lambda: m.remove_disk(C, "Disk3"), ["disk-remove"]),
        (lambda: m.create_physical_disk("sdd", 4 * MiB), ["pdisk-create"]),
        # operations that also create or remove a class or a group log that too
        (lambda: m.register_disk("Class2", "sdd", "Disk1"), ["class-create", "disk-register"]),
        (lambda: m.connect_disk("Class2", "Group2", "Disk1"), ["group-create", "disk-connect"]),
        (lambda: m.disconnect_disk("Class2", "Group2", "Disk1"), ["disk-disconnect", "group-remove"]),
        (lambda: m.remove_disk("Class2", "Disk1"), ["disk-remove", "class-remove"]),
    ]
    for op, expected in steps:
        last = m.events()[-1].id
        op()
        events = m.events(last)
        assert [e.kind for e in events] == expected
        assert all(e.source == "test" and e.text and e.severity in ("INFO", "WARNING") for e in events)
    detach = next(e for e in m.events() if e.kind == "slice-detach")
    assert (detach.class_name, detach.obj) == (C, "Disk2.Volume1")
    assert "/dev/sfdsk/Class1/dsk/Disk2.Volume1" in detach.text


def test_copies_are_logged(lab) -> None:
    m = lab.manager
    m.detach_slice(C, "Disk2", "Volume1")
    lab.write(vpath(), b"x", 0)
    last = m.events()[-1].id
    m.attach_slice(C, "Disk2", "Volume1")
    assert kinds_of(m, last) == ["slice-attach", "copy-start", "copy-done"]


def test_events_are_shared_between_workspace_objects(lab) -> None:
    other = Workspace(lab.ws.root)
    try:
        VolumeManager(other, source="sdxslice").detach_slice(C, "Disk2", "Volume1")
        e = lab.manager.events()[-1]
        assert (e.kind, e.source) == ("slice-detach", "sdxslice")
    finally:
        other.close()


def test_threads_that_end_do_not_keep_database_connections(thread_lab) -> None:
    """Every copy of a ThreadLauncher runs in new threads, each with its own connection: a long
    GUI session must not pile them (and their file descriptors) up."""
    lab, m = thread_lab, thread_lab.manager

    def cycle(i: int) -> None:
        m.detach_slice(C, "Disk2", "Volume1")
        lab.write(vpath(), b"x", (i % 16) * MiB)
        m.attach_slice(C, "Disk2", "Volume1")
        assert lab.launcher.wait(60)

    cycle(0)
    fds = len(os.listdir("/proc/self/fd"))
    for i in range(1, 21):
        cycle(i)
    assert len(os.listdir("/proc/self/fd")) <= fds + 3
    assert len(lab.ws.store._all) <= 3
    assert verify_volume(lab.ws, C, "Volume1").ok
