"""The end-to-end property of the issue, checked against an in-memory model of the volume.

write A -> detach Disk2 -> write B -> attach -> copy completes -> verify passes, and Disk2 holds
A overwritten by B. The same with writes running during the copy, and a randomized mix.
"""

from __future__ import annotations

import random
import tempfile
import threading
from pathlib import Path

import pytest
from gdsview.core.engine import resync
from gdsview.core.engine.resync import copy_volume
from gdsview.core.engine.verify import verify_volume
from gdsview.core.engine.volume_io import open_device
from gdsview.core.errors import SdxError
from gdsview.core.model import AccessMode, SliceState, SliceStatus
from gdsview.core.names import MiB
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from workspace_helpers import apath, build_small_lab, pattern, regions_of, vpath

C = "Class1"


def random_extents(rng: random.Random, size: int, count: int, max_len: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(count):
        n = rng.randint(1, max_len)
        out.append((rng.randrange(0, size - n + 1), n))
    return out


def test_detach_write_attach_small_lab(lab) -> None:
    m, size = lab.manager, 16 * MiB
    model = bytearray(pattern(100, size))  # pattern A over the whole volume
    with open_device(lab.ws, vpath(), writable=True) as dev:
        for off in range(0, size, MiB):
            dev.pwrite(model[off:off + MiB], off)
    a = bytes(model)
    m.detach_slice(C, "Disk2", "Volume1")
    rng = random.Random(7)
    dirty: set[int] = set()
    with open_device(lab.ws, vpath(), writable=True) as dev:  # pattern B, to parts of the volume
        for i, (off, n) in enumerate(random_extents(rng, size, 25, 300_000)):
            data = pattern(1000 + i, n)
            dev.pwrite(data, off)
            model[off:off + n] = data
            dirty |= regions_of(off, n)
    assert lab.slice_bytes("Disk2") == a  # the detached slice still holds A
    assert lab.read(apath("Disk2"), size) == a
    m.attach_slice(C, "Disk2", "Volume1")
    result = lab.launcher.results[-1]
    assert result.outcome == "completed"
    assert result.copied_bytes == len(dirty) * MiB < size
    assert lab.slice("Disk2").status is SliceStatus.ACTIVE
    v = verify_volume(lab.ws, C, "Volume1")
    assert v.ok and v.slices == ("Disk1.Volume1", "Disk2.Volume1") and v.compared_bytes == size
    assert lab.slice_bytes("Disk2") == bytes(model)
    assert lab.read(vpath(), size) == bytes(model)


def test_detach_write_attach_demo_lab(make_lab) -> None:
    """The demo of the issue (1 GiB sparse disks, 512 MiB Volume1): A and B on scattered regions."""
    lab = make_lab("inline", demo=True)
    m = lab.manager
    assert {v.name: v.size_bytes for v in m.snapshot().volumes} == {"Volume1": 512 * MiB, "Volume2": 256 * MiB}
    assert [p.name for p in m.snapshot().physical_disks if p.class_name is None] == ["sdc"]
    rng = random.Random(11)
    size = 512 * MiB
    writes_a = [(r * MiB + rng.randrange(0, MiB - 70_000), 70_000) for r in rng.sample(range(512), 40)]
    writes_b = random_extents(rng, size, 30, 3 * MiB)
    with open_device(lab.ws, vpath(), writable=True) as dev:
        for i, (off, n) in enumerate(writes_a):
            dev.pwrite(pattern(i, n), off)
    m.detach_slice(C, "Disk2", "Volume1")
    dirty: set[int] = set()
    with open_device(lab.ws, vpath(), writable=True) as dev:
        for i, (off, n) in enumerate(writes_b):
            dev.pwrite(pattern(500 + i, n), off)
            dirty |= regions_of(off, n)
    m.attach_slice(C, "Disk2", "Volume1")
    result = lab.launcher.results[-1]
    assert result.outcome == "completed" and result.copied_bytes == len(dirty) * MiB
    assert verify_volume(lab.ws, C, "Volume1").ok
    # the model, built region by region over every region that was written
    touched = set().union(*(regions_of(o, n) for o, n in writes_a + writes_b))
    for r in sorted(touched):
        expected = bytearray(MiB)
        for i, (off, n) in [(i, w) for i, w in enumerate(writes_a)] + [(500 + i, w) for i, w in enumerate(writes_b)]:
            lo, hi = max(off, r * MiB), min(off + n, (r + 1) * MiB)
            if lo < hi:
                expected[lo - r * MiB:hi - r * MiB] = pattern(i, n)[lo - off:hi - off]
        assert lab.slice_bytes("Disk2", offset=r * MiB, length=MiB) == bytes(expected), f"region {r}"
    untouched = next(r for r in range(512) if r not in touched)
    assert lab.slice_bytes("Disk2", offset=untouched * MiB, length=MiB) == bytes(MiB)


class Writer(threading.Thread):
    """Random writes through its own device until told to stop; keeps the model of the volume."""

    def __init__(self, ws, size: int, seed: int, model: bytearray) -> None:
        super().__init__(name="writer")
        self.ws, self.size, self.rng, self.model = ws, size, random.Random(seed), model
        self.stop = threading.Event()
        self.count = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with open_device(self.ws, vpath(), writable=True, source="writer") as dev:
                while not self.stop.is_set() or self.count < 20:
                    n = self.rng.choice([1, 512, 4096, 100_000, MiB, 2 * MiB + 17])
                    off = self.rng.randrange(0, self.size - n + 1)
                    data = self.rng.randbytes(n)
                    dev.pwrite(data, off)
                    self.model[off:off + n] = data
                    self.count += 1
        except BaseException as e:
            self.error = e


@pytest.mark.parametrize("jrm", [True, False])
def test_writes_during_the_copy(thread_lab, fine_chunks, jrm) -> None:
    lab, m, size = thread_lab, thread_lab.manager, 16 * MiB
    model = bytearray(pattern(1, size))
    lab.write(vpath(), bytes(model), 0)
    m.detach_slice(C, "Disk2", "Volume1", jrm=jrm)
    rng = random.Random(3)
    for off, n in random_extents(rng, size, 10, MiB):
        data = rng.randbytes(n)
        lab.write(vpath(), data, off)
        model[off:off + n] = data
    m.set_copy_delay(C, "Volume1", 3)
    writer = Writer(lab.ws, size, 42, model)
    writer.start()
    try:
        m.attach_slice(C, "Disk2", "Volume1")
        assert lab.launcher.wait(60)
    finally:
        writer.stop.set()
        writer.join(60)
    assert writer.error is None, writer.error
    assert lab.launcher.results[-1].outcome == "completed"
    assert lab.slice("Disk2").status is SliceStatus.ACTIVE
    v = verify_volume(lab.ws, C, "Volume1")
    assert v.ok, v.differences
    assert lab.read(vpath(), size) == bytes(model)
    assert lab.slice_bytes("Disk2") == bytes(model)


# -- a randomized mix, checked against the model after each completed copy -----------------------
SIZE = 16 * MiB


class VolumeMachine(RuleBasedStateMachine):
    """Random writes, detach/attach (JRM on or off, rw or ro), access-path writes, stop/activate,
    and copies interrupted (sdxcopy -I), cancelled (-C) or stopped (launcher stop) mid-way, then
    resumed. The volume model is what every read of the volume must return; the slice model what
    the detached slice holds."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.lab = build_small_lab(Path(self.tmp.name) / "ws", launcher=None)
        self.m = self.lab.manager
        self.model = bytearray(SIZE)
        self.slice_model: bytearray | None = None  # Disk2's content while detached
        self.mode = AccessMode.RW
        self.pending = False  # Disk2 attached but not yet (completely) copied
        self.copies = 0

    def teardown(self) -> None:
        self.lab.close()
        self.tmp.cleanup()

    def state(self) -> SliceState:
        return self.lab.slice("Disk2").state

    @rule(data=st.data())
    def write_volume(self, data) -> None:
        n = data.draw(st.sampled_from([1, 4096, 300_000, MiB + 1]))
        off = data.draw(st.integers(0, SIZE - n))
        payload = random.Random(off * 31 + n).randbytes(n)
        self.lab.write(vpath(), payload, off)
        self.model[off:off + n] = payload

    @precondition(lambda self: self.slice_model is None and not self.pending)
    @rule(jrm=st.booleans(), ro=st.booleans(), stopped=st.booleans())
    def detach(self, jrm, ro, stopped) -> None:
        self.mode = AccessMode.RO if ro else AccessMode.RW
        if stopped:
            self.m.stop_volume(C, "Volume1")
        self.m.detach_slice(C, "Disk2", "Volume1", jrm=jrm, mode=self.mode)
        if stopped:
            self.m.start_volume(C, "Volume1")
        self.slice_model = bytearray(self.model)

    @precondition(lambda self: self.slice_model is not None)
    @rule(data=st.data())
    def write_access_path(self, data) -> None:
        n = data.draw(st.sampled_from([1, 5000, MiB]))
        off = data.draw(st.integers(0, SIZE - n))
        payload = random.Random(off * 7 + n + 1).randbytes(n)
        temp_stop = self.state() is SliceState.TEMP_STOP
        if self.mode is AccessMode.RO or temp_stop:
            with pytest.raises(SdxError):
                self.lab.write(apath("Disk2"), payload, off)
            return
        self.lab.write(apath("Disk2"), payload, off)
        self.slice_model[off:off + n] = payload

    @precondition(lambda self: self.slice_model is not None)
    @rule()
    def stop_or_activate(self) -> None:
        if self.state() is SliceState.TEMP:
            self.m.stop_slice(C, "Disk2", "Volume1")
        else:
            self.m.activate_slice(C, "Disk2", "Volume1")

    @precondition(lambda self: self.slice_model is not None)
    @rule()
    def attach(self) -> None:
        self.m.attach_slice(C, "Disk2", "Volume1")  # no launcher: the copy is run by the rules below
        self.slice_model = None
        self.pending = True

    @precondition(lambda self: self.pending)
    @rule(chunks=st.integers(0, 6), how=st.sampled_from(["complete", "interrupt", "cancel", "stop"]))
    def copy(self, chunks, how) -> None:
        if self.state() is SliceState.INVALID:
            self.m.start_copy(C, "Volume1")
        if how == "complete":
            result = copy_volume(self.lab.ws, C, "Volume1", source="test")
            assert result.outcome == "completed", result
            self.pending = False
            self.copies += 1
            return
        stop = threading.Event()
        seen = [0]

        def progress(status) -> None:
            seen[0] += 1
            if seen[0] > chunks and not status.finished:
                if how == "stop":
                    stop.set()
                else:  # what sdxcopy -I / -C does to a running copy, seen at its next chunk
                    with self.lab.ws.store.write() as conn:
                        conn.execute("UPDATE slices SET copy_request = ? WHERE state = 'COPY'", (how,))

        result = copy_volume(self.lab.ws, C, "Volume1", stop=stop, progress=progress, source="test")
        expected = {"interrupt": "interrupted", "cancel": "cancelled", "stop": "stopped"}[how]
        assert result.outcome in (expected, "completed"), result
        if result.outcome == "completed":
            self.pending = False
            self.copies += 1
        elif how == "cancel":
            assert self.lab.slice("Disk2").copy.done_blocks == 0

    @invariant()
    def reads_match_the_model(self) -> None:
        assert self.lab.read(vpath(), SIZE) == bytes(self.model)
        if self.slice_model is not None and self.state() is SliceState.TEMP:
            assert self.lab.read(apath("Disk2"), SIZE) == bytes(self.slice_model)
        if not self.pending and self.slice_model is None:
            assert self.state() is SliceState.ACTIVE
            assert verify_volume(self.lab.ws, C, "Volume1").ok
            assert self.lab.slice_bytes("Disk2") == bytes(self.model)
            assert self.lab.slice_bytes("Disk1") == bytes(self.model)


VolumeMachine.TestCase.settings = settings(
    max_examples=12, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture
def fine_copy_chunks(monkeypatch):
    monkeypatch.setattr(resync, "CHUNK_REGIONS", 1)
    monkeypatch.setattr(resync, "PROGRESS_EVERY", 0.0)


def test_randomized_mix(fine_copy_chunks) -> None:
    VolumeMachine.TestCase("runTest").runTest()


@pytest.mark.parametrize("interrupt", [False, True])
def test_multi_worker_copy_with_writes(idle_lab, fine_chunks, interrupt) -> None:
    lab, m, size = idle_lab, idle_lab.manager, 16 * MiB
    model = bytearray(pattern(8, size))
    lab.write(vpath(), bytes(model), 0)
    m.detach_slice(C, "Disk2", "Volume1", jrm=False)
    m.attach_slice(C, "Disk2", "Volume1")
    writer = Writer(lab.ws, size, 9, model)
    writer.start()
    stop = threading.Event()
    reports = [0]

    def progress(status) -> None:
        reports[0] += 1
        if interrupt and reports[0] == 5:
            stop.set()

    try:
        first = copy_volume(lab.ws, C, "Volume1", workers=3, stop=stop, progress=progress)
        if interrupt:
            assert first.outcome in ("stopped", "completed")
            second = copy_volume(lab.ws, C, "Volume1", workers=3)
            assert second.outcome == ("completed" if first.outcome == "stopped" else "nothing")
            assert first.copied_bytes + second.copied_bytes == size
        else:
            assert (first.outcome, first.copied_bytes) == ("completed", size)
    finally:
        writer.stop.set()
        writer.join(60)
    assert writer.error is None, writer.error
    assert lab.slice("Disk2").status is SliceStatus.ACTIVE
    assert verify_volume(lab.ws, C, "Volume1").ok
    assert lab.slice_bytes("Disk2") == bytes(model)
