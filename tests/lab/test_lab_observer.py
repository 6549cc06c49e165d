"""The training lab (lab.observer, lab.demo): the nine steps observed from the event log, and the reset."""

from __future__ import annotations

import pytest
from gdsview.core.errors import SdxError
from gdsview.core.events import Event
from gdsview.core.model import SliceState, VolumeStatus
from gdsview.core.storage.locks import OwnerLock
from gdsview.lab.backup import backup_access_path
from gdsview.lab.demo import reset_lab
from gdsview.lab.observer import SEED_NOTE, check_lab, observe
from gdsview.lab.procedure import PREPARATION, REQUIRES, STEPS
from gdsview.lab.service import Service
from workspace_helpers import CLASS, GROUP, wait_until

KEYS = [s.key for s in STEPS]


def lab_init(lab) -> None:
    """What lab.demo.init_lab logs last: the lab's steps are counted from here."""
    with lab.ws.store.write() as conn:
        lab.ws.store.log(conn, "test", "lab-init", "lab ready", class_name=CLASS)


def done(report) -> list[str]:
    return [s.step.key for s in report.steps if s.done]


class Walk:
    """The nine steps through core calls, on a small lab, with a service writing to Volume1."""

    def __init__(self, lab, tmp_path) -> None:
        self.lab = lab
        self.m = lab.manager
        self.dest = tmp_path / "backup.img"
        self.service = Service(lab.ws, CLASS, "Volume1", rate_mib_s=16)

    def close(self) -> None:
        self.service.stop()

    def start_service(self) -> None:
        before = self.service.status().written_records
        self.service.start()
        wait_until(lambda: self.service.status().written_records > before + 16, what="the service to write")

    def register(self) -> None:
        self.m.register_disk(CLASS, "sdc", "Disk3")

    def connect(self) -> None:
        self.m.connect_disk(CLASS, GROUP, "Disk3")
        for v in ("Volume1", "Volume2"):
            wait_until(lambda v=v: self.lab.slice("Disk3", v).state is SliceState.ACTIVE, what="copying")

    def stop_service(self) -> None:
        assert self.service.stop().error is None

    def detach(self, disk: str = "Disk3") -> str:
        return self.m.detach_slice(CLASS, disk, "Volume1")

    def backup(self) -> None:
        backup_access_path(self.lab.ws, "/dev/sfdsk/Class1/dsk/Disk3.Volume1", self.dest, source="test")

    def attach(self) -> None:
        self.m.attach_slice(CLASS, "Disk3", "Volume1")
        wait_until(lambda: self.lab.slice("Disk3").state is SliceState.ACTIVE, what="copying after attach")

    def disconnect(self) -> None:
        self.m.disconnect_disk(CLASS, GROUP, "Disk3")

    def remove(self) -> None:
        self.m.remove_disk(CLASS, "Disk3")

    def report(self):
        return check_lab(self.m)


@pytest.fixture
def walk(make_lab, tmp_path):
    lab = make_lab("thread")
    lab_init(lab)
    w = Walk(lab, tmp_path)
    w.start_service()
    yield w
    w.close()


def test_procedure_table():
    assert [s.number for s in STEPS] == list(range(1, 10))
    assert KEYS == ["register", "connect", "stop_service", "detach", "resume_service", "backup", "attach",
                    "disconnect", "remove"]
    assert set(REQUIRES) == set(KEYS)
    for key, needs in REQUIRES.items():  # every prerequisite comes earlier in the seed's order
        assert all(KEYS.index(n) < KEYS.index(key) for n in needs)
    assert PREPARATION == ("register", "connect")
    assert STEPS[3].title == "Detach slice."


def test_correct_walk_is_all_done_without_warning(walk):
    w = walk
    assert done(w.report()) == []
    w.register()
    w.connect()
    r = w.report()
    assert done(r) == ["register", "connect"] and r.next_step().key == "stop_service"
    w.stop_service()
    w.detach()
    w.start_service()  # resume
    w.backup()
    w.attach()
    w.disconnect()
    w.remove()
    r = w.report()
    assert done(r) == KEYS
    assert r.warnings == [], r.warnings
    assert r.complete and r.ok and r.next_step() is None
    assert (r.backup_disk, r.class_name) == ("Disk3", CLASS)
    elapsed = [s.elapsed for s in r.steps]
    assert all(e is not None and e >= 0 for e in elapsed)
    assert elapsed == sorted(elapsed)
    assert [s.done_at for s in r.steps] == sorted(s.done_at for s in r.steps)
    assert r.steps[3].detail == "Disk3.Volume1"
    assert "backup.img" in r.steps[5].detail


def test_resuming_after_the_backup_is_also_in_order(walk):
    w = walk
    w.register()
    w.connect()
    w.stop_service()
    w.detach()
    w.backup()
    w.start_service()
    r = w.report()
    assert done(r) == KEYS[:6] and r.warnings == []


def test_detach_while_the_service_writes_is_flagged(walk):
    w = walk
    w.register()
    w.connect()
    w.detach()  # the service is still writing
    w.stop_service()
    r = w.report()
    assert "detach" in done(r)
    seed = [x for x in r.warnings if SEED_NOTE in x.text]
    assert seed and seed[0].step == "detach"
    assert "Perform [Detach Slice] after Stopping Services" in seed[0].text
    assert "Volume1" in seed[0].text
    assert not r.ok
    w.backup()
    r = w.report()
    assert "service was writing" in r.steps[5].detail


def test_detaching_a_slice_of_the_mirror_itself_is_flagged(walk):
    w = walk
    w.register()
    w.connect()
    w.stop_service()
    w.detach("Disk2")
    r = w.report()
    assert "detach" not in done(r)
    assert len(r.warnings) == 1 and r.warnings[0].step == "detach"
    assert "Disk2.Volume1" in r.warnings[0].text and "mirror itself" in r.warnings[0].text
    w.m.attach_slice(CLASS, "Disk2", "Volume1")


def test_attach_before_backup_is_flagged(walk):
    w = walk
    w.register()
    w.connect()
    w.stop_service()
    w.detach()
    w.start_service()
    w.attach()
    r = w.report()
    assert "attach" in done(r) and "backup" not in done(r)
    out_of_order = [x for x in r.warnings if x.step == "attach"]
    assert len(out_of_order) == 1
    assert "step 7 done before step 6" in out_of_order[0].text
    assert not r.ok


def test_steps_before_the_last_lab_init_do_not_count(make_lab, tmp_path):
    lab = make_lab("inline")
    lab_init(lab)
    lab.manager.register_disk(CLASS, "sdc", "Disk3")
    lab.manager.connect_disk(CLASS, GROUP, "Disk3")
    assert done(check_lab(lab.manager)) == ["register", "connect"]
    lab_init(lab)
    r = check_lab(lab.manager)
    assert done(r) == [] and r.warnings == [] and r.backup_disk is None
    assert r.started == lab.manager.events(0, 100_000)[-1].ts


def test_without_lab_init_the_whole_log_counts(make_lab):
    lab = make_lab("inline")  # no lab-init: Disk1 was the first disk registered
    r = check_lab(lab.manager)
    assert r.backup_disk == "Disk1" and done(r) == ["register", "connect"]
    assert observe([]).started is None and done(observe([])) == []


# -- the observer on hand-made logs --------------------------------------------------------------
def ev(i: int, kind: str, obj: str | None = None, class_name: str | None = CLASS) -> Event:
    return Event(i, 1000.0 + i, 1, "test", "INFO", kind, class_name, obj, f"{kind} {obj}")


def log(*items) -> list[Event]:
    return [ev(i, *item) if isinstance(item, tuple) else ev(i, item) for i, item in enumerate(items, 1)]


PREFIX = (("lab-init",), ("service-start", "Volume1"), ("disk-register", "Disk3"), ("disk-connect", "Disk3"))


def test_service_on_another_volume_does_not_taint_the_detach():
    r = observe(log(*PREFIX, ("service-stop", "Volume1"), ("service-start", "Volume2"),
                    ("slice-detach", "Disk3.Volume1")))
    assert "detach" in done(r)
    assert not any(SEED_NOTE in w.text for w in r.warnings), r.warnings
    # ... but one on the same name in another class is another volume too
    r = observe(log(*PREFIX, ("service-stop", "Volume1"), ("service-start", "Volume1", "Class2"),
                    ("slice-detach", "Disk3.Volume1")))
    assert not any(SEED_NOTE in w.text for w in r.warnings), r.warnings


def test_a_service_that_never_ran_was_never_stopped():
    """Step 3 is ticked by a service stopped, never at detach time because no service ran."""
    prefix = (("lab-init",), ("disk-register", "Disk3"), ("disk-connect", "Disk3"))
    r = observe(log(*prefix, ("slice-detach", "Disk3.Volume1")))
    assert done(r) == ["register", "connect", "detach"]
    assert [(w.step, w.text) for w in r.warnings] == [
        ("detach", "step 4 done before step 3 (After completing synchronization copying, stop service)")]
    assert r.next_step().key == "stop_service"
    # stopping it after the detach is not step 3 either: the snapshot was taken while it could write
    r = observe(log(*prefix, ("slice-detach", "Disk3.Volume1"), ("service-start", "Volume1"),
                    ("service-stop", "Volume1")))
    assert "stop_service" not in done(r)
    # started and stopped after the connect: step 3, at the stop's time
    r = observe(log(*prefix, ("service-start", "Volume1"), ("service-stop", "Volume1"),
                    ("slice-detach", "Disk3.Volume1")))
    assert done(r) == KEYS[:4] and r.warnings == []
    assert r.steps[2].done_at == 1005.0 and r.steps[3].done_at == 1006.0


def test_copying_not_complete_is_flagged():
    r = observe(log(*PREFIX, ("copy-start", "Disk3.Volume1"), ("service-stop", "Volume1"),
                    ("slice-detach", "Disk3.Volume1")))
    steps = [w.step for w in r.warnings]
    assert steps == ["stop_service", "detach"], r.warnings
    assert all("Disk3.Volume1" in w.text and "had not completed" in w.text for w in r.warnings)
    r = observe(log(*PREFIX, ("copy-start", "Disk3.Volume1"), ("copy-done", "Disk3.Volume1"),
                    ("service-stop", "Volume1"), ("slice-detach", "Disk3.Volume1")))
    assert r.warnings == [] and done(r) == KEYS[:4]


def test_events_of_other_disks_are_ignored():
    r = observe(log(*PREFIX, ("service-stop", "Volume1"), ("slice-detach", "Disk3.Volume1"),
                    ("backup-done", "Volume1"), ("backup-done", "Disk1.Volume1"), ("disk-remove", "Disk4")))
    assert done(r) == KEYS[:4]


# -- reset ---------------------------------------------------------------------------------------
def test_reset_restores_the_demo(make_lab, tmp_path):
    lab = make_lab("inline", demo=True)
    m = lab.manager
    m.register_disk(CLASS, "sdc", "Disk3")
    m.create_physical_disk("sdd", 64 << 20)
    m.register_disk("Class2", "sdd", "Disk21")
    m.stop_volume(CLASS, "Volume2")
    assert done(check_lab(m)) == ["register"]
    reset_lab(lab.ws)
    snap = m.snapshot()
    assert sorted(p.name for p in snap.physical_disks) == ["sda", "sdb", "sdc"]
    assert [c.name for c in snap.classes] == [CLASS]
    assert sorted((d.name, d.device, d.group) for d in snap.disks) == [("Disk1", "sda", GROUP),
                                                                      ("Disk2", "sdb", GROUP)]
    assert {(v.name, v.status) for v in snap.volumes} == {("Volume1", VolumeStatus.ACTIVE),
                                                          ("Volume2", VolumeStatus.ACTIVE)}
    assert all(s.state is SliceState.ACTIVE for s in snap.slices)
    assert sorted(p.name for p in lab.ws.disks_dir.iterdir()) == ["sda.img", "sdb.img", "sdc.img"]
    r = check_lab(m)
    assert done(r) == [] and r.warnings == [] and r.started is not None
    assert not any(e.obj == "Disk21" for e in m.events(0, 100_000))  # the old log went with the lab


def test_reset_is_refused_while_copying(make_lab):
    lab = make_lab(None)  # copies wait for someone to run them
    lab.manager.register_disk(CLASS, "sdc", "Disk3")
    lab.manager.connect_disk(CLASS, GROUP, "Disk3")
    assert lab.slice("Disk3").state is SliceState.COPY
    owner = OwnerLock(lab.ws.copy_lock_path(lab.slice_id("Disk3")), "copying into Disk3.Volume1")
    owner.acquire()
    try:
        before = lab.state()
        with pytest.raises(SdxError, match="in progress") as info:
            reset_lab(lab.ws)
        assert "Disk3.Volume1" in info.value.text
        assert lab.state() == before
        assert (lab.ws.disks_dir / "sdc.img").exists()
    finally:
        owner.release()
    reset_lab(lab.ws)  # nobody copies any more
    assert lab.manager.snapshot().disk(CLASS, "Disk3") is None


def test_reset_is_refused_while_the_service_writes(make_lab):
    lab = make_lab("inline", demo=True)
    service = Service(lab.ws, CLASS, "Volume2", rate_mib_s=8)
    service.start()
    try:
        before = lab.state()
        with pytest.raises(SdxError, match="the service is writing to Volume2"):
            reset_lab(lab.ws)
        assert lab.state() == before and service.running
    finally:
        service.stop()
    assert service.status().error is None
    reset_lab(lab.ws)
    assert done(check_lab(lab.manager)) == []
