"""A search by filters alone that fetches no index chunk.

Pagefind 1.5.2's pagefind.js asks its WebAssembly which index chunks a
search needs with the search's words; a search by filters alone (the search
page with a treatment or a stance chosen and no words) asks with no words,
and every chunk answers: 2.8 MB at 5,000 articles, for results that need
none of them (they come from the filters' own chunks). Pagefind's author
made an empty search term request no chunk (Pagefind pull request #1317,
merged after 1.5.2, which is the newest the registry serves). `mend`
makes the same change in the bundle a build writes, in both copies of the
search (pagefind.js, and pagefind-worker.js, where Pagefind searches when the
browser lets it): a search without words requests no index chunk; one with
words is unchanged.

The bundle is Pagefind's minified JavaScript, so the change replaces one
exact statement; if that statement is not there exactly once (another
Pagefind), FilterOnlyError says so in one line and the build stops, rather
than publish a search page that fetches the whole index. Drop this module
when requirements.lock pins a Pagefind with the fix.
"""

from __future__ import annotations

from pathlib import Path

# In PagefindInstance.search, after `let filter_only=term===null;term=term??"";`.
REQUEST = "let index_resp=this.backend.request_indexes(ptr,term);"
MENDED = 'let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);'
SCRIPTS = ("pagefind.js", "pagefind-worker.js")


class FilterOnlyError(Exception):
    """Why the bundle could not be mended, in one line."""


def mend(bundle: Path) -> None:
    """Make a search by filters alone in `bundle` (the index's folder) request no index chunk."""
    mended = {}
    for name in SCRIPTS:
        script = bundle / name
        try:
            text = script.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise FilterOnlyError(f"search index: cannot read {script} ({error})") from None
        if text.count(REQUEST) != 1 or "let filter_only=term===null;" not in text:
            raise FilterOnlyError(f"search index: {name} is not the Pagefind this site knows (it mends one "
                                  "statement of Pagefind 1.5.2) — is Pagefind the version requirements.lock "
                                  "pins? (perspectives/filteronly.py)")
        mended[script] = text.replace(REQUEST, MENDED)
    for script, text in mended.items():  # both or neither
        script.write_text(text, encoding="utf-8")
