"""gdsview dd: the backup round trip through a detached slice, dd's operands, and what is refused."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from cli_lab import Lab
from gdsview.cli.dd import parse_number, transfer_line
from gdsview.core.engine.volume_io import open_device
from gdsview.core.errors import SdxError
from gdsview.core.model import SliceState, SliceStatus
from gdsview.core.storage.workspace import Workspace

MiB = 1 << 20
VOLUME1 = "/dev/sfdsk/Class1/dsk/Volume1"
SLICE = "/dev/sfdsk/Class1/dsk/Disk2.Volume1"


def pattern(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


def read_device(lab: Lab, path: str, offset: int, length: int) -> bytes:
    ws = Workspace(lab.root)
    try:
        with open_device(ws, path) as dev:
            return dev.pread(length, offset)
    finally:
        ws.close()


def test_backup_round_trip(lab: Lab, tmp_path: Path) -> None:
    """Write A, detach Disk2, write B, back up A from the access path, attach, verify, Disk2 holds A+B."""
    a, b = pattern(1, 3 * MiB), pattern(2, MiB + 512)
    (tmp_path / "a").write_bytes(a)
    (tmp_path / "b").write_bytes(b)
    r = lab.ok(f"gdsview dd if={tmp_path / 'a'} of={VOLUME1} bs=1M")
    assert r.out == ""
    lines = r.err.splitlines()
    assert lines[:2] == ["3+0 records in", "3+0 records out"]
    assert lines[2].startswith("3145728 bytes (3.1 MB, 3.0 MiB) copied, ")
    assert lines[2].endswith("B/s")

    assert lab.ok("sdxslice -M -c Class1 -d Disk2 -v Volume1").out.endswith(f"access path {SLICE}\n")
    # B goes to the volume (Disk1 only now), at 2 MiB: over the end of A and past it
    r = lab.ok(f"gdsview dd if={tmp_path / 'b'} of={VOLUME1} bs=1M seek=2")
    assert r.err.splitlines()[:2] == ["1+1 records in", "1+1 records out"]
    expected = a[: 2 * MiB] + b
    assert read_device(lab, VOLUME1, 0, len(expected)) == expected

    # the backup from the access path holds A, not B
    r = lab.ok(f"gdsview dd if={SLICE} of={tmp_path / 'backup'} bs=1M count=3")
    assert r.err.splitlines()[:2] == ["3+0 records in", "3+0 records out"]
    assert (tmp_path / "backup").read_bytes() == a

    out = lab.ok("sdxslice -R -c Class1 -s Disk2.Volume1 -e waitsync").out
    # JRM: only the regions B touched are copied (2 MiB + 512 bytes span regions 2 and 3)
    assert f"Disk2.Volume1: synchronization copying completed ({2 * MiB} bytes copied in " in out
    assert lab.slice("Disk2", "Volume1").status is SliceStatus.ACTIVE
    assert lab.ok("gdsview verify -c Class1 -v Volume1").out == (
        "Volume1: 2 slices identical (536870912 bytes compared)\n")

    # Disk2's slice holds A+B: detach it again and read it through its access path
    lab.ok("sdxslice -M -c Class1 -d Disk2 -v Volume1 -a mode=ro")
    lab.ok(f"gdsview dd if={SLICE} of={tmp_path / 'disk2'} bs=64K count={len(expected) // 65536 + 1}")
    data = (tmp_path / "disk2").read_bytes()
    assert data[: len(expected)] == expected
    assert data[len(expected):] == bytes(len(data) - len(expected))
    lab.ok("sdxslice -R -c Class1 -s Disk2.Volume1 -e waitsync")


def test_read_only_slice_refuses_writes(lab: Lab, tmp_path: Path) -> None:
    lab.ok("sdxslice -M -c Class1 -d Disk2 -v Volume2 -a mode=ro")
    path = "/dev/sfdsk/Class1/dsk/Disk2.Volume2"
    before = read_device(lab, path, 0, 2 * MiB)
    (tmp_path / "x").write_bytes(pattern(3, 2 * MiB))
    r = lab.refused(f"gdsview dd if={tmp_path / 'x'} of={path} bs=1M",
                    "Disk2.Volume2: slice was detached read only: cannot open its access path for writing")
    assert r.out == ""
    assert read_device(lab, path, 0, 2 * MiB) == before
    # reading it is fine
    lab.ok(f"gdsview dd if={path} of={tmp_path / 'y'} bs=1M count=2")
    assert (tmp_path / "y").read_bytes() == before


def test_temp_stop_slice_cannot_be_opened(lab: Lab, tmp_path: Path) -> None:
    lab.ok("sdxslice -M -c Class1 -d Disk2 -v Volume1")
    lab.ok("sdxslice -F -c Class1 -s Disk2.Volume1")
    lab.refused(f"gdsview dd if={SLICE} of={tmp_path / 'out'} bs=1M count=1",
                "Disk2.Volume1: slice is stopped (TEMP-STOP): its access path cannot be opened")
    assert not (tmp_path / "out").exists()  # nothing created either
    (tmp_path / "in").write_bytes(b"x" * 512)
    lab.refused(f"gdsview dd if={tmp_path / 'in'} of={SLICE}", "Disk2.Volume1: slice is stopped (TEMP-STOP)")
    lab.ok("sdxslice -N -c Class1 -s Disk2.Volume1")
    lab.ok(f"gdsview dd if={SLICE} of={tmp_path / 'out'} bs=1M count=1")
    assert (tmp_path / "out").stat().st_size == MiB


def test_other_refusals(lab: Lab, tmp_path: Path) -> None:
    (tmp_path / "in").write_bytes(b"z" * 4096)
    image = lab.image("sda")
    with open(image, "rb") as f:
        head = f.read(1 << 20)
    lab.refused(f"gdsview dd if={tmp_path / 'in'} of={image} conv=notrunc", f"{image}: is a file of the workspace")
    lab.refused(f"gdsview dd if={image} of={tmp_path / 'out'}", f"{image}: is a file of the workspace")
    (tmp_path / "link").symlink_to(image)
    lab.refused(f"gdsview dd if={tmp_path / 'in'} of={tmp_path / 'link'}", f"{tmp_path / 'link'}: is a file of")
    (tmp_path / "hard").hardlink_to(image)
    lab.refused(f"gdsview dd if={tmp_path / 'hard'} of={tmp_path / 'out'}", f"{tmp_path / 'hard'}: is a file of")
    lab.refused(f"gdsview dd if={tmp_path / 'in'} of={lab.root / 'gdsview.db'}", "")
    with open(image, "rb") as f:
        assert f.read(1 << 20) == head
    assert not (tmp_path / "out").exists()
    # a slice that is not detached has no access path; a stopped volume cannot be opened
    lab.refused(f"gdsview dd if={SLICE} of={tmp_path / 'out'}", "Disk2.Volume1: slice is not detached (ACTIVE)")
    lab.ok("sdxvolume -F -c Class1 -v Volume2")
    lab.refused(f"gdsview dd if=/dev/sfdsk/Class1/dsk/Volume2 of={tmp_path / 'out'}",
                "Volume2: volume is stopped: start it before opening it")
    lab.refused(f"gdsview dd if=/dev/sfdsk/Class1/dsk/Volume9 of={tmp_path / 'out'}", "Volume9: no such volume")
    lab.refused(f"gdsview dd if=/dev/sfdsk/Class1/Volume1 of={tmp_path / 'out'}", "/dev/sfdsk/Class1/Volume1: not a")
    lab.refused(f"gdsview dd if={tmp_path / 'missing'} of={tmp_path / 'out'}",
                f"{tmp_path / 'missing'}: cannot open for reading: No such file or directory")
    assert not (tmp_path / "out").exists()
    # writing past the end of the volume is refused before anything is written
    lab.refused(f"gdsview dd if={tmp_path / 'in'} of={VOLUME1} bs=1M seek=512",
                f"{VOLUME1}: cannot write 4096 bytes at offset 536870912: the device holds 536870912 bytes")
    lab.refused(f"gdsview dd if={VOLUME1} of={tmp_path / 'out'} bs=1M skip=513", f"{VOLUME1}: cannot skip")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("operands", "prefix"),
    [
        ("if=a of=b bs=0", "invalid block size bs=0"),
        ("if=a of=b bs=2G", "invalid block size bs=2G"),
        ("if=a of=b bs=x", "invalid number 'x' for bs"),
        ("if=a of=b count=-1", "invalid number '-1' for count"),
        ("if=a of=b conv=sync", "unsupported conversion conv=sync"),
        ("if=a of=b ibs=1", "unknown operand 'ibs=1'"),
        ("if=a of=b junk", "unknown operand 'junk'"),
        ("if=a if=b of=c", "operand if= given more than once"),
        ("if= of=b", "if= needs a file name"),
        ("if=a of=b status=loud", "invalid status=loud"),
    ],
)
def test_bad_operands(lab: Lab, operands: str, prefix: str) -> None:
    lab.refused(f"gdsview dd {operands}", prefix)


def test_plain_file_semantics(lab: Lab, tmp_path: Path) -> None:
    """count, skip, seek, bs suffixes, truncation (or not) of the output, as dd does."""
    src = tmp_path / "src"
    src.write_bytes(pattern(4, 10000))
    out = tmp_path / "out"
    out.write_bytes(b"\xee" * 20000)
    r = lab.ok(f"gdsview dd if={src} of={out} bs=1K skip=2 count=3 status=noxfer")
    assert r.err == "3+0 records in\n3+0 records out\n"
    assert out.read_bytes() == src.read_bytes()[2048:5120]  # truncated after the copy
    out.write_bytes(b"\xee" * 20000)
    lab.ok(f"gdsview dd if={src} of={out} bs=1K seek=1 conv=notrunc status=none")
    assert out.read_bytes() == b"\xee" * 1024 + src.read_bytes() + b"\xee" * (20000 - 11024)
    r = lab.ok(f"gdsview dd if={src} of={out} bs=4k")  # 10000 = 2 full blocks + 1808 bytes
    assert r.err.splitlines()[:2] == ["2+1 records in", "2+1 records out"]
    assert out.read_bytes() == src.read_bytes()
    # to and from the volume with a block size in dd's units
    lab.ok(f"gdsview dd if={src} of={VOLUME1} bs=2b seek=3 status=none")
    lab.ok(f"gdsview dd if={VOLUME1} of={out} bs=1024 skip=3 count=10 status=none")
    assert out.read_bytes() == src.read_bytes()[:10000] + bytes(240)
    # count defaults to the end of the input: the whole 256 MiB volume (sparse reads are quick)
    r = lab.ok(f"gdsview dd if=/dev/sfdsk/Class1/dsk/Volume2 of={out} bs=64M")
    assert r.err.splitlines()[:2] == ["4+0 records in", "4+0 records out"]
    assert out.stat().st_size == 256 * MiB


def test_numbers_and_summary() -> None:
    assert [parse_number(t, "bs") for t in ("512", "1K", "1M", "1G", "2b", "10c", "3w", "0")] == [
        512, 1024, MiB, 1 << 30, 1024, 10, 6, 0]
    with pytest.raises(SdxError):
        parse_number("1.5M", "bs")
    assert transfer_line(0, 0.5) == "0 bytes copied, 0.5 s, 0 B/s"
    assert transfer_line(1, 1.0) == "1 byte copied, 1 s, 1 B/s"
    assert transfer_line(536870912, 0.25) == "536870912 bytes (537 MB, 512 MiB) copied, 0.25 s, 2.1 GB/s"
    assert transfer_line(2048, 2.0) == "2048 bytes (2.0 kB, 2.0 KiB) copied, 2 s, 1.0 kB/s"


def test_writes_through_the_access_path_are_undone_by_attach(small: Lab, tmp_path: Path) -> None:
    """A read-write access path may be written; attaching copies those regions back from the volume."""
    volume, access = "/dev/sfdsk/Class2/dsk/Volume21", "/dev/sfdsk/Class2/dsk/Disk22.Volume21"
    (tmp_path / "a").write_bytes(pattern(5, 2 * MiB))
    (tmp_path / "c").write_bytes(pattern(6, 4096))
    small.ok(f"gdsview dd if={tmp_path / 'a'} of={volume} bs=1M status=none")
    small.ok("sdxslice -M -c Class2 -d Disk22 -v Volume21")
    small.ok(f"gdsview dd if={tmp_path / 'c'} of={access} bs=4K seek=2000 status=none")  # region 7 of 32
    assert read_device(small, access, 2000 * 4096, 4096) == (tmp_path / "c").read_bytes()
    r = small.run("gdsview verify -c Class2 -v Volume21")
    assert r.rc == 0  # the detached slice is not one of the valid slices compared
    out = small.ok("sdxslice -R -c Class2 -s Disk22.Volume21 -e waitsync").out
    assert f"Disk22.Volume21: synchronization copying completed ({MiB} bytes copied" in out
    assert small.ok("gdsview verify -c Class2 -v Volume21").out == (
        "Volume21: 2 slices identical (33554432 bytes compared)\n")
    assert read_device(small, volume, 0, 2 * MiB) == (tmp_path / "a").read_bytes()


def test_writes_during_a_background_copy(small: Lab, tmp_path: Path) -> None:
    """dd writes to the volume while a copy worker process copies into Disk22: the end result is in sync."""
    volume = "/dev/sfdsk/Class2/dsk/Volume21"
    small.ok("sdxslice -M -c Class2 -d Disk22 -v Volume21 -a jrm=off")
    small.ok("sdxslice -R -c Class2 -s Disk22.Volume21 -e delay=100")
    expected = bytearray(32 * MiB)
    for i, offset in enumerate((0, 9 * MiB + 4096, 17 * MiB - 512, 31 * MiB, 5 * MiB)):
        data = pattern(10 + i, 256 * 1024 + 512)
        (tmp_path / "w").write_bytes(data)
        small.ok(f"gdsview dd if={tmp_path / 'w'} of={volume} bs=512 seek={offset // 512} status=none")
        expected[offset: offset + len(data)] = data
    small.wait_state("Disk22", "Volume21", SliceState.ACTIVE, "Class2")
    assert small.ok("gdsview verify -c Class2 -v Volume21").rc == 0
    small.ok(f"gdsview dd if={volume} of={tmp_path / 'all'} bs=4M status=none")
    assert (tmp_path / "all").read_bytes() == bytes(expected)


def test_dd_to_a_file_leaves_the_holes(lab: Lab, tmp_path: Path) -> None:
    """Volume2 (256 MiB) is all holes but 1 MiB: the copy holds its bytes and stores about 1 MiB."""
    data = pattern(7, MiB)
    (tmp_path / "data").write_bytes(data)
    lab.ok(f"gdsview dd if={tmp_path / 'data'} of=/dev/sfdsk/Class1/dsk/Volume2 bs=1M seek=100")
    out = tmp_path / "v2.img"
    r = lab.ok(f"gdsview dd if=/dev/sfdsk/Class1/dsk/Volume2 of={out} bs=64K")
    assert r.err.splitlines()[:2] == ["4096+0 records in", "4096+0 records out"]
    assert out.stat().st_size == 256 * MiB
    assert out.stat().st_blocks * 512 <= 2 * MiB
    with open(out, "rb") as f:
        f.seek(100 * MiB)
        assert f.read(MiB) == data
        f.seek(0)
        assert f.read(MiB) == bytes(MiB)


def test_dd_conv_notrunc_overwrites_old_bytes_with_the_zeros(lab: Lab, tmp_path: Path) -> None:
    out = tmp_path / "old.img"
    out.write_bytes(b"\xff" * (2 * MiB))
    lab.ok(f"gdsview dd if=/dev/sfdsk/Class1/dsk/Volume2 of={out} bs=1M count=2 conv=notrunc")
    assert out.read_bytes() == bytes(2 * MiB)
    out.write_bytes(b"\xff" * (4 * MiB))
    lab.ok(f"gdsview dd if=/dev/sfdsk/Class1/dsk/Volume2 of={out} bs=1M count=2")  # truncated: holes
    assert out.read_bytes() == bytes(2 * MiB)
