"""Write the status icons of resources/icons/: one SVG per object kind and status colour.

Run once after changing a shape or a colour; the SVG files are committed and the GUI only loads
them. Colours follow GDS Management View: normal green, copying blue, detached yellow,
stopped grey, invalid/failed red.
"""

from __future__ import annotations

from pathlib import Path

COLOURS = {
    "normal": ("#2e9d3a", "#1d6b26"),
    "copying": ("#2f7fd8", "#1b4f8c"),
    "temp": ("#f2c230", "#a07c12"),
    "stopped": ("#9aa0a6", "#5f6368"),
    "invalid": ("#d93025", "#8c1d16"),
}

SHAPES = {
    # a cylinder, as GDS draws volumes
    "volume": """<ellipse cx="16" cy="8" rx="11" ry="4" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>
<path d="M5 8v16c0 2.2 4.9 4 11 4s11-1.8 11-4V8" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>
<ellipse cx="16" cy="8" rx="11" ry="4" fill="#ffffff" fill-opacity="0.35" stroke="{edge}" stroke-width="1.5"/>""",
    # a slice: a thin band of a cylinder
    "slice": """<path d="M5 12v8c0 2.2 4.9 4 11 4s11-1.8 11-4v-8" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>
<ellipse cx="16" cy="12" rx="11" ry="4" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>
<ellipse cx="16" cy="12" rx="11" ry="4" fill="#ffffff" fill-opacity="0.35" stroke="{edge}" stroke-width="1.5"/>""",
    # a disk drive box
    "disk": """<rect x="3" y="9" width="26" height="14" rx="2.5" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>
<rect x="6" y="18" width="12" height="2" fill="#ffffff" fill-opacity="0.7"/>
<circle cx="24" cy="19" r="1.8" fill="#ffffff"/>""",
    # a group: two stacked disks
    "group": """<rect x="3" y="4" width="22" height="11" rx="2" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>
<rect x="7" y="16" width="22" height="11" rx="2" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>
<circle cx="25" cy="22" r="1.6" fill="#ffffff"/>""",
    # a class: a folder
    "class": """<path d="M3 8h9l3 3h14v15H3z" fill="{fill}" stroke="{edge}" stroke-width="1.5" stroke-linejoin="round"/>
<path d="M3 13h26" stroke="#ffffff" stroke-opacity="0.6" stroke-width="1.5"/>""",
    # the node: a server
    "node": """<rect x="7" y="3" width="18" height="26" rx="2" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>
<rect x="10" y="7" width="12" height="2" fill="#ffffff"/><rect x="10" y="12" width="12" height="2" fill="#ffffff"/>
<circle cx="16" cy="23" r="2" fill="#ffffff"/>""",
    # a plain status dot, for the legend and the log
    "status": """<circle cx="16" cy="16" r="11" fill="{fill}" stroke="{edge}" stroke-width="2"/>
<circle cx="12.5" cy="12.5" r="3.5" fill="#ffffff" fill-opacity="0.45"/>""",
}


def main() -> None:
    out = Path(__file__).resolve().parents[1] / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for kind, shape in SHAPES.items():
        for colour, (fill, edge) in COLOURS.items():
            body = shape.format(fill=fill, edge=edge)
            svg = (
                '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">\n'
                f"{body}\n</svg>\n"
            )
            (out / f"{kind}-{colour}.svg").write_text(svg)


if __name__ == "__main__":
    main()
