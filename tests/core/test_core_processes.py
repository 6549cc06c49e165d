"""Concurrency between processes: the copy worker process, per-slice owner locks, writers
in another process while this process copies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from gdsview.core.engine.launchers import ProcessLauncher
from gdsview.core.engine.resync import copy_volume
from gdsview.core.engine.verify import verify_volume
from gdsview.core.model import SliceState, SliceStatus
from gdsview.core.names import MiB
from workspace_helpers import pattern, run_in_thread, vpath, wait_until

C = "Class1"
SIZE = 16 * MiB


def copy_worker_pids(lab) -> set[int]:
    return {e.pid for e in lab.manager.events() if e.kind == "copy-start" and e.pid != os.getpid()}


def reap(launcher: ProcessLauncher) -> list[int]:
    """Wait for the copy workers the launcher started to exit; returns their exit statuses."""
    return [p.wait(60) for p in launcher.processes]


def test_process_launcher_copies_after_the_command_returns(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    m.launcher = launcher = ProcessLauncher(lab.ws, source="sdxslice")
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    data = pattern(5, 3 * MiB)
    lab.write(vpath(), data, 4 * MiB)
    assert m.attach_slice(C, "Disk2", "Volume1") is True  # returns while the worker copies
    wait_until(lambda: lab.slice("Disk2").status is SliceStatus.ACTIVE, what="the worker's copy to complete")
    assert reap(launcher) == [0]
    pids = copy_worker_pids(lab)
    assert pids == {launcher.processes[0].pid}
    done = [e for e in m.events() if e.kind == "copy-done"]
    assert len(done) == 1 and done[0].pid in pids and done[0].source == "sdxslice"
    assert str(SIZE) in done[0].text
    assert verify_volume(lab.ws, C, "Volume1").ok
    assert lab.slice_bytes("Disk2", offset=4 * MiB, length=3 * MiB) == data


def test_two_copies_never_run_into_one_slice(gated_lab, fine_chunks) -> None:
    lab, m = gated_lab, gated_lab.manager
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    lab.gate.arm()
    m.attach_slice(C, "Disk2", "Volume1")
    assert lab.gate.reached.wait(60)  # the thread copy holds the slice, mid-way
    before = lab.slice_bytes("Disk2")
    other = run_in_thread(lambda: copy_volume(lab.ws, C, "Volume1", source="other"))
    assert (other.outcome, other.copied_bytes, other.slices) == ("busy", 0, ())
    # another process is refused the same way
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(f"""
            from gdsview.core.engine.resync import copy_volume
            from gdsview.core.storage.workspace import Workspace
            ws = Workspace({str(lab.ws.root)!r})
            print(copy_volume(ws, "Class1", "Volume1").outcome)
            ws.close()
        """)], capture_output=True, text=True, timeout=60, check=True,
    )
    assert out.stdout.strip() == "busy"
    assert lab.slice_bytes("Disk2") == before
    assert not [e for e in m.events() if e.source == "other"]
    lab.gate.release.set()
    assert lab.launcher.wait(60)
    assert lab.launcher.results[-1].outcome == "completed"
    assert verify_volume(lab.ws, C, "Volume1").ok


def test_copy_running_in_a_worker_process_keeps_this_process_out(idle_lab) -> None:
    lab, m = idle_lab, idle_lab.manager
    m.set_copy_delay(C, "Volume1", 600_000)  # the worker waits before its first chunk
    m.launcher = launcher = ProcessLauncher(lab.ws)
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    m.attach_slice(C, "Disk2", "Volume1")
    wait_until(lambda: lab.slice("Disk2").copy.running, what="the worker to own the copy")
    assert copy_volume(lab.ws, C, "Volume1").outcome == "busy"
    # The worker logs copy-start just after taking the slice (its commit is synced: it may lag).
    wait_until(lambda: copy_worker_pids(lab), what="the worker's copy-start event")
    assert copy_worker_pids(lab) == {launcher.processes[0].pid}
    launcher.processes[0].send_signal(signal.SIGTERM)  # the worker stops at once, leaving a resumable copy
    assert reap(launcher) == [0]
    s = lab.slice("Disk2")
    assert s.state is SliceState.COPY and not s.copy.running
    m.set_copy_delay(C, "Volume1", 0)
    result = copy_volume(lab.ws, C, "Volume1")
    assert (result.outcome, result.copied_bytes) == ("completed", SIZE)
    assert verify_volume(lab.ws, C, "Volume1").ok


WRITER = textwrap.dedent("""
    import os, random, sys
    from gdsview.core.engine.volume_io import open_device
    from gdsview.core.storage.workspace import Workspace

    root, stop_file, model_file, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ws = Workspace(root)
    rng = random.Random(1234)
    count = 0
    with open_device(ws, "/dev/sfdsk/Class1/dsk/Volume1", writable=True, source="writer") as dev:
        model = bytearray(dev.pread(size, 0))
        while not os.path.exists(stop_file) or count < 20:
            n = rng.choice([1, 4096, 65536, 1 << 20, (2 << 20) + 3])
            off = rng.randrange(0, size - n + 1)
            data = rng.randbytes(n)
            dev.pwrite(data, off)
            model[off:off + n] = data
            count += 1
            if count == 1:
                print("ready", flush=True)
    with open(model_file, "wb") as f:
        f.write(model)
    ws.close()
""")


@pytest.mark.parametrize("jrm", [True, False])
def test_writer_process_during_thread_copy(thread_lab, fine_chunks, tmp_path, jrm) -> None:
    lab, m = thread_lab, thread_lab.manager
    lab.write(vpath(), pattern(77, SIZE), 0)
    m.detach_slice(C, "Disk2", "Volume1", jrm=jrm)
    for r in (1, 6, 14):
        lab.write(vpath(), pattern(r, 5000), r * MiB + 10)
    m.set_copy_delay(C, "Volume1", 5)
    stop_file, model_file = tmp_path / "stop", tmp_path / "model"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(lab.ws.root), str(stop_file), str(model_file), str(SIZE)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        m.attach_slice(C, "Disk2", "Volume1")
        assert lab.launcher.wait(60)
    finally:
        stop_file.touch()
        assert writer.wait(60) == 0
        writer.stdout.close()
    assert lab.launcher.results[-1].outcome == "completed"
    assert lab.slice("Disk2").status is SliceStatus.ACTIVE
    v = verify_volume(lab.ws, C, "Volume1")
    assert v.ok, v.differences
    model = model_file.read_bytes()
    assert lab.read(vpath(), SIZE) == model
    assert lab.slice_bytes("Disk2") == model


def test_copy_that_lost_the_race_for_the_owner_lock_does_nothing(idle_lab, monkeypatch) -> None:
    """copy_volume reads the COPY slices, then takes their owner locks. If meanwhile another copy
    completed the slice and it was detached again (and written to), the late copy must not touch
    it: no copy logged, the fresh JRM map of the detached slice left as it is."""
    from gdsview.core.engine import resync

    lab, m = idle_lab, idle_lab.manager
    m.detach_slice(C, "Disk2", "Volume1")
    m.attach_slice(C, "Disk2", "Volume1")  # COPY, nothing copied yet
    real_acquire = resync.OwnerLock.acquire
    raced = []

    def acquire(self) -> None:
        if not raced:
            raced.append(True)
            assert run_in_thread(lambda: copy_volume(lab.ws, C, "Volume1", source="winner")).outcome == "completed"
            m.detach_slice(C, "Disk2", "Volume1")
            lab.write(vpath(), b"x", 9 * MiB)
        real_acquire(self)

    monkeypatch.setattr(resync.OwnerLock, "acquire", acquire)
    last = m.events()[-1].id
    late = copy_volume(lab.ws, C, "Volume1", source="late")
    assert late.outcome == "nothing" and late.copied_bytes == 0
    assert [e for e in m.events(last) if e.source == "late"] == []
    assert lab.slice("Disk2").status is SliceStatus.TEMP
    monkeypatch.undo()
    m.attach_slice(C, "Disk2", "Volume1")
    assert copy_volume(lab.ws, C, "Volume1").copied_bytes == MiB
    assert verify_volume(lab.ws, C, "Volume1").ok


@pytest.mark.parametrize("action", ["interrupt", "cancel", "new-delay"])
def test_worker_process_sees_requests_during_its_pause(idle_lab, action) -> None:
    """A worker pausing between chunks (sdxcopy -P) still honours, from another process, an
    interrupt, a cancel or a new delay at once, not when the old pause ends."""
    lab, m = idle_lab, idle_lab.manager
    m.set_copy_delay(C, "Volume1", 1_000_000)
    m.launcher = launcher = ProcessLauncher(lab.ws)
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    m.attach_slice(C, "Disk2", "Volume1")
    wait_until(lambda: lab.slice("Disk2").copy.running, what="the worker to own the copy")
    try:
        if action == "new-delay":
            m.set_copy_delay(C, "Volume1", 0)
            wait_until(lambda: lab.slice("Disk2").status is SliceStatus.ACTIVE, what="the copy to complete")
        else:
            m.cancel_copy(C, "Volume1", interrupt=action == "interrupt", timeout=30)
            s = lab.slice("Disk2")
            assert s.state is SliceState.INVALID and not s.copy.running
            kind = "copy-interrupted" if action == "interrupt" else "copy-cancelled"
            assert [e.pid for e in m.events() if e.kind == kind] == [launcher.processes[0].pid]
    finally:
        for p in launcher.processes:  # a worker left behind by a failure must not outlive the test
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
    assert reap(launcher) == [0]
    if action != "new-delay":
        m.set_copy_delay(C, "Volume1", 0)
        m.launcher = None
        m.start_copy(C, "Volume1")
        assert copy_volume(lab.ws, C, "Volume1").outcome == "completed"
    assert verify_volume(lab.ws, C, "Volume1").ok
