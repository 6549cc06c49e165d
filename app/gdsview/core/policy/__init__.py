"""What GDS allows (rules) and the operations that apply it (the volume manager)."""
