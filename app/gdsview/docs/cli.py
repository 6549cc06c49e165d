"""``gdsview docs figures --out DIR [--scenario NAME|FILE] [--lang en] [--scale 1|2]``."""

from __future__ import annotations

import argparse

from ..core.errors import SdxError

DEFAULT_SCENARIO = "backup-by-slice-detachment"


def add_parser(sub, parser_class: type[argparse.ArgumentParser]) -> None:
    docs = sub.add_parser("docs", help="documentation: regenerate a manual's screenshots")
    docs_sub = docs.add_subparsers(dest="docs_command", metavar="ACTION", parser_class=parser_class, required=True)
    figures = docs_sub.add_parser(
        "figures", help="run a scenario offscreen on a fresh lab and write its figures as PNG files",
        description="Drives GDS Management View offscreen through a scenario (built-in name or TOML file) "
                    "and writes one PNG per capture, index.html and figures.md into DIR.")
    figures.add_argument("--out", required=True, metavar="DIR", help="folder for the figures (made if missing)")
    figures.add_argument("--scenario", default=DEFAULT_SCENARIO, metavar="NAME|FILE",
                         help=f"built-in scenario name or a .toml file (default {DEFAULT_SCENARIO})")
    figures.add_argument("--lang", default="en", metavar="en|ja",
                         help="language of the GUI in the figures and of their captions (default en)")
    figures.add_argument("--scale", default="1", choices=("1", "2"),
                         help="device pixel ratio: 2 draws every figure at twice the resolution")


def run(args: argparse.Namespace) -> int:
    try:
        from .runner import generate_figures
        from .scenario import load_scenario
    except ImportError as e:  # PySide6 missing or broken
        raise SdxError(f"the figure generator needs the GUI libraries: {e}") from None
    scenario = load_scenario(args.scenario)
    generate_figures(scenario, args.out, scale=int(args.scale), lang=args.lang,
                     progress=lambda line: print(line, flush=True))
    return 0
