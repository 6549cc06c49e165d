"""Bad input: every command line either works or prints ``SDX:<cmd>: ERROR:`` with a non-zero exit
status, never a traceback or an internal error; a refused call changes nothing (configuration,
operation log, JRM maps); names and paths that would leave the workspace are refused."""

from __future__ import annotations

import os

import pytest
from gdsview.cli import common, gdsview_cmd, sdxcopy, sdxdisk, sdxinfo, sdxslice, sdxvolume
from gdsview.core.engine.launchers import InlineLauncher
from gdsview.core.errors import SdxError
from gdsview.core.names import MiB
from gdsview.core.policy.manager import VolumeManager
from gdsview.core.storage import images
from gdsview.core.storage.workspace import Workspace
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workspace_helpers import build_small_lab

MAINS = {"sdxinfo": sdxinfo.main, "sdxdisk": sdxdisk.main, "sdxvolume": sdxvolume.main,
         "sdxslice": sdxslice.main, "sdxcopy": sdxcopy.main, "gdsview": gdsview_cmd.main}
SETTINGS = settings(max_examples=int(os.environ.get("GDSVIEW_BAD_INPUT_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

text = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40)
BAD_NAMES = ["", "..", "../x", "/etc", "/tmp/x", "a" * 33, "-x", "_x", "x y", "Disk1.Volume1", "sd a", "ディスク",
             "x/y", ".", "~", "$HOME", "*", "Class1;rm"]
NAMES = st.sampled_from(["Class1", "Class2", "Group1", "Group2", "Disk1", "Disk2", "Disk3", "Volume1", "Volume2",
                         "Volume3", "sda", "sdb", "sdc", "sdz"] + BAD_NAMES) | text
SIZES = st.sampled_from(["16M", "1M", "0", "-1", "1T", "1P", "512", "1.5G", "4k", "M", "", "99999999999999999999",
                         "8MiB", "1e6"]) | text
ATTRS = st.sampled_from(["jrm=on", "jrm=off", "mode=ro", "mode=rw", "jrm=maybe", "mode=", "=", "jrm=on,jrm=off",
                         "waitsync", "nowaitsync", "delay=0", "delay=-5", "delay=1000001", "delay=x", "delay=10",
                         "delay=10,nowaitsync", ",", "waitsync,waitsync"]) | text
OPTS = st.sampled_from(["-M", "-R", "-C", "-D", "-N", "-F", "-B", "-I", "-P", "-A", "-S", "-V", "-G", "-c", "-d",
                        "-g", "-v", "-s", "-a", "-e", "-o", "--", "-", "-MR", "--help", "-h", "-cClass1"])


@st.composite
def command_line(draw):
    """Half structured (an operation letter and its options with odd values), half random tokens."""
    cmd = draw(st.sampled_from(["sdxinfo", "sdxdisk", "sdxvolume", "sdxslice", "sdxcopy"]))
    if draw(st.booleans()):
        argv = [draw(OPTS)]
        for opt in draw(st.lists(st.sampled_from("cdgvsaeo"), max_size=5)):
            argv.append(f"-{opt}")
            value = draw({"s": SIZES if cmd == "sdxvolume" else NAMES, "a": ATTRS, "e": ATTRS}.get(opt, NAMES))
            if opt == "d" and cmd == "sdxdisk" and draw(st.booleans()):
                value = f"{value}={draw(NAMES)}"
            argv.append(value)
        return cmd, argv
    return cmd, draw(st.lists(OPTS | NAMES | ATTRS, max_size=8))


DEVICE = st.sampled_from(["/dev/sfdsk/Class1/dsk/Volume1", "/dev/sfdsk/Class1/dsk/Volume2",
                          "/dev/sfdsk/Class1/dsk/Disk2.Volume1", "/dev/sfdsk/Class1/dsk/Nope",
                          "/dev/sfdsk/../dsk/Volume1", "/dev/sfdsk/Class1/dsk/../../x", "/dev/sfdsk/Class1",
                          "/dev/sfdsk/", "in.bin", "out.bin", "missing.bin", "sub/none.bin", "."])
NUMBER = st.sampled_from(["0", "1", "512", "4096", "1M", "2k", "-1", "x", "", "99999999999999999999", "1G",
                          "0x10", "3b"])


@st.composite
def dd_operands(draw):
    ops = []
    for key in draw(st.lists(st.sampled_from(["if", "of", "bs", "count", "skip", "seek", "conv", "status", "bogus"]),
                             max_size=6)):
        if key in ("if", "of"):
            ops.append(f"{key}={draw(DEVICE)}")
        elif key == "conv":
            ops.append(f"conv={draw(st.sampled_from(['notrunc', 'sync', 'notrunc,notrunc', '']))}")
        elif key == "status":
            ops.append(f"status={draw(st.sampled_from(['none', 'noxfer', 'progress', 'loud', '']))}")
        else:
            ops.append(f"{key}={draw(NUMBER)}")
    if draw(st.booleans()):
        ops.append(draw(text))
    # Without if=/of= dd uses stdin/stdout, which pytest replaces by objects without a descriptor.
    for key in ("if", "of"):
        if not any(o.startswith(key + "=") for o in ops):
            ops.append(f"{key}={draw(DEVICE)}")
    return ops


@st.composite
def gdsview_line(draw):
    kind = draw(st.sampled_from(["verify", "disk", "dd", "random"]))
    if kind == "verify":
        return ["verify"] + draw(st.lists(st.sampled_from(["-c", "-v"]) | NAMES, max_size=5))
    if kind == "disk":
        return ["disk", "create", draw(NAMES)] + (["--size", draw(SIZES)] if draw(st.booleans()) else [])
    if kind == "dd":
        return ["dd"] + draw(dd_operands())
    # Always a subcommand first: without one, gdsview starts the GUI; no bare dd (stdin).
    return [draw(st.sampled_from(["verify", "disk"]))] + draw(
        st.lists(st.sampled_from(["verify", "disk", "create", "list", "dd", "--size", "-c", "-v"]) | NAMES, max_size=5))


class _InlineProcessLauncher(InlineLauncher):
    """Copies that commands hand to a worker process run here instead, so that no background copy
    changes the configuration between two examples."""

    def __init__(self, ws, source="sdx"):
        super().__init__(ws, source=source)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    path = tmp_path_factory.mktemp("bad") / "ws"
    lab = build_small_lab(path)
    lab.manager.detach_slice("Class1", "Disk2", "Volume2")  # a TEMP slice to be refused things against
    lab.close()
    return path


@pytest.fixture
def env(root, monkeypatch, tmp_path):
    monkeypatch.setenv("GDSVIEW_HOME", str(root))
    monkeypatch.setattr(common, "ProcessLauncher", _InlineProcessLauncher)
    monkeypatch.chdir(tmp_path)  # dd's plain files stay in the test's folder
    (tmp_path / "in.bin").write_bytes(os.urandom(8192))
    return root


def state(root) -> tuple:
    ws = Workspace(root)
    try:
        m = VolumeManager(ws)
        s = m.snapshot()
        jrm = {p.name: p.read_bytes() for p in sorted((ws.state_dir / "jrm").iterdir())
               if p.name.startswith("slice-")}
        return (s.physical_disks, s.classes, s.disks, s.groups, s.volumes, s.slices), len(m.events(limit=10**9)), jrm
    finally:
        ws.close()


def run_checked(capsys, root, cmd: str, argv: list[str]) -> int:
    before = state(root)
    capsys.readouterr()
    code = MAINS[cmd](argv)
    out, err = capsys.readouterr()
    where = f"{cmd} {argv!r}: exit {code}\n{out}{err}"
    assert isinstance(code, int), where
    assert "Traceback" not in out + err and "internal error" not in err, where
    if code != 0:
        assert f"SDX:{cmd}: ERROR:" in err, where
        assert state(root) == before, f"refused call changed something: {where}"
    return code


@SETTINGS
@given(line=command_line())
def test_sdx_commands_never_trace_back_and_refusals_change_nothing(env, capsys, line) -> None:
    cmd, argv = line
    run_checked(capsys, env, cmd, argv)


@SETTINGS
@given(argv=gdsview_line())
def test_gdsview_verify_disk_and_dd_never_trace_back(env, capsys, argv) -> None:
    run_checked(capsys, env, "gdsview", argv)


@pytest.mark.parametrize("name", ["..", "../evil", "/tmp/evil", "a/b", ".hidden", "x" * 33, "sd a", ""])
def test_disk_names_that_would_leave_the_workspace_are_refused(env, capsys, name, tmp_path) -> None:
    assert run_checked(capsys, env, "gdsview", ["disk", "create", name, "--size", "4M"]) == 1
    assert not (tmp_path / "evil.img").exists() and not os.path.exists("/tmp/evil.img")


def test_symlinked_disk_image_leaving_the_workspace_is_refused(tmp_path, capsys, monkeypatch) -> None:
    lab = build_small_lab(tmp_path / "ws")
    outside = tmp_path / "outside.img"
    outside.write_bytes(b"\0" * (4 * MiB))
    link = lab.ws.disks_dir / "evil.img"
    link.symlink_to(outside)
    try:
        with pytest.raises(SdxError, match="link leaving the workspace"):
            lab.ws.image_path("evil")
        assert "evil" not in [p.name for p in lab.manager.snapshot().physical_disks]
        with pytest.raises(SdxError):
            lab.manager.register_disk("Class1", "evil", "Disk9")
        files = images.ImageFiles(lab.ws.disks_dir)
        with pytest.raises(SdxError):
            files.fd("evil")  # never followed
        files.close()
        monkeypatch.setenv("GDSVIEW_HOME", str(lab.ws.root))
        assert run_checked(capsys, lab.ws.root, "sdxdisk", ["-M", "-c", "Class1", "-d", "evil=Disk9"]) == 1
        with pytest.raises(SdxError):
            lab.manager.create_physical_disk("evil", 4 * MiB)  # never writes through the link
        assert outside.read_bytes() == b"\0" * (4 * MiB)
    finally:
        lab.close()
