"""The PyInstaller bundle (packaging/gdsview.spec), built from a copy of the sources as a fresh clone
has them, starts the GUI offscreen and runs the sdx* commands and the copy worker.

The build takes about 25 s on the 2-core development machine (bundle about 220 MB), so it is part
of the default run; PyInstaller comes with the test extra (packaging/build.sh installs it too).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (pip install '.[test]' brings it)")


@pytest.fixture(scope="module")
def bundle(source_tree, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pyinstaller")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
                           "--distpath", str(out / "dist"), "--workpath", str(out / "build"),
                           str(source_tree / "packaging" / "gdsview.spec")],
                          capture_output=True, text=True, timeout=600, cwd=source_tree)
    assert proc.returncode == 0, proc.stderr[-4000:]
    print(f"bundle built in {time.monotonic() - start:.0f} s")
    return out / "dist" / "gdsview"


def _run(bundle: Path, command: str, *args: str, home: Path | None = None, timeout: float = 120):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PATH"] = "/usr/bin:/bin"  # no venv: the bundle brings its own Python
    if home is not None:
        env["GDSVIEW_HOME"] = str(home)
    return subprocess.run([str(bundle / command), *args], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=bundle.parent)


def test_the_bundle_layout(bundle):
    assert (bundle / "gdsview").is_file() and os.access(bundle / "gdsview", os.X_OK)
    for command in ("sdxinfo", "sdxdisk", "sdxvolume", "sdxslice", "sdxcopy", "sdxswap", "sdxattr"):
        assert os.readlink(bundle / command) == "gdsview"
    resources = bundle / "_internal" / "gdsview" / "resources"
    for needed in ("icons/gdsview.svg", "help/ja/index.html", "i18n/gdsview_ja.qm"):
        assert (resources / needed).is_file(), needed


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_bundle_passes_the_smoke_test(bundle, lang):
    r = _run(bundle, "gdsview", "--smoke-test", "--lang", lang)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "smoke test passed" in r.stdout and "Configuration Tree shows Class1" in r.stdout
    assert f"resources {bundle}" in r.stdout


def test_the_bundles_commands_and_copy_worker(bundle, tmp_path):
    home = tmp_path / "lab"
    assert _run(bundle, "gdsview", "lab", "init", home=home).returncode == 0
    r = _run(bundle, "sdxslice", "-M", "-c", "Class1", "-d", "Disk2", "-v", "Volume1", home=home)
    assert r.returncode == 0 and "access path /dev/sfdsk/Class1/dsk/Disk2.Volume1" in r.stdout, r.stderr
    r = _run(bundle, "gdsview", "dd", "if=/dev/zero", "of=/dev/sfdsk/Class1/dsk/Volume1", "bs=1M", "count=4",
             home=home)
    assert r.returncode == 0, r.stderr
    # attached without waitsync: the copy runs in a worker process, which is the bundle run as "-m"
    r = _run(bundle, "sdxslice", "-R", "-c", "Class1", "-s", "Disk2.Volume1", home=home)
    assert r.returncode == 0, r.stderr
    deadline = time.monotonic() + 60
    while True:
        info = _run(bundle, "sdxinfo", "-S", "-c", "Class1", "-o", "Volume1", home=home).stdout
        if "Disk2 Volume1 ACTIVE" in " ".join(info.split()):
            break
        assert time.monotonic() < deadline, info + (home / "state" / "copyd.log").read_text()
        time.sleep(0.5)
    r = _run(bundle, "gdsview", "verify", "-c", "Class1", "-v", "Volume1", home=home)
    assert r.returncode == 0 and "2 slices identical" in r.stdout, r.stdout + r.stderr
