"""What GDS allows: one function per operation, returning the refusal or None.

The volume manager calls these inside its transaction, on fresh state, and raises what they
return; the GUI calls the same functions on its snapshot to enable a menu item or to explain, in
the disabled item's tooltip, why it is not allowed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TypeVar

from ..engine.slice_state import Change, sources
from ..errors import InUseError, NodeError, SdxError
from ..model import (
    DETACHED_STATES,
    ClassType,
    DiskStatus,
    NodeState,
    SliceInfo,
    SliceState,
    Snapshot,
    VolumeInfo,
    VolumeStatus,
)
from ..names import BLOCK, check_name
from ..storage.snapshot import PRIVATE_BLOCKS

Refusal = SdxError | None
_Rule = TypeVar("_Rule", bound=Callable[..., Refusal])


# -- the cluster: which node may change what ------------------------------------------------------
def node_refusal(snap: Snapshot, c: str, obj: str | None = None, what: str = "class") -> Refusal:
    """Why the node ``snap`` is seen from may not change class ``c`` (or ``obj`` of it), or None.

    A node changes only the classes in its scope, and a shared class only while its volumes run
    there (its service is online on that node): "the volume runs on node2". A snapshot seen from
    no node (``snap.node`` empty, made by hand) is not checked.
    """
    node = snap.node
    if not node:
        return None
    me = snap.node_info(node)
    if me is not None and me.state is NodeState.DOWN:
        return NodeError(f"node {node} is DOWN: nothing can be changed on it until it joins the cluster again",
                        obj or c)
    if c in snap.foreign_classes:
        return NodeError(f"class is not in the scope of node {node}: no command on {node} can see or change it", c)
    k = snap.class_info(c)
    if k is None or k.online_node == node:
        return None  # no such class (the operation's own rule says so), or it runs here
    if k.online_node is None:
        return NodeError("class is online on no node: switch its service to a node first "
                        "(gdsview cluster switch -c CLASS --to NODE)", obj or c)
    runs = {"class": "the class runs", "volume": "the volume runs"}.get(what, f"its volume {what} runs")
    return NodeError(f"{runs} on {k.online_node}, not on {node}: do it on {k.online_node} "
                    f"(gdsview --node {k.online_node}, or GDSVIEW_NODE={k.online_node})", obj or c)


def _on_this_node(kind: str) -> Callable[[_Rule], _Rule]:
    """Check :func:`node_refusal` before a rule: ``kind`` says how the rule names its object
    (``slice``: (disk, volume), ``volume``: (volume,), ``class``: the class itself)."""
    def wrap(rule: _Rule) -> _Rule:
        @functools.wraps(rule)
        def checked(snap: Snapshot, c: str, *args: object) -> Refusal:
            if kind == "slice":
                refusal = node_refusal(snap, c, f"{args[0]}.{args[1]}", str(args[1]))
            elif kind == "volume":
                refusal = node_refusal(snap, c, str(args[0]), "volume")
            else:
                refusal = node_refusal(snap, c)
            return refusal if refusal is not None else rule(snap, c, *args)

        return checked  # type: ignore[return-value]

    return wrap


def _volume_in_use(volume: str) -> SdxError:
    """GDS refuses to stop or remove a volume that is open or mounted (``VolumeInfo.in_use``)."""
    return InUseError("volume is in use", volume)


def _slice_in_use(name: str) -> SdxError:
    """... and to stop or attach a slice whose access path is open; detaching one is allowed."""
    return InUseError("slice is in use: its access path is open", name)


#: A slice operation's rule: (snapshot, class, disk, volume) -> the refusal, or None.
SliceRule = Callable[[Snapshot, str, str, str], Refusal]


def _slice(snap: Snapshot, c: str, disk: str, volume: str) -> SliceInfo | SdxError:
    if snap.volume(c, volume) is None:
        return SdxError("no such volume", volume)
    s = snap.slice(c, disk, volume)
    return s if s is not None else SdxError("no such slice", f"{disk}.{volume}")


def _other_valid(snap: Snapshot, s: SliceInfo) -> list[SliceInfo]:
    return [o for o in snap.slices_of(s.class_name, s.volume) if o is not s and o.state is SliceState.ACTIVE]


@_on_this_node("slice")
def detach_slice(snap: Snapshot, c: str, disk: str, volume: str) -> Refusal:
    s = _slice(snap, c, disk, volume)
    if isinstance(s, SdxError):
        return s
    if s.state not in sources(Change.DETACH):  # ACTIVE, shown as STOP while the volume is stopped
        return SdxError(f"slice is {s.status}: only an ACTIVE or STOP slice can be detached", s.name)
    if not _other_valid(snap, s):
        return SdxError("cannot detach the only valid slice of the volume", s.name)
    return None


@_on_this_node("slice")
def attach_slice(snap: Snapshot, c: str, disk: str, volume: str) -> Refusal:
    s = _slice(snap, c, disk, volume)
    if isinstance(s, SdxError):
        return s
    if s.state not in sources(Change.ATTACH):
        return SdxError(f"slice is {s.status}: only a TEMP or TEMP-STOP slice can be attached", s.name)
    if s.in_use:
        return _slice_in_use(s.name)
    return None


@_on_this_node("slice")
def stop_slice(snap: Snapshot, c: str, disk: str, volume: str) -> Refusal:
    s = _slice(snap, c, disk, volume)
    if isinstance(s, SdxError):
        return s
    if s.state not in sources(Change.STOP):
        return SdxError(f"slice is {s.status}: only a TEMP slice can be stopped", s.name)
    if s.in_use:
        return _slice_in_use(s.name)
    return None


@_on_this_node("slice")
def activate_slice(snap: Snapshot, c: str, disk: str, volume: str) -> Refusal:
    s = _slice(snap, c, disk, volume)
    if isinstance(s, SdxError):
        return s
    if s.state not in sources(Change.ACTIVATE):
        return SdxError(f"slice is {s.status}: only a TEMP-STOP slice can be activated", s.name)
    return None


@_on_this_node("slice")
def backup_slice(snap: Snapshot, c: str, disk: str, volume: str) -> Refusal:
    """Reading a slice through its access path needs it detached and accessible (TEMP)."""
    s = _slice(snap, c, disk, volume)
    if isinstance(s, SdxError):
        return s
    if s.state is SliceState.TEMP_STOP:
        return SdxError("slice is stopped (TEMP-STOP): activate it to open its access path", s.name)
    if s.state is not SliceState.TEMP:
        return SdxError(f"slice is {s.status}: only a detached (TEMP) slice has an access path", s.name)
    if snap.node and s.temp_node and s.temp_node != snap.node:
        return NodeError(f"slice is TEMP on {s.temp_node}: its access path opens only on that node", s.name)
    return None


def check_status(snap: Snapshot, c: str, volume: str) -> Refusal:
    """Check Status compares the volume's valid slices: it needs one at least."""
    v = snap.volume(c, volume)
    if v is None:
        return SdxError("no such volume", volume)
    if not any(s.state is SliceState.ACTIVE for s in snap.slices_of(c, volume)):
        return SdxError("volume has no valid slice to check", volume)
    return None


@_on_this_node("volume")
def start_copy(snap: Snapshot, c: str, volume: str) -> Refusal:
    v = snap.volume(c, volume)
    if v is None:
        return SdxError("no such volume", volume)
    if v.status is not VolumeStatus.ACTIVE:
        return SdxError(f"volume is {v.status}: copying runs only on a started volume", volume)
    pending = [
        s for s in snap.slices_of(c, volume)
        if s.state is SliceState.INVALID or (s.state is SliceState.COPY and not (s.copy and s.copy.running))
    ]
    if not pending:
        return SdxError("no slice needs copying (no INVALID slice, no interrupted copy)", volume)
    return None


@_on_this_node("volume")
def cancel_copy(snap: Snapshot, c: str, volume: str) -> Refusal:
    v = snap.volume(c, volume)
    if v is None:
        return SdxError("no such volume", volume)
    if not any(s.state is SliceState.COPY for s in snap.slices_of(c, volume)):
        return SdxError("copying is not in progress", volume)
    return None


@_on_this_node("volume")
def start_volume(snap: Snapshot, c: str, volume: str) -> Refusal:
    v = snap.volume(c, volume)
    if v is None:
        return SdxError("no such volume", volume)
    if v.status is VolumeStatus.ACTIVE:
        return SdxError("volume is already started", volume)
    if v.status is VolumeStatus.INVALID:
        return SdxError("volume has no valid slice (INVALID): it cannot be started", volume)
    return None


@_on_this_node("volume")
def stop_volume(snap: Snapshot, c: str, volume: str) -> Refusal:
    v = snap.volume(c, volume)
    if v is None:
        return SdxError("no such volume", volume)
    if v.status is VolumeStatus.STOP:
        return SdxError("volume is already stopped", volume)
    if v.in_use:
        return _volume_in_use(volume)
    if any(s.copy and s.copy.running for s in snap.slices_of(c, volume)):
        return SdxError("copying is in progress: cancel or interrupt it first", volume)
    return None


@_on_this_node("volume")
def remove_volume(snap: Snapshot, c: str, volume: str) -> Refusal:
    v = snap.volume(c, volume)
    if v is None:
        return SdxError("no such volume", volume)
    if v.in_use:
        return _volume_in_use(volume)
    if v.status is VolumeStatus.ACTIVE:
        return SdxError("volume is started: stop it first", volume)
    detached = [s.name for s in snap.slices_of(c, volume) if s.state in DETACHED_STATES]
    if detached:
        return SdxError(f"slice {detached[0]} is detached: attach it first", volume)
    return None


def make_filesystem(snap: Snapshot, c: str, volume: str) -> Refusal:
    """Settings → File System Configuration: mkfs on a started volume that nothing has open (a
    mounted file system would be destroyed under its users)."""
    v = snap.volume(c, volume)
    if v is None:
        return SdxError("no such volume", volume)
    if v.status is not VolumeStatus.ACTIVE:
        return SdxError(f"volume is {v.status}: only a started volume has a device", volume)
    if v.in_use:
        return _volume_in_use(volume)
    return None


def mount_filesystem(snap: Snapshot, c: str, volume: str) -> Refusal:
    """Mounting the file system of a started volume that is not open (nor mounted) already."""
    return make_filesystem(snap, c, volume)


def name_in_use(snap: Snapshot, c: str, name: str) -> Refusal:
    if snap.disk(c, name) or snap.group(c, name) or snap.volume(c, name):
        return SdxError("name already used by another object of the class", name)
    return None


@_on_this_node("class")
def create_volume(snap: Snapshot, c: str, group: str, volume: str, blocks: int) -> Refusal:
    if not any(k.name == c for k in snap.classes):
        return SdxError("no such class", c)
    g = snap.group(c, group)
    if g is None:
        return SdxError("no such group", group)
    if (refusal := name_in_use(snap, c, volume)) is not None:
        return refusal
    if not g.disks:
        return SdxError("group has no disk", group)
    swapped = [d for d in g.disks if (info := snap.disk(c, d)) is not None and info.status is DiskStatus.SWAP]
    if swapped:
        return SdxError(f"disk {swapped[0]} of the group is swapped out (SWAP): restore it first (sdxswap -I)",
                        group)
    if blocks > g.free_blocks:
        return SdxError(
            f"not enough free space in the group: {blocks} blocks requested, {g.free_blocks} free", group
        )
    return None


@_on_this_node("class")
def register_disk(snap: Snapshot, c: str, device: str, disk: str) -> Refusal:
    pd = next((p for p in snap.physical_disks if p.name == device), None)
    if pd is None:
        return SdxError("no such physical disk", device)
    if pd.class_name is not None:
        return SdxError(f"physical disk is already registered as {pd.class_name}/{pd.disk_name}", device)
    if pd.blocks <= PRIVATE_BLOCKS:
        return SdxError(f"physical disk is too small ({pd.size_bytes} bytes)", device)
    return name_in_use(snap, c, disk)


@_on_this_node("class")
def remove_disk(snap: Snapshot, c: str, disk: str) -> Refusal:
    d = snap.disk(c, disk)
    if d is None:
        return SdxError("no such disk", disk)
    if d.group is not None:
        return SdxError(f"disk is connected to group {d.group}: disconnect it first", disk)
    return None


@_on_this_node("class")
def connect_disk(snap: Snapshot, c: str, group: str, disk: str) -> Refusal:
    d = snap.disk(c, disk)
    if d is None:
        return SdxError("no such disk", disk)
    if d.group is not None:
        return SdxError(f"disk is already connected to group {d.group}", disk)
    g = snap.group(c, group)
    if g is None:
        return name_in_use(snap, c, group)
    end = max(
        (v.first_block + v.blocks for v in snap.volumes if v.class_name == c and v.group == group),
        default=PRIVATE_BLOCKS,
    )
    if d.blocks < end:
        return SdxError(
            f"disk is too small for group {group}: {d.blocks * BLOCK} bytes, volumes end at {end * BLOCK}",
            disk,
        )
    return None


@_on_this_node("class")
def disconnect_disk(snap: Snapshot, c: str, group: str, disk: str) -> Refusal:
    d = snap.disk(c, disk)
    if d is None:
        return SdxError("no such disk", disk)
    if d.group != group:
        return SdxError(f"disk is not connected to group {group}", disk)
    g = snap.group(c, group)
    volumes = [v for v in snap.volumes if v.class_name == c and v.group == group]
    if g is not None and g.disks == (disk,) and volumes:
        return SdxError(f"last disk of group {group}, which still has volumes: remove them first", disk)
    for v in volumes:
        s = snap.slice(c, disk, v.name)
        if s is None:
            continue
        if s.state in DETACHED_STATES:
            return SdxError(f"slice {s.name} is detached ({s.status}): attach it first", disk)
        if s.copy and s.copy.running:
            return SdxError(f"copying into slice {s.name} is in progress", disk)
        if s.state is SliceState.ACTIVE and not _other_valid(snap, s):
            return SdxError(f"disk holds the last valid copy of volume {v.name}", disk)
    return None


@_on_this_node("class")
def restore_disk(snap: Snapshot, c: str, disk: str) -> Refusal:
    """A disk whose failure disabled it (DISABLE) is taken back into use in place, without a swap: the
    lab's ``restore-disk`` after a transient failure (what GDS's ``sdxfix -D`` does)."""
    d = snap.disk(c, disk)
    if d is None:
        return SdxError("no such disk", disk)
    if d.status is not DiskStatus.DISABLE:
        return SdxError(f"disk is {d.status}: only a DISABLE (failed) disk can be restored", disk)
    return None


@_on_this_node("class")
def swap_out_disk(snap: Snapshot, c: str, disk: str) -> Refusal:
    """Swap Physical Disk (``sdxswap -O``): every slice of the disk becomes NOUSE, the disk SWAP.

    As GDS refuses: a disk already swapped out, a disk with a detached slice, a disk being copied
    into, and a disk that holds the only valid slice of a volume (the volume would lose its data).
    """
    d = snap.disk(c, disk)
    if d is None:
        return SdxError("no such disk", disk)
    if d.status is DiskStatus.SWAP:
        return SdxError("disk is already swapped out (SWAP)", disk)
    for s in (s for s in snap.slices if s.class_name == c and s.disk == disk):
        if s.state in DETACHED_STATES:
            return SdxError(f"slice {s.name} is detached ({s.status}): attach it first", disk)
        if s.copy and s.copy.running:
            return SdxError(f"copying into slice {s.name} is in progress: cancel it first (sdxcopy -C)", disk)
        if s.state not in sources(Change.SWAP_OUT):
            return SdxError(f"slice {s.name} is {s.status}: it cannot be made NOUSE", disk)
        if s.state is SliceState.ACTIVE and not _other_valid(snap, s):
            return SdxError(f"disk holds the only valid slice of volume {s.volume} ({s.name}): "
                            "it cannot be swapped out", disk)
    return None


@_on_this_node("class")
def swap_in_disk(snap: Snapshot, c: str, disk: str) -> Refusal:
    """Restore Physical Disk (``sdxswap -I``): a swapped-out disk back in use; its slices are copied.

    The snapshot must list the physical disks (the replacement must be there, and not smaller).
    """
    d = snap.disk(c, disk)
    if d is None:
        return SdxError("no such disk", disk)
    if d.status is not DiskStatus.SWAP:
        return SdxError(f"disk is {d.status}: only a swapped-out (SWAP) disk can be restored", disk)
    pd = next((p for p in snap.physical_disks if p.name == d.device), None)
    if pd is None:
        return SdxError(f"physical disk {d.device} is missing: put the replacement in first", disk)
    if pd.blocks < d.blocks:
        return SdxError(f"physical disk {d.device} is smaller than the disk it replaces "
                        f"({pd.size_bytes} bytes, {d.blocks * BLOCK} needed)", disk)
    return None


# -- attributes (sdxattr) ------------------------------------------------------------------------
def _started_or_detached(snap: Snapshot, c: str, volumes: list[VolumeInfo], kind: str, obj: str) -> Refusal:
    started = [v.name for v in volumes if v.status is VolumeStatus.ACTIVE]
    if started:
        return SdxError(f"{kind} has a started volume ({started[0]}): stop every volume first", obj)
    detached = [s.name for v in volumes for s in snap.slices_of(c, v.name) if s.state in DETACHED_STATES]
    if detached:
        return SdxError(f"slice {detached[0]} is detached: attach it first (its access path holds the name)", obj)
    return None


@_on_this_node("class")
def change_class_attributes(snap: Snapshot, c: str, attrs: Mapping[str, object]) -> Refusal:
    """``sdxattr -C``: ``name`` (every volume of the class stopped, no slice detached)."""
    if not any(k.name == c for k in snap.classes):
        return SdxError("no such class", c)
    name = attrs.get("name")
    if name is not None and name != c:
        if any(k.name == name for k in snap.classes) or name in snap.foreign_classes:
            return SdxError(f"class name {name} is already used", c)
        volumes = [v for v in snap.volumes if v.class_name == c]
        if (refusal := _started_or_detached(snap, c, volumes, "class", c)) is not None:
            return refusal
    return None


@_on_this_node("class")
def change_disk_attributes(snap: Snapshot, c: str, disk: str, attrs: Mapping[str, object]) -> Refusal:
    """``sdxattr -D``: ``name``; as GDS, only for a disk connected to no group (so holding no volume)."""
    d = snap.disk(c, disk)
    if d is None:
        return SdxError("no such disk", disk)
    if d.group is not None:
        return SdxError(f"disk is connected to group {d.group}: disconnect it first", disk)
    name = attrs.get("name")
    if isinstance(name, str) and name != disk:
        return name_in_use(snap, c, name)
    return None


@_on_this_node("class")
def change_group_attributes(snap: Snapshot, c: str, group: str, attrs: Mapping[str, object]) -> Refusal:
    """``sdxattr -G``: ``name``; as GDS, refused while a volume of the group is started."""
    g = snap.group(c, group)
    if g is None:
        return SdxError("no such group", group)
    volumes = [v for v in snap.volumes if v.class_name == c and v.group == group]
    if (refusal := _started_or_detached(snap, c, volumes, "group", group)) is not None:
        return refusal
    name = attrs.get("name")
    if isinstance(name, str) and name != group:
        return name_in_use(snap, c, name)
    return None


@_on_this_node("volume")
def change_volume_attributes(snap: Snapshot, c: str, volume: str, attrs: Mapping[str, object]) -> Refusal:
    """``sdxattr -V``: ``jrm`` (any time: it decides how much a crash leaves to copy) and ``name``
    (the volume stopped, no slice detached: the device path and the access paths hold the name)."""
    v = snap.volume(c, volume)
    if v is None:
        return SdxError("no such volume", volume)
    name = attrs.get("name")
    if isinstance(name, str) and name != volume:
        if v.status is VolumeStatus.ACTIVE:
            return SdxError("volume is started: stop it before changing its name", volume)
        if (refusal := _started_or_detached(snap, c, [v], "volume", volume)) is not None:
            return refusal
        return name_in_use(snap, c, name)
    return None


@_on_this_node("slice")
def change_slice_attributes(snap: Snapshot, c: str, disk: str, volume: str, attrs: Mapping[str, object]) -> Refusal:
    """``sdxattr -S``: a detached slice's ``jrm=off`` (attaching it then copies every region) and
    ``mode`` (only while it is stopped, TEMP-STOP: nobody has its access path open)."""
    s = _slice(snap, c, disk, volume)
    if isinstance(s, SdxError):
        return s
    if s.state not in DETACHED_STATES:
        return SdxError(f"slice is {s.status}: only a detached (TEMP or TEMP-STOP) slice has attributes to change",
                        s.name)
    if attrs.get("jrm") is True and not s.jrm:
        return SdxError("the JRM of a detached slice can only be turned off: the writes it missed since it was "
                        "detached were not recorded", s.name)
    mode = attrs.get("mode")
    if mode is not None and str(mode) != str(s.access_mode) and s.state is not SliceState.TEMP_STOP:
        return SdxError("slice is TEMP: stop it (sdxslice -F) before changing its access mode", s.name)
    return None


def operation_refusals(snap: Snapshot, c: str, disk: str, volume: str) -> dict[str, Refusal]:
    """Every slice operation's refusal for one slice, for menus that show them all at once."""
    return {
        "detach": detach_slice(snap, c, disk, volume),
        "attach": attach_slice(snap, c, disk, volume),
        "stop": stop_slice(snap, c, disk, volume),
        "activate": activate_slice(snap, c, disk, volume),
    }


# -- the cluster's own operations (gdsview cluster, lab init --cluster) ----------------------------
def new_class(snap: Snapshot, c: str, class_type: str, scope: tuple[str, ...]) -> Refusal:
    """Making class ``c`` (``sdxdisk -M -a type=...,scope=...``) on the node ``snap`` is seen from."""
    if c in snap.foreign_classes:
        return SdxError("class name is already used by a class outside this node's scope", c)
    if class_type not in (ClassType.LOCAL, ClassType.SHARED):
        return SdxError(f"unknown class type '{class_type}': local or shared", c)
    known = [n.name for n in snap.nodes]
    for n in scope:
        if snap.nodes and n not in known:
            return SdxError(f"no such node in the cluster: the nodes are {', '.join(known)}", n)
    if len(set(scope)) != len(scope):
        return SdxError("a node is named twice in the scope", c)
    if snap.node and scope and snap.node not in scope:
        return SdxError(f"the scope must include this node ({snap.node})", c)
    if class_type == ClassType.LOCAL and len(scope) > 1:
        return SdxError("a local class belongs to one node: give type=shared for a scope of several nodes", c)
    return node_refusal(snap, c)


def same_class(snap: Snapshot, c: str, class_type: str | None, scope: tuple[str, ...] | None) -> Refusal:
    """Registering more disks in an existing class: attributes, when given, must be the class's own."""
    k = snap.class_info(c)
    if k is None:
        return None
    if class_type is not None and class_type != k.type:
        return SdxError(f"class is {k.type}, not {class_type}: a class's type is set when it is made", c)
    if scope is not None and tuple(scope) != k.scope:
        return SdxError(f"class's scope is {k.scope_text}, not {':'.join(scope)}", c)
    return None


def define_nodes(snap: Snapshot, names: list[str]) -> Refusal:
    """The cluster's nodes can be defined only before any class is made."""
    if snap.classes or snap.foreign_classes:
        return SdxError("the workspace has classes: its nodes can be defined only before the first class")
    if not names:
        return SdxError("a cluster has at least one node")
    for n in names:
        check_name(n, "node")
    dup = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if dup is not None:
        return SdxError("node named twice", dup)
    return None


def switch_class(snap: Snapshot, c: str, to: str, *, clean: bool = True) -> Refusal:
    """``gdsview cluster switch``: move a shared class's volumes (its service) to node ``to``.

    ``snap`` is seen from ``to``. A clean switch stops the volumes first, so it is refused as
    stopping them would be (a volume in use, copying in progress).
    """
    node = snap.node_info(to)
    if node is None:
        return SdxError(f"no such node in the cluster: the nodes are {', '.join(n.name for n in snap.nodes)}", to)
    if c in snap.foreign_classes:
        return SdxError(f"class is not in the scope of node {to}: it cannot be switched there", c)
    k = snap.class_info(c)
    if k is None:
        return SdxError("no such class", c)
    if not k.shared:
        return SdxError("class is local: only a shared class's volumes switch between nodes", c)
    if node.state is not NodeState.UP:
        return SdxError(f"node {to} is DOWN: the class cannot be switched to it", c)
    if k.online_node == to:
        return SdxError(f"class is already online on {to}", c)
    if clean:
        for v in (v for v in snap.volumes if v.class_name == c):
            if v.in_use:
                return SdxError(f"volume {v.name} is in use on {k.online_node}: close or unmount it first", c)
            if any(s.copy and s.copy.running for s in snap.slices_of(c, v.name)):
                return SdxError(f"copying into a slice of {v.name} is in progress: wait for it or interrupt it "
                                "(sdxcopy -I) first", c)
    return None


def fail_node(snap: Snapshot, name: str) -> Refusal:
    """``gdsview cluster fail``: a node goes DOWN at once (its shared classes fail over)."""
    node = snap.node_info(name)
    if node is None:
        return SdxError(f"no such node in the cluster: the nodes are {', '.join(n.name for n in snap.nodes)}", name)
    if node.state is NodeState.DOWN:
        return SdxError("node is already DOWN", name)
    return None


def join_node(snap: Snapshot, name: str) -> Refusal:
    """``gdsview cluster join``: a DOWN node is back (rebooted) and joins the cluster."""
    node = snap.node_info(name)
    if node is None:
        return SdxError(f"no such node in the cluster: the nodes are {', '.join(n.name for n in snap.nodes)}", name)
    if node.state is NodeState.UP:
        return SdxError("node is already UP", name)
    return None
