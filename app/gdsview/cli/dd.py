"""``gdsview dd``: copy between a GDS device and a plain file, with dd's operands and summary.

Either side may be a volume ``/dev/sfdsk/<class>/dsk/<volume>`` (writes are mirrored by the
backend) or a detached slice's access path ``.../<disk>.<volume>``; the other side is a plain file
(or stdin/stdout when ``if=``/``of=`` is left out). Both sides are opened before a byte moves, so a
refused open (a read-only or stopped slice, a stopped volume) writes nothing. Copied to a regular
file (without ``conv=notrunc``), the device's holes and all-zero blocks stay holes in the file.

``conv=fsync`` and ``conv=fdatasync`` make the output durable before dd reports (GNU dd's
meaning): a plain file is fsync'ed or fdatasync'ed, a volume or access path is flushed
(``Device.flush``: every byte written is durable on every slice it reached).
"""

from __future__ import annotations

import bisect
import errno
import os
import re
import stat
import sys
import time
from dataclasses import dataclass

from ..core.engine.volume_io import Device, is_device_path, open_device
from ..core.errors import SdxError
from ..core.names import parse_size
from ..core.storage.workspace import Workspace

OPERANDS = ("if", "of", "bs", "count", "skip", "seek", "conv", "status")
MAX_BS = 1 << 30
_DD_NUMBER = re.compile(r"(\d+)([cwb])")
_DD_UNITS = {"c": 1, "w": 2, "b": 512}


@dataclass
class DdArgs:
    src: str | None = None
    dst: str | None = None
    bs: int = 512
    count: int | None = None
    skip: int = 0
    seek: int = 0
    notrunc: bool = False
    sync: str | None = None  # "fsync" or "fdatasync": make the output durable at the end
    status: str = "default"


def parse_number(text: str, what: str) -> int:
    """A dd number: ``4096``, ``1M`` (1048576), ``64K``, ``1G``, ``2b`` (512-byte blocks), ``10c``."""
    m = _DD_NUMBER.fullmatch(text)
    if m:
        return int(m.group(1)) * _DD_UNITS[m.group(2)]
    if text.isdigit():
        return int(text)
    try:
        return parse_size(text)
    except SdxError:
        raise SdxError(f"invalid number '{text}' for {what}: use e.g. 512, 64K, 1M, 1G") from None


def parse_operands(operands: list[str]) -> DdArgs:
    args = DdArgs()
    seen: set[str] = set()
    for item in operands:
        key, eq, value = item.partition("=")
        if not eq or key not in OPERANDS:
            raise SdxError(f"unknown operand '{item}': dd takes {', '.join(k + '=' for k in OPERANDS)}")
        if key in seen:
            raise SdxError(f"operand {key}= given more than once")
        seen.add(key)
        if key in ("if", "of"):
            if not value:
                raise SdxError(f"{key}= needs a file name")
            setattr(args, {"if": "src", "of": "dst"}[key], value)
        elif key == "bs":
            args.bs = parse_number(value, "bs")
            if not 0 < args.bs <= MAX_BS:
                raise SdxError(f"invalid block size bs={value}: from 1 byte to 1 GiB")
        elif key in ("count", "skip", "seek"):
            setattr(args, key, parse_number(value, key))
        elif key == "conv":
            for conv in value.split(","):
                if conv == "notrunc":
                    args.notrunc = True
                elif conv in ("fsync", "fdatasync"):
                    args.sync = "fsync" if "fsync" in (conv, args.sync) else "fdatasync"  # fsync covers both
                else:
                    raise SdxError(f"unsupported conversion conv={conv}: notrunc, fsync and fdatasync are supported")
        else:  # status
            if value not in ("none", "noxfer", "progress", "default"):
                raise SdxError(f"invalid status={value}: none, noxfer or progress")
            args.status = value
    return args


# -- the two ends -------------------------------------------------------------------------------
class _DeviceEnd:
    def __init__(self, dev: Device, path: str) -> None:
        self.dev = dev
        self.name = path
        self.size: int | None = dev.size
        self.regular = False

    def read(self, length: int, offset: int) -> bytes:
        length = min(length, self.dev.size - offset)
        return self.dev.pread(length, offset) if length > 0 else b""

    def write(self, data: bytes, offset: int) -> None:
        if offset + len(data) > self.dev.size:
            fits = max(0, self.dev.size - offset)
            if fits:
                self.dev.pwrite(data[:fits], offset)
            raise _NoSpace(fits)
        self.dev.pwrite(data, offset)

    def flush(self, kind: str) -> None:
        self.dev.flush()  # fsync or fdatasync: the same for a device (there is no metadata to sync)

    def close(self) -> None:
        self.dev.close()


class _Holes:
    """Which blocks of a device read as zeros without being stored (holes of its sparse images),
    looked up a window at a time so that small blocks cost no system call each."""

    WINDOW = 64 << 20

    def __init__(self, dev: Device) -> None:
        self.dev = dev
        self.start = self.end = 0
        self.ranges: list[tuple[int, int]] = []

    def is_hole(self, offset: int, length: int) -> bool:
        end = min(offset + length, self.dev.size)
        if not (self.start <= offset and end <= self.end):
            self.start, self.end = offset, min(self.dev.size, offset + max(self.WINDOW, length))
            self.ranges = self.dev.data_ranges(self.start, self.end - self.start)
        i = bisect.bisect_right(self.ranges, (offset, self.dev.size + 1)) - 1
        for start, stop in self.ranges[max(i, 0):]:
            if start >= end:
                break
            if stop > offset:
                return False
        return True


def _all_zero(data: bytes) -> bool:
    return data.count(0) == len(data)


class _NoSpace(Exception):
    def __init__(self, written: int) -> None:
        super().__init__(written)
        self.written = written


class _FileEnd:
    """A plain file, or stdin/stdout; positioned I/O where the file can seek, else streaming."""

    def __init__(self, fd: int, name: str, owned: bool) -> None:
        self.fd = fd
        self.name = name
        self.owned = owned
        st = os.fstat(fd)
        self.regular = stat.S_ISREG(st.st_mode)
        self.seekable = self.regular or stat.S_ISBLK(st.st_mode)
        self.size: int | None = st.st_size if self.regular else None

    def read(self, length: int, offset: int) -> bytes:
        return os.pread(self.fd, length, offset) if self.seekable else os.read(self.fd, length)

    def write(self, data: bytes, offset: int) -> None:
        view = memoryview(data)
        done = 0
        while done < len(view):
            if self.seekable:
                done += os.pwrite(self.fd, view[done:], offset + done)
            else:
                done += os.write(self.fd, view[done:])

    def flush(self, kind: str) -> None:
        try:
            (os.fsync if kind == "fsync" else os.fdatasync)(self.fd)
        except OSError as e:
            if e.errno not in (errno.EINVAL, errno.ENOSYS):  # a pipe or terminal: nothing to sync (as GNU dd)
                raise SdxError(f"{kind} failed: {os.strerror(e.errno or 0)}", self.name) from None

    def skip(self, nbytes: int) -> int:
        """Streaming input only: read and drop ``nbytes``; returns how many could be dropped."""
        dropped = 0
        while dropped < nbytes:
            chunk = os.read(self.fd, min(1 << 20, nbytes - dropped))
            if not chunk:
                break
            dropped += len(chunk)
        return dropped

    def close(self) -> None:
        if self.owned:
            os.close(self.fd)


def _check_not_workspace(ws: Workspace, path: str) -> None:
    """Disk images and the database belong to the backend: dd reaches them only through /dev/sfdsk."""
    if ws.owns(path):
        raise SdxError("is a file of the workspace: only the backend opens disk images and the database;"
                       " use a /dev/sfdsk/<class>/dsk/... path", path)


def _open_input(ws: Workspace, path: str | None):
    if path is None:
        return _FileEnd(sys.stdin.fileno(), "standard input", owned=False)
    if is_device_path(path):
        return _DeviceEnd(open_device(ws, path, writable=False, source="gdsview"), path)
    _check_not_workspace(ws, path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        raise SdxError(f"cannot open for reading: {os.strerror(e.errno or 0)}", path) from None
    return _FileEnd(fd, path, owned=True)


def _open_output(ws: Workspace, path: str | None):
    if path is None:
        sys.stdout.flush()
        return _FileEnd(sys.stdout.fileno(), "standard output", owned=False)
    if is_device_path(path):
        return _DeviceEnd(open_device(ws, path, writable=True, source="gdsview"), path)
    _check_not_workspace(ws, path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as e:
        raise SdxError(f"cannot open for writing: {os.strerror(e.errno or 0)}", path) from None
    return _FileEnd(fd, path, owned=True)


# -- the copy -----------------------------------------------------------------------------------
@dataclass
class DdResult:
    full_in: int = 0
    partial_in: int = 0
    full_out: int = 0
    partial_out: int = 0
    nbytes: int = 0
    seconds: float = 0.0


def dd(ws: Workspace, args: DdArgs, log=None) -> DdResult:
    """Copy as dd does; prints the summary to ``log`` (stderr) unless ``status=none``."""
    log = sys.stderr if log is None else log
    src = _open_input(ws, args.src)
    try:
        in_off = args.skip * args.bs
        if src.size is not None and args.skip and in_off > src.size and isinstance(src, _DeviceEnd):
            raise SdxError(f"cannot skip to offset {in_off}: the device holds {src.size} bytes", src.name)
        dst = _open_output(ws, args.dst)
        try:
            return _copy(args, src, dst, log)
        finally:
            dst.close()
    finally:
        src.close()


def _copy(args: DdArgs, src, dst, log) -> DdResult:
    bs = args.bs
    in_off = args.skip * bs
    out_start = out_off = args.seek * bs
    if isinstance(dst, _FileEnd) and not dst.seekable and args.seek:
        raise SdxError("cannot seek on an output that is not a file", dst.name)
    if isinstance(src, _FileEnd) and not src.seekable and args.skip:
        src.skip(in_off)
    if isinstance(dst, _DeviceEnd) and src.size is not None:
        # Refuse before writing when the whole input is known not to fit.
        total = max(0, src.size - in_off)
        if args.count is not None:
            total = min(total, args.count * bs)
        if out_off + total > dst.size:
            raise SdxError(f"cannot write {total} bytes at offset {out_off}: the device holds {dst.size} bytes",
                           dst.name)
    # To a regular file that dd truncates, what the device holds as holes (and all-zero blocks) is
    # not written: the file keeps the holes and reads back the same bytes. With conv=notrunc the
    # old contents must be overwritten, so every block is written.
    sparse = isinstance(src, _DeviceEnd) and isinstance(dst, _FileEnd) and dst.regular and not args.notrunc
    holes = _Holes(src.dev) if sparse else None
    if sparse:
        os.ftruncate(dst.fd, out_start)
    result = DdResult()
    t0 = time.monotonic()
    error: SdxError | None = None
    try:
        while args.count is None or result.full_in + result.partial_in < args.count:
            if holes is not None and in_off < src.size and holes.is_hole(in_off, bs):
                data = bytes(min(bs, src.size - in_off))
                skip_write = True
            else:
                data = src.read(bs, in_off)
                skip_write = sparse and _all_zero(data)
            if not data:
                break
            in_off += len(data)
            if len(data) == bs:
                result.full_in += 1
            else:
                result.partial_in += 1
            try:
                if not skip_write:
                    dst.write(data, out_off)
            except _NoSpace as e:
                result.nbytes += e.written
                out_off += e.written
                if e.written:
                    result.partial_out += 1
                error = SdxError(f"no space left on the device: it ends at {dst.size} bytes", dst.name)
                break
            out_off += len(data)
            result.nbytes += len(data)
            if len(data) == bs:
                result.full_out += 1
            else:
                result.partial_out += 1
            if args.status == "progress":
                _progress(log, result.nbytes, time.monotonic() - t0)
    except SdxError as e:
        error = e
    except OSError as e:
        error = SdxError(f"I/O error: {os.strerror(e.errno or 0)}")
    finally:
        if isinstance(dst, _FileEnd) and dst.regular and not args.notrunc:
            os.ftruncate(dst.fd, max(out_off, out_start))  # as dd truncates the output at ``seek``
        result.seconds = time.monotonic() - t0
    if error is None and args.sync:
        try:
            dst.flush(args.sync)  # counted in dd's time, as GNU dd counts it
        except SdxError as e:
            error = e
        result.seconds = time.monotonic() - t0
    if args.status == "progress" and result.nbytes:
        print(file=log)
    if args.status != "none":
        print(summary(result, args.status != "noxfer"), file=log)
    if error is not None:
        raise error
    return result


def summary(r: DdResult, transfer: bool = True) -> str:
    lines = [f"{r.full_in}+{r.partial_in} records in", f"{r.full_out}+{r.partial_out} records out"]
    if transfer:
        lines.append(transfer_line(r.nbytes, r.seconds))
    return "\n".join(lines)


def transfer_line(nbytes: int, seconds: float) -> str:
    """``536870912 bytes (537 MB, 512 MiB) copied, 0.5 s, 1.1 GB/s`` as GNU dd words it."""
    if nbytes == 1:
        what = "1 byte"
    elif nbytes < 1000:
        what = f"{nbytes} bytes"
    else:
        si, iec = _human(nbytes, 1000), _human(nbytes, 1024)
        what = f"{nbytes} bytes ({si}, {iec})" if si != iec else f"{nbytes} bytes ({si})"
    rate = f"{_human(nbytes / seconds, 1000)}/s" if seconds > 0 else "Infinity B/s"
    return f"{what} copied, {seconds:.6g} s, {rate}"


def _human(value: float, base: int) -> str:
    units = ["kB", "MB", "GB", "TB", "PB"] if base == 1000 else ["KiB", "MiB", "GiB", "TiB", "PiB"]
    if value < base:
        return f"{value:.0f} B"
    i = 0
    value /= base
    while value >= base and i < len(units) - 1:
        value /= base
        i += 1
    return f"{value:.1f} {units[i]}" if value < 10 else f"{value:.0f} {units[i]}"


def _progress(log, nbytes: int, seconds: float) -> None:
    print(f"\r{transfer_line(nbytes, seconds)}", end="", file=log, flush=True)
