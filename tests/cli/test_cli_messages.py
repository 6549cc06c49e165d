"""One message rule for every operation command, read-only commands that never make a workspace,
and the errors the system reports as SDX messages (never "internal error")."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
from cli_lab import Lab
from gdsview.cli import gdsview_cmd, sdxinfo

#: every operation of every sdx command, in an order that works on the small lab
OPERATIONS = [
    "sdxdisk -M -c Class2 -d sdf=Disk23",
    "sdxdisk -C -c Class2 -g Group2 -d Disk23 -e waitsync",
    "sdxvolume -M -c Class2 -g Group2 -v Volume22 -s 4M",
    "sdxvolume -F -c Class2 -v Volume22",
    "sdxvolume -N -c Class2 -v Volume22 -e waitsync",
    "sdxslice -M -c Class2 -d Disk23 -v Volume21 -a jrm=on",
    "sdxslice -F -c Class2 -s Disk23.Volume21",
    "sdxattr -S -c Class2 -s Disk23.Volume21 -a mode=ro",
    "sdxslice -N -c Class2 -s Disk23.Volume21",
    "sdxattr -S -c Class2 -s Disk23.Volume21 -a jrm=off",
    "sdxslice -R -c Class2 -s Disk23.Volume21 -e waitsync",
    "sdxcopy -P -c Class2 -v Volume21 -e delay=0",
    "sdxattr -V -c Class2 -v Volume21 -a jrm=off",
    "sdxswap -O -c Class2 -d Disk23",
    "sdxswap -I -c Class2 -d Disk23",
    "sdxvolume -F -c Class2 -v Volume22",
    "sdxattr -V -c Class2 -v Volume22 -a name=Volume23",
    "sdxvolume -R -c Class2 -v Volume23",
    "sdxdisk -D -c Class2 -g Group2 -d Disk23",
    "sdxattr -D -c Class2 -d Disk23 -a name=Disk24",
    "sdxdisk -R -c Class2 -d Disk24",
    "sdxvolume -F -c Class2 -v Volume21",
    "sdxattr -G -c Class2 -g Group2 -a name=Group3",
    "sdxattr -C -c Class2 -a name=Class3",
]
INFO = re.compile(r"^SDX:(?P<cmd>sdx\w+): INFO: (?P<obj>[\w.-]+): \S.*$")


def test_every_operation_prints_one_info_line_per_object(small: Lab) -> None:
    """The rule the manual pages state: on success, INFO lines on stdout, each naming an object; nothing
    on stderr."""
    small.ok("gdsview disk create sdf --size 64M")
    for command in OPERATIONS:
        r = small.ok(command)
        lines = r.out.splitlines()
        assert lines, f"{command}: printed nothing"
        for line in lines:
            m = INFO.match(line)
            assert m and m.group("cmd") == command.split()[0], f"{command}: {line!r}"
        assert r.err == "", f"{command}: {r.err}"
    assert [c.name for c in small.snap().classes] == ["Class1", "Class3"]


def test_copy_begin_cancel_interrupt_print_info(small: Lab) -> None:
    small.ok("sdxslice -M -c Class2 -d Disk22 -v Volume21 -a jrm=off")
    small.ok("sdxcopy -P -c Class2 -v Volume21 -e delay=1000")
    assert small.ok("sdxslice -R -c Class2 -s Disk22.Volume21").out.endswith("in the background\n")
    assert small.ok("sdxcopy -I -c Class2 -v Volume21").out == (
        "SDX:sdxcopy: INFO: Volume21: synchronization copying interrupted; 'sdxcopy -B' resumes it\n")
    small.ok("sdxcopy -P -c Class2 -v Volume21 -e delay=0")
    out = small.ok("sdxcopy -B -c Class2 -v Volume21").out
    assert INFO.match(out.splitlines()[-1]) and "synchronization copying completed" in out


@pytest.mark.parametrize(("size", "said"), [
    ("512", "2048 blocks (1 MiB), rounded up from the 512 blocks asked for: a volume is made of whole 1 MiB "
            "regions"),
    ("3000K", "6144 blocks (3 MiB), rounded up from the 6000 blocks asked for"),
    ("2048", "2048 blocks (1 MiB)\n"),
])
def test_a_rounded_size_is_said(small: Lab, size: str, said: str) -> None:
    out = small.ok(f"sdxvolume -M -c Class2 -g Group2 -v Volume22 -s {size}").out
    assert out.startswith("SDX:sdxvolume: INFO: Volume22: volume created and started: ")
    assert said in out
    if "rounded" not in said:
        assert "rounded" not in out


# -- read-only commands never make a workspace ---------------------------------------------------
READ_ONLY = ["sdxinfo", "sdxinfo -S", "gdsview disk list", "gdsview lab check", "gdsview verify -c Class1 -v Volume1",
             "sdxslice -F -c Class1 -s Disk2.Volume1", "sdxdisk -M -c Class1 -d sda=Disk1",
             "gdsview dd if=/dev/sfdsk/Class1/dsk/Volume1 of=/dev/null", "gdsview lab reset"]


@pytest.mark.parametrize("command", READ_ONLY)
def test_no_workspace_is_made_and_the_path_is_named(empty_lab: Lab, command: str) -> None:
    r = empty_lab.run(command)
    assert r.rc == 1 and r.out == ""
    assert r.err == (f"SDX:{command.split()[0]}: ERROR: {empty_lab.root}: no workspace here ($GDSVIEW_HOME): make "
                     "the demo lab with 'gdsview lab init'\n")
    assert not empty_lab.root.exists()


def test_the_default_workspace_is_named_when_gdsview_home_is_not_set(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("GDSVIEW_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert sdxinfo.main([]) == 1
    err = capsys.readouterr().err
    where = tmp_path / "data" / "gdsview"
    assert err == (f"SDX:sdxinfo: ERROR: {where}: no workspace here (the default workspace; $GDSVIEW_HOME is not "
                   "set): make the demo lab with 'gdsview lab init', or set GDSVIEW_HOME to a workspace folder\n")
    assert not (tmp_path / "data").exists()
    assert gdsview_cmd.main(["--workspace", str(tmp_path / "w"), "disk", "list"]) == 1
    assert "(given with --workspace)" in capsys.readouterr().err


def test_an_empty_workspace_says_so_and_a_missing_class_names_the_workspace(empty_lab: Lab) -> None:
    empty_lab.ok("gdsview lab init --empty")
    r = empty_lab.ok("sdxinfo -C")
    assert r.out.startswith("OBJ")
    assert r.err == (f"SDX:sdxinfo: WARNING: {empty_lab.root}: the workspace is empty (no physical disk, no class): "
                     "make the demo lab with 'gdsview lab init'\n")
    assert "the workspace is empty" in empty_lab.run("gdsview disk list").err
    r = empty_lab.refused("sdxslice -M -c Class1 -d Disk2 -v Volume1")
    assert r.err == (f"SDX:sdxslice: ERROR: Class1: no such class in the workspace {empty_lab.root}; it has no "
                     "class at all: 'gdsview lab init' makes the demo lab\n")


def test_a_workspace_is_made_only_by_lab_init_and_disk_create(empty_lab: Lab, tmp_path: Path) -> None:
    empty_lab.ok("gdsview disk create sda --size 64M")
    assert (empty_lab.root / "gdsview.db").is_file()
    other = tmp_path / "other"
    assert gdsview_cmd.main(["--workspace", str(other), "lab", "init", "--empty"]) == 0
    assert (other / "gdsview.db").is_file()


# -- errors the system reports -------------------------------------------------------------------
@pytest.mark.parametrize(("err", "text"), [
    (errno.ENOSPC, "no space left on the device: free some space or choose another folder"),
    (errno.EACCES, "permission denied: check the permissions of the file and its folder"),
    (errno.EROFS, "the file system is read-only: choose a folder on a writable one"),
    (errno.ENOENT, "no such file or directory"),
    (errno.EIO, "input/output error: the device failed"),
    (errno.ENOTCONN, os.strerror(errno.ENOTCONN)),
])
def test_os_errors_are_sdx_messages(small: Lab, monkeypatch: pytest.MonkeyPatch, err: int, text: str) -> None:
    from gdsview.core.engine import verify

    def fail(*args, **kwargs):
        raise OSError(err, os.strerror(err), "/some/where/file")

    monkeypatch.setattr(verify, "verify_volume", fail)
    monkeypatch.setattr(gdsview_cmd, "verify_volume", fail)
    r = small.run("gdsview verify -c Class2 -v Volume21")
    assert r.rc == 1
    assert r.err == f"SDX:gdsview: ERROR: /some/where/file: {text}\n"
    assert "internal error" not in r.err


def test_a_full_file_system_during_verify(small: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's case: the database cannot grow (its write fails with ENOSPC) while verify heals."""
    import sqlite3

    from gdsview.core.storage import store

    real = store.Store.write

    def full(self):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store.Store, "write", full)
    from gdsview.core.engine import healing

    monkeypatch.setattr(healing, "volumes_needing_recovery", lambda ws: [])
    r = small.run("sdxvolume -F -c Class2 -v Volume21")
    monkeypatch.setattr(store.Store, "write", real)
    assert r.rc == 1
    assert r.err == ("SDX:sdxvolume: ERROR: the workspace's configuration database failed: database or disk is "
                     "full\n")
