"""Proofs of a backup beyond its checksum: the file system, PostgreSQL, SQLite, the built-in records.

Each proof works on a throwaway copy of the image (``cp --sparse=always``): the backup itself is
never written to. :func:`prove_image` picks the proofs the image's contents call for.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from ..records import RecordCheck, check_records
from .fs import check_fs
from .postgres import check_postgresql
from .report import GUIDE_NOTE, HOT_LESSON, Check, ProofError, ProofReport, Verdict
from .sqlite import check_sqlite
from .tools import fs_type, loop_mount, scratch, sparse_copy

MANIFEST = "gdsview-service.json"


def prove_image(image: Path, report: ProofReport,
                progress: Callable[[str], None] | None = None) -> RecordCheck | None:
    """Add to ``report`` the proofs of the image's file system and service (or of the built-in records).

    Returns the built-in service's records when the image holds no file system (else None).
    """
    say = progress or (lambda _text: None)
    fstype = fs_type(image)
    if fstype is None:
        say("checking the built-in service's records")
        with report.timed("records", "the built-in service's records") as c:
            return _records(c, image)
        return None  # the check itself failed (its finding says why)
    with scratch(image.parent) as folder:
        say("copying the image (sparse) for the proofs")
        with report.timed("copy", f"a sparse copy of the {fstype} image to work on") as c:
            copy = sparse_copy(image, folder)
            c.found = "the backup itself is never written to"
        say(f"checking the {fstype} file system")
        first = len(report.checks)
        check_fs(report, copy, fstype)
        if any(c.verdict is Verdict.DAMAGED for c in report.checks[first:]):
            return None  # a file system that fsck rejects is not mounted
        say("mounting the copy")
        with ExitStack() as stack:
            with report.timed("mount", f"mount the copy ({fstype}) on its own loop device") as c:
                mnt = stack.enter_context(loop_mount(copy, fstype))
                c.found = "mounted"
            if c.verdict is Verdict.DAMAGED:
                return None
            app = _app(mnt)
            if app == "postgresql" or (mnt / "pgdata").is_dir():
                say("starting a throwaway PostgreSQL server on the copy")
                check_postgresql(report, mnt / "pgdata")
            elif app == "sqlite" or (mnt / "sqlite" / "service.db").is_file():
                say("checking the SQLite database")
                check_sqlite(report, mnt / "sqlite" / "service.db")
            else:
                report.checks.append(Check("service", "the service's data", "no database found on the file "
                                           "system: only the file system was checked"))
    return None


def _app(mnt: Path) -> str | None:
    try:
        return str(json.loads((mnt / MANIFEST).read_text()).get("app"))
    except (OSError, ValueError, AttributeError):
        return None


def _records(c: Check, image: Path) -> RecordCheck:
    with open(image, "rb") as f:
        size = f.seek(0, 2)

        def read(offset: int, length: int) -> bytes:
            f.seek(offset)
            return f.read(length)

        records = check_records(read, size)
    c.found = records.summary()
    if not records.has_service_data:
        c.found = "no file system and no service records: only the checksum was checked"
    elif records.torn or records.misplaced or records.stale or not records.has_commit:
        c.verdict = Verdict.DAMAGED
    elif records.beyond_commit or not records.clean:
        c.verdict = Verdict.RECOVERED
        c.found += ""
    return records


__all__ = ["prove_image", "ProofReport", "Check", "Verdict", "ProofError", "GUIDE_NOTE", "HOT_LESSON"]
