"""gdsview restore, gdsview lab damage and the restore lesson (gdsview lab check --lesson restore)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from cli_lab import Lab
from gdsview.core.storage.workspace import Workspace
from gdsview.lab.service import Service
from proof_images import have_tools, make_sqlite_images
from test_cli_lab_cmds import small_volumes

A2 = "/dev/sfdsk/Class1/dsk/Disk2.Volume1"


def steps(out: str) -> dict[int, bool]:
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) > 1 and parts[0].isdigit() and parts[1] in ("[x]", "[", "[]"):
            found[int(parts[0])] = parts[1] == "[x]"
    return found


def clean_backup(lab: Lab, tmp_path: Path) -> Path:
    """The built-in service ran and stopped; Disk2's slice detached, backed up, attached again."""
    small_volumes(lab)
    lab.ok("gdsview service -c Class1 -v Volume1 --rate 16 --seconds 0.3")
    lab.ok("sdxslice -M -c Class1 -d Disk2 -v Volume1")
    backup = tmp_path / "b.img"
    lab.ok(f"gdsview backup {A2} {backup}")
    lab.ok("sdxslice -R -c Class1 -d Disk2 -v Volume1 -e waitsync")
    return backup


def volume_bytes(lab: Lab, volume: str = "Volume1") -> bytes:
    from gdsview.core.engine.volume_io import open_device
    with open_device(Workspace(lab.root), f"/dev/sfdsk/Class1/dsk/{volume}") as dev:
        return dev.pread(dev.size, 0)


def test_restore_lesson_with_the_builtin_service(lab: Lab, tmp_path: Path) -> None:
    backup = clean_backup(lab, tmp_path)
    r = lab.run(f"gdsview verify-backup {backup}")
    assert r.rc == 0 and r.out.startswith(f"{backup}: CLEAN"), r.out
    r = lab.run("gdsview lab check --lesson restore")
    assert r.rc == 1 and steps(r.out) == {1: True, 2: False, 3: False, 4: False, 5: False}, r.out
    r = lab.ok("gdsview lab damage -c Class1 -v Volume1")
    assert "overwritten with garbage" in r.out
    assert lab.run("gdsview verify -c Class1 -v Volume1").rc == 0  # damaged on both slices alike: mirrored
    r = lab.ok(f"gdsview restore {backup} -c Class1 -v Volume1")
    assert r.out.startswith("SDX:gdsview: INFO: Volume1: backup ") and "restored (16 MiB" in r.out
    assert volume_bytes(lab) == backup.read_bytes()
    lab.ok("gdsview verify -c Class1 -v Volume1")  # every slice holds the restored data
    r = lab.run("gdsview lab check --lesson restore")
    assert steps(r.out) == {1: True, 2: True, 3: True, 4: False, 5: False}, r.out
    lab.ok("gdsview service -c Class1 -v Volume1 --rate 16 --seconds 0.3")
    r = lab.run("gdsview lab check --lesson restore")
    assert r.rc == 0, r.out
    assert steps(r.out) == {n: True for n in range(1, 6)}
    assert r.out.splitlines()[0].startswith("Restore lesson (beyond the GDS guide), volume Volume1 in Class1")


def test_restore_refusals_change_nothing(lab: Lab, tmp_path: Path) -> None:
    backup = clean_backup(lab, tmp_path)
    before = volume_bytes(lab, "Volume2")
    r = lab.run(f"gdsview restore {backup} -c Class1 -v Volume2")  # 8 MiB < 16 MiB
    assert r.rc != 0 and "SDX:gdsview: ERROR: Class1: Volume2: volume is smaller than the backup" in r.err
    s = Service(Workspace(lab.root), "Class1", "Volume1", rate_mib_s=4, source="test")
    s.start()
    try:
        r = lab.run(f"gdsview restore {backup} -c Class1 -v Volume1")
        assert r.err.strip() == "SDX:gdsview: ERROR: Class1: Volume1: volume is in use"
    finally:
        s.stop()
    bad = tmp_path / "bad.img"
    bad.write_bytes(backup.read_bytes()[:-1] + b"x")
    Path(f"{bad}.sha256").write_text(Path(f"{backup}.sha256").read_text())
    r = lab.run(f"gdsview restore {bad} -c Class1 -v Volume2")
    assert "checksum mismatch" in r.err or "smaller" in r.err
    lab.ok("sdxvolume -M -c Class1 -g Group1 -v Volume3 -s 16M")
    after = volume_bytes(lab, "Volume3")
    r = lab.run(f"gdsview restore {bad} -c Class1 -v Volume3")
    assert r.rc != 0 and "backup checksum mismatch" in r.err and volume_bytes(lab, "Volume3") == after
    r = lab.run(f"gdsview restore {tmp_path / 'none.img'} -c Class1 -v Volume3")
    assert "no such backup file" in r.err
    assert volume_bytes(lab, "Volume2") == before


@pytest.mark.skipif(bool(have_tools()), reason=have_tools() or "")
def test_restore_a_sqlite_backup_into_a_new_volume(lab: Lab, tmp_path: Path) -> None:
    from gdsview.lab.restore_lesson import prove_volume
    image = make_sqlite_images(tmp_path)["clean"]
    small_volumes(lab)
    lab.ok("sdxvolume -M -c Class1 -g Group1 -v Volume3 -s 64M")
    r = lab.ok(f"gdsview restore {image} -c Class1 -v Volume3")
    assert "restored (64 MiB" in r.out
    assert hashlib.sha256(volume_bytes(lab, "Volume3")).hexdigest() == Path(f"{image}.sha256").read_text().split()[0]
    lab.ok("gdsview verify -c Class1 -v Volume3")
    report = prove_volume(Workspace(lab.root), "Class1", "Volume3")  # a loop mount of the volume's copy
    assert report.verdict.name == "CLEAN", report.text()
    assert report.check("invariant").found.startswith("holds: ")
