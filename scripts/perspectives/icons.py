"""The icons a vocabulary entry may name (`material-check-circle`), and their SVG.

The icon set is the SVG files Material ships, `.icons/<set>/<name>.svg`: the
checker asks here whether an icon exists (with a suggestion when it does not),
and generated pages set its SVG inline, as Material's emoji extension would.
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


def _file(name: str) -> Path | None:
    # A few file lookups (`material-check` is material/check.svg, `fontawesome-solid-x` is
    # fontawesome/solid/x.svg), not a listing of Material's ~15,000 icons, which took seconds on every
    # check; the full list is read only to suggest a name for one that does not exist.
    spec = find_spec("material")
    if spec is None or spec.origin is None or "/" in name or "\\" in name or name.startswith("."):
        return None
    root, parts = Path(spec.origin).parent / "templates" / ".icons", name.split("-")
    for depth in (1, 2):
        path = root.joinpath(*parts[:depth]) / f"{'-'.join(parts[depth:])}.svg"
        if len(parts) > depth and path.is_file():
            return path
    return None


def exists(name: str) -> bool:
    return _file(name) is not None


def closest(name: str) -> str | None:
    """The known icon most like `name`, within the same set (`material-`, `octicons-`, …)."""
    prefix = name.split("-", 1)[0] + "-"
    same_set = [known for known in _names() if known.startswith(prefix)]
    close = difflib.get_close_matches(name, same_set, n=1, cutoff=0.8)
    return close[0] if close else None


@cache
def svg(name: str) -> str:
    """The SVG of a known icon, on one line (a blank line would end a Markdown HTML block)."""
    path = _file(name)
    if path is None:
        raise ValueError(f"no icon {name!r} in Material's set")
    return " ".join(path.read_text(encoding="utf-8").split())
