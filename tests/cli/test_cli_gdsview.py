"""gdsview: lab init, disk create/list, verify, the GUI entry point, and --workspace."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import pytest
from cli_lab import Lab
from gdsview.cli import gdsview_cmd
from gdsview.core.model import VolumeStatus


def test_lab_init_demo(empty_lab: Lab) -> None:
    r = empty_lab.ok("gdsview lab init")
    assert r.out.startswith(f"SDX:gdsview: INFO: {empty_lab.root}: demo lab created: physical disks "
                            "sda (1 GiB, 180 MiB/s),")
    snap = empty_lab.snap()
    # the demo's disks are as fast as real disks, so that waiting for a copy is a real wait
    assert [(p.name, p.size_bytes, p.disk_name, p.speed_bps) for p in snap.physical_disks] == [
        ("sda", 1 << 30, "Disk1", 180 << 20), ("sdb", 1 << 30, "Disk2", 180 << 20), ("sdc", 1 << 30, None, 180 << 20)]
    assert [(v.name, v.size_bytes, v.status) for v in snap.volumes] == [
        ("Volume1", 512 << 20, VolumeStatus.ACTIVE), ("Volume2", 256 << 20, VolumeStatus.ACTIVE)]
    # the images are sparse
    assert all(os.stat(empty_lab.image(n)).st_blocks * 512 < (16 << 20) for n in ("sda", "sdb", "sdc"))
    # a second init is refused and changes nothing
    empty_lab.refused("gdsview lab init --demo", f"{empty_lab.root}: workspace is not empty")


def test_lab_init_empty(empty_lab: Lab) -> None:
    out = empty_lab.ok("gdsview lab init --empty").out
    assert out == f"SDX:gdsview: INFO: {empty_lab.root}: empty workspace ready\n"
    snap = empty_lab.snap()
    assert snap.classes == () and snap.physical_disks == ()
    empty_lab.refused("gdsview lab init --demo --empty", "argument --empty: not allowed with argument --demo")


def test_disk_create_and_list(lab: Lab) -> None:
    r = lab.ok("gdsview disk create sdd --size 64M --speed 150M")
    assert r.out == (f"SDX:gdsview: INFO: sdd: physical disk created (64 MiB, 131072 blocks, sparse, 150 MiB/s): "
                     f"{lab.image('sdd')}\n")
    assert lab.image("sdd").stat().st_size == 64 << 20
    lab.ok("gdsview disk create sde")  # 1 GiB and 180 MiB/s by default, as the demo disks
    lab.ok("sdxdisk -M -c Class2 -d sdd=Disk21")
    assert lab.ok("gdsview disk speed sdc 1G").out == "SDX:gdsview: INFO: sdc: physical disk speed set to 1 GiB/s\n"
    assert lab.ok("gdsview disk list").out == (
        "NAME SIZE   SPEED     CLASS  DISK\n"
        "---- ------ --------- ------ ------\n"
        "sda  1 GiB  unlimited Class1 Disk1\n"
        "sdb  1 GiB  unlimited Class1 Disk2\n"
        "sdc  1 GiB  1 GiB/s   *      *\n"
        "sdd  64 MiB 150 MiB/s Class2 Disk21\n"
        "sde  1 GiB  180 MiB/s *      *\n"
    )


@pytest.mark.parametrize(
    ("command", "prefix"),
    [
        ("gdsview disk create sdd --size 1M", "sdd: disk size must be a multiple of 512 bytes and at least 2 MiB"),
        ("gdsview disk create sda --size 64M", "sda: physical disk already exists"),
        ("gdsview disk create bad/name --size 64M", "bad/name: invalid physical disk name"),
        ("gdsview disk create sdd --size huge", "invalid size 'huge'"),
        ("gdsview disk create sdd --speed fast", "invalid speed 'fast'"),
        ("gdsview disk speed sdz 180M", "sdz: no such physical disk"),
        ("gdsview disk speed sda 10K", "disk speed must be between 1 MiB/s and 100 GiB/s, or unlimited"),
        ("gdsview disk", "the following arguments are required: ACTION"),
        ("gdsview disk erase sda", "argument ACTION: invalid choice: 'erase'"),
        ("gdsview frobnicate", "argument COMMAND: invalid choice: 'frobnicate'"),
        ("gdsview verify -c Class1", "the following arguments are required: -v"),
        ("gdsview verify -c Class9 -v Volume1", "Class9: no such class"),
        ("gdsview verify -c Class1 -v Volume9", "Volume9: no such volume"),
        ("gdsview disk list --long", "unrecognized arguments: --long"),
        ("gdsview --bogus", "unrecognized arguments: --bogus"),
        ("gdsview lab check extra", "unrecognized arguments: extra"),
        ("gdsview lab check -- -style fusion", "options after -- are Qt's, for the GUI only: '-style'"),
    ],
)
def test_errors(demo: Lab, command: str, prefix: str) -> None:
    demo.refused(command, prefix)


def test_verify_identical_and_different(small: Lab) -> None:
    assert small.ok("gdsview verify -c Class2 -v Volume21").out == (
        "Volume21: 2 slices identical (33554432 bytes compared)\n")
    # change Disk22's copy behind the backend's back: the slices differ
    v = small.snap().volume("Class2", "Volume21")
    with open(small.image("sde"), "r+b") as f:
        f.seek(v.first_block * 512 + 8192)
        f.write(b"\xff" * 4096)
        f.seek(v.first_block * 512 + (20 << 20))
        f.write(b"\x01")
    r = small.run("gdsview verify -c Class2 -v Volume21")
    assert r.rc == 1
    assert r.out == (
        "Volume21: slices Disk21.Volume21, Disk22.Volume21 differ in 2 ranges (8192 bytes):\n"
        "  offset 8192 (block 16), length 4096 bytes (8 blocks)\n"
        "  offset 20971520 (block 40960), length 4096 bytes (8 blocks)\n"
    )
    assert r.err == "SDX:gdsview: ERROR: Volume21: the valid slices differ\n"
    # a detached slice is not compared
    small.ok("sdxslice -M -c Class2 -d Disk22 -v Volume21")
    assert small.ok("gdsview verify -c Class2 -v Volume21").out == (
        "Volume21: only 1 valid slice (Disk21.Volume21), nothing to compare (33554432 bytes read)\n")


def test_workspace_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("GDSVIEW_HOME", str(tmp_path / "elsewhere"))
    other = tmp_path / "other"
    lab = Lab(other, capsys)
    lab.ok(["gdsview", "--workspace", str(other), "lab", "init", "--empty"])
    lab.ok(["gdsview", "--workspace", str(other), "disk", "create", "sdx", "--size", "4M"])
    assert (other / "disks" / "sdx.img").exists()
    listed = lab.ok(["gdsview", "--workspace", str(other), "disk", "list"]).out.splitlines()
    assert listed[2] == "sdx  4 MiB 180 MiB/s *     *"
    assert not (tmp_path / "elsewhere").exists()


@pytest.fixture
def fake_gui(monkeypatch: pytest.MonkeyPatch) -> list:
    calls: list = []
    module = types.ModuleType("gdsview.ui.app")

    def run_gui(workspace, argv):
        calls.append((workspace, argv))
        return 0

    module.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gdsview.ui.app", module)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    return calls


def test_gui_is_the_default(fake_gui: list, capsys: pytest.CaptureFixture[str]) -> None:
    assert gdsview_cmd.main([]) == 0
    assert gdsview_cmd.main(["--workspace", "/tmp/w1"]) == 0
    assert gdsview_cmd.main(["gui"]) == 0
    assert gdsview_cmd.main(["gui", "--workspace", "/tmp/w2"]) == 0
    assert gdsview_cmd.main(["--workspace", "/tmp/w3", "gui"]) == 0
    assert [w for w, _ in fake_gui] == [None, "/tmp/w1", None, "/tmp/w2", "/tmp/w3"]
    assert all(argv == [] for _, argv in fake_gui)
    # Qt's own options go after --; an option gdsview does not know is a usage error, not Qt's
    assert gdsview_cmd.main(["gui", "--", "-platform", "offscreen"]) == 0
    assert fake_gui[-1] == (None, ["-platform", "offscreen"])
    assert gdsview_cmd.main(["-platform", "offscreen"]) == 2
    assert gdsview_cmd.main(["--bogus"]) == 2
    assert len(fake_gui) == 6  # neither started the GUI
    err = capsys.readouterr().err
    assert err.startswith("usage: gdsview ") and err.rstrip().endswith("(run 'gdsview --help' for the usage)")


def test_gui_missing(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "gdsview.ui.app", None)  # import fails
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert gdsview_cmd.main(["gui"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("SDX:gdsview: ERROR: the GUI is not available: ")
    assert err.count("\n") == 1


def test_gui_without_a_display(fake_gui: list, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert gdsview_cmd.main([]) == 1
    assert capsys.readouterr().err == ("SDX:gdsview: ERROR: no display: the GUI needs DISPLAY or WAYLAND_DISPLAY"
                                       " (or QT_QPA_PLATFORM=offscreen)\n")
    assert fake_gui == []


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert gdsview_cmd.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: gdsview" in out and "verify" in out and "dd" in out
    assert gdsview_cmd.main(["dd", "--help"]) == 0
    assert "/dev/sfdsk/<class>/dsk/<disk>.<volume>" in capsys.readouterr().out
