"""The volume JRM: regions a mirrored write was in flight over when its writer died are healed."""

from __future__ import annotations

import threading

from gdsview.cli import gdsview_cmd
from gdsview.core.engine.healing import recover_volume, volumes_needing_recovery
from gdsview.core.engine.verify import verify_volume
from gdsview.core.model import SliceState
from gdsview.core.names import MiB
from gdsview.core.storage.jrm import HEADER_SIZE, JrmMap
from gdsview.core.storage.locks import RegionLock
from workspace_helpers import pattern, vpath

C = "Class1"


def volume_id(lab, volume: str = "Volume1") -> int:
    return lab.ws.store.connection().execute("SELECT id FROM volumes WHERE name = ?", (volume,)).fetchone()[0]


def vmap_bytes(lab) -> bytes:
    return lab.ws.volume_jrm_path(volume_id(lab)).read_bytes()[HEADER_SIZE:]


def dead_writer(lab, region: int) -> bytes:
    """What a writer killed between its two slice writes leaves: the bit set, Disk1 new, Disk2 old."""
    lab.write(vpath(), b"\0", 0)  # makes the map
    path = lab.ws.volume_jrm_path(volume_id(lab))
    with JrmMap.open(path, volume_id(lab), lab.volume().size_bytes // MiB) as vmap:
        vmap.mark(region, 1)
    new = pattern(region, 3000)
    lab.poke_slice("Disk1", new, region * MiB + 100)
    return new


def test_a_completed_write_leaves_the_map_clean(lab) -> None:
    lab.write(vpath(), pattern(1, 3 * MiB), MiB // 2)
    assert set(vmap_bytes(lab)) == {0}
    assert volumes_needing_recovery(lab.ws) == []


def test_recover_volume_copies_marked_regions_from_the_first_valid_slice(lab) -> None:
    new = dead_writer(lab, 5)
    assert not verify_volume(lab.ws, C, "Volume1").ok
    assert volumes_needing_recovery(lab.ws) == [(C, "Volume1")]
    result = recover_volume(lab.ws, C, "Volume1", source="test")
    assert (result.regions, result.source, result.left) == (1, "Disk1.Volume1", 0)
    assert verify_volume(lab.ws, C, "Volume1").ok
    assert lab.slice_bytes("Disk2", offset=5 * MiB + 100, length=3000) == new
    assert set(vmap_bytes(lab)) == {0}
    [event] = [e for e in lab.manager.events() if e.kind == "volume-recover"]
    assert "resynchronized from Disk1.Volume1" in event.text
    assert recover_volume(lab.ws, C, "Volume1").regions == 0  # idempotent


def test_the_next_write_over_a_marked_region_heals_it_first(lab) -> None:
    dead_writer(lab, 7)
    lab.write(vpath(), b"w" * 512, 7 * MiB + 600_000)
    assert verify_volume(lab.ws, C, "Volume1").ok


def test_a_configuration_change_heals_before_it_applies(lab) -> None:
    new = dead_writer(lab, 3)
    lab.manager.detach_slice(C, "Disk2", "Volume1")  # the snapshot must not keep half a write
    assert lab.slice_bytes("Disk2", offset=3 * MiB + 100, length=3000) == new
    lab.manager.attach_slice(C, "Disk2", "Volume1")
    assert verify_volume(lab.ws, C, "Volume1").ok


def test_detach_after_a_crash_starts_from_equal_slices(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    new = dead_writer(lab, 9)
    m.detach_slice(C, "Disk2", "Volume1")
    with JrmMap.open(lab.jrm_path("Disk2"), lab.slice_id("Disk2"), 16) as smap:
        assert smap.bitmap()[9] == 0  # healed before the detach: nothing to copy for it later
    assert lab.slice("Disk2").state is SliceState.TEMP
    assert lab.slice_bytes("Disk2", offset=9 * MiB + 100, length=3000) == new


def test_recovery_waits_for_a_live_writer(lab) -> None:
    lab.write(vpath(), b"\0", 0)
    vid = volume_id(lab)
    lock = RegionLock(lab.ws.volume_lock_path(vid))
    vmap = JrmMap.open(lab.ws.volume_jrm_path(vid), vid, 16)
    results = []
    with lock.regions(4, 1):  # a live writer: lock, mark ... (recovery starts here) ... write, clear
        vmap.mark(4, 1)
        t = threading.Thread(target=lambda: results.append(recover_volume(lab.ws, C, "Volume1")))
        t.start()
        t.join(0.3)
        assert t.is_alive(), "recovery must not touch a region a live writer holds"
        vmap.clear(4, 1)
    t.join(60)
    vmap.close()
    lock.close()
    assert results[0].regions == 0


def test_a_damaged_map_heals_every_region(lab) -> None:
    dead_writer(lab, 2)
    path = lab.ws.volume_jrm_path(volume_id(lab))
    path.write_bytes(b"garbage")
    lab.write(vpath(), b"h" * 512, 0)  # opening for writing heals the whole volume first
    assert verify_volume(lab.ws, C, "Volume1").ok
    assert JrmMap.open(path, volume_id(lab), 16) is not None


def test_removing_a_volume_removes_its_map(lab) -> None:
    lab.write(vpath("Volume2"), b"x", 0)
    path = lab.ws.volume_jrm_path(volume_id(lab, "Volume2"))
    assert path.exists()
    lab.manager.stop_volume(C, "Volume2")
    lab.manager.remove_volume(C, "Volume2")
    assert not path.exists()


def test_gdsview_verify_heals_first_and_says_so(lab, capsys) -> None:
    dead_writer(lab, 11)
    assert gdsview_cmd.main(["--workspace", str(lab.ws.root), "verify", "-c", C, "-v", "Volume1"]) == 0
    out = capsys.readouterr().out
    assert "1 region written at a crash resynchronized from Disk1.Volume1 before comparing" in out
    assert "2 slices identical" in out


def test_gui_start_heals(lab) -> None:
    dead_writer(lab, 6)
    lab.manager.resume_interrupted_copies()
    assert verify_volume(lab.ws, C, "Volume1").ok
