"""Verify Backup's proofs on images made by hand: clean, hot (crash consistent) and damaged backups."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from gdsview.lab.backup import checksum_path, verify_backup
from gdsview.lab.proofs import Verdict
from proof_images import (
    block_size,
    copy_image,
    file_offsets,
    flip,
    have_tools,
    make_sqlite_images,
)

pytestmark = pytest.mark.skipif(bool(have_tools()), reason=have_tools() or "")


@pytest.fixture(scope="module")
def sqlite_images(tmp_path_factory):
    return make_sqlite_images(tmp_path_factory.mktemp("sqlite"))


def found(check, name: str) -> str:
    c = check.proofs.check(name)
    assert c is not None, check.summary()
    return c.found


def verdicts(check) -> dict[str, Verdict]:
    return {c.name: c.verdict for c in check.proofs.checks}


def test_postgresql_stopped_cleanly_is_clean(pg_images):
    before = pg_images["clean"].read_bytes()
    check = verify_backup(pg_images["clean"])
    assert check.verdict is Verdict.CLEAN, check.summary()
    assert "shut down cleanly" in found(check, "postgresql state")
    assert found(check, "postgresql start") == "started without recovery"
    assert found(check, "invariant").startswith("holds: ")
    assert found(check, "pg_amcheck") == "no corruption"
    assert found(check, "journal").startswith("clean on disk")
    assert check.summary().splitlines()[-1] == "Verdict: CLEAN: consistent as it is, without any recovery"
    assert pg_images["clean"].read_bytes() == before  # the backup itself is never written to


def test_postgresql_copied_hot_needs_recovery(pg_images):
    check = verify_backup(pg_images["hot"])
    assert check.verdict is Verdict.RECOVERED, check.summary()
    v = verdicts(check)
    assert v["journal"] is v["postgresql state"] is v["postgresql start"] is Verdict.RECOVERED
    assert v["invariant"] is v["fsck"] is v["pg_amcheck"] is Verdict.CLEAN
    assert "in production" in found(check, "postgresql state")
    assert "crash recovery (WAL replayed" in found(check, "postgresql start")
    assert "the GDS guide, section 7.7.1, says to stop services before Detach Slice" in check.summary()
    assert "only crash consistent" in check.summary()


def test_postgresql_damaged_table_is_caught_by_the_proof(pg_images, tmp_path):
    image = copy_image(pg_images["clean"], tmp_path / "damaged.img")
    relpath = pg_images["accounts"].read_text().strip()
    offsets = file_offsets(image, f"/pgdata/{relpath}")
    assert offsets
    for offset in offsets:
        flip(image, offset)  # and its checksum is written again: only the proof can tell
    check = verify_backup(image)
    assert check.checksum_ok
    assert check.verdict is Verdict.DAMAGED, check.summary()
    assert verdicts(check)["invariant"] is Verdict.DAMAGED
    assert check.summary().splitlines()[-1].startswith("Verdict: DAMAGED")


def test_checksum_mismatch_is_damaged_and_the_proofs_still_say_what_they_find(pg_images, tmp_path):
    image = copy_image(pg_images["clean"], tmp_path / "bad.img")
    checksum_path(image).write_text("0" * 64 + "  bad.img\n")
    check = verify_backup(image)
    assert check.verdict is Verdict.DAMAGED and not check.checksum_ok
    assert "MISMATCH" in found(check, "checksum")
    assert found(check, "invariant").startswith("holds: ")  # the data is fine: only the checksum file is wrong


def test_damaged_file_system_is_caught_by_fsck(pg_images, tmp_path):
    image = copy_image(pg_images["clean"], tmp_path / "fs.img")
    # the first block group's inode table, from dumpe2fs: its first inodes (the root folder's among them)
    out = subprocess.run(["dumpe2fs", str(image)], capture_output=True, text=True).stdout
    line = next(ln for ln in out.splitlines() if "Inode table at" in ln)
    first = int(line.split("Inode table at")[1].split("-")[0].strip())
    flip(image, first * block_size(image), 8192)
    check = verify_backup(image)
    assert check.verdict is Verdict.DAMAGED, check.summary()
    assert verdicts(check)["fsck"] is Verdict.DAMAGED


def test_sqlite_closed_cleanly_is_clean(sqlite_images):
    check = verify_backup(sqlite_images["clean"])
    assert check.verdict is Verdict.CLEAN, check.summary()
    assert found(check, "sqlite wal") == "no WAL frames: closed cleanly"
    assert found(check, "integrity") == "ok"
    assert found(check, "invariant").startswith("holds: ")


def test_sqlite_copied_open_needs_recovery(sqlite_images):
    check = verify_backup(sqlite_images["hot"])
    assert check.verdict is Verdict.RECOVERED, check.summary()
    assert "frames: the database was open" in found(check, "sqlite wal")
    assert found(check, "invariant").startswith("holds: ")


def test_sqlite_damaged_database_is_caught(sqlite_images, tmp_path):
    image = copy_image(sqlite_images["clean"], tmp_path / "damaged.img")
    for offset in file_offsets(image, "/sqlite/service.db")[1:]:
        flip(image, offset)
    check = verify_backup(image)
    assert check.checksum_ok
    assert check.verdict is Verdict.DAMAGED, check.summary()


def test_the_proofs_leave_nothing_behind(pg_images, tmp_path):
    image = copy_image(pg_images["hot"], tmp_path / "again.img")
    before = _loops()
    verify_backup(image)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.img", "again.img.sha256"]
    assert _loops() == before
    assert "gdsview-proof-mnt" not in open("/proc/mounts").read()
    assert shutil.which("losetup")


def _loops() -> str:
    return subprocess.run(["losetup", "-a"], capture_output=True, text=True).stdout


def test_xfs_clean_and_with_a_dirty_log(tmp_path):
    """xfs (File System Configuration may make one): a clean copy, and one copied while mounted."""
    if shutil.which("mkfs.xfs") is None:
        pytest.skip("xfsprogs is not installed")
    live = tmp_path / "live.img"
    with open(live, "wb") as f:
        f.truncate(320 << 20)
    subprocess.run(["mkfs.xfs", "-q", str(live)], check=True)
    with mounted_xfs(live) as mnt:
        for i in range(40):
            (mnt / f"f{i}").write_text("data")
        subprocess.run(["sync", "-f", str(mnt)], check=True)
        (mnt / "later").write_bytes(b"x" * 65536)
        os.sync()
        hot = copy_image(live, tmp_path / "hot.img")
    clean = copy_image(live, tmp_path / "clean.img")
    check = verify_backup(clean)
    assert check.verdict is Verdict.CLEAN, check.summary()
    assert found(check, "service").startswith("no database found")
    check = verify_backup(hot)
    assert check.verdict is Verdict.RECOVERED, check.summary()
    assert found(check, "journal").startswith("the log was dirty")
    assert verdicts(check)["fsck"] is Verdict.CLEAN


@contextmanager
def mounted_xfs(image):
    with ExitStack() as stack:
        mnt = Path(tempfile.mkdtemp(prefix="gdsview-test-mnt-"))
        stack.callback(shutil.rmtree, mnt, True)
        loop = subprocess.run(["losetup", "--find", "--show", str(image)], check=True, capture_output=True,
                              text=True).stdout.strip()
        stack.callback(subprocess.run, ["losetup", "-d", loop])
        subprocess.run(["mount", loop, str(mnt)], check=True)
        stack.callback(subprocess.run, ["umount", str(mnt)])
        yield mnt
