"""Build into a fresh folder; replace the published one only when all succeeded, one build at a time.

MkDocs empties its output folder before it writes, so a build that fails
part-way (a strict-mode warning, data the check let through, a killed
process, a full disk) would leave a broken or empty site where the last good
one was. Instead the build writes to a staging folder beside the published
one, and `publish` swaps the two in one step. At every moment the published
folder holds either the last good site or the new one, never a mix.

Two builds into one folder at once (a second terminal, a CI retry) would
each clear away the other's staging folder: a build holds a lock on the
published folder from `stage` until `publish` or `discard`, and a second one
is refused at once, naming the first. The lock is an advisory lock on a file
beside the folder, which the system releases when its holder dies, so a
killed build never blocks the next.

Engine-free: it knows folders, not MkDocs. Every failure is a SiteError with
one line naming the folder and the cause.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
from pathlib import Path

_STAGING = ".staging-"


class SiteError(Exception):
    """Why the site could not be staged or published, in one line."""


_locks: dict[Path, int] = {}  # published folder -> descriptor of its held lock file


def _lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


def _cause(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "it cannot be written (read-only, or no permission)"
    return error.strerror or str(error)


def _lock(target: Path) -> None:
    """Take the published folder's lock, or refuse: another build holds it."""
    path = _lock_path(target)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as error:
        raise SiteError(f"{target.parent}: cannot hold the build's lock there: {_cause(error)}") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(descriptor, 32).decode("ascii", "replace").strip() or "unknown"
        os.close(descriptor)
        raise SiteError(f"another build is writing {target} (pid {holder}); wait for it to finish, "
                        "or build into another folder (mkdocs build -d DIR)") from None
    _locks[target] = descriptor
    try:  # who holds it, for the message a second build prints
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
    except OSError as error:
        _unlock(target)
        raise SiteError(f"{_lock_path(target)}: cannot write the build's lock: {_cause(error)}") from None


def _unlock(target: Path) -> None:
    descriptor = _locks.pop(target, None)
    if descriptor is not None:
        os.close(descriptor)  # closing releases the lock; the file stays, for the next build


def stage(target: Path) -> Path:
    """A new, empty staging folder beside `target`, with `target` locked against other builds; leftovers
    of killed builds are removed first (no live build has one: it would hold the lock)."""
    target = target.resolve()
    if target.exists() and not target.is_dir():
        raise SiteError(f"{target} is a file, not a folder: remove it, or build into another folder "
                        "(mkdocs build -d DIR)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SiteError(f"{target.parent}: cannot make the folder: {_cause(error)}") from None
    _lock(target)
    try:
        previous = sorted(target.parent.glob(f".{target.name}{_STAGING}previous-*"))
        if previous and not target.exists():
            # A build killed between the two renames of a publish without an atomic exchange: the last good
            # site is the one it was moving aside. Put it back before anything else.
            os.rename(previous[-1], target)
        for leftover in target.parent.glob(f".{target.name}{_STAGING}*"):
            shutil.rmtree(leftover, ignore_errors=True)
        staging = target.parent / f".{target.name}{_STAGING}{os.getpid()}"
        staging.mkdir()
    except OSError as error:
        _unlock(target)
        raise SiteError(f"{target.parent}: cannot make the staging folder there: {_cause(error)}") from None
    return staging


def scratch(staging: Path) -> Path:
    """A new, empty folder beside a staging folder, for what the build writes on its way (rendered pages): on
    the site's disk rather than in a /tmp that may be held in memory, and, should the build be killed, swept
    by the next `stage` as its staging folder is (its name starts the same). The caller removes it."""
    folder = staging.with_name(f"{staging.name}-scratch")  # new: `stage` swept every older one
    try:
        folder.mkdir()
    except OSError as error:
        raise SiteError(f"{staging.parent}: cannot make the build's scratch folder there: {_cause(error)}") from None
    return folder


def publish(staging: Path, target: Path) -> None:
    """Make `staging` the published `target`, atomically where the system allows it; then release the lock."""
    target = target.resolve()
    try:
        if target.exists() and not target.is_dir():
            shutil.rmtree(staging, ignore_errors=True)
            raise SiteError(f"{target} is a file, not a folder: the new site stays unpublished")
        replace(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SiteError(f"{target}: the new site could not be published: {_cause(error)}; the last good site "
                        "is as it was") from None
    finally:
        _unlock(target)


def replace(new: Path, target: Path) -> None:
    """Put folder `new` in the place of folder `target`, in one step where the system allows it, and remove
    what was there; OSError if it cannot."""
    if not target.exists():
        os.rename(new, target)
        return
    if not _exchange(new, target):
        # No atomic exchange here: `target` is missing only for the instant between two renames.
        previous = target.parent / f".{target.name}{_STAGING}previous-{os.getpid()}"
        os.rename(target, previous)
        os.rename(new, target)
        new = previous
    shutil.rmtree(new, ignore_errors=True)


def discard(staging: Path, target: Path | None = None) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    if target is not None:
        _unlock(target.resolve())


def describe(error: OSError, served: bool = False) -> str:
    """An error of the machine (a full disk, a read-only folder) as one line naming the path and the cause;
    `served`: of a build that writes the site it serves in place (`mkdocs serve`), not a staged one."""
    where = error.filename if error.filename else "the site"
    if served:
        return f"{where}: {_cause(error)}; the site served may lack pages until a build succeeds"
    return f"{where}: {_cause(error)}; nothing was published, the last good site is as it was"


_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0
