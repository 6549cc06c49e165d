"""The reliable backup procedure of the GDS guide (7.7.1), step by step.

The nine steps are the single source for everything that shows the procedure: the training-lab
guide panel, ``gdsview lab check`` and the flow figure of the screenshot generator.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    title: str  # as the seed words it
    action: str  # what the operator does in gdsview, naming menu items by their text ("Menu → Item")
    figure_label: str  # short label for the flow figure


STEPS: tuple[Step, ...] = (
    Step(1, "register", "Register backup disk with class.",
         "Settings → Class Configuration: select the backup disk (sdc), Add: it is registered in Class1",
         "Register backup disk"),
    Step(2, "connect", "Connect backup disk to group.",
         "Settings → Group Configuration: select the backup disk, Connect: copying into Group1's volumes starts",
         "Connect to group"),
    Step(3, "stop_service", "After completing synchronization copying, stop service.",
         "wait until copying is complete (the new slices are ACTIVE), then Service → Stop Service", "Stop service"),
    Step(4, "detach", "Detach slice.",
         "select the backup disk's slice in Slice Information, then Operation → Detach Slice", "Detach slice"),
    Step(5, "resume_service", "Resume service.",
         "Service → Start Service", "Resume service"),
    Step(6, "backup", "Perform backup using access path for backup.",
         "select the detached slice, then Operation → Back up from Access Path", "Back up from access path"),
    Step(7, "attach", "Attach slice.",
         "select the detached slice, then Operation → Attach Slice: copying brings it up to date", "Attach slice"),
    Step(8, "disconnect", "Disconnect backup disk from group.",
         "Settings → Group Configuration: select the backup disk, Disconnect", "Disconnect from group"),
    Step(9, "remove", "Remove backup disk from class.",
         "Settings → Class Configuration: select the backup disk, Remove", "Remove backup disk"),
)

#: The hint while no service runs before step 3: the procedure backs up a volume in service (the
#: demo starts with the service writing to Volume1, as a production volume would have).
START_SERVICE_FIRST = "first Service → Start Service: the procedure backs up a volume in use by its service"

#: The seed's note: "Completing procedures 1. and 2. in advance will save the waiting time".
PREPARATION = ("register", "connect")

#: What must be done before each step for it to be in order. The service may be resumed before
#: or after the backup is taken: the seed's order puts it first, but either way is safe.
REQUIRES: dict[str, tuple[str, ...]] = {
    "register": (),
    "connect": ("register",),
    "stop_service": ("connect",),
    "detach": ("connect", "stop_service"),
    "resume_service": ("detach",),
    "backup": ("detach",),
    "attach": ("backup",),
    "disconnect": ("attach",),
    "remove": ("disconnect",),
}


#: The cluster lesson "switching nodes during a backup" (``gdsview lab init --cluster``): the
#: detached slice becomes TEMP-STOP when the class's service switches nodes, and Activate Slice on
#: the new node makes it accessible there (the GDS guide, 7.7.1, Stop/Activate Slice).
SWITCH_STEPS: tuple[Step, ...] = (
    Step(1, "detach", "Detach slice.",
         "on node1, where Class1 runs: select the slice to back up, Operation > Detach Slice", "Detach slice"),
    Step(2, "switch", "Switch the nodes.",
         "gdsview cluster switch -c Class1 --to node2: the service and the volumes move, the slice is TEMP-STOP",
         "Switch to node2"),
    Step(3, "activate", "Activate slice.",
         "on node2: select the TEMP-STOP slice, Operation > Stop/Activate Slice", "Activate slice"),
    Step(4, "backup", "Perform backup using access path for backup.",
         "on node2: Operation > Back up from Access Path (gdsview --node node2 backup ...)", "Back up on node2"),
    Step(5, "attach", "Attach slice.",
         "on node2: Operation > Attach Slice; copying brings the slice up to date", "Attach slice"),
)

SWITCH_REQUIRES: dict[str, tuple[str, ...]] = {
    "detach": (),
    "switch": ("detach",),
    "activate": ("switch",),
    "backup": ("activate",),
    "attach": ("backup",),
}
