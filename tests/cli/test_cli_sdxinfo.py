"""sdxinfo: the exact tables of the demo, the -c / -o / -e long selections, and its errors."""

from __future__ import annotations

import socket

import pytest
from cli_lab import Lab

CLASS = """\
OBJ   NAME   TYPE  SCOPE SPARE
----- ------ ----- ----- -----
class Class1 local node1 0"""

DISKS = """\
OBJ  NAME  TYPE   CLASS  GROUP  DEVNAM DEVBLKS DEVCONNECT STATUS
---- ----- ------ ------ ------ ------ ------- ---------- ------
disk Disk1 mirror Class1 Group1 sda    2097152 node1      ENABLE
disk Disk2 mirror Class1 Group1 sdb    2097152 node1      ENABLE"""

GROUPS = """\
OBJ   NAME   CLASS  DISKS       BLKS    FREEBLKS SPARE
----- ------ ------ ----------- ------- -------- -----
group Group1 Class1 Disk1:Disk2 2097152 522240   0"""

VOLUMES = """\
OBJ    NAME    CLASS  GROUP  SKIP JRM 1STBLK  LASTBLK BLOCKS  STATUS
------ ------- ------ ------ ---- --- ------- ------- ------- -------
volume *       Class1 Group1 *    *   0       2047    2048    PRIVATE
volume Volume1 Class1 Group1 off  on  2048    1050623 1048576 ACTIVE
volume Volume2 Class1 Group1 off  on  1050624 1574911 524288  ACTIVE
volume *       Class1 Group1 *    *   1574912 2097151 522240  FREE"""

SLICES = """\
OBJ   CLASS  GROUP  DISK  VOLUME  STATUS
----- ------ ------ ----- ------- ------
slice Class1 Group1 Disk1 Volume1 ACTIVE
slice Class1 Group1 Disk2 Volume1 ACTIVE
slice Class1 Group1 Disk1 Volume2 ACTIVE
slice Class1 Group1 Disk2 Volume2 ACTIVE"""


@pytest.fixture(autouse=True)
def _node(monkeypatch: pytest.MonkeyPatch) -> None:
    """The node is node1 whatever the host is called (the window and the Help's figures say node1)."""
    monkeypatch.setattr(socket, "gethostname", lambda: "buildhost.example.com")


def test_all_tables_in_order(demo: Lab) -> None:
    expected = "\n\n".join([CLASS, DISKS, GROUPS, VOLUMES, SLICES]) + "\n"
    assert demo.ok("sdxinfo").out == expected
    assert demo.ok("sdxinfo -A").out == expected
    assert demo.ok("sdxinfo -c Class1").out == expected


@pytest.mark.parametrize(("flag", "table"), [("C", CLASS), ("D", DISKS), ("G", GROUPS), ("V", VOLUMES),
                                              ("S", SLICES)])
def test_each_table(demo: Lab, flag: str, table: str) -> None:
    assert demo.ok(f"sdxinfo -{flag}").out == table + "\n"


def test_several_flags_print_in_gds_order(demo: Lab) -> None:
    assert demo.ok("sdxinfo -S -C").out == CLASS + "\n\n" + SLICES + "\n"
    assert demo.ok("sdxinfo -SC").out == CLASS + "\n\n" + SLICES + "\n"


def test_slices_long_of_the_demo(demo: Lab) -> None:
    assert demo.ok("sdxinfo -S -e long -o Volume1").out == (
        "OBJ   CLASS  GROUP  DISK  VOLUME  STATUS MODE JRM CPSTAT PROGRESS RATE\n"
        "----- ------ ------ ----- ------- ------ ---- --- ------ -------- ----\n"
        "slice Class1 Group1 Disk1 Volume1 ACTIVE *    *   *      *        *\n"
        "slice Class1 Group1 Disk2 Volume1 ACTIVE *    *   *      *        *\n"
    )


def test_volumes_long_has_the_copy_delay(lab: Lab) -> None:
    lab.ok("sdxcopy -P -c Class1 -v Volume2 -e delay=250")
    out = lab.ok("sdxinfo -V -e long").out.splitlines()
    assert out[0].split() == ["OBJ", "NAME", "CLASS", "GROUP", "SKIP", "JRM", "1STBLK", "LASTBLK", "BLOCKS",
                              "STATUS", "DELAY"]
    assert out[2].split() == ["volume", "*", "Class1", "Group1", "*", "*", "0", "2047", "2048", "PRIVATE", "*"]
    assert out[3].split()[-1] == "0"
    assert out[4].split() == ["volume", "Volume2", "Class1", "Group1", "off", "on", "1050624", "1574911",
                              "524288", "ACTIVE", "250"]


def test_detached_slice_long(lab: Lab) -> None:
    lab.ok("sdxslice -M -c Class1 -d Disk2 -v Volume1 -a jrm=off,mode=ro")
    lab.ok("sdxslice -F -c Class1 -s Disk2.Volume1")
    rows = [line.split() for line in lab.ok("sdxinfo -S -e long").out.splitlines()[2:]]
    assert rows[1] == ["slice", "Class1", "Group1", "Disk2", "Volume1", "TEMP-STOP", "ro", "off", "*", "*", "*"]
    assert rows[0][5:] == ["ACTIVE", "*", "*", "*", "*", "*"]


def test_object_selection(demo: Lab) -> None:
    # a slice: its class, disk, group, volume and itself
    out = demo.ok("sdxinfo -o Disk2.Volume2").out
    tables = [[line.split() for line in t.splitlines()[2:]] for t in out.split("\n\n")]
    assert tables[0] == [["class", "Class1", "local", "node1", "0"]]
    assert tables[1] == [DISKS.splitlines()[3].split()]
    assert tables[2] == [GROUPS.splitlines()[2].split()]
    assert tables[3] == [VOLUMES.splitlines()[4].split()]
    assert tables[4] == [SLICES.splitlines()[5].split()]
    # a disk: its slices; a volume: its slices
    assert [r.split()[3:5] for r in demo.ok("sdxinfo -S -o Disk1").out.splitlines()[2:]] == [
        ["Disk1", "Volume1"], ["Disk1", "Volume2"]]
    assert [r.split()[3:5] for r in demo.ok("sdxinfo -S -o Volume2").out.splitlines()[2:]] == [
        ["Disk1", "Volume2"], ["Disk2", "Volume2"]]
    # a group: every row of it, with the PRIVATE and FREE extents
    assert demo.ok("sdxinfo -V -o Group1").out == VOLUMES + "\n"
    # a volume: only its row
    assert [r.split() for r in demo.ok("sdxinfo -V -o Volume1 -c Class1").out.splitlines()[2:]] == [
        VOLUMES.splitlines()[3].split()]


def test_class_filter_with_two_classes(small: Lab) -> None:
    out = small.ok("sdxinfo -S -c Class2").out
    assert out.splitlines()[2:] == [
        "slice Class2 Group2 Disk21 Volume21 ACTIVE",
        "slice Class2 Group2 Disk22 Volume21 ACTIVE",
    ]
    assert "Class1" not in small.ok("sdxinfo -c Class2").out
    assert small.ok("sdxinfo -C").out.splitlines()[2:] == ["class Class1 local node1 0",
                                                            "class Class2 local node1 0"]
    v = small.ok("sdxinfo -V -c Class2").out.splitlines()[2:]
    assert [r.split() for r in v] == [
        ["volume", "*", "Class2", "Group2", "*", "*", "0", "2047", "2048", "PRIVATE"],
        ["volume", "Volume21", "Class2", "Group2", "off", "on", "2048", "67583", "65536", "ACTIVE"],
        ["volume", "*", "Class2", "Group2", "*", "*", "67584", "131071", "63488", "FREE"],
    ]
    # an object of the other class is unknown within -c
    small.refused("sdxinfo -c Class2 -o Volume1", "Volume1: no such object")


def test_free_extent_between_volumes(small: Lab) -> None:
    small.ok("sdxvolume -M -c Class2 -g Group2 -v Volume22 -s 4M")
    small.ok("sdxvolume -F -c Class2 -v Volume21")
    small.ok("sdxvolume -R -c Class2 -v Volume21")
    rows = [r.split() for r in small.ok("sdxinfo -V -c Class2").out.splitlines()[2:]]
    assert [(r[1], r[6], r[7], r[8], r[9]) for r in rows] == [
        ("*", "0", "2047", "2048", "PRIVATE"),
        ("*", "2048", "67583", "65536", "FREE"),
        ("Volume22", "67584", "75775", "8192", "ACTIVE"),
        ("*", "75776", "131071", "55296", "FREE"),
    ]


def test_empty_workspace_prints_headers(empty_lab: Lab) -> None:
    empty_lab.ok("gdsview lab init --empty")
    out = empty_lab.ok("sdxinfo -S").out
    assert out == "OBJ CLASS GROUP DISK VOLUME STATUS\n--- ----- ----- ---- ------ ------\n"


@pytest.mark.parametrize(
    ("command", "prefix"),
    [
        ("sdxinfo -c NoSuchClass", "NoSuchClass: no such class"),
        ("sdxinfo -o NoSuchObject", "NoSuchObject: no such object"),
        ("sdxinfo -o Disk1.NoVolume", "Disk1.NoVolume: no such object"),
        ("sdxinfo -e short", "unknown -e parameter 'short'"),
        ("sdxinfo -X", "unknown option -X"),
        ("sdxinfo -c", "option -c needs a value"),
        ("sdxinfo -S extra", "unexpected argument 'extra'"),
        ("sdxinfo -c Bad/Name", ""),
    ],
)
def test_errors(demo: Lab, command: str, prefix: str) -> None:
    demo.refused(command, prefix)


def test_help(demo: Lab) -> None:
    assert demo.ok("sdxinfo --help").out.startswith("NAME\n    sdxinfo - ")
