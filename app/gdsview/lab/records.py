"""The service's data records, and checking a volume or a backup of it for consistency.

The built-in service stands for an application writing to the volume. Every 4 KiB block it
writes is a self-describing record: magic, the run's id, a sequence number, the block's own
index and a SHA-256 of the rest, so a copy of the volume can be checked without the service.
Block 0 is the service's commit record (the last sequence number it made durable, and whether
it stopped cleanly), written after the data it covers, as a journaling application does.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

RECORD_SIZE = 4096
MAGIC = b"GDSVREC1"
COMMIT_MAGIC = b"GDSVCMT1"
_HEAD = struct.Struct("<8s16sQQI")  # magic, run id, seq, block index, pattern code
COMMIT = struct.Struct("<8s16sQQIII")  # magic, run id, committed seq, blocks, pattern, clean, log slots
DIGEST = 32
PATTERNS = {"log": 1, "random": 2}


def make_record(run_id: bytes, seq: int, index: int, pattern: str) -> bytes:
    head = _HEAD.pack(MAGIC, run_id, seq, index, PATTERNS[pattern])
    filler = (seq.to_bytes(8, "little") + index.to_bytes(8, "little")) * (
        (RECORD_SIZE - DIGEST - len(head)) // 16)
    body = head + filler
    body = body.ljust(RECORD_SIZE - DIGEST, b"\0")
    return body + hashlib.sha256(body).digest()


def make_commit(run_id: bytes, seq: int, blocks: int, pattern: str, clean: bool, slots: int) -> bytes:
    body = COMMIT.pack(COMMIT_MAGIC, run_id, seq, blocks, PATTERNS[pattern], int(clean), slots)
    body = body.ljust(RECORD_SIZE - DIGEST, b"\0")
    return body + hashlib.sha256(body).digest()


def log_slot(seq: int, slots: int) -> int:
    """Where the sequential log writes record ``seq`` (1-based): a ring after the commit block."""
    return 1 + (seq - 1) % slots


@dataclass
class RecordCheck:
    """What a consistency check found in a volume image or a backup file."""

    blocks: int = 0
    records: int = 0
    empty: int = 0
    torn: list[int] = field(default_factory=list)  # checksum mismatch: a half-written block
    misplaced: list[int] = field(default_factory=list)  # a record at another block's place
    foreign: int = 0  # not written by the service (other data)
    beyond_commit: list[int] = field(default_factory=list)  # written after the last commit record
    stale: list[int] = field(default_factory=list)  # the log ring lost a committed record
    committed: int = 0
    clean: bool = False
    pattern: str | None = None
    has_commit: bool = False

    @property
    def consistent(self) -> bool:
        return self.has_commit and not (self.torn or self.misplaced or self.beyond_commit or self.stale)

    @property
    def has_service_data(self) -> bool:
        """False when nothing here was written by the service (then there is nothing to check)."""
        return self.has_commit or bool(self.records or self.torn)

    def summary(self) -> str:
        if not self.has_commit:
            if self.torn and self.torn[0] == 0:
                return (f"INCONSISTENT: the service's commit record (block 0) is torn; {self.records} records, "
                        f"{len(self.torn)} torn blocks")
            if self.records or self.torn:
                return (f"INCONSISTENT: no service commit record, yet {self.records} service records and "
                        f"{len(self.torn)} torn blocks")
            return "no service commit record: the service never wrote to this data"
        state = "stopped cleanly" if self.clean else "was running (no clean stop recorded)"
        head = (f"{self.records} records, committed sequence {self.committed}, service {state}")
        problems = []
        if self.torn:
            problems.append(f"{len(self.torn)} torn blocks (first at block {self.torn[0]})")
        if self.misplaced:
            problems.append(f"{len(self.misplaced)} misplaced records")
        if self.beyond_commit:
            problems.append(f"{len(self.beyond_commit)} records written after the last commit "
                            "(the application needs recovery, e.g. fsck)")
        if self.stale:
            problems.append(f"{len(self.stale)} committed log records missing or older")
        if not problems:
            return f"consistent: {head}"
        return f"INCONSISTENT: {head}; " + "; ".join(problems)


def check_records(read: Callable[[int, int], bytes], size: int, chunk: int = 1 << 20) -> RecordCheck:
    """Check ``size`` bytes read through ``read(offset, length)``: a volume or a backup file."""
    result = RecordCheck(blocks=size // RECORD_SIZE)
    first = read(0, RECORD_SIZE)
    run_id = b""
    slots = 0
    if first[:8] == COMMIT_MAGIC and len(first) == RECORD_SIZE:
        if hashlib.sha256(first[:-DIGEST]).digest() == first[-DIGEST:]:
            magic, run_id, seq, _blocks, pattern, clean, slots = COMMIT.unpack_from(first)
            result.has_commit, result.committed, result.clean = True, seq, bool(clean)
            result.pattern = next((k for k, v in PATTERNS.items() if v == pattern), None)
        else:
            result.torn.append(0)  # the commit record itself is damaged: nothing can be trusted
    seqs: dict[int, int] = {}
    for offset in range(RECORD_SIZE, result.blocks * RECORD_SIZE, chunk):
        data = read(offset, min(chunk, result.blocks * RECORD_SIZE - offset))
        for pos in range(0, len(data), RECORD_SIZE):
            block = data[pos : pos + RECORD_SIZE]
            index = (offset + pos) // RECORD_SIZE
            if block.count(0) == RECORD_SIZE:
                result.empty += 1
                continue
            if block[:8] != MAGIC:
                result.foreign += 1
                continue
            _m, rid, seq, where, _p = _HEAD.unpack_from(block)
            if hashlib.sha256(block[:-DIGEST]).digest() != block[-DIGEST:]:
                result.torn.append(index)
                continue
            if run_id and rid != run_id:
                result.foreign += 1
                continue
            result.records += 1
            if where != index:
                result.misplaced.append(index)
            if result.has_commit and seq > result.committed:
                result.beyond_commit.append(index)
            seqs[index] = seq
    if result.has_commit and result.pattern == "log" and slots:
        low = max(1, result.committed - slots + 1)
        for seq in range(low, result.committed + 1):
            index = log_slot(seq, slots)
            if seqs.get(index, 0) < seq:
                result.stale.append(index)
    return result
