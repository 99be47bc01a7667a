"""Muscle Spasm Perspectives: the data pipeline behind the site.

Data flows one way, one module per stage:

    yamlfile  -> parse YAML, keeping line numbers, refusing what YAML should not do here
    load      -> read data/ into typed records (model), reporting shape errors
    check     -> prove the records right: vocabulary ids, claims, quotations, URLs
    render    -> records in, pages (path, content) out; knows nothing of MkDocs
    hooks.py  -> (in scripts/) the thin MkDocs hook that feeds rendered pages to the build

`build_site(data_dir)` runs load, check and render into pages held in memory (the
export, tests); `spool_site`, what the hook calls, writes each page into a folder
as it is rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from perspectives.pipeline import build_site, load_checked, spool_site

__all__ = ["build_site", "load_checked", "spool_site"]


def __getattr__(name: str) -> Any:
    # Imported on first use: `perspectives check` needs neither the render stage nor Jinja,
    # and importing them would be a tenth of a second of every check.
    if name in __all__:
        from perspectives import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'perspectives' has no attribute {name!r}")
