"""The volume manager: GDS's objects, statuses and operations on file-backed disk images. No Qt.

Three layers, each importing only those below it (``lint-imports`` checks it):

* :mod:`.policy` — what each operation allows (:mod:`.policy.rules`) and the operations
  themselves (:class:`.policy.manager.VolumeManager`), each checked and atomic;
* :mod:`.engine` — what moves data and changes a slice's state: the slice state machine
  (:mod:`.engine.slice_state`), mirrored I/O (:mod:`.engine.volume_io`), healing after a crash,
  the copy engine (:mod:`.engine.resync`), verification, where copies run;
* :mod:`.storage` — what is kept: the configuration database, the workspace's folders, disk
  images, JRM maps, lock files, the fault plan, snapshots of the configuration;

and under them the vocabulary every layer speaks: :mod:`.errors`, :mod:`.names`,
:mod:`.model` (frozen views of the configuration) and :mod:`.events` (every event kind).
"""
