"""The icons a vocabulary entry may name, as `material-check-circle` shortcodes.

Pages show icons through pymdownx.emoji with Material's icon set, which turns
an unknown shortcode into plain text (":material-hand-hart:") without a
warning, even in a strict build. So the checker asks here whether the icon
exists: the SVG files Material ships, `.icons/<set>/<name>.svg`, are the set.
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib.util import find_spec
from pathlib import Path


@cache
def _names() -> frozenset[str]:
    spec = find_spec("material")
    if spec is None or spec.origin is None:  # pragma: no cover - Material is a pinned requirement
        return frozenset()
    root = Path(spec.origin).parent / "templates" / ".icons"
    return frozenset("-".join(svg.relative_to(root).with_suffix("").parts) for svg in root.rglob("*.svg"))


def exists(name: str) -> bool:
    # A few file lookups (`material-check` is material/check.svg, `fontawesome-solid-x` is
    # fontawesome/solid/x.svg), not a listing of Material's ~15,000 icons, which took seconds on every
    # check; the full list is read only to suggest a name for one that does not exist.
    spec = find_spec("material")
    if spec is None or spec.origin is None or "/" in name or "\\" in name or name.startswith("."):
        return False
    root, parts = Path(spec.origin).parent / "templates" / ".icons", name.split("-")
    return any((root.joinpath(*parts[:depth]) / f"{'-'.join(parts[depth:])}.svg").is_file()
               for depth in (1, 2) if len(parts) > depth)


def closest(name: str) -> str | None:
    """The known icon most like `name`, within the same set (`material-`, `octicons-`, …)."""
    prefix = name.split("-", 1)[0] + "-"
    same_set = [known for known in _names() if known.startswith(prefix)]
    close = difflib.get_close_matches(name, same_set, n=1, cutoff=0.8)
    return close[0] if close else None
