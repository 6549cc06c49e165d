"""Which node may open a volume or an access path: the cluster's part of the open checks.

A volume runs on one node at a time (its class's online node); a detached slice's access path
opens only on the node where the slice is TEMP. Opening or doing I/O elsewhere is refused with a
message naming the node. :class:`volume_io.Device` asks at the open and again whenever the
configuration changed, so a node switch fences the I/O of the node the volumes left.
"""

from __future__ import annotations

from ..errors import NodeError
from ..model import SliceState
from ..names import DevicePath
from ..storage.layout import VolumeLayout


def open_refusal(layout: VolumeLayout, path: DevicePath, node: str) -> NodeError | None:
    """Why ``node`` may not open ``path`` of ``layout`` now, or None."""
    name = path.object_name
    if layout.online_node == node and not layout.node_up:
        return NodeError(f"node {node} is DOWN: no volume opens on it until it joins the cluster again", name)
    if path.disk is None:
        if layout.online_node != node:
            where = f"it runs on {layout.online_node}" if layout.online_node else "its class is online on no node"
            return NodeError(f"volume is not started on {node}: {where}", name)
        return None
    target = next((s for s in layout.slices if s.disk == path.disk), None)
    if target is None or target.temp_node is None:
        return None
    if target.state is SliceState.TEMP and target.temp_node != node:
        return NodeError(f"slice is TEMP on {target.temp_node}: its access path opens only on that node "
                         f"(not on {node})", name)
    if target.state is SliceState.TEMP_STOP and layout.online_node not in (None, target.temp_node):
        return NodeError(f"slice is TEMP-STOP: the nodes switched ({target.temp_node} to {layout.online_node}); "
                         f"Activate Slice on {layout.online_node} makes its access path open there", name)
    return None


def check_node(layout: VolumeLayout, path: DevicePath, node: str) -> None:
    """Raise :func:`open_refusal`'s refusal, if any."""
    refusal = open_refusal(layout, path, node)
    if refusal is not None:
        raise refusal
