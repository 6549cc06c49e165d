"""GUI benchmark: a large configuration's open and refresh times, and event-loop stalls during a copy.

    python bench/gui.py [--classes 200] [--volumes 50] [--copy-mib 1024] [--dir DIR]

1. A workspace of CLASSES classes × VOLUMES volumes (two disks each: 2 × CLASSES × VOLUMES slices),
   made through the volume manager like any lab (kept in --dir between runs). Measures the time
   from nothing to the main window shown with its tree filled, then the time of a refresh after
   a change made by another client (a slice detached / attached), median of several; the time of
   a refresh after a device was opened or closed (its in-use lock taken or dropped, as the device
   server does: no event is logged); and an idle refresh (nothing changed: the monitoring tick).
2. A 1 GiB volume whose second slice is copied in full by the window's own copy threads while a
   5 ms QTimer probe records how late each tick fires: the worst stall and the 99th percentile.

Prints a table and a last line of key=value figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gdsview.core.engine.volume_io import open_device  # noqa: E402
from gdsview.core.names import MiB  # noqa: E402
from gdsview.core.policy.manager import VolumeManager  # noqa: E402
from gdsview.core.storage.locks import OwnerLock  # noqa: E402
from gdsview.core.storage.workspace import Workspace  # noqa: E402
from gdsview.ui.backend import GuiBackend  # noqa: E402
from gdsview.ui.backend.requests import SliceRequest  # noqa: E402
from gdsview.ui.main_window import MainWindow  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


class _Resume:
    """A request (applied by the backend on its pool): relaunch copies left pending, in its threads."""

    def apply(self, m):
        return m.resume_interrupted_copies()


def populate(root: Path, classes: int, volumes: int) -> Workspace:
    ws = Workspace(root)
    m = VolumeManager(ws, source="bench")
    done = {c.name for c in m.snapshot().classes}
    t0 = time.perf_counter()
    for c in range(classes):
        name = f"Class{c + 1}"
        if name in done:
            continue
        a, b = f"c{c + 1}a", f"c{c + 1}b"
        for p in (a, b):
            m.create_physical_disk(p, (volumes + 2) * MiB)
        m.register_disk(name, a, "Disk1")
        m.register_disk(name, b, "Disk2")
        m.connect_disk(name, "Group1", "Disk1")
        m.connect_disk(name, "Group1", "Disk2")
        for v in range(volumes):
            m.create_volume(name, "Group1", f"Volume{v + 1}", 2048)
        if c % 20 == 19:
            print(f"  populated {c + 1}/{classes} classes ({time.perf_counter() - t0:.0f} s)", flush=True)
    return ws


def pump(app: QApplication, seconds: float = 0.0) -> None:
    end = time.perf_counter() + seconds
    app.processEvents()
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def measure_open_and_refresh(app: QApplication, root: Path, rounds: int) -> tuple[float, list[float], int, dict]:
    t0 = time.perf_counter()
    backend = GuiBackend(Workspace(root))
    window = MainWindow(backend)
    backend.start()
    window.show()
    app.processEvents()
    opened = time.perf_counter() - t0
    rows = window.tree_model.rowCount(window.tree_model.index(0, 0))
    window.select_class("Class1")
    window.info.select_volume("Class1", "Volume1")
    outside = VolumeManager(Workspace(root), source="bench")
    times = []
    for i in range(rounds):
        c = f"Class{(i // 2 * 37) % rows + 1}"  # detach, then attach, the same slice
        if i % 2 == 0:
            outside.detach_slice(c, "Disk2", "Volume1")
        else:
            outside.attach_slice(c, "Disk2", "Volume1")  # no launcher: the copy stays pending
        t = time.perf_counter()
        backend.refresh()
        app.processEvents()
        times.append(time.perf_counter() - t)
    # a device opened / closed elsewhere: the in-use lock the device server takes, no event logged
    in_use_times, missed = [], 0
    ws = Workspace(root)
    for i in range(rounds):
        c = f"Class{(i // 2 * 53) % rows + 1}"
        vid = ws.store.connection().execute(
            "SELECT v.id FROM volumes v JOIN classes k ON k.id = v.class_id WHERE k.name = ? AND v.name = ?",
            (c, "Volume2")).fetchone()[0]
        lock = OwnerLock(ws.volume_use_lock_path(vid), "bench")
        lock.acquire()
        for is_open in (True, False):
            if not is_open:
                ws.volume_use_lock_path(vid).unlink()
                lock.release()
            t = time.perf_counter()
            backend.refresh()
            app.processEvents()
            in_use_times.append(time.perf_counter() - t)
            missed += backend.snapshot.volume(c, "Volume2").in_use is not is_open
    ws.close()
    idle = []
    for _ in range(rounds):
        t = time.perf_counter()
        backend.refresh()
        app.processEvents()
        idle.append(time.perf_counter() - t)
    extra = {"in_use_ms": statistics.median(in_use_times) * 1000, "in_use_worst_ms": max(in_use_times) * 1000,
             "idle_ms": statistics.median(idle) * 1000, "in_use_missed": missed, "in_use_changes": 2 * rounds}
    # leave the lab as it was: every detached slice attached and copied (tiny volumes)
    for c in {f"Class{(i // 2 * 37) % rows + 1}" for i in range(rounds)}:
        s = outside.snapshot(c).slice(c, "Disk2", "Volume1")
        if s.state.value in ("TEMP", "TEMP-STOP"):
            outside.attach_slice(c, "Disk2", "Volume1")
    window._closing = True
    backend.run(_Resume())
    pump(app, 0.5)
    backend.copies.wait(60)
    backend.shutdown()
    window.deleteLater()
    app.processEvents()
    return opened, times, rows, extra


def measure_copy_stalls(app: QApplication, root: Path, copy_mib: int) -> dict[str, float]:
    ws = Workspace(root)
    m = VolumeManager(ws, source="bench")
    for p in ("sda", "sdb"):
        m.create_physical_disk(p, (copy_mib + 2) * MiB)
    m.register_disk("Class1", "sda", "Disk1")
    m.register_disk("Class1", "sdb", "Disk2")
    m.connect_disk("Class1", "Group1", "Disk1")
    m.connect_disk("Class1", "Group1", "Disk2")
    m.create_volume("Class1", "Group1", "Volume1", copy_mib * MiB // 512)
    block = os.urandom(8 * MiB)
    with open_device(ws, "/dev/sfdsk/Class1/dsk/Volume1", writable=True) as dev:
        for off in range(0, copy_mib * MiB, 8 * MiB):
            dev.pwrite(block, off)
    m.detach_slice("Class1", "Disk2", "Volume1", jrm=False)

    backend = GuiBackend(Workspace(root))
    window = MainWindow(backend)
    backend.start()
    window.show()
    window.select_slice("Class1", "Disk2", "Volume1")
    pump(app, 0.3)
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(5)
    probe.timeout.connect(tick)
    loop = QEventLoop()
    backend.copyFinished.connect(lambda _result: loop.quit())
    QTimer.singleShot(600_000, loop.quit)
    probe.start()
    t0 = time.perf_counter()
    backend.run(SliceRequest("Class1", "Disk2", "Volume1", "attach_slice"))  # as the GUI's Attach Slice does
    loop.exec()  # the window's own event loop runs while its copy thread copies
    seconds = time.perf_counter() - t0
    probe.stop()
    window._closing = True
    backend.shutdown()
    late = sorted(g - 5 for g in gaps)
    return {
        "copy_seconds": seconds,
        "ticks": len(gaps),
        "max_stall_ms": max(late) if late else 0.0,
        "p99_stall_ms": late[int(0.99 * (len(late) - 1))] if late else 0.0,
        "plot_points": window.plot.points("Disk2.Volume1"),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--classes", type=int, default=200)
    ap.add_argument("--volumes", type=int, default=50)
    ap.add_argument("--copy-mib", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--dir", type=Path, help="keep the large workspace here between runs")
    args = ap.parse_args()

    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    big = args.dir or Path(tempfile.mkdtemp(prefix="gdsview-bench-gui-"))
    print(f"workspace {big}: {args.classes} classes x {args.volumes} volumes", flush=True)
    t = time.perf_counter()
    populate(big, args.classes, args.volumes).close()
    print(f"  ready in {time.perf_counter() - t:.1f} s", flush=True)
    opened, refreshes, rows, extra = measure_open_and_refresh(app, big, args.rounds)
    copy_root = Path(tempfile.mkdtemp(prefix="gdsview-bench-copy-"))
    try:
        stalls = measure_copy_stalls(app, copy_root, args.copy_mib)
    finally:
        shutil.rmtree(copy_root, ignore_errors=True)
        if args.dir is None:
            shutil.rmtree(big, ignore_errors=True)

    refresh_ms = statistics.median(refreshes) * 1000
    print()
    print(f"{'figure':<44} {'value':>12} {'target':>10}")
    print(f"{'classes in the tree':<44} {rows:>12} {'':>10}")
    print(f"{'open and show the tree (s)':<44} {opened:>12.3f} {'< 2':>10}")
    print(f"{'refresh after a change, median (ms)':<44} {refresh_ms:>12.1f} {'< 100':>10}")
    print(f"{'refresh after a change, worst (ms)':<44} {max(refreshes) * 1000:>12.1f} {'':>10}")
    print(f"{'refresh after a device opened/closed (ms)':<44} {extra['in_use_ms']:>12.1f} {'< 100':>10}")
    print(f"{'  worst (ms)':<44} {extra['in_use_worst_ms']:>12.1f} {'':>10}")
    print(f"{'  changes the refresh missed':<44} {extra['in_use_missed']:>12} {'0':>10}")
    print(f"{'idle refresh, nothing changed (ms)':<44} {extra['idle_ms']:>12.2f} {'':>10}")
    print(f"{f'copy of {args.copy_mib} MiB through the GUI (s)':<44} {stalls['copy_seconds']:>12.2f} {'':>10}")
    print(f"{'event-loop probe ticks (5 ms timer)':<44} {stalls['ticks']:>12} {'':>10}")
    print(f"{'worst event-loop stall during the copy (ms)':<44} {stalls['max_stall_ms']:>12.1f} {'< 50':>10}")
    print(f"{'99th percentile stall (ms)':<44} {stalls['p99_stall_ms']:>12.1f} {'':>10}")
    print(f"open_s={opened:.3f} refresh_ms={refresh_ms:.1f} in_use_refresh_ms={extra['in_use_ms']:.1f} "
          f"in_use_missed={extra['in_use_missed']}/{extra['in_use_changes']} "
          f"idle_refresh_ms={extra['idle_ms']:.2f} max_stall_ms={stalls['max_stall_ms']:.1f} "
          f"p99_stall_ms={stalls['p99_stall_ms']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
