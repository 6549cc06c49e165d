"""The GDS Management View window (PySide6). Talks to the volume manager through ui.backend only."""
