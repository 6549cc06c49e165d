"""The service's self-checking records (lab.records) and the service itself (lab.service)."""

from __future__ import annotations

import hashlib
import threading

import pytest
from gdsview.core.engine.volume_io import open_device
from gdsview.core.errors import SdxError
from gdsview.lab import records
from gdsview.lab.records import RECORD_SIZE, RecordCheck, check_records, log_slot, make_commit, make_record
from gdsview.lab.service import Service
from workspace_helpers import CLASS, vpath, wait_until

RUN = bytes(range(16))
OTHER_RUN = bytes(range(16, 32))
BLOCKS = 64  # a 256 KiB image: the commit block and a ring of 63 log slots
SLOTS = BLOCKS - 1


# -- records: images built by hand ------------------------------------------------------------
def log_image(n: int, *, committed: int | None = None, clean: bool = True, blocks: int = BLOCKS,
              run: bytes = RUN) -> bytearray:
    """What the log pattern leaves after ``n`` records, with a commit record of ``committed``."""
    slots = blocks - 1
    buf = bytearray(blocks * RECORD_SIZE)
    for seq in range(1, n + 1):
        put(buf, log_slot(seq, slots), make_record(run, seq, log_slot(seq, slots), "log"))
    put(buf, 0, make_commit(run, n if committed is None else committed, blocks, "log", clean, slots))
    return buf


def put(buf: bytearray, index: int, block: bytes) -> None:
    assert len(block) == RECORD_SIZE
    buf[index * RECORD_SIZE : (index + 1) * RECORD_SIZE] = block


def block(buf: bytearray, index: int) -> bytes:
    return bytes(buf[index * RECORD_SIZE : (index + 1) * RECORD_SIZE])


def check(buf: bytearray, chunk: int = 1 << 20) -> RecordCheck:
    return check_records(lambda offset, length: bytes(buf[offset : offset + length]), len(buf), chunk)


def test_record_layout_is_self_describing():
    rec = make_record(RUN, 7, 3, "log")
    assert len(rec) == RECORD_SIZE
    assert rec[:8] == records.MAGIC
    assert hashlib.sha256(rec[:-32]).digest() == rec[-32:]
    assert make_record(RUN, 7, 3, "log") == rec  # deterministic: a backup can be compared
    assert make_record(RUN, 8, 3, "log") != rec
    commit = make_commit(RUN, 7, BLOCKS, "log", True, SLOTS)
    assert len(commit) == RECORD_SIZE and commit[:8] == records.COMMIT_MAGIC
    assert [log_slot(s, 5) for s in range(1, 12)] == [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1]


def test_round_trip_is_consistent():
    buf = log_image(20)
    r = check(buf)
    assert r.has_commit and r.consistent
    assert (r.blocks, r.records, r.empty, r.foreign) == (BLOCKS, 20, SLOTS - 20, 0)
    assert (r.committed, r.clean, r.pattern) == (20, True, "log")
    assert not (r.torn or r.misplaced or r.beyond_commit or r.stale)
    assert r.summary() == "consistent: 20 records, committed sequence 20, service stopped cleanly"
    # reading in chunks that cut the image anywhere finds the same
    small = check(buf, chunk=3 * RECORD_SIZE)
    assert (small.records, small.empty, small.consistent) == (20, SLOTS - 20, True)


def test_a_wrapped_ring_is_consistent():
    n = 3 * SLOTS + 5
    r = check(log_image(n))
    assert r.consistent, r.summary()
    assert (r.records, r.empty, r.committed) == (SLOTS, 0, n)


def test_running_service_is_reported_as_not_cleanly_stopped():
    r = check(log_image(10, clean=False))
    assert r.consistent and not r.clean
    assert "was running (no clean stop recorded)" in r.summary()


def test_flipped_byte_is_torn():
    buf = log_image(20)
    buf[5 * RECORD_SIZE + 1000] ^= 0x01
    r = check(buf)
    assert r.torn == [5]
    assert not r.consistent
    assert r.records == 19
    assert r.summary().startswith("INCONSISTENT: 19 records, committed sequence 20")
    assert "1 torn blocks (first at block 5)" in r.summary()


def test_torn_commit_record_is_reported():
    buf = log_image(20)
    buf[100] ^= 0xFF  # inside the commit record's body
    r = check(buf)
    assert not r.has_commit and not r.consistent
    assert r.torn == [0]
    assert r.has_service_data
    assert "commit record (block 0) is torn" in r.summary()
    assert r.summary().startswith("INCONSISTENT")


def test_record_at_another_blocks_place_is_misplaced():
    buf = log_image(20)
    put(buf, 30, block(buf, 4))  # record 4 copied to an empty slot
    r = check(buf)
    assert r.misplaced == [30]
    assert not r.consistent
    assert "1 misplaced records" in r.summary()


def test_records_beyond_the_commit_record():
    buf = log_image(20, committed=17, clean=False)
    r = check(buf)
    assert r.beyond_commit == [18, 19, 20]
    assert not r.consistent
    assert "3 records written after the last commit" in r.summary()
    assert "fsck" in r.summary()


def test_ring_missing_a_committed_record_is_stale():
    buf = log_image(20)
    put(buf, 7, bytes(RECORD_SIZE))  # records 7 and 9 lost
    put(buf, 9, bytes(RECORD_SIZE))
    r = check(buf)
    assert r.stale == [7, 9]
    assert not r.consistent
    assert "2 committed log records missing or older" in r.summary()
    # an older record of the same slot is stale too
    wrapped = log_image(SLOTS + 10)
    put(wrapped, 3, make_record(RUN, 3, 3, "log"))  # seq 3, where SLOTS + 3 belongs
    r = check(wrapped)
    assert r.stale == [3] and not r.consistent


def test_foreign_data_is_counted_not_blamed():
    buf = log_image(20)
    put(buf, 40, b"\xab" * RECORD_SIZE)  # someone else's data
    put(buf, 41, make_record(OTHER_RUN, 1, 41, "log"))  # another run's record
    r = check(buf)
    assert r.foreign == 2
    assert r.records == 20
    assert r.consistent, r.summary()


def test_no_commit_record():
    r = check(bytearray(BLOCKS * RECORD_SIZE))
    assert not r.has_commit and not r.consistent and not r.has_service_data
    assert r.empty == SLOTS
    assert r.summary() == "no service commit record: the service never wrote to this data"
    # service records without any commit record: the data was copied before the first commit
    buf = log_image(5)
    put(buf, 0, bytes(RECORD_SIZE))
    r = check(buf)
    assert r.has_service_data and not r.consistent
    assert r.summary().startswith("INCONSISTENT: no service commit record")


def test_random_pattern_beyond_commit():
    buf = bytearray(BLOCKS * RECORD_SIZE)
    for seq, index in ((1, 10), (2, 3), (3, 50), (4, 10)):
        put(buf, index, make_record(RUN, seq, index, "random"))
    put(buf, 0, make_commit(RUN, 4, BLOCKS, "random", True, SLOTS))
    r = check(buf)
    assert r.consistent and r.pattern == "random" and r.records == 3
    put(buf, 0, make_commit(RUN, 3, BLOCKS, "random", False, SLOTS))
    r = check(buf)
    assert r.beyond_commit == [10] and not r.consistent and not r.stale


# -- the service on a volume -------------------------------------------------------------------
def volume_records(lab, volume: str = "Volume1") -> RecordCheck:
    with open_device(lab.ws, vpath(volume)) as dev:
        return check_records(lambda offset, length: dev.pread(length, offset), dev.size)


def service_events(lab, kinds=("service-start", "service-stop")):
    return [e for e in lab.manager.events(0, 100_000) if e.kind in kinds]


@pytest.fixture
def thread_errors(monkeypatch):
    """Exceptions that escaped any thread (a traceback the user would see)."""
    caught: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", caught.append)
    return caught


@pytest.fixture
def services():
    """Services a test starts; stopped at teardown whatever happened."""
    started: list[Service] = []
    yield started
    for s in started:
        s.stop()
    assert not any(s.running for s in started)


def make_service(lab, services, **kwargs) -> Service:
    kwargs.setdefault("rate_mib_s", 16)
    s = Service(lab.ws, CLASS, kwargs.pop("volume", "Volume1"), **kwargs)
    services.append(s)
    return s


def test_log_service_writes_and_stops_cleanly(lab, services, thread_errors):
    stops = []
    s = make_service(lab, services, pattern="log", on_stop=stops.append)
    s.start()
    assert s.running
    wait_until(lambda: s.status().written_records > 64, what="the service to write")
    status = s.stop()
    assert not status.running and status.error is None
    assert status.seq == status.written_records > 64
    assert (status.class_name, status.volume, status.pattern) == (CLASS, "Volume1", "log")
    assert len(stops) == 1 and stops[0].seq == status.seq and stops[0].error is None
    r = volume_records(lab)
    assert r.consistent, r.summary()
    assert (r.clean, r.pattern, r.committed, r.records) == (True, "log", status.seq, status.seq)
    # both mirror slices hold the same records
    assert lab.slice_bytes("Disk1") == lab.slice_bytes("Disk2")
    assert not thread_errors


def test_random_service_is_consistent(lab, services):
    s = make_service(lab, services, pattern="random", seed=1)
    s.start()
    wait_until(lambda: s.status().written_records > 64, what="the service to write")
    status = s.stop()
    assert status.error is None
    r = volume_records(lab)
    assert r.consistent, r.summary()
    assert (r.clean, r.pattern, r.committed) == (True, "random", status.seq)
    assert 0 < r.records <= status.seq
    assert r.misplaced == r.torn == []


def test_restart_continues_the_sequence(lab, services):
    s = make_service(lab, services)
    s.start()
    wait_until(lambda: s.status().written_records > 32, what="the service to write")
    first = s.stop()
    run_id = s.run_id
    s.start()
    wait_until(lambda: s.status().seq > first.seq + 32, what="the service to write again")
    second = s.stop()
    assert s.run_id == run_id
    assert second.seq > first.seq
    r = volume_records(lab)
    assert r.consistent and r.committed == second.seq and r.records == second.seq

    # a new service (the application restarted) takes up the run where the volume left it
    again = make_service(lab, services)
    again.start()
    wait_until(lambda: again.status().written_records > 16, what="the new service to write")
    third = again.stop()
    assert again.run_id == run_id
    assert third.seq == second.seq + third.written_records
    r = volume_records(lab)
    assert r.consistent and r.committed == third.seq, r.summary()


def test_another_pattern_starts_a_new_run(lab, services):
    s = make_service(lab, services, pattern="log")
    s.start()
    wait_until(lambda: s.status().written_records > 32, what="the service to write")
    s.stop()
    other = make_service(lab, services, pattern="random", seed=2)
    other.start()
    wait_until(lambda: other.status().written_records > 16, what="the random service to write")
    status = other.stop()
    assert other.run_id != s.run_id and status.seq == status.written_records
    r = volume_records(lab)
    assert r.consistent and r.pattern == "random", r.summary()
    assert r.foreign > 0  # what the log run left is another run's data


def test_second_start_is_refused(lab, services):
    s = make_service(lab, services)
    s.start()
    before = len(service_events(lab))
    with pytest.raises(SdxError, match="already running"):
        s.start()
    assert s.running
    assert len(service_events(lab)) == before
    s.stop()


def test_one_service_per_volume(lab, services):
    """Two writers on one volume would make its records meaningless, whichever window runs them."""
    first = make_service(lab, services)
    first.start()
    before = len(service_events(lab))
    second = make_service(lab, services)
    with pytest.raises(SdxError, match="already running on this volume") as info:
        second.start()
    assert info.value.obj == "Volume1"
    assert not second.running and len(service_events(lab)) == before
    other = make_service(lab, services, volume="Volume2")
    other.start()  # another volume is another application
    other.stop()
    first.stop()
    second.start()  # free again once the first one stopped
    wait_until(lambda: second.status().written_records > 0, what="the second service to write")
    assert second.stop().error is None
    assert volume_records(lab).consistent


def test_start_on_a_stopped_volume_is_refused(lab, services):
    lab.manager.stop_volume(CLASS, "Volume1")
    s = make_service(lab, services)
    with pytest.raises(SdxError, match="stopped") as info:
        s.start()
    assert info.value.obj == "Volume1"
    assert not s.running
    assert service_events(lab) == []
    lab.manager.start_volume(CLASS, "Volume1")
    s.start()  # the refused start held nothing
    s.stop()


@pytest.mark.parametrize("kwargs, match", [
    ({"pattern": "sequential"}, "unknown pattern"),
    ({"rate_mib_s": 0}, "rate"),
    ({"rate_mib_s": -4}, "rate"),
])
def test_bad_settings_are_refused(lab, services, kwargs, match):
    with pytest.raises(SdxError, match=match):
        make_service(lab, services, **kwargs)


def test_start_and_stop_are_logged(lab, services):
    s = make_service(lab, services, pattern="random", volume="Volume2", seed=3)
    s.start()
    wait_until(lambda: s.status().written_records > 0, what="the service to write")
    status = s.stop()
    start, stop = service_events(lab)
    for e in (start, stop):
        assert (e.class_name, e.obj, e.source, e.severity) == (CLASS, "Volume2", "service", "INFO")
    assert start.kind == "service-start" and "random" in start.text and "16 MiB/s" in start.text
    assert stop.kind == "service-stop" and f"sequence {status.seq}" in stop.text


def test_volume_stopped_under_the_service(lab, services, thread_errors):
    stops = []
    s = make_service(lab, services, on_stop=stops.append)
    s.start()
    wait_until(lambda: s.status().written_records > 16, what="the service to write")
    lab.manager.stop_volume(CLASS, "Volume1")
    wait_until(lambda: not s.running, what="the service to notice")
    status = s.status()
    assert status.error and "stopped" in status.error
    assert len(stops) == 1 and stops[0].error == status.error
    stop = service_events(lab)[-1]
    assert stop.kind == "service-stop" and stop.severity == "ERROR"
    assert status.error in stop.text
    assert not thread_errors, "the writer thread raised"
    # what it left is what an application crash leaves: committed data intact, no clean stop (the stop
    # may land between a batch and its commit record: records written after the last commit are allowed)
    lab.manager.start_volume(CLASS, "Volume1")
    r = volume_records(lab)
    assert r.has_commit and not (r.torn or r.misplaced or r.stale) and not r.clean, r.summary()
    # restarted, it recovers, and the old error is not reported for the new run
    s.start()
    assert s.status().error is None
    wait_until(lambda: s.status().seq > r.committed + 16, what="the service to write again")
    again = s.stop()
    assert again.error is None
    r = volume_records(lab)
    assert r.consistent and r.clean and r.committed == again.seq, r.summary()


def test_random_writer_failing_mid_batch_claims_no_unwritten_record(lab, services, thread_errors):
    s = make_service(lab, services, pattern="random", seed=4)
    s.start()
    wait_until(lambda: s.status().written_records > 16, what="the service to write")
    lab.manager.stop_volume(CLASS, "Volume1")
    wait_until(lambda: not s.running, what="the service to notice")
    lab.manager.start_volume(CLASS, "Volume1")
    assert s.status().error
    # the last sequence number the service reports is the last record on the volume
    assert s.status().seq == max(sequences(lab))
    assert not thread_errors


def sequences(lab, volume: str = "Volume1") -> list[int]:
    """The sequence numbers of the service records on a volume."""
    with open_device(lab.ws, vpath(volume)) as dev:
        data = dev.pread(dev.size, 0)
    return [int.from_bytes(data[i + 24 : i + 32], "little")
            for i in range(RECORD_SIZE, len(data), RECORD_SIZE) if data[i : i + 8] == records.MAGIC]
