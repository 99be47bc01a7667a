"""What the stages that spread their work over the machine's cores share: how many cores there are, and
how the other processes answer Ctrl-C (perspectives.parallelcheck checks, perspectives.spool renders)."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator


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


@contextlib.contextmanager
def interrupted_once() -> Iterator[None]:
    """For the process that waits on a pool: inside, the first Ctrl-C raises KeyboardInterrupt as usual and
    any further one is ignored until the block ends. The block holds the wait for the other processes to
    finish what they are writing, and whatever clean-up follows it (the hook removes the rendered pages): a
    second press would otherwise land wherever Python happens to be while it answers the first (a weak
    reference's callback, the removal) and print a second traceback, or stop the clean-up half-way.

    A press is never lost: should its KeyboardInterrupt be swallowed on the way (a weak reference's
    callback, a wait that goes on waiting), the block raises one as it ends. Outside the main thread
    (MkDocs' serve rebuilds there), or under a handler of someone else's, nothing changes."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    pressed = False

    def ignore(signum: int, frame: object) -> None:
        # A handler of Python's rather than SIG_IGN, which a program started from here would inherit.
        pass

    def interrupt(signum: int, frame: object) -> None:
        nonlocal pressed
        pressed = True
        signal.signal(signal.SIGINT, ignore)
        raise KeyboardInterrupt

    try:  # set inside the try: a press the moment it is set still reaches the finally
        signal.signal(signal.SIGINT, interrupt)
        yield
    finally:
        if signal.getsignal(signal.SIGINT) in (interrupt, ignore):  # not one set inside the block
            signal.signal(signal.SIGINT, signal.default_int_handler)
    if pressed:  # the block ended as if nothing had been pressed: the press was swallowed on the way
        raise KeyboardInterrupt
