"""Which generated files a served site's next build must write again: those whose content changed.

`mkdocs serve` builds the whole site again after every save: at 1,000
articles, putting a thousand article pages that did not change through the
theme once more is most of the wait for the one that did. This module keeps,
from one build to the next, a digest of each generated file and the
fingerprint of everything else every page is made with (the caller's: the
configuration, the hand-written pages and assets, the theme's overrides, the
titles the navigation shows), and tells the next build:

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
from typing import Iterable, Mapping, Protocol


class Content(Protocol):
    """What holds a generated file's content and reads it back: a Path, or a spooled page (spool.SpooledPage,
    in a file of its own or among its part's pages)."""

    def read_bytes(self) -> bytes: ...


def fingerprint(paths: Iterable[Path]) -> tuple[tuple[str, bytes], ...]:
    """Every file under `paths` (files or folders) and a digest of its bytes: a file added, removed, renamed
    or edited changes it, however quickly after the last look (a time of last change may not)."""
    found: list[tuple[str, bytes]] = []
    for path in paths:
        if path.is_file():
            found.append((str(path), digest(path)))
            continue
        for folder, folders, files in os.walk(path, followlinks=True):
            folders.sort()
            for name in sorted(files):
                file = Path(folder, name)
                try:
                    found.append((str(file), digest(file)))
                except OSError:  # gone while listed, or a broken link: its absence is what is kept
                    found.append((str(file), b""))
    return tuple(found)


def digest(file: Content) -> bytes:
    """A digest of the file's bytes, small and quick: a change of content, not a hostile collision, is what
    it tells (the files are the build's own, or an editor's)."""
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

    def plan(self, inputs: tuple[object, ...], files: Mapping[str, Content]) -> Plan:
        """The plan of a build whose fingerprint is `inputs` and whose generated files are `files` (each
        path in the site to what holds its content)."""
        digests = {path: digest(file) for path, file in files.items()}
        gone = frozenset(self._digests.keys() - digests.keys())
        if inputs != self._inputs:
            return Plan(True, frozenset(digests), gone, inputs, digests)
        changed = frozenset(path for path, value in digests.items() if self._digests.get(path) != value)
        return Plan(False, changed, gone, inputs, digests)

    def done(self, plan: Plan) -> None:
        """The build of `plan` succeeded: the next is compared with it."""
        self._inputs, self._digests = plan.inputs, dict(plan.digests)

    def forget(self) -> None:
        """A build failed, perhaps after writing some files: the next writes everything."""
        self._inputs, self._digests = None, {}
