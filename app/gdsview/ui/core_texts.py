"""Japanese (and any other language) for the texts the Qt-free core writes in English.

The core words its refusals and the training procedure in English, as GDS's commands do; the GUI
shows them in the operator's language. The core is not touched: this module lists the core's
message *templates* (``{name}`` for the variable parts) so that ``pyside6-lupdate`` collects them,
and matches a message against them at display time. A message the catalogue does not know (the
core worded something new) is shown as the core wrote it.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..core.errors import SdxError
from . import i18n

#: The core's messages (core.policy.rules, core.policy.manager, core.names, lab.backup, lab.observer ...).
MESSAGES = (
    QT_TRANSLATE_NOOP("CoreMessage", "no such volume"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume has no valid slice to check"),
    QT_TRANSLATE_NOOP("CoreMessage", "no such slice"),
    QT_TRANSLATE_NOOP("CoreMessage", "no such class"),
    QT_TRANSLATE_NOOP("CoreMessage", "no such group"),
    QT_TRANSLATE_NOOP("CoreMessage", "no such disk"),
    QT_TRANSLATE_NOOP("CoreMessage", "no such physical disk"),
    QT_TRANSLATE_NOOP("CoreMessage", "no such backup file"),
    # Restore Backup (lab.restore)
    QT_TRANSLATE_NOOP("CoreMessage", "volume is smaller than the backup ({size} < {needed} bytes)"),
    QT_TRANSLATE_NOOP("CoreMessage", "no checksum file beside the backup ({file}): it cannot be restored"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "backup checksum mismatch: the file is not the backup that was written; nothing restored"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "restore cancelled: the volume holds part of the backup; restore it again before use"),
    QT_TRANSLATE_NOOP("CoreMessage", "restore failed: {why}; the volume holds part of the backup"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice is {status}: only an ACTIVE or STOP slice can be detached"),
    QT_TRANSLATE_NOOP("CoreMessage", "cannot detach the only valid slice of the volume"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice is {status}: only a TEMP or TEMP-STOP slice can be attached"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice is {status}: only a TEMP slice can be stopped"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice is {status}: only a TEMP-STOP slice can be activated"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice is stopped (TEMP-STOP): activate it to open its access path"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice is {status}: only a detached (TEMP) slice has an access path"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume is {status}: copying runs only on a started volume"),
    QT_TRANSLATE_NOOP("CoreMessage", "no slice needs copying (no INVALID slice, no interrupted copy)"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying is not in progress"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume is already started"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume has no valid slice (INVALID): it cannot be started"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume is already stopped"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying is in progress: cancel or interrupt it first"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume is started: stop it first"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice {slice} is detached: attach it first"),
    QT_TRANSLATE_NOOP("CoreMessage", "name already used by another object of the class"),
    QT_TRANSLATE_NOOP("CoreMessage", "group has no disk"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "not enough free space in the group: {blocks} blocks requested, {free} free"),
    QT_TRANSLATE_NOOP("CoreMessage", "physical disk is already registered as {owner}"),
    QT_TRANSLATE_NOOP("CoreMessage", "physical disk is too small ({size} bytes)"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk is connected to group {group}: disconnect it first"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk is already connected to group {group}"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "disk is too small for group {group}: {size} bytes, volumes end at {end}"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk is not connected to group {group}"),
    QT_TRANSLATE_NOOP("CoreMessage", "last disk of group {group}, which still has volumes: remove them first"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice {slice} is detached ({status}): attach it first"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying into slice {slice} is in progress"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk holds the last valid copy of volume {volume}"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk is {status}: only a DISABLE (failed) disk can be restored"),
    QT_TRANSLATE_NOOP("CoreMessage", "physical disk already exists"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk size must be a multiple of 512 bytes and at least 2 MiB"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume size must be greater than zero"),
    QT_TRANSLATE_NOOP("CoreMessage", "no contiguous free extent of {blocks} blocks in the group"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "invalid {kind} name: 1 to 32 letters, digits, '-' or '_', not starting with '-' or '_'"),
    QT_TRANSLATE_NOOP("CoreMessage", "not a GDS access path"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "a backup cannot be written over the workspace's disk images, database or state"),
    QT_TRANSLATE_NOOP("CoreMessage", "backup destination is a folder: give a file name"),
    QT_TRANSLATE_NOOP("CoreMessage", "backup cancelled; no file was kept"),
    QT_TRANSLATE_NOOP("CoreMessage", "backup failed: {why}; no file was kept"),
    QT_TRANSLATE_NOOP("CoreMessage", "{what} is in progress in another process or thread"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying into {volumes} is in progress: wait or cancel it first"),
    QT_TRANSLATE_NOOP("CoreMessage", "the service is writing to {volumes}: stop it first"),
    QT_TRANSLATE_NOOP("CoreMessage", "the copy did not stop in time; it will stop at its next chunk"),
    # the cluster (core.policy.rules.node_refusal, core.engine.node_access)
    QT_TRANSLATE_NOOP("CoreMessage",
                      "the volume runs on {node}, not on {here}: do it on {node} (gdsview --node {node}, or "
                      "GDSVIEW_NODE={node})"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "the class runs on {node}, not on {here}: do it on {node} (gdsview --node {node}, or "
                      "GDSVIEW_NODE={node})"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "its volume {volume} runs on {node}, not on {here}: do it on {node} (gdsview --node {node}, "
                      "or GDSVIEW_NODE={node})"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "node {node} is DOWN: nothing can be changed on it until it joins the cluster again"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "class is not in the scope of node {node}: no command on {node} can see or change it"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "class is online on no node: switch its service to a node first (gdsview cluster switch -c "
                      "CLASS --to NODE)"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "slice is TEMP on {node}: its access path opens only on that node"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "slice is TEMP on {node}: its access path opens only on that node (not on {here})"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "slice is TEMP-STOP: the nodes switched ({old} to {new}); Activate Slice on {new} makes its "
                      "access path open there"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "volume is not started on {here}: it runs on {node}"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "node {node} is DOWN: no volume opens on it until it joins the cluster again"),
    # in use (core.policy.rules) and the device server (gdsview.devices)
    QT_TRANSLATE_NOOP("CoreMessage", "volume is in use"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice is in use: its access path is open"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume is {status}: only a started volume has a device"),
    QT_TRANSLATE_NOOP("CoreMessage", "mount point is not a directory"),
    QT_TRANSLATE_NOOP("CoreMessage", "something is already mounted there"),
    QT_TRANSLATE_NOOP("CoreMessage", "nothing is mounted there"),
    QT_TRANSLATE_NOOP("CoreMessage", "the mount of {path} did not appear in the mount table"),
    QT_TRANSLATE_NOOP("CoreMessage", "the device server is already running (pid {pid})"),
    QT_TRANSLATE_NOOP("CoreMessage", "the device server did not start: {why}"),
    QT_TRANSLATE_NOOP("CoreMessage", "the device server (pid {pid}) did not stop in time"),
    QT_TRANSLATE_NOOP("CoreMessage", "devices are in use: {devices}; unmount and close them first "
                      "(or 'gdsview devices down --force')"),
    QT_TRANSLATE_NOOP("CoreMessage", "the device server died and left its devices mounted: "
                      "use 'gdsview devices down --force'"),
    QT_TRANSLATE_NOOP("CoreMessage", "a device server of this workspace died and left its devices mounted: "
                      "run 'gdsview devices down --force' first"),
    QT_TRANSLATE_NOOP("CoreMessage", "held by the device server of workspace {workspace} (pid {pid}): "
                      "stop it first with 'gdsview --workspace {again} devices down'"),
    QT_TRANSLATE_NOOP("CoreMessage", "{tool} failed: {why}"),
    QT_TRANSLATE_NOOP("CoreMessage", "{tool} is not installed"),
    # Swap / Restore Physical Disk and Change Attributes (sdxswap, sdxattr)
    QT_TRANSLATE_NOOP("CoreMessage", "disk is already swapped out (SWAP)"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying into slice {slice} is in progress: cancel it first (sdxcopy -C)"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice {slice} is {status}: it cannot be made NOUSE"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "disk holds the only valid slice of volume {volume} ({slice}): it cannot be swapped out"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk is {status}: only a swapped-out (SWAP) disk can be restored"),
    QT_TRANSLATE_NOOP("CoreMessage", "physical disk {device} is missing: put the replacement in first"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "physical disk {device} is smaller than the disk it replaces ({size} bytes, {needed} needed)"),
    QT_TRANSLATE_NOOP("CoreMessage", "cannot read physical disk {device}: {why}; replace it first"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk {disk} of the group is swapped out (SWAP): restore it first (sdxswap -I)"),
    QT_TRANSLATE_NOOP("CoreMessage", "{kind} has a started volume ({volume}): stop every volume first"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice {slice} is detached: attach it first (its access path holds the name)"),
    QT_TRANSLATE_NOOP("CoreMessage", "class name {name} is already used"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume is started: stop it before changing its name"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "slice is {status}: only a detached (TEMP or TEMP-STOP) slice has attributes to change"),
    QT_TRANSLATE_NOOP("CoreMessage", "the JRM of a detached slice can only be turned off: the writes it missed "
                      "since it was detached were not recorded"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice is TEMP: stop it (sdxslice -F) before changing its access mode"),
)

#: The GUI's own hints: what to select before an operation can be used (sentences, not errors).
NEED_SLICE = QT_TRANSLATE_NOOP("CoreMessage", "Select a slice in the Slice Information list first.")
NEED_VOLUME = QT_TRANSLATE_NOOP("CoreMessage", "Select a volume first.")
NEED_DISK = QT_TRANSLATE_NOOP("CoreMessage", "Select a disk in the Disk Information list first.")
NEED_OBJECT = QT_TRANSLATE_NOOP("CoreMessage", "Select a class, a disk, a volume or a slice first.")
SELECTION_HINTS = (NEED_SLICE, NEED_VOLUME, NEED_DISK, NEED_OBJECT)
STOP_OR_ACTIVATE = QT_TRANSLATE_NOOP(
    "CoreMessage", "slice is {status}: only a TEMP slice can be stopped or a TEMP-STOP slice activated")
ALREADY_WRITING = QT_TRANSLATE_NOOP("CoreMessage", "the service is already writing to this volume")
INTERNAL_ERROR = QT_TRANSLATE_NOOP("CoreMessage", "internal error: {error}")
GUI_MESSAGES = (NEED_SLICE, NEED_VOLUME, NEED_DISK, NEED_OBJECT, STOP_OR_ACTIVATE, ALREADY_WRITING,
                INTERNAL_ERROR)

#: The kinds of object ``core.names.check_name`` names in its message.
KINDS = {
    "class": QT_TRANSLATE_NOOP("CoreMessage", "class"),
    "group": QT_TRANSLATE_NOOP("CoreMessage", "group"),
    "disk": QT_TRANSLATE_NOOP("CoreMessage", "disk"),
    "volume": QT_TRANSLATE_NOOP("CoreMessage", "volume"),
    "physical disk": QT_TRANSLATE_NOOP("CoreMessage", "physical disk"),
}

#: lab.procedure.START_SERVICE_FIRST: the hint while no service runs before step 3.
START_SERVICE_FIRST = QT_TRANSLATE_NOOP("Procedure", "first Service → Start Service: the procedure backs up a volume "
                                                     "in use by its service")

#: The training procedure (lab.procedure.STEPS): titles, what to do, the flow figure's labels.
PROCEDURE = (
    QT_TRANSLATE_NOOP("Procedure", "Register backup disk with class."),
    QT_TRANSLATE_NOOP("Procedure", "Connect backup disk to group."),
    QT_TRANSLATE_NOOP("Procedure", "After completing synchronization copying, stop service."),
    QT_TRANSLATE_NOOP("Procedure", "Detach slice."),
    QT_TRANSLATE_NOOP("Procedure", "Resume service."),
    QT_TRANSLATE_NOOP("Procedure", "Perform backup using access path for backup."),
    QT_TRANSLATE_NOOP("Procedure", "Attach slice."),
    QT_TRANSLATE_NOOP("Procedure", "Disconnect backup disk from group."),
    QT_TRANSLATE_NOOP("Procedure", "Remove backup disk from class."),
    QT_TRANSLATE_NOOP("Procedure", "Settings → Class Configuration: select the backup disk (sdc), Add: it is "
                                   "registered in Class1"),
    QT_TRANSLATE_NOOP("Procedure", "Settings → Group Configuration: select the backup disk, Connect: copying into "
                                   "Group1's volumes starts"),
    QT_TRANSLATE_NOOP("Procedure", "wait until copying is complete (the new slices are ACTIVE), then Service → Stop "
                                   "Service"),
    QT_TRANSLATE_NOOP("Procedure", "select the backup disk's slice in Slice Information, then Operation → Detach "
                                   "Slice"),
    QT_TRANSLATE_NOOP("Procedure", "Service → Start Service"),
    QT_TRANSLATE_NOOP("Procedure", "select the detached slice, then Operation → Back up from Access Path"),
    QT_TRANSLATE_NOOP("Procedure", "select the detached slice, then Operation → Attach Slice: copying brings it up "
                                   "to date"),
    QT_TRANSLATE_NOOP("Procedure", "Settings → Group Configuration: select the backup disk, Disconnect"),
    QT_TRANSLATE_NOOP("Procedure", "Settings → Class Configuration: select the backup disk, Remove"),
    START_SERVICE_FIRST,
    QT_TRANSLATE_NOOP("Procedure", "Register backup disk"),
    QT_TRANSLATE_NOOP("Procedure", "Connect to group"),
    QT_TRANSLATE_NOOP("Procedure", "Stop service"),
    QT_TRANSLATE_NOOP("Procedure", "Detach slice"),
    QT_TRANSLATE_NOOP("Procedure", "Resume service"),
    QT_TRANSLATE_NOOP("Procedure", "Back up from access path"),
    QT_TRANSLATE_NOOP("Procedure", "Attach slice"),
    QT_TRANSLATE_NOOP("Procedure", "Disconnect from group"),
    QT_TRANSLATE_NOOP("Procedure", "Remove backup disk"),
)

#: The training lab's warnings (lab.observer).
LAB_WARNINGS = (
    QT_TRANSLATE_NOOP("CoreMessage", "step {step} done before step {missing} ({title})"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "service stopped while synchronization copying into {slices} had not completed"),
    QT_TRANSLATE_NOOP("CoreMessage", "{slice} detached while copying into {slices} had not completed"),
    QT_TRANSLATE_NOOP("CoreMessage", "{slice} detached: a slice of the mirror itself, so the volume ran without "
                      "redundancy; the reliable procedure detaches the backup disk's slice"),
    QT_TRANSLATE_NOOP("CoreMessage", "{slice} detached while the service was writing to {volumes}: Perform "
                      "[Detach Slice] after Stopping Services (the backup is only crash consistent: Verify Backup "
                      "reports the journal recovery or WAL replay it needs)"),
)


#: What the core and the lab log (the Log Information field's messages), longer forms first.
EVENTS = (
    QT_TRANSLATE_NOOP("CoreMessage", "physical disk {name} created ({size} bytes, {speed})"),
    QT_TRANSLATE_NOOP("CoreMessage", "physical disk {name} created ({size} bytes)"),
    QT_TRANSLATE_NOOP("CoreMessage", "physical disk {name} speed set to {speed}"),
    QT_TRANSLATE_NOOP("CoreMessage", "class {cls} created"),
    QT_TRANSLATE_NOOP("CoreMessage", "class {cls} removed"),
    QT_TRANSLATE_NOOP("CoreMessage", "physical disk {device} registered as {disk}"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk {disk} removed from class {cls}"),
    QT_TRANSLATE_NOOP("CoreMessage", "mirror group {group} created"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk {disk} connected to group {group}"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk {disk} disconnected from group {group}"),
    QT_TRANSLATE_NOOP("CoreMessage", "group {group} removed"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume {volume} created ({blocks} blocks) and started"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume {volume} started"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume {volume} stopped"),
    QT_TRANSLATE_NOOP("CoreMessage", "volume {volume} removed"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice {slice} detached (access mode {mode}, JRM {jrm}); access path {path}"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice {slice} attached; {blocks} blocks to copy when the volume is started"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice {slice} attached; {blocks} blocks to copy"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice {slice} stopped (TEMP-STOP)"),
    QT_TRANSLATE_NOOP("CoreMessage", "slice {slice} activated (TEMP)"),
    QT_TRANSLATE_NOOP("CoreMessage", "disk {disk} restored (ENABLE)"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying of volume {volume} requested"),
    QT_TRANSLATE_NOOP("CoreMessage", "copy delay of volume {volume} set to {delay} ms"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying into {slice} cancelled"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying into {slice} interrupted at {blocks} blocks; sdxcopy -B resumes it"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "slice {slice} is INVALID: disk {disk} ({device}) failed: {reason}; disk {disk} is DISABLE"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "volume {volume} is INVALID: no valid slice is left (last one lost on disk {disk})"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying into {slice} started ({blocks} blocks to go, {done} already copied)"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying into {slice} completed: {bytes} bytes"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying into {slice} stopped: no valid slice to copy from"),
    QT_TRANSLATE_NOOP("CoreMessage", "copying into {slice} stopped at {done}/{total} blocks; it resumes from there"),
    QT_TRANSLATE_NOOP("CoreMessage", "service started on {volume} ({pattern}, {rate} MiB/s)"),
    QT_TRANSLATE_NOOP("CoreMessage", "service stopped on {volume} after {records} records (sequence {seq}): {error}"),
    QT_TRANSLATE_NOOP("CoreMessage", "service stopped on {volume} after {records} records (sequence {seq})"),
    QT_TRANSLATE_NOOP("CoreMessage", "backup of {path} cancelled; nothing kept"),
    QT_TRANSLATE_NOOP("CoreMessage", "backup of {path} to {file} failed: {why}"),
    QT_TRANSLATE_NOOP("CoreMessage", "backup of {path} written to {file} ({bytes} bytes, SHA-256 {sha}…)"),
    QT_TRANSLATE_NOOP("CoreMessage", "demo lab ready: sdc is the backup disk"),
    # Verify Backup's verdict, Restore Backup, the restore lesson (lab.restore, lab.restore_lesson)
    QT_TRANSLATE_NOOP("CoreMessage", "backup {file} verified: {verdict}"),
    QT_TRANSLATE_NOOP("CoreMessage", "backup {file} restored into {volume} ({bytes} bytes, SHA-256 {sha}…)"),
    QT_TRANSLATE_NOOP("CoreMessage", "restore of {file} into {volume} cancelled after {done} of {total} bytes: "
                      "the volume holds part of the backup; restore it again before use"),
    QT_TRANSLATE_NOOP("CoreMessage", "restore of {file} into {volume} failed after {done} bytes: {why}"),
    QT_TRANSLATE_NOOP("CoreMessage", "{bytes} bytes of {volume} overwritten with garbage"),
    # the cluster (core.policy.cluster, lab.demo, lab.backup)
    QT_TRANSLATE_NOOP("CoreMessage",
                      "demo lab ready (cluster {nodes}: Class1 shared, online on {node}): sdc is the backup disk"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "cluster of {count} nodes: {nodes}"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "class {cls} created (shared, scope {scope})"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "class {cls} switched from {old} to {new}: volumes {volumes} stopped on {old} and started "
                      "on {new}"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "class {cls} switched from {old} to {new}: volumes {volumes} stopped on {old} and started "
                      "on {new}; {slices} TEMP-STOP"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "class {cls} failed over from {old} to {new}: volumes {volumes} stopped on {old} and "
                      "started on {new}"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "class {cls} failed over from {old} to {new}: volumes {volumes} stopped on {old} and "
                      "started on {new}; {slices} TEMP-STOP"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "slice {slice} is TEMP-STOP: the nodes switched ({old} to {new}); Activate Slice on {new} "
                      "makes it accessible there"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "node {node} failed (DOWN): its I/O is fenced"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "node {node} joined the cluster (UP)"),
    QT_TRANSLATE_NOOP("CoreMessage",
                      "backup of {path} refused on {node}: {why}"),
)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    seen: set[str] = set()
    regex = []
    for i, p in enumerate(parts):
        if i % 2 == 0:
            regex.append(re.escape(p))
        elif p in seen:  # the same value again (disk {disk} ... disk {disk})
            regex.append(f"(?P={p})")
        else:
            seen.add(p)
            regex.append(f"(?P<{p}>.+?)")
    return re.compile("".join(regex), re.DOTALL)


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((_pattern(t), t) for t in (*MESSAGES, *GUI_MESSAGES, *LAB_WARNINGS, *EVENTS))


def message(text: str) -> str:
    """A core message in the GUI's language (unchanged in English or when not catalogued)."""
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return text
    for regex, template in _compiled():
        m = regex.fullmatch(text)
        if m is None:
            continue
        values = m.groupdict()
        if "kind" in values:
            values["kind"] = kind(values["kind"])
        if "title" in values:  # a procedure step's title, without its full stop
            values["title"] = procedure(values["title"] + ".").rstrip(".。")
        if values.get("speed") == "unlimited":
            values["speed"] = QCoreApplication.translate("PhysicalDisk", "unlimited")
        return QCoreApplication.translate("CoreMessage", template).format(**values)
    return text


def kind(name: str) -> str:
    return QCoreApplication.translate("CoreMessage", KINDS.get(name, name))


def procedure(text: str) -> str:
    """A text of lab.procedure (a step's title, action or figure label)."""
    return QCoreApplication.translate("Procedure", text)


def is_selection_hint(e: SdxError) -> bool:
    """True for "select a ... first": nothing is wrong, the operator has not chosen an object yet."""
    return e.text in SELECTION_HINTS


def hint(e: SdxError) -> str:
    """Why an item or a button is disabled, as its tooltip and the status bar say it: the rule's
    reason in GDS's words and the GUI's language (``Disk2: disk is connected ...``), or the
    selection hint as a sentence; never worded as an error (no ``SDX:...: ERROR:``)."""
    text = message(e.text)
    return f"{e.obj}: {text}" if e.obj and not is_selection_hint(e) else text


def error(e: SdxError, command: str = "gdsview") -> str:
    """``SDX:gdsview: ERROR: Disk2.Volume1: <text>``, the text in the GUI's language."""
    where = f"{e.obj}: " if e.obj else ""
    return f"SDX:{command}: {e.severity}: {where}{message(e.text)}"


__all__ = ["message", "procedure", "error", "hint", "is_selection_hint", "kind", "MESSAGES", "PROCEDURE"]
