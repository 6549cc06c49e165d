"""Fixtures of the reliability suite: the shared small labs (``make_lab``, ``lab``, ``idle_lab``)
come from tests/workspace_helpers.py, registered as a plugin in tests/conftest.py."""
