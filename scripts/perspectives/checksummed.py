"""Committed files of lines that only a command writes (data/published-urls.txt, data/published-stances.txt):
each closed by a checksum line, so that a line edited or deleted by hand shows, and read so that whatever is
in the file (a folder, bytes that are no text, a merge's conflict markers) is one reason, never a traceback."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from perspectives.errors import DataError, conflict_line

_CHECKSUM = "# checksum: "


@dataclass(frozen=True)
class Lines:
    """A committed file, read: its lines (comments left out) with their numbers, and whether its checksum
    holds; or why it could not be read at all."""

    lines: tuple[tuple[int, str], ...]
    checksum_ok: bool
    problem: str | None = None  # why it could not be read at all
    conflicted: bool = False  # a merge left its two sides in it


def checksum(lines: Sequence[str]) -> str:
    """The checksum line's value for these lines."""
    return hashlib.sha256("".join(f"{line}\n" for line in lines).encode("utf-8")).hexdigest()


def text(header: str, lines: Sequence[str]) -> str:
    """The file of `lines` under `header` (comment lines), closed by their checksum line."""
    return header + "".join(f"{line}\n" for line in lines) + f"{_CHECKSUM}{checksum(lines)}\n"


def read(path: Path) -> Lines | None:
    """The file at `path`, read; None when there is none."""
    if not path.exists() and not path.is_symlink():
        return None
    try:
        if path.is_symlink() or not path.is_file():
            return Lines((), False, "is not a regular file")
        content = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return Lines((), False, "is not UTF-8 text")
    except OSError as error:
        return Lines((), False, f"cannot be read ({error.strerror or error})")
    if conflict_line(content) is not None:
        return Lines((), False, "holds a merge's conflict markers: two branches each changed it", conflicted=True)
    lines, found = [], None
    for number, line in enumerate(content.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(_CHECKSUM.strip()):
            found = stripped.removeprefix(_CHECKSUM.strip()).strip()
        elif stripped and not stripped.startswith("#"):
            lines.append((number, stripped))
    return Lines(tuple(lines), found == checksum([line for _, line in lines]))


def tracked_but_missing(folder: Path, name: str) -> bool:
    """Whether git's last commit holds the file `name` in `folder` while the folder does not: deleted by hand."""
    try:
        result = subprocess.run(["git", "cat-file", "-e", f"HEAD:./{name}"], cwd=folder, capture_output=True,
                                timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def missing(folder: Path, name: str, unchecked: str) -> list[DataError]:
    """The error for the file `name` deleted from a checkout (git's last commit has it), saying what would go
    `unchecked` without it; none if it was never committed."""
    shown = f"{folder.name}/{name}"  # as the editor knows it, like every data error
    if not tracked_but_missing(folder, name):
        return []
    return [DataError(shown, 0, "", f"is missing, but the last commit has it: {unchecked}",
                      f"restore it: git checkout -- {shown}")]


def unreadable(shown: str, problem: str, conflicted: bool, restore: str) -> DataError:
    """The error for a file that cannot be read (`problem`), with the way back: `restore`, or mid-merge, where
    `git checkout --` refuses the file ("is unmerged"), either side, which `make urls` then writes anew."""
    hint = (f"take either side (git checkout --theirs {shown}), then run `make urls` and commit what it writes"
            if conflicted else restore)
    return DataError(shown, 0, "", problem, hint)
