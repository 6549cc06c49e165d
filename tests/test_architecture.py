"""Layering rules, checked statically with ``ast``.

* ``gdsview.core`` is Qt-free: it never imports PySide6, pyqtgraph or ``gdsview.ui``.
* ``gdsview.ui`` never touches disk images directly: it does not import ``gdsview.core.storage.images``.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
CORE = APP / "gdsview" / "core"
UI = APP / "gdsview" / "ui"

CORE_FORBIDDEN = ("PySide6", "pyqtgraph", "gdsview.ui")
UI_FORBIDDEN = ("gdsview.core.storage.images",)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(APP).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line, absolute dotted name) for everything ``path`` imports.

    ``from a.b import c`` yields both ``a.b`` and ``a.b.c`` (c may be a submodule);
    relative imports are resolved against the module's own package.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(p for p in [*base_parts, node.module or ""] if p)
            else:
                base = node.module or ""
            yield node.lineno, base
            for alias in node.names:
                if alias.name != "*":
                    yield node.lineno, f"{base}.{alias.name}"


def _is_under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _violations(root: Path, forbidden: tuple[str, ...]) -> list[str]:
    files = sorted(root.rglob("*.py")) if root.is_dir() else []
    found = []
    for path in files:
        for line, name in _imported_modules(path):
            if any(_is_under(name, prefix) for prefix in forbidden):
                found.append(f"{path.relative_to(APP)}:{line}: imports {name}")
    return sorted(set(found))


def test_core_is_qt_free() -> None:
    if not CORE.is_dir():
        pytest.skip("app/gdsview/core does not exist yet")
    assert _violations(CORE, CORE_FORBIDDEN) == []


def test_ui_does_not_import_disk_images() -> None:
    # Vacuously true while app/gdsview/ui does not exist yet.
    assert _violations(UI, UI_FORBIDDEN) == []
