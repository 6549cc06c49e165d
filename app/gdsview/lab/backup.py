"""Backing up a detached slice through its access path, and checking a backup afterwards."""

from __future__ import annotations

import errno
import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.engine.volume_io import Device, open_device
from ..core.errors import CopyInterrupted, NodeError, SdxError
from ..core.events import EventKind
from ..core.names import DevicePath, parse_device_path
from ..core.storage.workspace import Workspace
from .proofs import ProofReport, Verdict, prove_image
from .records import RecordCheck

CHUNK = 8 << 20
ZERO_PIECE = 1 << 20  # an all-zero piece of this size read from the device is left as a hole
_ZEROS = memoryview(bytes(CHUNK))


@dataclass(frozen=True)
class BackupProgress:
    done: int
    total: int
    rate_bps: float


@dataclass(frozen=True)
class BackupResult:
    source: str
    path: Path
    bytes: int
    sha256: str
    seconds: float
    stored: int = 0  # bytes the file takes on disk (its holes take none)

    @property
    def checksum_path(self) -> Path:
        return checksum_path(self.path)


@dataclass(frozen=True)
class BackupCheck:
    """Verify Backup's report: the checksum, then the proofs of what the image holds."""

    path: Path
    expected: str | None
    actual: str
    proofs: ProofReport
    records: RecordCheck | None = None  # the built-in service's records (an image without a file system)

    @property
    def checksum_ok(self) -> bool:
        return self.expected == self.actual

    @property
    def verdict(self) -> Verdict:
        return self.proofs.verdict

    def summary(self) -> str:
        """The whole report, one check a line, the verdict last."""
        return "\n".join(self.proofs.lines())

    def exit_status(self) -> int:
        """``gdsview verify-backup``'s: 0 CLEAN, 2 RECOVERED (usable, but only crash consistent), 1 DAMAGED."""
        return {Verdict.CLEAN: 0, Verdict.RECOVERED: 2, Verdict.DAMAGED: 1}[self.verdict]


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def backup_access_path(
    ws: Workspace,
    access_path: str,
    dest: str | os.PathLike[str],
    *,
    progress: Callable[[BackupProgress], None] | None = None,
    stop: threading.Event | None = None,
    source: str = "gdsview",
) -> BackupResult:
    """Copy a detached slice (or a volume) to ``dest``, and write ``dest.sha256`` beside it.

    The backup is sparse: what the slice's images hold as holes, and all-zero pieces, stay holes
    in ``dest`` (its bytes, and so its checksum, are those of a full copy). The data goes to a
    temporary name first and is renamed when complete and flushed, so a cancelled or failed backup
    never leaves a partial file under the final name.
    """
    parsed = parse_device_path(access_path)
    if parsed is None:
        raise SdxError("not a GDS access path", access_path)
    dest = Path(dest).absolute()
    if ws.owns(dest):
        raise SdxError("a backup cannot be written over the workspace's disk images, database or state", str(dest))
    if dest.is_dir():
        raise SdxError("backup destination is a folder: give a file name", str(dest))
    stop = stop or threading.Event()
    tmp = dest.with_name(f".{dest.name}.partial-{os.getpid()}-{threading.get_ident()}")
    digest = hashlib.sha256()
    t0 = time.monotonic()
    done = 0
    try:
        with open_device(ws, access_path, writable=False, source=source) as dev:
            total = dev.size
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
            try:
                last = 0.0
                while done < total:
                    if stop.is_set():
                        raise CopyInterrupted("cancel")
                    n = min(CHUNK, total - done)
                    copy_sparse(dev, fd, done, n, digest)
                    done += n
                    now = time.monotonic()
                    if progress and (now - last >= 0.1 or done == total):
                        last = now
                        progress(BackupProgress(done, total, done / max(now - t0, 1e-9)))
                os.ftruncate(fd, total)  # the holes at the end, if any
                os.fsync(fd)
            finally:
                os.close(fd)
        if stop.is_set():  # cancelled while the last chunk was read: still keep nothing
            raise CopyInterrupted("cancel")
        sha = digest.hexdigest()
        # An older checksum must never stand beside the new data: remove it, then the data, then the
        # new checksum. If the checksum cannot be written, the data goes too ("no file was kept").
        checksum_path(dest).unlink(missing_ok=True)
        os.rename(tmp, dest)
        try:
            _write_atomically(checksum_path(dest), f"{sha}  {dest.name}\n".encode())
        except BaseException:
            dest.unlink(missing_ok=True)
            raise
    except CopyInterrupted:
        tmp.unlink(missing_ok=True)
        _log(ws, source, EventKind.BACKUP_CANCELLED, parsed, f"backup of {access_path} cancelled; nothing kept")
        raise SdxError("backup cancelled; no file was kept", str(dest)) from None
    except NodeError as e:  # on a cluster: attempted on a node where the slice is not accessible
        tmp.unlink(missing_ok=True)
        _log(ws, source, EventKind.BACKUP_FAILED, parsed, f"backup of {access_path} refused on {ws.node}: {e.text}",
             "ERROR")
        raise
    except OSError as e:
        tmp.unlink(missing_ok=True)
        why = "no space left on the device" if e.errno == errno.ENOSPC else (e.strerror or str(e))
        _log(ws, source, EventKind.BACKUP_FAILED, parsed, f"backup of {access_path} to {dest} failed: {why}", "ERROR")
        raise SdxError(f"backup failed: {why}; no file was kept", str(dest)) from e
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    seconds = time.monotonic() - t0
    _log(ws, source, EventKind.BACKUP_DONE, parsed,
         f"backup of {access_path} written to {dest} ({done} bytes, SHA-256 {sha[:16]}…)")
    return BackupResult(access_path, dest, done, sha, seconds, _stored(dest))


def copy_sparse(dev: Device, fd: int, offset: int, length: int, digest: hashlib._Hash) -> None:
    """Copy ``[offset, offset + length)`` of the device to the same place in ``fd``, leaving holes.

    Holes of the device's images are neither read nor written, and neither are all-zero pieces of
    what is read: the file reads back the same bytes (so the same SHA-256) with only the data stored.
    """
    pos = offset
    for start, end in dev.data_ranges(offset, length):
        _hash_zeros(digest, start - pos)
        data = memoryview(dev.pread(end - start, start))
        for at in range(0, len(data), ZERO_PIECE):
            piece = data[at:at + ZERO_PIECE]
            if piece != _ZEROS[:len(piece)]:
                written = 0
                while written < len(piece):
                    written += os.pwrite(fd, piece[written:], start + at + written)
        digest.update(data)
        pos = end
    _hash_zeros(digest, offset + length - pos)


def _stored(path: Path) -> int:
    try:
        return os.stat(path).st_blocks * 512
    except OSError:
        return 0


def _hash_zeros(digest: hashlib._Hash, count: int) -> None:
    while count > 0:
        step = min(count, len(_ZEROS))
        digest.update(_ZEROS[:step])
        count -= step


def verify_backup(path: str | os.PathLike[str], progress: Callable[[str], None] | None = None) -> BackupCheck:
    """Prove a backup: its ``.sha256`` checksum, then its file system and service (or the built-in records).

    The verdict is CLEAN (consistent as it is), RECOVERED (consistent only after journal recovery or
    WAL replay: the service ran at the detach) or DAMAGED. The backup file is never written to.
    """
    path = Path(path)
    if not path.is_file():
        raise SdxError("no such backup file", str(path))
    report = ProofReport()
    if progress:
        progress("checking the checksum")
    with report.timed("checksum", "SHA-256 against " + checksum_path(path).name) as c:
        expected, actual = checksums(path)
        if expected is None:
            c.verdict, c.found = Verdict.DAMAGED, f"no checksum file beside {path.name}"
        elif expected == actual:
            c.found = "OK"
        else:
            c.verdict, c.found = Verdict.DAMAGED, f"MISMATCH: expected {expected}, file has {actual}"
    # even a file that is not the backup written is proven: the report says what else is wrong
    records = prove_image(path, report, progress)
    return BackupCheck(path, expected, actual, report, records)


def checksums(path: Path) -> tuple[str | None, str]:
    """(what ``path.sha256`` says, or None when there is none; the file's own SHA-256)."""
    expected = None
    side = checksum_path(path)
    if side.exists():
        text = side.read_text(errors="replace").strip()
        expected = text.split()[0].lower() if text else ""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return expected, digest.hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _log(ws: Workspace, source: str, kind: EventKind, parsed: DevicePath, text: str, severity: str = "INFO") -> None:
    store = ws.store
    with store.write() as conn:
        store.log(conn, source, kind, text, class_name=parsed.class_name, obj=parsed.object_name,
                  severity=severity)
