"""JRM: dirty regions while detached, incremental or full copies, cancel / interrupt / resume."""

from __future__ import annotations

import os
import threading

import pytest
from gdsview.core.engine.resync import copy_volume
from gdsview.core.engine.verify import verify_volume
from gdsview.core.engine.volume_io import open_device
from gdsview.core.model import SliceState, SliceStatus
from gdsview.core.names import MiB
from gdsview.core.storage.jrm import HEADER_SIZE, JrmMap
from workspace_helpers import apath, pattern, regions_of, run_in_thread, vpath, wait_until

C = "Class1"
VOLUME_BYTES = 16 * MiB


def assert_in_sync(lab, volume="Volume1") -> None:
    result = verify_volume(lab.ws, C, volume)
    assert result.ok, result.differences
    assert lab.slice_bytes("Disk1", volume) == lab.slice_bytes("Disk2", volume)


def dirty_regions(lab, disk="Disk2") -> set[int]:
    m = JrmMap.open(lab.jrm_path(disk), lab.slice_id(disk), VOLUME_BYTES // MiB)
    assert m is not None
    with m:
        return {i for i, b in enumerate(m.bitmap()) if b}


def test_jrm_copies_only_dirty_regions(lab) -> None:
    m = lab.manager
    path = m.detach_slice(C, "Disk2", "Volume1")
    assert dirty_regions(lab) == set()
    writes = [(0, 10), (5 * MiB + 3, 100), (5 * MiB + 200, 100), (9 * MiB - 5, 10)]  # the last spans 8 and 9
    expected = set()
    for i, (off, n) in enumerate(writes):
        lab.write(vpath(), pattern(i, n), off)
        expected |= regions_of(off, n)
    lab.write(path, b"through the access path", 13 * MiB + 1)  # marks too: the slice now differs
    expected |= {13}
    assert expected == {0, 5, 8, 9, 13}
    assert dirty_regions(lab) == expected
    m.attach_slice(C, "Disk2", "Volume1")
    result = lab.launcher.results[-1]
    assert result.outcome == "completed" and result.slices == ("Disk2.Volume1",)
    assert result.copied_bytes == len(expected) * MiB
    assert lab.slice("Disk2").status is SliceStatus.ACTIVE
    assert_in_sync(lab)
    assert lab.slice_bytes("Disk2", offset=13 * MiB + 1, length=4) == bytes(4)


def test_jrm_marks_while_temp_stop(lab) -> None:
    m = lab.manager
    m.detach_slice(C, "Disk2", "Volume1")
    m.stop_slice(C, "Disk2", "Volume1")
    lab.write(vpath(), b"x", 4 * MiB)
    m.attach_slice(C, "Disk2", "Volume1")
    assert lab.launcher.results[-1].copied_bytes == MiB
    assert_in_sync(lab)


def test_nothing_written_means_nothing_copied(lab) -> None:
    m = lab.manager
    m.detach_slice(C, "Disk2", "Volume1")
    m.attach_slice(C, "Disk2", "Volume1")
    assert lab.launcher.results[-1].copied_bytes == 0
    assert lab.slice("Disk2").status is SliceStatus.ACTIVE


def test_jrm_off_means_full_copy(lab) -> None:
    m = lab.manager
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    assert not lab.jrm_path("Disk2").exists()
    lab.write(vpath(), b"x", 0)
    m.attach_slice(C, "Disk2", "Volume1")
    assert lab.launcher.results[-1].copied_bytes == VOLUME_BYTES
    assert_in_sync(lab)
    # jrm is on again for the next detach
    assert lab.slice("Disk2").jrm is True


@pytest.mark.parametrize("damage", ["delete-before-writes", "delete-after-writes", "garble-header", "truncate",
                                    "wrong-slice", "extend"])
def test_untrusted_map_means_full_copy(lab, damage) -> None:
    m = lab.manager
    path = m.detach_slice(C, "Disk2", "Volume1")
    jrm = lab.jrm_path("Disk2")
    if damage == "delete-before-writes":
        jrm.unlink()
    lab.write(vpath(), b"x", 2 * MiB)
    lab.write(path, b"y", 11 * MiB)
    if damage == "delete-after-writes":
        jrm.unlink()
    elif damage == "garble-header":
        with open(jrm, "r+b") as f:
            f.write(b"NOTAJRM!")
    elif damage == "truncate":
        os.truncate(jrm, HEADER_SIZE + 3)
    elif damage == "wrong-slice":
        other = lab.jrm_path("Disk2", "Volume2")
        JrmMap.create(other, lab.slice_id("Disk2", "Volume2"), VOLUME_BYTES // MiB, dirty=False).close()
        os.replace(other, jrm)  # a clean map, but of another slice
    elif damage == "extend":
        with open(jrm, "ab") as f:
            f.write(b"\0")
    m.attach_slice(C, "Disk2", "Volume1")
    assert lab.launcher.results[-1].copied_bytes == VOLUME_BYTES
    assert_in_sync(lab)


def test_jrm_across_detach_cycles_with_one_open_device(lab) -> None:
    """A device kept open over several detach/attach cycles must mark the *current* map file
    (every detach writes a fresh one), whoever made the operations."""
    m = lab.manager
    with open_device(lab.ws, vpath(), writable=True) as dev:
        for cycle, region in enumerate([3, 7, 12]):
            run_in_thread(lambda: m.detach_slice(C, "Disk2", "Volume1"))
            data = pattern(cycle, 100)
            dev.pwrite(data, region * MiB + 50)
            assert dirty_regions(lab) == {region}
            run_in_thread(lambda: m.attach_slice(C, "Disk2", "Volume1"))
            assert lab.launcher.results[-1].copied_bytes == MiB
            assert lab.slice_bytes("Disk2", offset=region * MiB + 50, length=100) == data
    assert_in_sync(lab)


def test_writes_while_invalid_are_marked(idle_lab) -> None:
    """An interrupted copy leaves the slice INVALID: writes skip it and mark its map."""
    lab, m = idle_lab, idle_lab.manager
    m.detach_slice(C, "Disk2", "Volume1")
    lab.write(vpath(), b"a", 0)
    m.stop_volume(C, "Volume1")
    m.attach_slice(C, "Disk2", "Volume1")
    m.start_volume(C, "Volume1")  # no launcher: COPY, not copying
    m.cancel_copy(C, "Volume1", interrupt=True)
    assert lab.slice("Disk2").status is SliceStatus.INVALID
    lab.write(vpath(), b"b", 6 * MiB)
    assert lab.slice_bytes("Disk2", offset=6 * MiB, length=1) == b"\0"
    assert dirty_regions(lab) == {0, 6}
    m.start_copy(C, "Volume1")
    assert copy_volume(lab.ws, C, "Volume1").copied_bytes == 2 * MiB
    assert_in_sync(lab)


# -- cancel / interrupt / resume with a copy running in a ThreadLauncher -------------------------
def hold_and_stop(lab, *, interrupt: bool) -> None:
    """The copy is held by the gate mid-way: ask to stop it, wait until asked, let it go."""
    assert lab.gate.reached.wait(60), "the copy never reported progress"
    snap = lab.manager.snapshot()
    assert snap.slice(C, "Disk2", "Volume1").copy.running
    errors: list[BaseException] = []

    def stop() -> None:
        try:
            lab.manager.cancel_copy(C, "Volume1", interrupt=interrupt)
        except BaseException as e:
            errors.append(e)

    t = threading.Thread(target=stop)
    t.start()
    wait_until(lambda: lab.copy_request("Disk2") is not None, what="the stop request")
    lab.gate.release.set()
    t.join(60)
    assert not t.is_alive() and not errors, errors
    assert lab.launcher.wait(60)


def test_interrupt_then_resume(gated_lab, fine_chunks) -> None:
    lab, m = gated_lab, gated_lab.manager
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    for r in range(16):
        lab.write(vpath(), pattern(r, 1000), r * MiB)
    m.set_copy_delay(C, "Volume1", 5)
    lab.gate.arm()
    m.attach_slice(C, "Disk2", "Volume1")
    hold_and_stop(lab, interrupt=True)
    first = lab.launcher.results[-1]
    assert first.outcome == "interrupted"
    assert 0 < first.copied_bytes < VOLUME_BYTES
    s = lab.slice("Disk2")
    assert s.state is SliceState.INVALID and not s.copy.running
    assert s.copy.done_blocks == first.copied_bytes // 512
    assert len(dirty_regions(lab)) * MiB == VOLUME_BYTES - first.copied_bytes
    assert any(e.kind == "copy-interrupted" for e in m.events())
    m.start_copy(C, "Volume1")
    assert lab.launcher.wait(60)
    second = lab.launcher.results[-1]
    assert second.outcome == "completed"
    assert second.copied_bytes < VOLUME_BYTES
    assert first.copied_bytes + second.copied_bytes == VOLUME_BYTES
    assert lab.slice("Disk2").status is SliceStatus.ACTIVE
    assert_in_sync(lab)


def test_cancel_then_start_restarts_from_zero(gated_lab, fine_chunks) -> None:
    lab, m = gated_lab, gated_lab.manager
    m.detach_slice(C, "Disk2", "Volume1")
    for r in (1, 2, 3, 4):
        lab.write(vpath(), b"dirty", r * MiB)
    m.set_copy_delay(C, "Volume1", 5)
    lab.gate.arm()
    m.attach_slice(C, "Disk2", "Volume1")
    hold_and_stop(lab, interrupt=False)
    first = lab.launcher.results[-1]
    assert first.outcome == "cancelled" and 0 < first.copied_bytes < 4 * MiB
    s = lab.slice("Disk2")
    assert s.state is SliceState.INVALID and s.copy.done_blocks == 0
    assert s.copy.total_blocks == VOLUME_BYTES // 512
    assert any(e.kind == "copy-cancelled" for e in m.events())
    m.start_copy(C, "Volume1")
    assert lab.launcher.wait(60)
    second = lab.launcher.results[-1]
    assert (second.outcome, second.copied_bytes) == ("completed", VOLUME_BYTES)
    assert_in_sync(lab)


def test_copy_in_progress_blocks_stop_and_disconnect(gated_lab, fine_chunks) -> None:
    lab, m = gated_lab, gated_lab.manager
    from workspace_helpers import assert_refused

    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    lab.gate.arm()
    m.attach_slice(C, "Disk2", "Volume1")
    assert lab.gate.reached.wait(60)
    assert_refused(lab, m.stop_volume, C, "Volume1", match="copying is in progress")
    assert_refused(lab, m.disconnect_disk, C, "Group1", "Disk2", match="in progress")
    assert_refused(lab, m.start_copy, C, "Volume1", match="no slice needs copying")
    progress = lab.slice("Disk2").copy  # the database gets the progress every RECORD_EVERY seconds
    assert progress.running and progress.done_blocks < progress.total_blocks == VOLUME_BYTES // 512
    lab.gate.release.set()
    assert lab.launcher.wait(60)
    assert lab.launcher.results[-1].outcome == "completed"
    assert_in_sync(lab)


def test_launcher_stop_leaves_a_resumable_copy(gated_lab, fine_chunks) -> None:
    """Closing the GUI (ThreadLauncher.stop) leaves the slice in COPY; resume_interrupted_copies
    finishes it, and writes made in between reach it."""
    lab, m = gated_lab, gated_lab.manager
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    lab.gate.arm()
    m.attach_slice(C, "Disk2", "Volume1")
    assert lab.gate.reached.wait(60)
    lab.launcher.stop_event.set()
    lab.gate.release.set()
    assert lab.launcher.wait(60)
    first = lab.launcher.results[-1]
    assert first.outcome == "stopped"
    s = lab.slice("Disk2")
    assert s.state is SliceState.COPY and not s.copy.running
    lab.write(vpath(), b"between", 15 * MiB)
    assert lab.slice_bytes("Disk2", offset=15 * MiB, length=7) == b"between"
    from gdsview.core.engine.launchers import InlineLauncher

    m.launcher = InlineLauncher(lab.ws)
    assert m.resume_interrupted_copies() == [(C, "Volume1")]
    second = m.launcher.results[-1]
    assert second.outcome == "completed"
    assert first.copied_bytes + second.copied_bytes == VOLUME_BYTES
    assert_in_sync(lab)


def test_copy_delay_is_recorded_and_shown(lab) -> None:
    lab.manager.set_copy_delay(C, "Volume1", 250)
    assert lab.volume().copy_delay_ms == 250
    assert lab.manager.events()[-1].kind == "copy-delay"


def test_access_path_writes_are_discarded_by_attach(lab) -> None:
    m = lab.manager
    path = m.detach_slice(C, "Disk2", "Volume1")
    lab.write(path, pattern(9, 2 * MiB), 6 * MiB)
    assert lab.read(path, 10, 6 * MiB) == pattern(9, 2 * MiB)[:10]
    m.attach_slice(C, "Disk2", "Volume1")
    assert lab.launcher.results[-1].copied_bytes == 2 * MiB
    assert lab.slice_bytes("Disk2", offset=6 * MiB, length=2 * MiB) == bytes(2 * MiB)
    assert_in_sync(lab)
    assert apath("Disk2") == path


@pytest.mark.parametrize("interrupt", [True, False])
def test_stop_request_reaches_every_slice_of_the_copy(idle_lab, fine_chunks, interrupt) -> None:
    """Two slices in COPY (Disk2 re-attached, Disk3 newly connected), one copy owning both: an
    interrupt or cancel stops both, and the next start copies both to the end."""
    from gdsview.core.engine.launchers import ThreadLauncher

    lab, m = idle_lab, idle_lab.manager
    m.register_disk(C, "sdc", "Disk3")
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    m.stop_volume(C, "Volume2")  # keep Volume2 out of the way
    m.connect_disk(C, "Group1", "Disk3")
    m.attach_slice(C, "Disk2", "Volume1")
    assert {s.disk: s.status for s in m.snapshot().slices_of(C, "Volume1")} == {
        "Disk1": SliceStatus.ACTIVE, "Disk2": SliceStatus.COPY, "Disk3": SliceStatus.COPY}
    m.launcher = launcher = ThreadLauncher(lab.ws, progress=lab.gate, workers=1)
    lab.launcher = launcher  # stopped at teardown
    lab.gate.arm()
    launcher(C, "Volume1")  # what the attach would have done with this launcher
    assert lab.gate.reached.wait(60)
    t = threading.Thread(target=lambda: m.cancel_copy(C, "Volume1", interrupt=interrupt, timeout=20))
    t.start()
    wait_until(lambda: lab.copy_request("Disk2") is not None)
    lab.gate.release.set()
    t.join(60)
    assert launcher.wait(60)
    assert {s.disk: s.status for s in m.snapshot().slices_of(C, "Volume1")} == {
        "Disk1": SliceStatus.ACTIVE, "Disk2": SliceStatus.INVALID, "Disk3": SliceStatus.INVALID}
    assert lab.copy_request("Disk2") is None and lab.copy_request("Disk3") is None
    m.start_copy(C, "Volume1")
    assert launcher.wait(60)
    assert launcher.results[-1].outcome == "completed"
    assert {s.disk: s.status for s in m.snapshot().slices_of(C, "Volume1")} == {
        d: SliceStatus.ACTIVE for d in ("Disk1", "Disk2", "Disk3")}
    assert_in_sync(lab)
    assert lab.slice_bytes("Disk3", "Volume1") == lab.slice_bytes("Disk1", "Volume1")
