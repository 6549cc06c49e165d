"""The copy worker process: ``python -m gdsview.core.engine.copyd --workspace W --class C --volume V``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from ..errors import SdxError
from ..storage.workspace import Workspace
from .healing import recover_volume
from .resync import copy_volume


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gdsview-copyd")
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--class", dest="class_name", required=True)
    parser.add_argument("--volume", required=True)
    parser.add_argument("--source", default="sdxcopy")
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    ws = Workspace(args.workspace)
    try:
        # Writes a crash left in flight are healed first (the copy reads the first valid slice).
        recover_volume(ws, args.class_name, args.volume, source=args.source)
        # A copy ending may reveal slices that became COPY meanwhile: loop until nothing is left.
        while not stop.is_set():
            result = copy_volume(ws, args.class_name, args.volume, stop=stop, source=args.source)
            if result.outcome != "completed":
                break
    except SdxError as e:
        print(e.format(args.source), file=sys.stderr)
        return 1
    finally:
        ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
