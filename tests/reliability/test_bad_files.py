"""Bad input in files: scenario files a writer gets wrong, and configuration rows damaged on disk.

A scenario either loads or fails with a ScenarioError naming the file and line (never another
exception); a database whose rows were damaged (by hand, by another program) never makes a
command print a traceback: it either works or prints one ``SDX:<cmd>: ERROR:`` line, and
``check_workspace`` names the damage.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from gdsview.cli import gdsview_cmd, sdxinfo
from gdsview.core.storage.consistency import check_workspace
from gdsview.core.storage.workspace import Workspace
from gdsview.docs.scenario import ACTIONS, ScenarioError, parse_scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workspace_helpers import build_small_lab

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
WHERE = re.compile(r"^scenario\.toml:\d+")

KEYS = sorted({k for required, optional in ACTIONS.values() for k in required + optional} | {"action", "bogus"})
VALUES = st.one_of(
    st.sampled_from(list(ACTIONS) + ["clik", "Class1/Disk2.Volume1", "Class9/Volume1", "Class1", "Operation",
                                     "Detach Slice", "Nope", "OK", "Yes", "read_only", "window", "menu", "dialog",
                                     "region", "flow", "7.39", "Class1/Disk2.Volume1 = ACTIVE", ""]),
    st.integers(-5, 5), st.booleans(), st.text(max_size=12),
)
STEP = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5)


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@SETTINGS
@given(lab=st.sampled_from(["demo", "empty", "moon", 3]), steps=st.lists(STEP, max_size=6),
       junk=st.sampled_from(["", "x = ", "[[step]\n", "title = 1\n", "[other]\nk = 1\n"]))
def test_a_scenario_loads_or_says_where_it_is_wrong(lab, steps, junk):
    text = f"lab = {toml_value(lab)}\n" + junk + "".join(
        "[[step]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in step.items()) for step in steps)
    try:
        scenario = parse_scenario(text)
    except ScenarioError as e:
        assert WHERE.match(e.text if e.obj is None else e.obj), e.format("gdsview")
        return
    assert scenario.steps


CORRUPTIONS = [
    "UPDATE slices SET state = 'BOGUS' WHERE id = (SELECT MIN(id) FROM slices)",
    "UPDATE slices SET access_mode = 'xx' WHERE id = (SELECT MIN(id) FROM slices)",
    "UPDATE volumes SET blocks = -5 WHERE id = (SELECT MIN(id) FROM volumes)",
    "UPDATE volumes SET first_block = 999999999 WHERE id = (SELECT MIN(id) FROM volumes)",
    "UPDATE volumes SET group_id = 4242 WHERE id = (SELECT MIN(id) FROM volumes)",
    "UPDATE disks SET status = 'MELTED' WHERE id = (SELECT MIN(id) FROM disks)",
    "UPDATE disks SET device = 'nosuch' WHERE id = (SELECT MIN(id) FROM disks)",
    "DELETE FROM disks WHERE id = (SELECT MIN(id) FROM disks)",
    "UPDATE slices SET volume_id = 4242 WHERE id = (SELECT MIN(id) FROM slices)",
    "UPDATE meta SET value = 'x' WHERE key = 'generation'",
    "UPDATE classes SET name = '../evil' WHERE id = (SELECT MIN(id) FROM classes)",
]


@SETTINGS
@given(damage=st.lists(st.sampled_from(CORRUPTIONS), min_size=1, max_size=3, unique=True),
       command=st.sampled_from([["sdxinfo"], ["sdxinfo", "-S", "-e", "long"], ["sdxinfo", "-V"],
                                ["gdsview", "verify", "-c", "Class1", "-v", "Volume1"], ["gdsview", "disk", "list"],
                                ["gdsview", "lab", "check"]]))
def test_damaged_rows_never_make_a_traceback(tmp_path_factory, capsys, monkeypatch, damage, command):
    root = tmp_path_factory.mktemp("ws")
    build_small_lab(root).ws.close()
    db = sqlite3.connect(root / "gdsview.db")
    db.execute("PRAGMA foreign_keys = OFF")  # damage as a program ignoring the schema would
    for statement in damage:
        db.execute(statement)
    db.commit()
    db.close()
    monkeypatch.setenv("GDSVIEW_HOME", str(root))
    main = sdxinfo.main if command[0] == "sdxinfo" else gdsview_cmd.main
    rc = main(command[1:])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if line]
    if lines:
        assert lines[0].startswith(f"SDX:{command[0]}: ERROR:"), err
    elif rc != 0:  # only a grade may fail without an error: the lab's steps are not all done
        assert command[1:3] == ["lab", "check"] and rc == 1
    assert check_workspace(Workspace(root)), "check_workspace saw nothing of the damage"


@pytest.mark.parametrize("statement", CORRUPTIONS)
def test_each_damage_is_named_by_the_consistency_check(tmp_path, statement):
    ws = build_small_lab(tmp_path / "ws").ws
    ws.close()
    db = sqlite3.connect(tmp_path / "ws" / "gdsview.db")
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute(statement)
    db.commit()
    db.close()
    assert check_workspace(Workspace(tmp_path / "ws")), statement
