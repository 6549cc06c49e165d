"""The PyInstaller bundle's one executable: ``gdsview``, and the ``sdx*`` commands by their name.

The bundle ships a single program, ``gdsview``; ``sdxinfo``, ``sdxdisk``, ``sdxvolume``,
``sdxslice``, ``sdxcopy``, ``sdxswap`` and ``sdxattr`` are symbolic links to it beside it, and the program runs the command
its link is named after (``argv[0]``), as busybox does. One Python runtime and one copy of Qt
serve them all.

The core starts its copy worker as ``sys.executable -m gdsview.core.engine.copyd ...``; in the bundle
``sys.executable`` is this program, so ``-m MODULE ARGS`` runs that module's ``main()`` with ARGS,
as ``python -m`` would (``runpy`` cannot find modules inside the bundle's archive).
"""

from __future__ import annotations

import importlib
import os
import sys

COMMANDS = {
    "gdsview": "gdsview.cli.gdsview_cmd",
    "sdxinfo": "gdsview.cli.sdxinfo",
    "sdxdisk": "gdsview.cli.sdxdisk",
    "sdxvolume": "gdsview.cli.sdxvolume",
    "sdxslice": "gdsview.cli.sdxslice",
    "sdxcopy": "gdsview.cli.sdxcopy",
    "sdxswap": "gdsview.cli.sdxswap",
    "sdxattr": "gdsview.cli.sdxattr",
}


def main() -> int:
    if len(sys.argv) >= 3 and sys.argv[1] == "-m":  # python -m MODULE ARGS...
        name = sys.argv[2]
        if not name.startswith("gdsview."):
            print(f"gdsview: -m {name}: only gdsview's own modules run here", file=sys.stderr)
            return 2
        sys.argv = [name, *sys.argv[3:]]
        return int(importlib.import_module(name).main() or 0)
    name = os.path.basename(sys.argv[0]).removesuffix(".exe")
    module = importlib.import_module(COMMANDS.get(name, COMMANDS["gdsview"]))
    return int(module.main() or 0)


if __name__ == "__main__":
    sys.exit(main())
