"""Desktop integration: the .desktop entry, the AppStream metainfo and the icon, and their installer."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from configparser import ConfigParser

import pytest
from packaging_helpers import ROOT

DESKTOP = ROOT / "packaging" / "gdsview.desktop"
METAINFO = ROOT / "packaging" / "io.github.gdsview.metainfo.xml"
ICON = ROOT / "resources" / "icons" / "gdsview.svg"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt package {package}; scripts/setup-system.sh installs it)")
    return path


def test_the_desktop_entry_validates():
    r = subprocess.run([_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "error" not in r.stdout, r.stdout + r.stderr


def test_the_metainfo_validates():
    r = subprocess.run([_tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not [line for line in r.stdout.splitlines() if line.startswith(("E:", "W:"))], r.stdout


def test_the_entry_metainfo_and_icon_agree():
    entry = ConfigParser(interpolation=None, strict=False)
    entry.optionxform = str
    entry.read(DESKTOP, encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Exec"].split()[0] == "gdsview" and d["Icon"] == ICON.stem and d["Name"] == "GDS Management View"
    assert "ja" in "".join(k for k in d if k.startswith("Comment["))
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("launchable") == DESKTOP.name and root.findtext("icon") == ICON.stem
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    binaries = {b.text for b in root.iter("binary")}
    assert binaries == {"gdsview", "sdxinfo", "sdxdisk", "sdxvolume", "sdxslice", "sdxcopy", "sdxswap", "sdxattr"}


def test_the_icon_is_a_scalable_image(qapp):
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ICON))
    assert renderer.isValid() and renderer.defaultSize().width() == renderer.defaultSize().height() >= 48


def test_install_desktop(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "gdsview").write_text("#!/bin/sh\n")
    env = dict(os.environ, PREFIX=str(tmp_path / "prefix"))
    r = subprocess.run([str(ROOT / "packaging" / "install-desktop.sh"), str(bundle)], capture_output=True,
                       text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    prefix = tmp_path / "prefix"
    assert (prefix / "share/applications/gdsview.desktop").read_bytes() == DESKTOP.read_bytes()
    assert (prefix / "share/icons/hicolor/scalable/apps/gdsview.svg").is_file()
    assert (prefix / "share/metainfo/io.github.gdsview.metainfo.xml").is_file()
    assert os.readlink(prefix / "bin" / "sdxinfo") == str(bundle / "sdxinfo")
