"""Crash safety: processes killed at fixed points (normal suite) and at >= 50 seeded random points
(``-m slow``). After each kill the workspace is reopened as an operator would: the database must be
consistent, an interrupted copy must resume from its checkpoint (never from zero), a detached
slice's JRM map must still be valid, writes in flight must be resynchronized (volume JRM), and
``verify`` must pass with no completed write lost."""

from __future__ import annotations

import json
import os
import random
import time

import pytest
from harness import config_kill, copy_kill, detached_kill, writer_kill

RESULTS = os.path.join(os.path.dirname(__file__), "results")


def _assert_ok(out) -> None:
    assert out.ok, (f"seed {out.seed} ({out.scenario}, killed by {out.killed_by}): lost {out.data_lost}, "
                    f"restarted from zero {out.restarted_from_zero}, problems {out.problems}")


# -- fixed kill points (fast) ------------------------------------------------------------------------
def test_writer_dies_between_its_slice_writes_and_the_volume_jrm_heals_it(tmp_path) -> None:
    out = writer_kill(tmp_path / "ws", seed=11, crash_after=7)
    _assert_ok(out)
    assert out.killed_by == "crash-point"
    assert out.recovered_regions >= 1  # the 7th write reached Disk1 only: its region was resynchronized


def test_copy_worker_killed_after_a_chunk_resumes_from_its_checkpoint(tmp_path) -> None:
    out = copy_kill(tmp_path / "ws", seed=3, crash="copy-cleared:3", volume_mib=32)
    _assert_ok(out)
    assert out.killed_by == "crash-point"
    assert 0 < out.checkpoint_bytes and out.resumed_bytes < 32 << 20


def test_copy_worker_killed_before_clearing_its_chunk_recopies_it(tmp_path) -> None:
    out = copy_kill(tmp_path / "ws", seed=4, crash="copy-chunk:2", volume_mib=32)
    _assert_ok(out)
    assert out.resumed_bytes < 32 << 20


def test_kill_inside_a_configuration_transaction_leaves_a_consistent_database(tmp_path) -> None:
    out = config_kill(tmp_path / "ws", seed=5, crash_after=9)
    _assert_ok(out)
    assert out.killed_by == "crash-point"


def test_detached_slice_jrm_survives_a_killed_writer(tmp_path) -> None:
    out = detached_kill(tmp_path / "ws", seed=6, crash_after=12)
    _assert_ok(out)
    assert 0 < out.resumed_bytes < 16 << 20  # attach after the restart copied the touched regions only


# -- seeded random kill points (slow) ---------------------------------------------------------------
SCENARIOS = {
    "writer (SIGKILL)": lambda root, seed: writer_kill(root, seed),
    "writer (between slice writes)": lambda root, seed: writer_kill(root, seed,
                                                                    crash_after=random.Random(seed).randrange(1, 40)),
    "copy worker (SIGKILL)": lambda root, seed: copy_kill(root, seed),
    "copy worker (crash point)": lambda root, seed: copy_kill(
        root, seed, crash=f"{random.Random(seed).choice(['copy-chunk', 'copy-cleared'])}:"
                          f"{random.Random(seed).randrange(1, 6)}"),
    "config changes (SIGKILL)": lambda root, seed: config_kill(root, seed),
    "config changes (before commit)": lambda root, seed: config_kill(root, seed,
                                                                      crash_after=random.Random(seed).randrange(1, 30)),
    "detached slice writer (SIGKILL)": lambda root, seed: detached_kill(root, seed),
}


@pytest.mark.slow
def test_random_kill_points(tmp_path) -> None:
    base = int(os.environ.get("GDSVIEW_KILL_SEED", time.time_ns() % 1_000_000))
    runs = int(os.environ.get("GDSVIEW_KILL_RUNS", "105"))
    print(f"random kill points: base seed {base} (GDSVIEW_KILL_SEED={base} reruns them), {runs} runs")
    names = list(SCENARIOS)
    table = {n: {"runs": 0, "data_lost": 0, "restarted_from_zero": 0, "failed": 0, "recovered_regions": 0,
                 "checkpoint_bytes": 0, "resumed_bytes": 0, "full_bytes": 0} for n in names}
    failures = []
    for k in range(runs):
        name, seed = names[k % len(names)], base + k
        try:
            out = SCENARIOS[name](tmp_path / f"run{k}", seed)
        except Exception as e:  # the harness itself failed: report the seed, go on with the others
            failures.append(f"{name} seed {seed}: {type(e).__name__}: {e}")
            table[name]["failed"] += 1
            continue
        row = table[name]
        row["runs"] += 1
        row["data_lost"] += out.data_lost
        row["restarted_from_zero"] += out.restarted_from_zero
        row["recovered_regions"] += out.recovered_regions
        row["resumed_bytes"] += out.resumed_bytes
        row["checkpoint_bytes"] += out.checkpoint_bytes
        row["full_bytes"] += out.full_bytes
        if not out.ok:
            row["failed"] += 1
            failures.append(f"{name} seed {seed}: lost {out.data_lost}, from zero {out.restarted_from_zero}, "
                            f"{out.problems}")
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "kill_points.json"), "w") as f:
        json.dump({"base_seed": base, "runs": runs, "date": time.strftime("%Y-%m-%d"), "scenarios": table}, f,
                  indent=1)
    lines = [f"Random kill points, {time.strftime('%Y-%m-%d')}, base seed {base}, {runs} runs "
             "(`pytest -m slow tests/reliability`)", "",
             "| kill | runs | failed | data lost | copies restarted from zero | regions healed (volume JRM) "
             "| MiB kept by checkpoints | MiB copied after the restart | MiB copies from zero would copy |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, row in table.items():
        print(f"{name}: {row}")
        lines.append(f"| {name} | {row['runs']} | {row['failed']} | {row['data_lost']} | {row['restarted_from_zero']} "
                     f"| {row['recovered_regions']} | {row['checkpoint_bytes'] >> 20} | {row['resumed_bytes'] >> 20} "
                     f"| {row['full_bytes'] >> 20} |")
    with open(os.path.join(RESULTS, "kill_points.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    assert not failures, f"base seed {base}: " + "; ".join(failures)


def test_a_torn_in_flight_write_is_old_or_new_page_by_page():
    from harness import _pages_of

    old, new = bytes(16384), b"\x01" * 16384
    assert _pages_of(new[:8192] + old[8192:], old, new)  # stopped after two pages
    assert not _pages_of(new[:6000] + old[6000:], old, new)  # a page half old, half new
    assert not _pages_of(b"\x02" * 4096 + old[4096:], old, new)  # data that was never written
