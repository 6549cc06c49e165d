"""What a proof of a backup found: one line per check, and the verdict of them all."""

from __future__ import annotations

import enum
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

GUIDE_NOTE = ("the service was running at the detach; the GDS guide, section 7.7.1, says to stop services "
              "before Detach Slice")
HOT_LESSON = ("A slice detached while its service ran holds what a power cut would have left: the data is only "
              "crash consistent, and it is usable only after the file system's journal and the database's log "
              "have been replayed (when they can be). A backup taken after Stop Service needs neither.")


class Verdict(enum.IntEnum):
    """Ordered from best to worst: a report's verdict is its worst check's."""

    CLEAN = 0  # consistent as it is, without any recovery
    RECOVERED = 1  # consistent only after journal recovery or WAL replay
    DAMAGED = 2  # checksum mismatch, fsck errors, invariant or amcheck failure, a server that would not start


@dataclass
class Check:
    name: str  # e.g. "file system", "postgresql"
    checked: str  # what was checked, in plain words
    found: str = ""
    verdict: Verdict = Verdict.CLEAN
    seconds: float = 0.0

    def line(self) -> str:
        return f"[{self.verdict.name}] {self.name}: {self.checked}: {self.found} ({self.seconds:.1f} s)"


@dataclass
class ProofReport:
    checks: list[Check] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict:
        return max((c.verdict for c in self.checks), default=Verdict.CLEAN)

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    @contextmanager
    def timed(self, name: str, checked: str) -> Iterator[Check]:
        """Add a check and time it; an exception in its body marks it DAMAGED with the reason."""
        c = Check(name, checked)
        self.checks.append(c)
        t0 = time.monotonic()
        try:
            yield c
        except ProofError as e:
            c.verdict, c.found = Verdict.DAMAGED, str(e)
        finally:
            c.seconds = time.monotonic() - t0

    def verdict_text(self) -> str:
        v = self.verdict
        if v is Verdict.CLEAN:
            return "CLEAN: consistent as it is, without any recovery"
        if v is Verdict.RECOVERED:
            return "RECOVERED: consistent only after recovery; " + GUIDE_NOTE
        return "DAMAGED: this backup cannot be trusted"

    def lesson(self) -> str:
        """Why a hot backup is flagged (the guide's note), or nothing."""
        return HOT_LESSON if self.verdict is Verdict.RECOVERED else ""

    def lines(self) -> list[str]:
        out = [c.line() for c in self.checks]
        out.append("Verdict: " + self.verdict_text())
        if self.lesson():
            out.append(self.lesson())
        return out

    def text(self) -> str:
        return "\n".join(self.lines())


class ProofError(Exception):
    """A check cannot go on: what it found makes the backup DAMAGED."""
