"""Updating a list of rows in place: remove, insert and dataChanged by key, never a reset."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex


def sync_rows(
    model: QAbstractItemModel,
    parent: QModelIndex,
    current: list[Any],
    new: Sequence[Any],
    key: Callable[[Any], Hashable],
    columns: int,
    on_insert: Callable[[int, list[Any]], list[Any]] | None = None,
) -> list[Any]:
    """Turn ``current`` (the model's list under ``parent``) into ``new``, emitting the row signals.

    Rows are matched by ``key``; rows whose key is gone are removed, new keys inserted where they
    belong, and rows whose value changed get ``dataChanged``. ``on_insert`` may wrap new items
    before they go into the list (the tree wraps them in nodes). Returns the updated list (the
    same object, mutated).
    """
    new_keys = [key(x) for x in new]
    wanted = set(new_keys)
    # 1. removals, bottom-up in contiguous runs
    i = len(current) - 1
    while i >= 0:
        if key(current[i]) in wanted:
            i -= 1
            continue
        end = i
        while i - 1 >= 0 and key(current[i - 1]) not in wanted:
            i -= 1
        model.beginRemoveRows(parent, i, end)
        del current[i : end + 1]
        model.endRemoveRows()
        i -= 1
    # 2. what is left must be in the new order; if not (a rename reordered), move by remove+insert
    kept = [key(x) for x in current]
    if kept != [k for k in new_keys if k in set(kept)]:
        model.beginRemoveRows(parent, 0, len(current) - 1)
        current.clear()
        model.endRemoveRows()
    # 3. insertions, in runs
    i = 0
    while i < len(new):
        if i < len(current) and key(current[i]) == new_keys[i]:
            i += 1
            continue
        j = i
        while j < len(new) and (i >= len(current) or new_keys[j] != key(current[i])):
            j += 1
        items = list(new[i:j])
        if on_insert is not None:
            items = on_insert(i, items)
        model.beginInsertRows(parent, i, j - 1)
        current[i:i] = items
        model.endInsertRows()
        i = j
    return current


def changed_runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """Contiguous runs of True as (first, last)."""
    runs, start = [], None
    for i, f in enumerate(flags):
        if f and start is None:
            start = i
        elif not f and start is not None:
            runs.append((start, i - 1))
            start = None
    if start is not None:
        runs.append((start, len(flags) - 1))
    return runs
