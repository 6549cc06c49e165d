"""Shared pytest configuration: Qt runs offscreen unless the caller chose a platform, and nothing
the tests start (in this process or a child) reads or writes the user's own settings."""
import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings (and anything else following the XDG base directories) writes under here, not ~/.config.
os.environ["XDG_CONFIG_HOME"] = _config = tempfile.mkdtemp(prefix="gdsview-tests-config-")
atexit.register(shutil.rmtree, _config, True)

# The small-lab fixtures (make_lab, lab, idle_lab) the core and reliability suites share.
pytest_plugins = ["workspace_helpers", "proof_images"]
