"""Build into a fresh folder; replace the published one only when all succeeded.

MkDocs empties its output folder before it writes, so a build that fails
part-way (a strict-mode warning, data the check let through, a killed
process) would leave a broken or empty site where the last good one was.
Instead the build writes to a staging folder beside the published one, and
`publish` swaps the two in one step. At every moment the published folder
holds either the last good site or the new one, never a mix.

Engine-free: it knows folders, not MkDocs.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

_STAGING = ".staging-"


def stage(target: Path) -> Path:
    """A new, empty staging folder beside `target`; leftovers of killed builds are removed first."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f".{target.name}{_STAGING}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = target.parent / f".{target.name}{_STAGING}{os.getpid()}"
    staging.mkdir()
    return staging


def publish(staging: Path, target: Path) -> None:
    """Make `staging` the published `target`, atomically where the system allows it."""
    target = target.resolve()
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} is not a folder")
    if not target.exists():
        os.rename(staging, target)
    elif not _exchange(staging, target):
        # No atomic exchange here: the published folder is missing only for
        # the instant between two renames.
        previous = target.parent / f".{target.name}{_STAGING}previous-{os.getpid()}"
        os.rename(target, previous)
        os.rename(staging, target)
        staging = previous
    shutil.rmtree(staging, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


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
