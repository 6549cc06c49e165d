"""The README's command-line walkthroughs, run exactly as written (parsed out of README.md, so the
README cannot drift): the reliable backup procedure grades 9 of 9, the disk failure lesson ends ACTIVE."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
BIN = Path(sys.executable).parent


def blocks() -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", README.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


def block_with(*needles: str) -> str:
    found = [b for b in blocks() if all(n in b for n in needles)]
    assert len(found) == 1, f"README.md: no single ```sh block with {needles}"
    return found[0]


def run_block(text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    if not (BIN / "sdxswap").exists():
        pytest.skip(f"the console scripts are not installed in {BIN}")
    script = text.replace("/tmp/", f"{tmp_path}/")  # the README's /tmp/lab and /tmp/volume1.img
    env = {k: v for k, v in os.environ.items() if k not in ("GDSVIEW_HOME", "DISPLAY", "WAYLAND_DISPLAY")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(["bash", "-e", "-u", "-o", "pipefail", "-c", script], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)


def test_the_path_hint_comes_first_in_the_command_line_section() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Command line"):]
    first = blocks()[[i for i, b in enumerate(blocks()) if "source .venv/bin/activate" in b][0]]
    assert section.index(first) < section.index("| command |")
    assert 'export PATH="$PWD/.venv/bin:$PATH"' in first


def test_the_reliable_backup_walkthrough_grades_nine_of_nine(tmp_path: Path) -> None:
    text = block_with("gdsview lab init", "sdxdisk -M", "gdsview lab check")
    assert "sdxslice -M -c Class1 -d Disk3" in text and "-d Disk2" not in text  # the backup disk's slice
    r = run_block(text, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Result: all steps done in order, no warning" in r.stdout
    assert r.stdout.count(" [x] ") == 9 and "Warnings:" not in r.stdout
    assert (tmp_path / "volume1.img").stat().st_blocks * 512 < 64 << 20  # sparse: what the service wrote


def test_the_disk_failure_lesson_of_the_readme(tmp_path: Path) -> None:
    lesson = block_with("lab fail-disk", "sdxswap -O", "sdxswap -I")
    r = run_block(f"export GDSVIEW_HOME=/tmp/lab && gdsview lab init\n{lesson}\nsdxinfo -S -c Class1\n", tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    slices = [line.split() for line in r.stdout.splitlines() if line.startswith("slice ")]
    assert slices and all(row[-1] == "ACTIVE" for row in slices), r.stdout


def test_the_cluster_walkthrough_grades_the_switching_lesson(tmp_path: Path) -> None:
    text = block_with("gdsview lab init --cluster", "gdsview cluster switch", "gdsview lab check")
    r = run_block(text, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("TEMP-STOP") >= 2  # sdxinfo -S on both nodes
    assert "Switching nodes during a backup" in r.stdout and r.stdout.count(" [x] ") == 5
    assert "Result: all steps done in order, no warning" in r.stdout
