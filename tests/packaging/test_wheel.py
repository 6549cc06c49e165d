"""``pip install .`` / ``pipx install .``: the wheel carries the resources and gives working commands.

The wheel is built from a copy of the sources, installed with ``--no-deps`` into a fresh venv (the
dependencies come from this environment's site-packages on PYTHONPATH, so nothing is downloaded but
the build backend), and its commands are run from there: the package they import is the installed
one, with the resources beside it, not this checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from packaging_helpers import site_packages

COMMANDS = ("gdsview", "sdxinfo", "sdxdisk", "sdxvolume", "sdxslice", "sdxcopy", "sdxswap", "sdxattr")


@pytest.fixture(scope="module")
def wheel(source_tree, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheels")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source_tree), "-w", str(out), "--no-deps",
                           "--disable-pip-version-check", "-q"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (found,) = out.glob("gdsview-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (no pip in it: this environment's pip installs into it)."""
    prefix = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(prefix)
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(prefix / "bin" / "python"), "install",
                           "--no-deps", "--disable-pip-version-check", "-q", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return prefix


def _run(prefix: Path, *args: str, home: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONHOME")}
    env["PYTHONPATH"] = site_packages()
    env["QT_QPA_PLATFORM"] = "offscreen"
    if home is not None:
        env["GDSVIEW_HOME"] = str(home)
    return subprocess.run([str(prefix / "bin" / args[0]), *args[1:]], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=prefix)


def test_the_wheel_carries_the_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("gdsview/resources/icons/node-normal.svg", "gdsview/resources/icons/gdsview.svg",
                   "gdsview/resources/help/en/index.html", "gdsview/resources/help/ja/index.html",
                   "gdsview/resources/help/en/images/fig-7-39-detach-slice.png",
                   "gdsview/resources/help/ja/images/fig-7-39-detach-slice.png",
                   "gdsview/resources/i18n/gdsview_ja.qm",
                   "gdsview/resources/fonts/ipagp.ttf", "gdsview/resources/fonts/IPA_Font_License_Agreement_v1.0.txt",
                   "gdsview/resources/man/en/sdxslice.txt", "gdsview/resources/man/ja/sdxswap.txt",
                   "gdsview/docs/scenarios/backup-by-slice-detachment.toml"):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    for command in COMMANDS:
        assert f"{command} = gdsview.cli." in text


def test_the_installed_commands_work(installed, tmp_path):
    for command in COMMANDS:
        assert (installed / "bin" / command).is_file(), command
    r = _run(installed, "gdsview", "--help")
    assert r.returncode == 0 and "usage: gdsview" in r.stdout and "--smoke-test" in r.stdout, r.stderr
    r = _run(installed, "python", "-c", "import gdsview, gdsview.paths as p; print(gdsview.__file__); "
                                         "print(p.resource_dir())")
    module, resources = r.stdout.split()
    assert Path(module).is_relative_to(installed) and Path(resources).is_relative_to(installed), r.stdout
    home = tmp_path / "lab"
    assert _run(installed, "gdsview", "lab", "init", home=home).returncode == 0
    r = _run(installed, "sdxinfo", "-S", home=home)
    assert r.returncode == 0 and "Disk2 Volume1 ACTIVE" in " ".join(r.stdout.split()), r.stdout + r.stderr


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_installed_gui_passes_the_smoke_test(installed, lang):
    r = _run(installed, "gdsview", "--smoke-test", "--lang", lang)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "smoke test passed" in r.stdout and f"language {lang}" in r.stdout
    assert f"resources {installed}" in r.stdout  # the installed copy, not the checkout's
