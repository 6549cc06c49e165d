"""What GDS allows: one function per operation, returning the refusal or None.

The volume manager calls these inside its transaction, on fresh state, and raises what they
return; the GUI calls the same functions on its snapshot to enable a menu item or to explain, in
the disabled item's tooltip, why it is not allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..engine.slice_state import Change, sources
from ..errors import InUseError, SdxError
from ..model import DETACHED_STATES, DiskStatus, SliceInfo, SliceState, Snapshot, VolumeInfo, VolumeStatus
from ..names import BLOCK
from ..storage.snapshot import PRIVATE_BLOCKS

Refusal = SdxError | None


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


def detach_slice(snap: Snapshot, c: str, disk: str, volume: str) -> Refusal:
    s = _slice(snap, c, disk, volume)
    if isinstance(s, SdxError):
        return s
    if s.state not in sources(Change.DETACH):  # ACTIVE, shown as STOP while the volume is stopped
        return SdxError(f"slice is {s.status}: only an ACTIVE or STOP slice can be detached", s.name)
    if not _other_valid(snap, s):
        return SdxError("cannot detach the only valid slice of the volume", s.name)
    return None


def attach_slice(snap: Snapshot, c: str, disk: str, volume: str) -> Refusal:
    s = _slice(snap, c, disk, volume)
    if isinstance(s, SdxError):
        return s
    if s.state not in sources(Change.ATTACH):
        return SdxError(f"slice is {s.status}: only a TEMP or TEMP-STOP slice can be attached", s.name)
    if s.in_use:
        return _slice_in_use(s.name)
    return None


def stop_slice(snap: Snapshot, c: str, disk: str, volume: str) -> Refusal:
    s = _slice(snap, c, disk, volume)
    if isinstance(s, SdxError):
        return s
    if s.state not in sources(Change.STOP):
        return SdxError(f"slice is {s.status}: only a TEMP slice can be stopped", s.name)
    if s.in_use:
        return _slice_in_use(s.name)
    return None


def activate_slice(snap: Snapshot, c: str, disk: str, volume: str) -> Refusal:
    s = _slice(snap, c, disk, volume)
    if isinstance(s, SdxError):
        return s
    if s.state not in sources(Change.ACTIVATE):
        return SdxError(f"slice is {s.status}: only a TEMP-STOP slice can be activated", s.name)
    return None


def backup_slice(snap: Snapshot, c: str, disk: str, volume: str) -> Refusal:
    """Reading a slice through its access path needs it detached and accessible (TEMP)."""
    s = _slice(snap, c, disk, volume)
    if isinstance(s, SdxError):
        return s
    if s.state is SliceState.TEMP_STOP:
        return SdxError("slice is stopped (TEMP-STOP): activate it to open its access path", s.name)
    if s.state is not SliceState.TEMP:
        return SdxError(f"slice is {s.status}: only a detached (TEMP) slice has an access path", s.name)
    return None


def check_status(snap: Snapshot, c: str, volume: str) -> Refusal:
    """Check Status compares the volume's valid slices: it needs one at least."""
    v = snap.volume(c, volume)
    if v is None:
        return SdxError("no such volume", volume)
    if not any(s.state is SliceState.ACTIVE for s in snap.slices_of(c, volume)):
        return SdxError("volume has no valid slice to check", volume)
    return None


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


def cancel_copy(snap: Snapshot, c: str, volume: str) -> Refusal:
    v = snap.volume(c, volume)
    if v is None:
        return SdxError("no such volume", volume)
    if not any(s.state is SliceState.COPY for s in snap.slices_of(c, volume)):
        return SdxError("copying is not in progress", volume)
    return None


def start_volume(snap: Snapshot, c: str, volume: str) -> Refusal:
    v = snap.volume(c, volume)
    if v is None:
        return SdxError("no such volume", volume)
    if v.status is VolumeStatus.ACTIVE:
        return SdxError("volume is already started", volume)
    if v.status is VolumeStatus.INVALID:
        return SdxError("volume has no valid slice (INVALID): it cannot be started", volume)
    return None


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


def register_disk(snap: Snapshot, c: str, device: str, disk: str) -> Refusal:
    pd = next((p for p in snap.physical_disks if p.name == device), None)
    if pd is None:
        return SdxError("no such physical disk", device)
    if pd.class_name is not None:
        return SdxError(f"physical disk is already registered as {pd.class_name}/{pd.disk_name}", device)
    if pd.blocks <= PRIVATE_BLOCKS:
        return SdxError(f"physical disk is too small ({pd.size_bytes} bytes)", device)
    return name_in_use(snap, c, disk)


def remove_disk(snap: Snapshot, c: str, disk: str) -> Refusal:
    d = snap.disk(c, disk)
    if d is None:
        return SdxError("no such disk", disk)
    if d.group is not None:
        return SdxError(f"disk is connected to group {d.group}: disconnect it first", disk)
    return None


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


def restore_disk(snap: Snapshot, c: str, disk: str) -> Refusal:
    """A disk whose failure disabled it (DISABLE) is taken back into use in place, without a swap: the
    lab's ``restore-disk`` after a transient failure (what GDS's ``sdxfix -D`` does)."""
    d = snap.disk(c, disk)
    if d is None:
        return SdxError("no such disk", disk)
    if d.status is not DiskStatus.DISABLE:
        return SdxError(f"disk is {d.status}: only a DISABLE (failed) disk can be restored", disk)
    return None


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


def change_class_attributes(snap: Snapshot, c: str, attrs: Mapping[str, object]) -> Refusal:
    """``sdxattr -C``: ``name`` (every volume of the class stopped, no slice detached)."""
    if not any(k.name == c for k in snap.classes):
        return SdxError("no such class", c)
    name = attrs.get("name")
    if name is not None and name != c:
        if any(k.name == name for k in snap.classes):
            return SdxError(f"class name {name} is already used", c)
        volumes = [v for v in snap.volumes if v.class_name == c]
        if (refusal := _started_or_detached(snap, c, volumes, "class", c)) is not None:
            return refusal
    return None


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
