"""The restore lesson (beyond the GDS guide): a backup proven CLEAN, the data damaged, the backup restored,
the service started on it, and its invariant proven on the volume.

Graded from the event log, as the backup procedure is (lab.observer), except the last step: the
grader itself proves the volume's data, on a copy read through the volume (never written), while
no service runs on it.
"""

from __future__ import annotations

import hashlib
import os
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..core.engine.volume_io import open_device
from ..core.errors import SdxError
from ..core.events import Event, EventKind
from ..core.policy.manager import VolumeManager
from ..core.storage.workspace import Workspace
from .backup import BackupCheck, copy_sparse
from .observer import LabReport, LabWarning, StepState
from .procedure import Step
from .proofs import ProofReport, Verdict, prove_image
from .restore import check_restore_target
from .service import running_services

STEPS: tuple[Step, ...] = (
    Step(1, "verified", "Verify a backup: CLEAN.",
         "gdsview verify-backup FILE (Operation → Verify Backup): a backup taken after Stop Service", "Verify backup"),
    Step(2, "damage", "Damage the data.",
         "gdsview lab damage -c Class1 -v Volume1 (with the service stopped)", "Damage the data"),
    Step(3, "restore", "Restore the backup.",
         "gdsview restore FILE -c Class1 -v Volume1 (Operation → Restore Backup)", "Restore"),
    Step(4, "service", "Start the service on the restored volume.",
         "gdsview service start (Service → Start Service)", "Start service"),
    Step(5, "invariant", "The invariant holds on the volume (the records, for the built-in service).",
         "stop the service, then gdsview lab check --lesson restore proves the volume's data", "Invariant holds"),
)

DAMAGE_BYTES = 4 << 20


@dataclass
class _State:
    verified: dict[str, Event]  # backup file -> its CLEAN verification
    done: dict[str, tuple[float, str]]
    volume: tuple[str | None, str] | None = None


def log_verified(ws: Workspace, result: BackupCheck, source: str) -> None:
    """Log Verify Backup's verdict (the lesson's first step reads it)."""
    store = ws.store
    with store.write() as conn:
        text = f"backup {result.path.absolute()} verified: {result.verdict.name}"
        store.log(conn, source, EventKind.BACKUP_VERIFIED, text,
                  severity="INFO" if result.verdict is Verdict.CLEAN else "WARNING")


def damage_volume(manager: VolumeManager, class_name: str, volume: str, source: str = "gdsview") -> int:
    """Overwrite pieces of the volume's data (its first data ranges) with garbage; returns the bytes written."""
    v = manager.snapshot().volume(class_name, volume)
    if v is None:
        raise SdxError("no such volume", volume)
    check_restore_target(manager, class_name, volume, 0)
    rng = random.Random(os.getpid())
    written = 0
    with open_device(manager.ws, f"/dev/sfdsk/{class_name}/dsk/{volume}", writable=True, source=source) as dev:
        # every 64th MiB-aligned 64 KiB piece that holds data: the file system's tables and the database's files
        for start, end in dev.data_ranges():
            at = start
            while at < end and written < DAMAGE_BYTES:
                n = min(64 << 10, end - at)
                dev.pwrite(rng.randbytes(n), at)
                written += n
                at += 1 << 20
        if not written:
            raise SdxError("the volume holds no data to damage", volume)
        dev.flush()
    store = manager.ws.store
    with store.write() as conn:
        store.log(conn, source, EventKind.LAB_DAMAGE, f"{written} bytes of {volume} overwritten with garbage",
                  class_name=class_name, obj=volume, severity="WARNING")
    return written


def prove_volume(ws: Workspace, class_name: str, volume: str) -> ProofReport:
    """Prove the volume's data on a sparse copy read through the volume (the volume is only read)."""
    report = ProofReport()
    folder = Path(tempfile.mkdtemp(prefix="gdsview-restore-check-"))
    image = folder / f"{volume}.img"
    try:
        with open_device(ws, f"/dev/sfdsk/{class_name}/dsk/{volume}", writable=False) as dev:
            fd = os.open(image, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                step = 8 << 20
                for offset in range(0, dev.size, step):
                    copy_sparse(dev, fd, offset, min(step, dev.size - offset), hashlib.sha256())
                os.ftruncate(fd, dev.size)
            finally:
                os.close(fd)
        prove_image(image, report)
    finally:
        image.unlink(missing_ok=True)
        folder.rmdir()
    return report


def check_restore_lesson(manager: VolumeManager) -> LabReport:
    events = manager.events(0, limit=1_000_000)
    start = max((i for i, e in enumerate(events) if e.kind == EventKind.LAB_INIT), default=-1)
    t0 = events[start].ts if start >= 0 else (events[0].ts if events else 0.0)
    st = _State({}, {})
    for e in events[start + 1:]:
        _feed(st, e)
    warnings: list[LabWarning] = []
    if "service" in st.done and st.volume is not None:
        class_name, volume = st.volume
        if (class_name, volume) in running_services(manager.ws):
            st.done.pop("invariant", None)
        else:
            report = prove_volume(manager.ws, class_name or "", volume)
            proof = report.check("invariant") or report.check("records")  # a database's, or the built-in's
            if proof is not None and report.verdict is not Verdict.DAMAGED:
                st.done["invariant"] = (events[-1].ts, proof.found)
    if "service" in st.done and "invariant" not in st.done:
        warnings.append(LabWarning("invariant", "the invariant is proven on the volume once its service is stopped "
                                                "(and it did not hold, if the service is stopped)", events[-1].ts))
    states = [StepState(s, *((st.done[s.key][0], st.done[s.key][0] - t0, st.done[s.key][1])
                            if s.key in st.done else (None, None, ""))) for s in STEPS]
    target = st.volume[1] if st.volume else None
    return LabReport(t0, states, warnings, target, st.volume[0] if st.volume else None,
                     title="Restore lesson (beyond the GDS guide)", subject="volume")


def _feed(st: _State, e: Event) -> None:
    kind = EventKind.parse(e.kind)
    key = (e.class_name, e.obj or "")
    if kind is EventKind.BACKUP_VERIFIED and e.text.startswith("backup ") and e.text.endswith(" verified: CLEAN"):
        st.verified[e.text[len("backup "):-len(" verified: CLEAN")]] = e
        st.done.setdefault("verified", (e.ts, e.text))
    elif kind is EventKind.LAB_DAMAGE and "verified" in st.done:
        st.volume = key
        st.done.setdefault("damage", (e.ts, e.text))
        for later in ("restore", "service", "invariant"):  # damaged again: the restore is to do again
            st.done.pop(later, None)
    elif kind is EventKind.RESTORE_DONE and "damage" in st.done and key == st.volume:
        restored = e.text.split(" ", 2)[1] if e.text.startswith("backup ") else ""
        if restored in st.verified:
            st.done["restore"] = (e.ts, e.text)
            st.done.pop("service", None)
    elif kind is EventKind.SERVICE_START and "restore" in st.done and key == st.volume:
        st.done.setdefault("service", (e.ts, f"service on {e.obj}"))


__all__ = ["STEPS", "check_restore_lesson", "damage_volume", "log_verified", "prove_volume"]
