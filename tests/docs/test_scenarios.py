"""Scenario files: what a writer gets wrong is reported with the file, the line and a clear message."""

from __future__ import annotations

import pytest
from gdsview.cli.gdsview_cmd import main as gdsview_main
from gdsview.docs.runner import generate_figures
from gdsview.docs.scenario import ScenarioError, builtin_names, load_scenario, parse_scenario

SELECT = """lab = "demo"

[[step]]
action = "select"
object = "Class1/Disk2.Volume1"
"""


def _error(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "scenario.toml")
    return str(info.value)


def test_the_builtin_scenario_loads():
    assert "backup-by-slice-detachment" in builtin_names()
    s = load_scenario("backup-by-slice-detachment")
    assert s.lab == "demo" and s.source == "backup-by-slice-detachment.toml"
    figures = [c.figure for _step, c in s.captures() if c.figure]
    assert figures == ["7.38", "7.39", "7.40", "7.41", "7.42", "7.43", "7.44", "7.45", "7.46", "7.47"]


def test_steps_know_their_lines():
    s = parse_scenario(SELECT + '\n[[step]]\naction = "close_menu"\n')
    assert [(st.line, st.action) for st in s.steps] == [(3, "select"), (7, "close_menu")]
    assert s.steps[0].where("object") == "scenario.toml:5"


@pytest.mark.parametrize("text, expected", [
    (SELECT + '\n[[step]]\naction = "clik"\n', 'scenario.toml:8: unknown action "clik"'),
    (SELECT + '\n[[step]]\naction = "selct"\nobject = "Class1"\n',
     'scenario.toml:8: unknown action "selct" (did you mean "select"?)'),
    (SELECT + '\n[[step]]\nobject = "Class1"\n', "scenario.toml:7: step 2 has no action"),
    (SELECT + '\n[[step]]\naction = "select"\n', 'scenario.toml:7: select step needs "object"'),
    (SELECT + '\n[[step]]\naction = "press"\nbutton = "ok"\n', 'scenario.toml:9: unknown button "ok" (write "OK")'),
    (SELECT + '\n[[step]]\naction = "press"\nbuton = "OK"\n',
     'scenario.toml:9: unknown key "buton" in a press step (it takes button)'),
    (SELECT + '\n[[step]]\naction = "select"\nobject = "Class1/Disk2/Volume1"\n',
     'scenario.toml:9: "Class1/Disk2/Volume1" is not an object'),
    (SELECT + '\n[[step]]\naction = "wait"\nuntil = "Class1/Disk2.Volume1 ACTIVE"\n',
     "scenario.toml:9: wait until \"Class1/Disk2.Volume1 ACTIVE\": write OBJECT = STATUS"),
    (SELECT + '\n[[step]]\naction = "capture"\ntarget = "screen"\nfile = "x"\n',
     'scenario.toml:9: unknown capture target "screen"'),
    (SELECT + '\n[[step]]\naction = "capture"\ntarget = "window"\nfigure = "seven"\nslug = "x"\ncaption = "X"\n',
     'scenario.toml:10: figure "seven"'),
    (SELECT + '\n[[step]]\naction = "capture"\ntarget = "window"\nfigure = "7.39"\nslug = "x"\n',
     "scenario.toml:7: figure 7.39 needs a caption"),
    (SELECT + '\n[[step]]\naction = "capture"\ntarget = "window"\nfile = "a"\n'
     '\n[[step]]\naction = "capture"\ntarget = "dialog"\nfile = "a"\n',
     "scenario.toml:15: a.png is already written by the step at line 7"),
    ('lab = "prod"\n[[step]]\naction = "close_menu"\n', 'scenario.toml:1: unknown lab "prod"'),
    ('colour = "red"\n[[step]]\naction = "close_menu"\n', 'scenario.toml:1: unknown setting "colour"'),
    ('lab = "demo"\n', "scenario.toml:1: no steps"),
    (SELECT + '\n[[step]]\naction = select\n', "scenario.toml:8: not valid TOML: Invalid value"),
    ('lab = "demo"\n[[step]\naction = "x"\n', "scenario.toml:2: not valid TOML"),
])
def test_malformed_scenarios(text, expected):
    assert _error(text).startswith(expected)


def test_unknown_objects_fail_before_anything_runs(tmp_path):
    text = SELECT + '\n[[step]]\naction = "select"\nobject = "Class1/Volume9"\n'
    with pytest.raises(ScenarioError) as info:
        generate_figures(parse_scenario(text, "s.toml"), tmp_path, progress=None)
    assert str(info.value).startswith('s.toml:9: unknown object "Class1/Volume9": Class1 has no volume or group '
                                      "Volume9 (volumes: Volume1, Volume2)")
    text = SELECT + '\n[[step]]\naction = "wait"\nuntil = "Class2/Disk2.Volume1 = ACTIVE"\n'
    with pytest.raises(ScenarioError, match=r'^s\.toml:9: unknown object "Class2/Disk2\.Volume1": there is no '
                                            r"class Class2 \(classes: Class1\)"):
        generate_figures(parse_scenario(text, "s.toml"), tmp_path, progress=None)
    text = SELECT + '\n[[step]]\naction = "trigger"\noperation = "Detach Slices"\n'
    with pytest.raises(ScenarioError, match=r'^s\.toml:9: unknown operation "Detach Slices"'):
        generate_figures(parse_scenario(text, "s.toml"), tmp_path, progress=None)
    assert not list(tmp_path.iterdir())  # nothing written


def test_steps_that_cannot_be_carried_out_name_their_line(tmp_path):
    cases = [
        ('[[step]]\naction = "open_menu"\nmenu = "Operation"\nitem = "Attach Slice"\n',
         's.toml:4: "Attach Slice" is disabled here: Select a slice in the Slice Information list first.'),
        ('[[step]]\naction = "capture"\ntarget = "menu"\nfile = "m"\n',
         "s.toml:3: no menu is open: add an open_menu step before capturing a menu"),
        ('[[step]]\naction = "press"\nbutton = "Yes"\n', "s.toml:1: no dialog is open"),
        (SELECT + '[[step]]\naction = "trigger"\noperation = "detach"\n'
         '[[step]]\naction = "set"\nfield = "access_mode"\nvalue = "ro"\n',
         's.toml:12: field access_mode of Detach Slice has no value "ro" (one of read_write, read_only)'),
    ]
    for text, expected in cases:
        with pytest.raises(ScenarioError) as info:
            generate_figures(parse_scenario(text, "s.toml"), tmp_path, progress=None)
        assert str(info.value).startswith(expected), str(info.value)


def test_the_command_reports_an_sdx_error_and_fails(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(SELECT + '\n[[step]]\naction = "clik"\n', encoding="utf-8")
    assert gdsview_main(["docs", "figures", "--out", str(tmp_path / "out"), "--scenario", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f'SDX:gdsview: ERROR: {bad}:8: unknown action "clik" ' \
                  "(one of select, open_menu, close_menu, trigger, set, press, wait, capture, switch, node)"
    assert gdsview_main(["docs", "figures", "--out", str(tmp_path), "--scenario", "no-such-scenario"]) == 1
    assert capsys.readouterr().err.startswith('SDX:gdsview: ERROR: no built-in scenario "no-such-scenario"')
    assert gdsview_main(["docs", "figures", "--out", str(tmp_path), "--lang", "fr"]) == 1
    assert 'language "fr" is not available' in capsys.readouterr().err
    assert gdsview_main(["docs", "figures", "--out", str(tmp_path), "--scale", "3"]) == 2  # a usage error
    assert "invalid choice: '3'" in capsys.readouterr().err


@pytest.mark.parametrize(("capture", "text"), [
    ('target = "dialog"\nfile = "x"\nlab = true', "is for a window capture only"),
    ('target = "window"\nfile = "x"\nlab = "yes"', "is for a window capture only"),
])
def test_lab_captures_are_window_captures(capture, text):
    with pytest.raises(ScenarioError, match=text):
        parse_scenario(f'lab = "demo"\n\n[[step]]\naction = "capture"\n{capture}\n', "s.toml")


def test_the_builtin_scenario_has_the_readme_window_with_the_lab():
    caps = [c for _s, c in load_scenario("backup-by-slice-detachment").captures() if c.file == "main-window-lab"]
    assert len(caps) == 1 and caps[0].target == "window"
