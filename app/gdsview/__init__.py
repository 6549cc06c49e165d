"""gdsview: a PySide6 replica of PRIMECLUSTER GDS Management View on file-backed disk images."""

__version__ = "0.1.0"
