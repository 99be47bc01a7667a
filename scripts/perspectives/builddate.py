"""The date a build writes into the site, taken from the data rather than the clock.

Two builds of one commit, on different days and into different folders, must
give byte-identical sites. The only date a build writes (the sitemap's
lastmod, and the gzip header of sitemap.xml.gz) comes from the clock unless
SOURCE_DATE_EPOCH is set (https://reproducible-builds.org/specs/source-date-epoch/).
This module finds a value for it: the commit time of the last commit that
touched what the pages say — data/, docs/, mkdocs.yml — so the date also
tells a crawler when the content last changed. Code changes (scripts/,
overrides/) leave it alone on purpose: they change markup, not content.

Outside a git checkout (a tarball, an export) there is no such date and this
returns None: set SOURCE_DATE_EPOCH yourself for a reproducible build there.
A shallow clone answers from the history it has, so its date can be later.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

# What the site's content is made of, relative to the project root.
CONTENT = ("data", "docs", "mkdocs.yml")


def content_epoch(root: Path) -> int | None:
    """Seconds since the epoch of the last commit touching CONTENT under `root`, or None when unknown.

    None when git is missing, `root` is no checkout, or no commit touches
    CONTENT (a project copied into some unrelated repository).
    """
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct", "--no-show-signature", "--", *CONTENT],
                                cwd=root, capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    answer = result.stdout.strip()
    return int(answer) if answer.isdigit() else None
