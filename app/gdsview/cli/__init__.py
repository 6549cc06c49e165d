"""The command line: the GDS ``sdx*`` commands and ``gdsview`` (disks, lab, verify, dd, GUI).

Every command parses its options, calls :class:`gdsview.core.policy.manager.VolumeManager` (the same
methods the GUI calls) and prints; refusals come from :mod:`gdsview.core.policy.rules` and are printed as
``SDX:<command>: ERROR: ...`` with a non-zero exit status.
"""
