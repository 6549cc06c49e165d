"""Several processes on one workspace at once: a writer (the built-in service), a process copying
(``sdxcopy -B``) and two processes detaching and attaching the same slice in a loop. Each refused
call must be a clean ``SDX:`` error, never a traceback; afterwards ``gdsview verify`` passes and the
service's own records (sequence numbers, checksums, commit record) are consistent with a clean stop."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from gdsview.cli import gdsview_cmd, sdxcopy, sdxslice
from gdsview.core.engine.volume_io import open_device
from gdsview.core.model import SliceState
from gdsview.core.storage.consistency import check_workspace
from gdsview.lab.records import check_records
from workspace_helpers import vpath

SECONDS = 6
LOOP = textwrap.dedent("""
    import contextlib, io, sys, time
    from gdsview.cli import sdxcopy, sdxslice
    deadline = time.monotonic() + float(sys.argv[1])
    calls = {"sdxcopy": [["-B", "-c", "Class1", "-v", "Volume1"]],
             "sdxslice": [["-M", "-c", "Class1", "-d", "Disk2", "-v", "Volume1"],
                          ["-R", "-c", "Class1", "-d", "Disk2", "-v", "Volume1", "-e", "waitsync"]]}[sys.argv[2]]
    main = {"sdxcopy": sdxcopy.main, "sdxslice": sdxslice.main}[sys.argv[2]]
    n = ok = 0
    while time.monotonic() < deadline:
        for argv in calls:
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(argv)
            n += 1
            ok += code == 0
            text = err.getvalue()
            if code != 0 and (not text.startswith("SDX:") or "internal error" in text or "Traceback" in text):
                print("BAD", code, repr(text), flush=True)
        time.sleep(0.01)
    print("CALLS", n, ok, flush=True)
""")


def test_writer_copier_and_two_detachers_at_once(lab, capsys, monkeypatch) -> None:
    root = str(lab.ws.root)
    env = {**os.environ, "GDSVIEW_HOME": root, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    monkeypatch.setenv("GDSVIEW_HOME", root)
    procs = [
        subprocess.Popen([sys.executable, "-m", "gdsview.cli.gdsview_cmd", "service", "-c", "Class1", "-v",
                          "Volume1", "--rate", "16", "--pattern", "random", "--seconds", str(SECONDS)],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        subprocess.Popen([sys.executable, "-c", LOOP, str(SECONDS), "sdxcopy"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        subprocess.Popen([sys.executable, "-c", LOOP, str(SECONDS), "sdxslice"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        subprocess.Popen([sys.executable, "-c", LOOP, str(SECONDS), "sdxslice"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    codes = [p.returncode for p in procs]
    assert codes == [0, 0, 0, 0], outputs
    for out, err in outputs:
        assert "BAD" not in out and "Traceback" not in err, (out, err)
    calls = [(int(out.split()[-2]), int(out.split()[-1])) for out, _ in outputs[1:]]
    # the loops did work: (made, succeeded) by sdxcopy, sdxslice, sdxslice, shown only when this fails
    assert all(n > 2 for n, _ in calls[1:]) and sum(ok for _, ok in calls[1:]) > 2, (calls, outputs)
    assert check_workspace(lab.ws) == []
    # Bring Disk2 back whatever state the last loop left it in, then check.
    s = lab.slice("Disk2")
    if s.state in (SliceState.TEMP, SliceState.TEMP_STOP):
        assert sdxslice.main(["-R", "-c", "Class1", "-d", "Disk2", "-v", "Volume1", "-e", "waitsync"]) == 0
    elif s.state is not SliceState.ACTIVE:
        assert sdxcopy.main(["-B", "-c", "Class1", "-v", "Volume1"]) == 0
    assert lab.slice("Disk2").state is SliceState.ACTIVE
    capsys.readouterr()
    assert gdsview_cmd.main(["verify", "-c", "Class1", "-v", "Volume1"]) == 0, capsys.readouterr()
    with open_device(lab.ws, vpath()) as dev:
        records = check_records(lambda off, n: dev.pread(n, off), dev.size)
    assert records.consistent and records.clean, records.summary()
    assert records.records > 0
