"""Screenshot-driven documentation: a manual's figures regenerated from the real GUI.

``gdsview docs figures --out DIR`` runs a scenario (``scenario.py``: TOML steps a writer scripts)
offscreen on a fresh lab (``runner.py``), draws the procedure's flow figure (``flow.py``) and
writes the PNG files with ``index.html`` and ``figures.md`` (``page.py``). The built-in scenarios
live in ``scenarios/``. Nothing here is imported by the GUI or the core.
"""
