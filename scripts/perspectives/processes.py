"""What the stages that spread their work over the machine's cores share: how many cores there are, and
how the other processes answer Ctrl-C (perspectives.parallelcheck checks, perspectives.spool renders)."""

from __future__ import annotations

import os
import signal


def cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def ignore_interrupts() -> None:
    """For a process of a pool, as it starts. Ctrl-C reaches every process of the terminal's group: the
    first process alone answers it (the command line prints one line), once the others have finished
    what they were doing, a second or two; otherwise each would print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
