"""The Operation menu: a registry of operations, each with its rule and its dialog flow.

The rule comes from ``core.policy.rules`` (the GUI never decides what is allowed); the flow opens
the operation's dialog, asks for confirmation, hands the request to the backend (which applies it
on a worker thread) and shows the completion message — or the backend's refusal, which also goes
to the log. A flow gets a :class:`~gdsview.ui.context.WindowContext`, never the window. The
training lab registers its own operations (``lab=True``), shown only in a lab's window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from ..core.errors import NodeError, SdxError
from ..core.model import SliceState, Snapshot
from ..core.policy import rules
from . import core_texts, i18n
from .backend.requests import ChangeAttributes, CheckStatus, SliceRequest, SwapDisk, VolumeRequest
from .context import WindowContext
from .dialogs.change_attributes_dialog import ChangeAttributesDialog
from .dialogs.detach_slice_dialog import DetachSliceDialog

translate = QCoreApplication.translate


@dataclass(frozen=True)
class Selection:
    """What the operator has selected: a class, a volume of it, or a slice (disk + volume)."""

    class_name: str | None = None
    volume: str | None = None
    disk: str | None = None

    @property
    def slice_name(self) -> str | None:
        return f"{self.disk}.{self.volume}" if self.disk and self.volume else None


Flow = Callable[[WindowContext, Selection], None]


@dataclass(frozen=True)
class Operation:
    id: str
    text: str  # the English source of the menu item (translated by operation_text when shown)
    refusal: Callable[[Snapshot, Selection], SdxError | None]
    run: Flow
    separator_before: bool = False
    lab: bool = False  # one of the training lab's: shown only in a lab's window
    help: str = ""  # its section of the Help (F1 while its dialog or confirmation is open)


OPERATIONS: list[Operation] = []

# The GUI's own refusals, worded as the core's (core_texts translates both).
NEED_SLICE = SdxError(core_texts.NEED_SLICE)
NEED_VOLUME = SdxError(core_texts.NEED_VOLUME)
NEED_DISK = SdxError(core_texts.NEED_DISK)
NEED_OBJECT = SdxError(core_texts.NEED_OBJECT)


def operation_text(op: Operation) -> str:
    """The menu item's text in the GUI's language (with its mnemonic)."""
    return translate("Operation", op.text)


def operation_title(op: Operation) -> str:
    """The operation's name as a dialog title or a tooltip: the menu text without mnemonic and ellipsis."""
    return i18n.plain(operation_text(op))


def operation(id: str, text: str, refusal: Callable[[Snapshot, Selection], SdxError | None],
              separator_before: bool = False, *, lab: bool = False, after: str | None = None,
              help: str | None = None):
    """Register an operation's flow; ``after`` puts it in the menu after that operation; ``help``
    is its Help section (default: its id)."""

    def register(run: Flow) -> Flow:
        op = Operation(id, text, refusal, run, separator_before, lab, help or id)
        at = next((i + 1 for i, o in enumerate(OPERATIONS) if o.id == after), len(OPERATIONS))
        OPERATIONS.insert(at, op)
        return run

    return register


def slice_rule(rule: rules.SliceRule) -> Callable[[Snapshot, Selection], SdxError | None]:
    """A slice rule of ``core.policy.rules`` as a menu rule: a slice must be selected first."""

    def refusal(snap: Snapshot, sel: Selection) -> SdxError | None:
        if not (sel.class_name and sel.disk and sel.volume):
            return NEED_SLICE
        return rule(snap, sel.class_name, sel.disk, sel.volume)

    return refusal


def _volume_rule(rule):
    def refusal(snap: Snapshot, sel: Selection) -> SdxError | None:
        if not (sel.class_name and sel.volume):
            return NEED_VOLUME
        return rule(snap, sel.class_name, sel.volume)

    return refusal


def _disk_rule(rule):
    def refusal(snap: Snapshot, sel: Selection) -> SdxError | None:
        if not (sel.class_name and sel.disk) or sel.volume:
            return NEED_DISK
        return rule(snap, sel.class_name, sel.disk)

    return refusal


def _stop_or_activate(snap: Snapshot, sel: Selection) -> SdxError | None:
    if not sel.slice_name:
        return NEED_SLICE
    stop = rules.stop_slice(snap, sel.class_name, sel.disk, sel.volume)
    if stop is None:
        return None
    if rules.activate_slice(snap, sel.class_name, sel.disk, sel.volume) is None:
        return None
    if isinstance(stop, NodeError):  # not on this node: say where (both refusals say the same)
        return stop
    s = snap.slice(sel.class_name, sel.disk, sel.volume)
    if s is not None and s.state is SliceState.TEMP:  # stoppable but for its own reason: its access path is open
        return rules.stop_slice(snap, sel.class_name, sel.disk, sel.volume)
    status = s.status if s else "unknown"
    return SdxError(core_texts.STOP_OR_ACTIVATE.format(status=status), sel.slice_name)


# -- the operations, in menu order -------------------------------------------------------------

@operation("detach", QT_TRANSLATE_NOOP("Operation", "&Detach Slice"), slice_rule(rules.detach_slice))
def detach_slice(ctx: WindowContext, sel: Selection) -> None:
    s = ctx.snapshot.slice(sel.class_name, sel.disk, sel.volume)
    dialog = DetachSliceDialog(s, ctx.parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def accepted() -> None:
        req = dialog.request()
        mode = (translate("Operation", "read only") if req.mode.value == "ro"
                else translate("Operation", "read and write"))
        ctx.confirm_then_run(
            translate("Operation", "Detach Slice"),
            translate("Operation", "Detach slice {slice} from volume {volume}?\n\nAccess mode: {mode}.\n"
                      "Stop the service using the volume before detaching, to ensure the integrity of the "
                      "backup.").format(slice=s.name, volume=s.volume, mode=mode),
            req,
            lambda path: translate("Operation", "Detaching slice {slice} is complete.\n\nAccess path: {path}\n\n"
                                   "Use this access path to proceed with the backup.").format(slice=s.name,
                                                                                             path=path),
        )

    dialog.accepted.connect(accepted)
    dialog.open()


@operation("attach", QT_TRANSLATE_NOOP("Operation", "&Attach Slice"), slice_rule(rules.attach_slice))
def attach_slice(ctx: WindowContext, sel: Selection) -> None:
    ctx.confirm_then_run(
        translate("Operation", "Attach Slice"),
        translate("Operation", "Attach slice {slice} to volume {volume}?\n\n"
                  "If the volume is active, synchronization copying will begin.").format(
            slice=sel.slice_name, volume=sel.volume),
        SliceRequest(sel.class_name, sel.disk, sel.volume, "attach_slice"),
        lambda copying: translate("Operation", "Attaching slice {slice} is complete.").format(slice=sel.slice_name)
        + "\n\n" + (translate("Operation", "Synchronization copying has started.") if copying
                    else translate("Operation", "Synchronization copying will run when the volume is started.")),
    )


@operation("stop_activate", QT_TRANSLATE_NOOP("Operation", "&Stop/Activate Slice"), _stop_or_activate)
def stop_or_activate_slice(ctx: WindowContext, sel: Selection) -> None:
    s = ctx.snapshot.slice(sel.class_name, sel.disk, sel.volume)
    if s.state is SliceState.TEMP:
        ctx.confirm_then_run(
            translate("Operation", "Stop Slice"),
            translate("Operation", "Stop slice {slice}?\n\nIts access path {path} will become inaccessible.").format(
                slice=s.name, path=s.access_path),
            SliceRequest(sel.class_name, sel.disk, sel.volume, "stop_slice"),
            lambda _r: translate("Operation", "Stopping slice {slice} is complete (TEMP-STOP).").format(slice=s.name),
            destructive=True,
        )
    else:
        ctx.confirm_then_run(
            translate("Operation", "Activate Slice"),
            translate("Operation", "Activate slice {slice}?\n\nIts access path {path} will become accessible "
                      "again.").format(slice=s.name, path=s.access_path),
            SliceRequest(sel.class_name, sel.disk, sel.volume, "activate_slice"),
            lambda _r: translate("Operation", "Activating slice {slice} is complete (TEMP).").format(slice=s.name),
        )


def _volume_flow(title: str, question: str, method: str, done: str, destructive: bool = False):
    """A volume operation's flow; the texts are English sources marked for the "Operation" context."""

    def run(ctx: WindowContext, sel: Selection) -> None:
        ctx.confirm_then_run(
            translate("Operation", title), translate("Operation", question).format(volume=sel.volume),
            VolumeRequest(sel.class_name, sel.volume, method),
            lambda _r: translate("Operation", done).format(volume=sel.volume),
            destructive=destructive,
        )

    return run


operation("start_copy", QT_TRANSLATE_NOOP("Operation", "Start &Copying"), _volume_rule(rules.start_copy),
          separator_before=True, help="copying")(_volume_flow(
              QT_TRANSLATE_NOOP("Operation", "Start Copying"),
              QT_TRANSLATE_NOOP("Operation", "Start synchronization copying of volume {volume}?"), "start_copy",
              QT_TRANSLATE_NOOP("Operation", "Synchronization copying of volume {volume} has started.")))
operation("cancel_copy", QT_TRANSLATE_NOOP("Operation", "Ca&ncel Copying"), _volume_rule(rules.cancel_copy),
          help="copying")(
    _volume_flow(
        QT_TRANSLATE_NOOP("Operation", "Cancel Copying"),
        QT_TRANSLATE_NOOP("Operation", "Cancel synchronization copying of volume {volume}?\n\n"
                          "The slice stays INVALID; copying it again starts from the beginning."), "cancel_copy",
        QT_TRANSLATE_NOOP("Operation", "Synchronization copying of volume {volume} was cancelled."), True))
operation("start_volume", QT_TRANSLATE_NOOP("Operation", "Sta&rt Volume"), _volume_rule(rules.start_volume),
          separator_before=True, help="volumes")(_volume_flow(
              QT_TRANSLATE_NOOP("Operation", "Start Volume"),
              QT_TRANSLATE_NOOP("Operation", "Start volume {volume}?"), "start_volume",
              QT_TRANSLATE_NOOP("Operation", "Volume {volume} has started.")))
operation("stop_volume", QT_TRANSLATE_NOOP("Operation", "Sto&p Volume"), _volume_rule(rules.stop_volume),
          help="volumes")(
    _volume_flow(
        QT_TRANSLATE_NOOP("Operation", "Stop Volume"),
        QT_TRANSLATE_NOOP("Operation", "Stop volume {volume}?\n\n"
                          "Applications can no longer use it until it is started."), "stop_volume",
        QT_TRANSLATE_NOOP("Operation", "Volume {volume} has stopped."), True))


@operation("swap_disk", QT_TRANSLATE_NOOP("Operation", "S&wap Physical Disk"), _disk_rule(rules.swap_out_disk),
           separator_before=True)
def swap_physical_disk(ctx: WindowContext, sel: Selection) -> None:
    ctx.confirm_then_run(
        translate("Operation", "Swap Physical Disk"),
        translate("Operation", "Swap out disk {disk}?\n\nThe disk becomes SWAP and its slices NOUSE: no I/O "
                               "reaches it, and its physical disk can be replaced. The volumes stay in service "
                               "on the other disks of the group.").format(disk=sel.disk),
        SwapDisk(sel.class_name, sel.disk, out=True),
        lambda _volumes: translate("Operation", "Swapping out disk {disk} is complete (SWAP).\n\nReplace the "
                                   "physical disk, then choose Restore Physical Disk.").format(disk=sel.disk),
        destructive=True,
    )


@operation("restore_disk", QT_TRANSLATE_NOOP("Operation", "R&estore Physical Disk"), _disk_rule(rules.swap_in_disk))
def restore_physical_disk(ctx: WindowContext, sel: Selection) -> None:
    title = translate("Operation", "Restore Physical Disk")
    ctx.confirm_then_run(
        title,
        translate("Operation", "Restore disk {disk}?\n\nIts slices are copied in full from the other "
                               "disks of the group.").format(disk=sel.disk),
        SwapDisk(sel.class_name, sel.disk, out=False),
        lambda volumes: translate("Operation", "Restoring disk {disk} is complete.").format(disk=sel.disk)
        + ("\n\n" + translate("Operation", "Synchronization copying of {volumes} has started.").format(
            volumes=", ".join(volumes)) if volumes else ""),
    )


def _attributes_of(sel: Selection) -> tuple[str, str | None, str | None] | None:
    """(kind, disk, volume) of the object whose attributes the selection names."""
    if not sel.class_name:
        return None
    if sel.disk and sel.volume:
        return "slice", sel.disk, sel.volume
    if sel.disk:
        return "disk", sel.disk, None
    if sel.volume:
        return "volume", None, sel.volume
    return "class", None, None


def _attributes_refusal(snap: Snapshot, sel: Selection) -> SdxError | None:
    what = _attributes_of(sel)
    if what is None:
        return NEED_OBJECT
    kind, disk, volume = what
    c = sel.class_name or ""
    if kind == "slice":
        return rules.change_slice_attributes(snap, c, disk or "", volume or "", {})
    if kind == "disk":
        return rules.change_disk_attributes(snap, c, disk or "", {})
    if kind == "volume":
        return rules.change_volume_attributes(snap, c, volume or "", {})
    return rules.change_class_attributes(snap, c, {})


@operation("change_attributes", QT_TRANSLATE_NOOP("Operation", "C&hange Attributes..."), _attributes_refusal,
           separator_before=True)
def change_attributes(ctx: WindowContext, sel: Selection) -> None:
    kind, disk, volume = _attributes_of(sel) or ("class", None, None)
    dialog = ChangeAttributesDialog(ctx.snapshot, kind, sel.class_name or "", disk, volume, ctx.parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    title = translate("Operation", "Change Attributes")

    def accepted() -> None:
        req = dialog.request()
        ctx.confirm_then_run(
            title,
            translate("Operation", "Change the attributes of {object}?").format(object=_object_text(kind, req))
            + "\n\n" + "\n".join(dialog.changes()),
            req,
            lambda _r: translate("Operation", "Changing the attributes of {object} is complete.").format(
                object=_object_text(kind, req)),
        )

    dialog.accepted.connect(accepted)
    dialog.open()


def _object_text(kind: str, req: ChangeAttributes) -> str:
    name = {"class": req.class_name, "disk": req.disk, "volume": req.volume,
            "slice": f"{req.disk}.{req.volume}"}[kind]
    return {
        "class": translate("Operation", "class {name}"), "disk": translate("Operation", "disk {name}"),
        "volume": translate("Operation", "volume {name}"), "slice": translate("Operation", "slice {name}"),
    }[kind].format(name=name)


@operation("check_status", QT_TRANSLATE_NOOP("Operation", "Chec&k Status"), _volume_rule(rules.check_status),
           separator_before=True)
def check_status(ctx: WindowContext, sel: Selection) -> None:
    title = translate("Operation", "Check Status")

    def report(result) -> None:
        if result.ok:
            text = translate("Operation", "Volume {volume}: the {count} valid slices ({slices}) are identical "
                             "({bytes} bytes compared).").format(volume=sel.volume, count=len(result.slices),
                                                                 slices=", ".join(result.slices),
                                                                 bytes=result.compared_bytes)
        else:
            ranges = "\n".join(translate("Operation", "  offset {offset}, {length} bytes").format(offset=o, length=n)
                               for o, n in result.differences[:20])
            text = translate("Operation", "Volume {volume}: the valid slices differ in {count} ranges:").format(
                volume=sel.volume, count=len(result.differences)) + "\n" + ranges
        ctx.tell(title, text)

    ctx.run(title, CheckStatus(sel.class_name, sel.volume), report)
