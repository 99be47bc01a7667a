"""Which generated files a served site's next build must write again: those whose content changed.

`mkdocs serve` builds the whole site again after every save: at 1,000
articles, putting a thousand article pages that did not change through the
theme once more is most of the wait for the one that did. This module keeps,
from one build to the next, a digest of each generated file and a fingerprint
of everything else every page is made with (the configuration, the
hand-written pages and assets, the theme's overrides, the titles the
navigation shows), and tells the next build:

- everything, when the fingerprint changed (or no build came before): any
  page may look different;
- otherwise, the generated files whose content changed or that are new, and
  those that are gone.

It knows folders and files, not the engine: scripts/hooks.py turns the plan
into MkDocs' `--dirty` builds. A plan is kept only once its build succeeded;
after a failure the next build writes everything (`forget`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

# What a fingerprint holds per file: its path, the time it was last written, its size.
Stamp = tuple[str, int, int]


def fingerprint(paths: Iterable[Path], extra: Iterable[str] = ()) -> tuple[object, ...]:
    """Every file under `paths` (files or folders) with when it was last written and its size, and `extra`
    (text that pages show and no file of `paths` holds, such as generated pages' titles in the navigation).
    A folder's listing counts: a file added, removed or renamed changes it."""
    stamps: list[Stamp] = []
    for path in paths:
        if path.is_file():
            status = path.stat()
            stamps.append((str(path), status.st_mtime_ns, status.st_size))
            continue
        for folder, folders, files in os.walk(path, followlinks=True):
            folders.sort()
            for name in sorted(files):
                file = os.path.join(folder, name)
                try:
                    status = os.stat(file)
                except OSError:  # gone while listed, or a broken link: its absence is the stamp
                    stamps.append((file, -1, -1))
                    continue
                stamps.append((file, status.st_mtime_ns, status.st_size))
    return (tuple(stamps), tuple(extra))


def digest(file: Path) -> bytes:
    """A digest of the file's bytes, small and quick: a change of content, not a hostile collision, is what
    it tells (the files are the build's own)."""
    return hashlib.blake2b(file.read_bytes(), digest_size=16).digest()


@dataclass(frozen=True)
class Plan:
    """What one build writes: `everything`, or only the `changed` paths (new ones included); the `gone`
    paths' files are to be removed."""

    everything: bool
    changed: frozenset[str]
    gone: frozenset[str]
    inputs: tuple[object, ...] = field(repr=False)
    digests: Mapping[str, bytes] = field(repr=False)

    def writes(self, path: str) -> bool:
        return self.everything or path in self.changed


class Rebuilds:
    """The last successful build's fingerprint and digests, and the plan of the next build."""

    def __init__(self) -> None:
        self._inputs: tuple[object, ...] | None = None
        self._digests: dict[str, bytes] = {}

    def plan(self, inputs: tuple[object, ...], files: Mapping[str, Path]) -> Plan:
        """The plan of a build whose fingerprint is `inputs` and whose generated files are `files` (each
        path in the site to the file holding its content)."""
        digests = {path: digest(file) for path, file in files.items()}
        if inputs != self._inputs:
            return Plan(True, frozenset(digests), frozenset(self._digests.keys() - digests.keys()), inputs, digests)
        changed = frozenset(path for path, value in digests.items() if self._digests.get(path) != value)
        return Plan(False, changed, frozenset(self._digests.keys() - digests.keys()), inputs, digests)

    def done(self, plan: Plan) -> None:
        """The build of `plan` succeeded: the next is compared with it."""
        self._inputs, self._digests = plan.inputs, dict(plan.digests)

    def forget(self) -> None:
        """A build failed, perhaps after writing some files: the next writes everything."""
        self._inputs, self._digests = None, {}
