"""The device server: a workspace's volumes and detached slices as files that system programs use.

``gdsview devices up`` mounts a FUSE tree at ``/dev/sfdsk`` (as root; under the workspace
otherwise) with one file per started volume and per detached slice's access path, served by the
backend's ``Device`` (:mod:`gdsview.core.engine.volume_io`): ``mkfs``, ``mount`` (through a loop
device), ``fsck``, ``dd`` and ``fio`` work on them unchanged. Core never imports this package.
"""
