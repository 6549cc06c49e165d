"""What moves data and changes slice state: the state machine, mirrored I/O, healing, resync, verify."""
