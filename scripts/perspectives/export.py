"""A copy of the site's sources that any MkDocs 1.x-compatible engine builds without our hook.

The render stage is a pure function (data in, pages out); only the hook
(scripts/hooks.py) ties it to MkDocs. To keep the site buildable when MkDocs
1.x and Material are no longer maintained (Material's end of life:
2027-05-05), `perspectives export DIR` writes:

  DIR/docs/        docs/ with the generated fragments filled in, plus every
                   generated page, download and redirect page, as files;
  DIR/overrides/   the theme overrides (CSP, sharing, per-page scripts, 404);
  DIR/mkdocs.yml   the project's configuration without `hooks:` and `watch:`;
  DIR/pagefind.yml the search index's settings: after the build, `python -m
                   pagefind` in DIR writes the index the search box reads.

`cd DIR && mkdocs build` (or `properdocs build`: tests/test_export.py builds
it with ProperDocs) then gives the same site, except what only the hook
does: the staging folder that keeps the last good site, the build date from
git, robots.txt (it needs the public address; write one by hand), the search
index (run Pagefind after the build, as above) and keeping Material's search
plugin from indexing every page (its page script then downloads that unused
index whole with each page).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from perspectives.pipeline import build_site
from perspectives.search import BUNDLE, PARTS_FILE, pagefind_yml

MARKER = "<!-- generated:"  # as in scripts/hooks.py: a whole line `<!-- generated: NAME -->`
# Top-level keys of mkdocs.yml that only make sense with our hook.
HOOK_ONLY = ("hooks", "watch")


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's values while ignoring its !ENV and !!python/name tags."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _without_hook(config_text: str) -> str:
    """mkdocs.yml minus its top-level `hooks:` and `watch:` blocks, everything else as written."""
    lines = config_text.splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        top = re.match(r"^([A-Za-z_]+):", line)
        if top:
            skipping = top.group(1) in HOOK_ONLY
        elif line.strip() and not line.startswith((" ", "\t", "-", "#")):
            skipping = False
        if not skipping:
            kept.append(line)
    return "".join(kept)


def _fill_fragments(markdown: str, fragments: dict[str, str], where: str) -> str:
    lines = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith(MARKER) and stripped.endswith("-->"):
            name = stripped.removeprefix(MARKER).removesuffix("-->").strip()
            if name not in fragments:
                raise ValueError(f"{where}: no generated fragment {name!r}")
            line = fragments[name]
        lines.append(line)
    return "\n".join(lines) + "\n"


def export_site(root: Path, target: Path) -> int:
    """Write the hook-free sources of the project at `root` into `target` (which must not exist); return the file count."""
    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(config_text, Loader=_AnyTagLoader)  # noqa: S506 - a SafeLoader subclass
    policy = "; ".join(config.get("extra", {}).get("content_security_policy", []))
    site = build_site(root / "data", policy)
    docs = target / config.get("docs_dir", "docs")
    shutil.copytree(root / config.get("docs_dir", "docs"), docs)
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if MARKER in text:
            page.write_text(_fill_fragments(text, site.fragments, page.relative_to(target).as_posix()), encoding="utf-8")
    for page in site.pages:
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.content, encoding="utf-8")
    # Answers instant navigation's request for a sitemap beside each article's JSON (see scripts/hooks.py).
    (docs / "articles/sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
                                               'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n',
                                               encoding="utf-8")
    # The export's index is one run of Pagefind (pagefind.yml), which writes beside this list of the indexes
    # merged with it, none (perspectives.search.PARTS_FILE): the search box reads it before it searches.
    (docs / BUNDLE).mkdir(exist_ok=True)
    (docs / BUNDLE / PARTS_FILE).write_text("[]", encoding="utf-8")
    custom_dir = config.get("theme", {}).get("custom_dir")
    if custom_dir:
        shutil.copytree(root / custom_dir, target / custom_dir)
    (target / "mkdocs.yml").write_text(
        "# Exported by `perspectives export`: every generated page is a file under docs/, so no hook is needed.\n"
        + _without_hook(config_text), encoding="utf-8")
    (target / "pagefind.yml").write_text(pagefind_yml(config.get("site_dir", "site")), encoding="utf-8")
    return sum(1 for path in target.rglob("*") if path.is_file())
