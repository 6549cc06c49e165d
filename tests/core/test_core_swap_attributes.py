"""Swap Physical Disk (sdxswap -O / -I) and Change Attributes (sdxattr): the allowed paths and GDS's refusals."""

from __future__ import annotations

import pytest
from gdsview.core.engine.slice_state import TRANSITIONS, Change
from gdsview.core.errors import SdxError
from gdsview.core.events import EventKind
from gdsview.core.model import AccessMode, DiskStatus, SliceState, SliceStatus, VolumeStatus
from gdsview.core.policy import rules
from gdsview.core.storage.images import zero_range
from gdsview.lab import disk_failure
from workspace_helpers import apath, assert_refused, pattern, vpath

C = "Class1"


def disk_status(lab, disk: str) -> DiskStatus:
    return lab.manager.snapshot().disk(C, disk).status


def states(lab, disk: str) -> dict[str, SliceState]:
    return {s.volume: s.state for s in lab.manager.snapshot().slices if s.disk == disk}


# -- sdxswap -O -------------------------------------------------------------------------------
def test_swap_out_makes_the_disk_swap_and_its_slices_nouse(lab) -> None:
    assert lab.manager.swap_out_disk(C, "Disk2") == ["Volume1", "Volume2"]
    assert disk_status(lab, "Disk2") is DiskStatus.SWAP
    assert states(lab, "Disk2") == {"Volume1": SliceState.NOUSE, "Volume2": SliceState.NOUSE}
    assert lab.slice("Disk2").status is SliceStatus.NOUSE
    assert lab.volume().status is VolumeStatus.ACTIVE
    # writes now reach Disk1 only; the NOUSE slice is left as it was
    before = lab.slice_bytes("Disk2", length=4096)
    lab.write(vpath(), pattern(1, 4096), 0)
    assert lab.slice_bytes("Disk1", length=4096) == pattern(1, 4096)
    assert lab.slice_bytes("Disk2", length=4096) == before
    assert lab.manager.events()[-1].kind is EventKind.DISK_SWAP_OUT


def test_swap_out_refuses_the_disk_holding_the_only_valid_slice(lab) -> None:
    lab.manager.swap_out_disk(C, "Disk2")
    assert_refused(lab, lab.manager.swap_out_disk, C, "Disk1", match="only valid slice of volume Volume1")


def test_swap_out_refuses_a_disk_with_a_detached_slice(lab) -> None:
    lab.manager.detach_slice(C, "Disk2", "Volume2")
    assert_refused(lab, lab.manager.swap_out_disk, C, "Disk2", match="Disk2.Volume2 is detached")


def test_swap_out_refuses_twice_and_unknown_disks(lab) -> None:
    lab.manager.swap_out_disk(C, "Disk2")
    assert_refused(lab, lab.manager.swap_out_disk, C, "Disk2", match="already swapped out")
    assert_refused(lab, lab.manager.swap_out_disk, C, "Disk9", match="no such disk")


def test_swap_out_of_a_failed_disk(lab) -> None:
    disk_failure.fail_disk(lab.ws, "sdb")
    lab.write(vpath(), pattern(2, 4096), 0)  # the next I/O finds the failure
    assert disk_status(lab, "Disk2") is DiskStatus.DISABLE
    assert lab.slice("Disk2").state is SliceState.INVALID
    lab.manager.swap_out_disk(C, "Disk2")
    assert states(lab, "Disk2") == {"Volume1": SliceState.NOUSE, "Volume2": SliceState.NOUSE}


def test_no_volume_is_made_in_a_group_with_a_swapped_disk(lab) -> None:
    lab.manager.swap_out_disk(C, "Disk2")
    assert_refused(lab, lab.manager.create_volume, C, "Group1", "Volume3", 2048, match="swapped out (SWAP)")


# -- the whole lesson: fail, swap out, replace, swap in ----------------------------------------
def test_failed_disk_replaced_and_swapped_in_is_copied_in_full(lab) -> None:
    data = pattern(3, 1 << 20)
    lab.write(vpath(), data, 0)
    disk_failure.fail_disk(lab.ws, "sdb")
    lab.write(vpath(), data, 1 << 20)
    lab.manager.swap_out_disk(C, "Disk2")
    # still failing: GDS reads the disk it takes into use, so swapping in is refused
    assert_refused(lab, lab.manager.swap_in_disk, C, "Disk2", match="cannot read physical disk sdb")
    disk_failure.replace_disk(lab.ws, lab.manager.snapshot(), "sdb")
    assert lab.slice_bytes("Disk2", length=1 << 20) == bytes(1 << 20)  # a new, empty disk
    assert lab.manager.swap_in_disk(C, "Disk2") == ["Volume1", "Volume2"]  # the inline launcher copied
    assert disk_status(lab, "Disk2") is DiskStatus.ENABLE
    assert states(lab, "Disk2") == {"Volume1": SliceState.ACTIVE, "Volume2": SliceState.ACTIVE}
    assert lab.slice_bytes("Disk2") == lab.slice_bytes("Disk1")
    kinds = [e.kind for e in lab.manager.events()]
    assert kinds.index(EventKind.DISK_SWAP_OUT) < kinds.index(EventKind.DISK_SWAP_IN) < len(kinds) - 1


def test_replace_refuses_a_disk_in_use(lab) -> None:
    with pytest.raises(SdxError, match="swap it out first"):
        disk_failure.replace_disk(lab.ws, lab.manager.snapshot(), "sdb")


def test_swap_in_refuses_a_disk_not_swapped_out_and_a_smaller_replacement(lab) -> None:
    assert_refused(lab, lab.manager.swap_in_disk, C, "Disk2", match="only a swapped-out (SWAP) disk")
    lab.manager.swap_out_disk(C, "Disk2")
    image = lab.image("Disk2")
    size = image.stat().st_size
    with open(image, "r+b") as f:
        f.truncate(size // 2)
    assert_refused(lab, lab.manager.swap_in_disk, C, "Disk2", match="smaller than the disk it replaces")
    with open(image, "r+b") as f:
        f.truncate(size)


def test_swap_in_of_a_stopped_volume_copies_when_it_starts(lab) -> None:
    lab.manager.stop_volume(C, "Volume2")
    lab.manager.swap_out_disk(C, "Disk2")
    assert lab.manager.swap_in_disk(C, "Disk2") == ["Volume1"]
    assert states(lab, "Disk2") == {"Volume1": SliceState.ACTIVE, "Volume2": SliceState.INVALID}
    lab.manager.start_volume(C, "Volume2")
    assert lab.slice("Disk2", "Volume2").state is SliceState.ACTIVE


def test_swap_rules_follow_the_transition_table(lab) -> None:
    """Only the table's source states may be swapped out; swapping in starts from NOUSE only."""
    assert TRANSITIONS[Change.SWAP_OUT].targets == {SliceState.NOUSE}
    assert TRANSITIONS[Change.SWAP_IN].sources == {SliceState.NOUSE}
    lab.manager.swap_out_disk(C, "Disk2")
    assert rules.swap_out_disk(lab.manager.snapshot(), C, "Disk2") is not None


# -- sdxattr ----------------------------------------------------------------------------------
def test_volume_jrm_off_and_on(lab) -> None:
    lab.manager.change_volume_attributes(C, "Volume1", jrm=False)
    assert lab.volume().jrm is False
    lab.manager.change_volume_attributes(C, "Volume1", jrm=True)
    assert lab.volume().jrm is True
    assert lab.manager.events()[-1].kind is EventKind.VOLUME_ATTRIBUTES


def test_volume_jrm_off_heals_the_whole_volume_after_a_crash(lab) -> None:
    """A writer died over one region: with JRM on, one region is copied; off, every region is."""
    from gdsview.core.engine.healing import recover_volume
    from gdsview.core.storage.jrm import JrmMap

    for jrm, expected in ((True, 1), (False, 16)):
        lab.manager.change_volume_attributes(C, "Volume1", jrm=jrm)
        vid = lab.ws.store.connection().execute("SELECT id FROM volumes WHERE name = 'Volume1'").fetchone()[0]
        with JrmMap.open_or_create(lab.ws.volume_jrm_path(vid), vid, 16) as vmap:
            vmap.mark(3, 1)
        assert recover_volume(lab.ws, C, "Volume1", source="test").regions == expected


def test_volume_rename_needs_a_stopped_volume(lab) -> None:
    assert_refused(lab, lab.manager.change_volume_attributes, C, "Volume1", name="Data", match="stop it")
    lab.manager.stop_volume(C, "Volume1")
    assert_refused(lab, lab.manager.change_volume_attributes, C, "Volume1", name="Volume2", match="already used")
    lab.manager.change_volume_attributes(C, "Volume1", name="Data")
    assert lab.volume("Data") is not None and lab.volume("Volume1") is None
    lab.manager.start_volume(C, "Data")
    lab.write(vpath("Data"), pattern(4, 512), 0)
    assert lab.read(vpath("Data"), 512) == pattern(4, 512)


def test_slice_jrm_off_makes_the_attach_copy_everything(idle_lab) -> None:
    lab = idle_lab
    lab.manager.detach_slice(C, "Disk2", "Volume1")
    lab.manager.change_slice_attributes(C, "Disk2", "Volume1", jrm=False)
    assert lab.slice("Disk2").jrm is False
    assert_refused(lab, lab.manager.change_slice_attributes, C, "Disk2", "Volume1", jrm=True,
                   match="can only be turned off")
    lab.manager.attach_slice(C, "Disk2", "Volume1")
    assert lab.slice("Disk2").copy.total_blocks == lab.volume().blocks


def test_slice_mode_changes_only_while_stopped(lab) -> None:
    lab.manager.detach_slice(C, "Disk2", "Volume1")
    assert_refused(lab, lab.manager.change_slice_attributes, C, "Disk2", "Volume1", mode=AccessMode.RO,
                   match="stop it (sdxslice -F)")
    lab.manager.stop_slice(C, "Disk2", "Volume1")
    lab.manager.change_slice_attributes(C, "Disk2", "Volume1", mode=AccessMode.RO)
    lab.manager.activate_slice(C, "Disk2", "Volume1")
    assert lab.slice("Disk2").access_mode is AccessMode.RO
    with pytest.raises(SdxError, match="read only"):
        lab.write(apath("Disk2"), b"x" * 512, 0)
    assert_refused(lab, lab.manager.change_slice_attributes, C, "Disk1", "Volume1", jrm=False,
                   match="only a detached")


def test_disk_group_and_class_renames(lab) -> None:
    assert_refused(lab, lab.manager.change_disk_attributes, C, "Disk1", name="DiskA", match="disconnect it first")
    lab.manager.register_disk(C, "sdc", "Disk3")
    lab.manager.change_disk_attributes(C, "Disk3", name="Backup")
    assert lab.manager.snapshot().disk(C, "Backup").device == "sdc"
    assert_refused(lab, lab.manager.change_group_attributes, C, "Group1", name="Mirror", match="started volume")
    assert_refused(lab, lab.manager.change_class_attributes, C, name="Class2", match="started volume")
    for v in ("Volume1", "Volume2"):
        lab.manager.stop_volume(C, v)
    lab.manager.change_group_attributes(C, "Group1", name="Mirror")
    lab.manager.change_class_attributes(C, name="Class2")
    snap = lab.manager.snapshot()
    assert [c.name for c in snap.classes] == ["Class2"]
    assert snap.volume("Class2", "Volume1").group == "Mirror"


def test_zero_range_keeps_the_file(tmp_path) -> None:
    """replace_disk relies on this: the image stays the same file (open descriptors see the zeros)."""
    path = tmp_path / "x.img"
    path.write_bytes(b"\xff" * 8192)
    ino = path.stat().st_ino
    with open(path, "r+b") as f:
        zero_range(f.fileno(), 0, 8192)
    assert path.stat().st_ino == ino and path.read_bytes() == bytes(8192)
