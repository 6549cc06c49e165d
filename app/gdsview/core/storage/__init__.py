"""What the volume manager keeps: the configuration database, images, maps, locks, the fault plan."""
