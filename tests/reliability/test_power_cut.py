"""Power cuts: thousands of simulated power failures, each checked after a restart.

Each workload of :mod:`powercut_workloads` runs real code once with the I/O recorder on; the
simulator (:mod:`powercut`) then builds the on-disk states a power cut could have left at sampled
points of that history (× six ways of choosing what unsynced data reached the disk), writes each
out as a workspace, restarts on it as after a reboot and checks it. The default run checks
4 workloads × 13 cuts × 6 = 312 crash states, and PostgreSQL through the device server 5 × 6 = 30;
``-m slow`` 4 × 210 × 6 = 5,040 and 40 × 6 = 240 (one test per workload) (``GDSVIEW_POWERCUT_CUTS``
and ``GDSVIEW_POWERCUT_PG_CUTS`` change the cuts per workload, ``GDSVIEW_POWERCUT_SEED`` the seed).
The figures of each run go to ``results/power_cut.md`` (slow run) and the test's output.

The self-test runs the detached-slice workload with the write ordering disabled
(``volume_io.ORDERING``, as ``GDSVIEW_TEST_NO_ORDERING=1`` does at import): the simulator must
then find a region the next attach would skip.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from gdsview.core.engine import volume_io
from powercut import MODES
from powercut_check import simulate
from powercut_devices import why_not_here
from powercut_workloads import WORKLOADS, postgres_through_devices

RESULTS = Path(__file__).with_name("results")
SEED = int(os.environ.get("GDSVIEW_POWERCUT_SEED", "20261127"))
_NAMES = ("detached slice, JRM on", "attach and copy", "detach/attach loop", "the lab's service writer",
          "PostgreSQL through the device server")


def _work_dir(tmp_path: Path) -> Path:
    """Crash states are written to tmpfs when there is one (no disk wear, and the checks' own fsyncs are free)."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        d = shm / f"gdsview-powercut-{os.getpid()}-{tmp_path.name}"
        d.mkdir()
        return d
    return tmp_path / "states"


def _run(name: str, tmp_path: Path, cuts: int, seed: int, **kwargs) -> dict:
    t0 = time.monotonic()
    workload = WORKLOADS.get(name) or postgres_through_devices
    recording = workload(tmp_path / f"{name}-ws", seed, **kwargs)
    recording.info["cuts"] = cuts  # the PostgreSQL proof spreads its crash states over the cuts
    t1 = time.monotonic()
    work = _work_dir(tmp_path)
    try:
        tally = simulate(recording.rec, recording.bases, work, cuts=cuts, seed=seed, extra=recording.extra)
    finally:
        if str(work).startswith("/dev/shm/"):
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    return {"workload": recording.name, "ops": len(recording.rec.ops), "states": tally.states,
            "failed": len(tally.failures), "lost_regions": tally.lost_regions, "seconds": time.monotonic() - t0,
            "failures": tally.failures[:5], "workload_seconds": t1 - t0,
            **{k: v for k, v in recording.info.items() if k in ("proved", "pgbench")}}


def _report(rows: list[dict], path: Path | None) -> str:
    total = sum(r["states"] for r in rows)
    lines = [f"Power cuts, {time.strftime('%Y-%m-%d')}, seed {SEED}: {total} crash states "
             f"({len(MODES)} per cut: {', '.join(sorted(set(MODES)))})", "",
             "| workload | recorded operations | crash states | failed | lost regions | seconds |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['workload']} | {r['ops']} | {r['states']} | {r['failed']} | {r['lost_regions']} "
                     f"| {r['seconds']:.1f} |")
    proofs = [p for r in rows for p in r.get("proved", [])]
    if proofs:
        lines += ["", "PostgreSQL started on a crash state (crash recovery), pgbench's sums checked:"]
        lines += [f"- {p}" for p in proofs]
    text = "\n".join(lines) + "\n"
    if path is not None:
        RESULTS.mkdir(exist_ok=True)
        path.with_suffix(".md").write_text(text)
        path.with_suffix(".json").write_text(json.dumps({"seed": SEED, "rows": rows}, indent=1))
    print(text)
    return text


@pytest.mark.parametrize("name", list(WORKLOADS))
def test_power_cuts(name: str, tmp_path: Path) -> None:
    cuts = int(os.environ.get("GDSVIEW_POWERCUT_CUTS", "13"))
    row = _run(name, tmp_path, cuts, SEED + list(WORKLOADS).index(name))
    _report([row], None)
    assert row["states"] >= 13 * len(MODES) or cuts < 13
    assert not row["failed"], row["failures"]


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("name", list(WORKLOADS))
def test_power_cuts_thousands(name: str, tmp_path: Path) -> None:
    cuts = int(os.environ.get("GDSVIEW_POWERCUT_CUTS", "210"))
    row = _run(name, tmp_path, cuts, SEED + 1000 + list(WORKLOADS).index(name))
    # The rows of the four workloads are gathered in results/power_cut.json (and .md), one per workload.
    path = RESULTS / "power_cut.json"
    rows = {}
    if path.exists():
        old = json.loads(path.read_text())
        if old.get("seed") == SEED:
            rows = {r["workload"]: r for r in old["rows"]}
    rows[row["workload"]] = row
    order = {w: k for k, w in enumerate(_NAMES)}
    _report(sorted(rows.values(), key=lambda r: order.get(r["workload"], 99)), RESULTS / "power_cut")
    assert row["states"] >= 5000 / len(WORKLOADS) or cuts < 210
    assert not row["failed"], row["failures"]


PG_REASON = why_not_here()


def test_power_cuts_postgres_through_devices(tmp_path: Path) -> None:
    """PostgreSQL on ext4 through the device server (in a thread of this process) and a loop device,
    pgbench with a slice detached part of the time: 5 cuts × 6 = 30 crash states; on 3 of them
    PostgreSQL itself starts (crash recovery) and pgbench's balances add up."""
    if PG_REASON:
        pytest.skip(PG_REASON)
    cuts = int(os.environ.get("GDSVIEW_POWERCUT_PG_CUTS", "5"))
    row = _run("postgres", tmp_path, cuts, SEED + 100)
    _report([row], None)
    assert row["states"] >= 5 * len(MODES) or cuts < 5
    assert not row["failed"], row["failures"]
    assert len(row["proved"]) == min(3, cuts), row["proved"]


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_power_cuts_postgres_through_devices_more(tmp_path: Path) -> None:
    """The same with 40 cuts (240 crash states), 8 s of load and PostgreSQL proved on 8 of them."""
    if PG_REASON:
        pytest.skip(PG_REASON)
    cuts = int(os.environ.get("GDSVIEW_POWERCUT_PG_CUTS", "40"))
    row = _run("postgres", tmp_path, cuts, SEED + 1100, seconds=8.0, proofs=8)
    path = RESULTS / "power_cut.json"
    rows = {}
    if path.exists():
        old = json.loads(path.read_text())
        if old.get("seed") == SEED:
            rows = {r["workload"]: r for r in old["rows"]}
    rows[row["workload"]] = row
    order = {w: k for k, w in enumerate(_NAMES)}
    _report(sorted(rows.values(), key=lambda r: order.get(r["workload"], 99)), RESULTS / "power_cut")
    assert row["states"] >= 40 * len(MODES) or cuts < 40
    assert not row["failed"], row["failures"]
    assert len(row["proved"]) == min(8, cuts), row["proved"]


def test_the_simulator_finds_the_lost_region_when_the_ordering_is_off(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(volume_io, "ORDERING", False)
    recording = WORKLOADS["detached"](tmp_path / "ws", SEED)
    work = _work_dir(tmp_path)
    try:
        tally = simulate(recording.rec, recording.bases, work, cuts=20, seed=SEED, modes=("images-not-maps",))
    finally:
        if str(work).startswith("/dev/shm/"):
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    print(f"ordering off: {tally.states} crash states, {len(tally.failures)} failed, "
          f"{tally.lost_regions} lost regions; first: {tally.failures[:1]}")
    assert tally.lost_regions > 0, tally.failures[:3]
