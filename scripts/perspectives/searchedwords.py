"""The words of a built page that a search finds, read from its HTML as Pagefind 1.5 reads them.

A site indexed in parts (perspectives.search) gives every part a page of all
the words of the site, and those must be the words Pagefind itself reads, no
more and no fewer: a word a part's index lacks is answered with a shorter
word it has, and a word no page has must stay one no part has. Reading them
with Pagefind would cost what indexing costs, and an HTML parser in Python
about as much, so they are read with a few regular expressions over the
page's bytes, as Pagefind reads a page (measured on its 1.5.2 binary;
tests/test_search_index.py holds the cases):

- only the content element is read (perspectives.search.CONTENT), and none
  of what it leaves out: an element marked `data-pagefind-ignore`, with all
  it holds; one a left-out selector matches (perspectives.search.LEFT_OUT:
  a tag, `[attribute]`, `tag[attribute]` or `.class`); the elements Pagefind
  never reads (SKIPPED);
- Pagefind parts words where some block elements end (PARTING) and at `<br>`,
  and reads across every other tag: "foo<em>bar</em>" and "<th>a</th><th>b</th>"
  are one word each ("foobar", "ab");
- a character reference stays as the page writes it (`&amp;`), for whoever
  writes the words into a page of their own, which Pagefind reads alike.

Engine-free: it knows HTML, not MkDocs.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

# Elements Pagefind never indexes, whatever the selectors say.
SKIPPED = ("script", "style", "svg", "label", "form", "nav", "footer", "noscript", "template", "iframe")
# Elements at whose ends Pagefind parts words (it adds ". " after each), and the one it reads as a space.
PARTING = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section", "br")

_NAME = rb"[A-Za-z][A-Za-z0-9-]*"
_SELECTOR = re.compile(r"(?P<tag>[a-z][a-z0-9-]*)?(?:\[(?P<attribute>[a-z][a-z0-9-]*)\]|\.(?P<class>[A-Za-z_-][\w-]*))?")


def _starts(selectors: Iterable[str]) -> bytes:
    """A lookahead's pattern for the start tag of an element any of `selectors` matches (after its "<"): the
    selectors grouped by form, so that each tag is tried against a few patterns, not one per selector."""
    tags: list[bytes] = []
    by_tag: dict[bytes, tuple[list[bytes], list[bytes]]] = {}  # tag (or any) -> attributes, classes
    for selector in selectors:
        found = _SELECTOR.fullmatch(selector)
        if not selector or found is None:
            raise ValueError(f"searchedwords reads no selector of the form {selector!r} (a tag, [attribute], "
                             "tag[attribute] or .class)")
        tag = re.escape(found["tag"]).encode() if found["tag"] else _NAME
        if not (found["attribute"] or found["class"]):
            tags.append(tag)
            continue
        attributes, classes = by_tag.setdefault(tag, ([], []))
        (attributes if found["attribute"] else classes).append(re.escape(found["attribute"] or found["class"]).encode())
    patterns = [rb"(?:%s)(?=[\s/>])" % b"|".join(tags)] if tags else []
    for tag, (attributes, classes) in by_tag.items():
        wanted = []
        if attributes:
            wanted.append(rb"\s(?:%s)(?=[\s=/>])" % b"|".join(attributes))
        if classes:
            wanted.append(rb"\sclass=\"(?:[^\"]*\s)?(?:%s)[\s\"]" % b"|".join(classes))
        patterns.append(rb"%s(?=[\s/>])[^>]*?(?:%s)" % (tag, b"|".join(wanted)))
    return b"|".join(patterns)


class PageWords:
    """Reads the words of pages whose content element is `content` ("tag.class") and whose searches leave
    out what `left_out` (selectors) matches."""

    def __init__(self, content: str, left_out: Iterable[str]) -> None:
        tag = content.partition(".")[0].partition("[")[0]
        self._content_start = re.compile(rb"<(?=%s)" % _starts([content]))
        self._content_end = f"</{tag}>".encode()
        # Each element left out, by its start tag: the tag's name is the group, the lookahead says why.
        self._left_out = re.compile(rb"<(?=%s)(%s)" % (_starts((*left_out, *SKIPPED, "[data-pagefind-ignore]")), _NAME))
        self._parting = re.compile(rb"</?(?:%s)\b[^>]*>" % "|".join(PARTING).encode(), re.IGNORECASE)
        self._tag = re.compile(rb"<[^>]*>")

    def read(self, html: bytes) -> list[bytes]:
        """The words of one page's HTML (bytes, as the page is written), in order, repeats and all."""
        return self.read_all(html)[0]

    def read_all(self, html: bytes) -> tuple[list[bytes], dict[bytes, list[bytes]]]:
        """The words of one page's HTML (`read`), and those of each of its meta fields that the page writes
        `data-pagefind-meta="key:value"` in what is read (Pagefind searches those too; a field that takes
        an attribute's value, `key[attribute]`, is not read)."""
        start = self._content_start.search(html)
        if start is None:
            return [], {}
        content = self._kept(html, start.start(), html.rfind(self._content_end))
        meta: dict[bytes, list[bytes]] = {}
        for key, value in _META.findall(content):
            meta.setdefault(key, []).extend(value.split())
        return self._tag.sub(b"", self._parting.sub(b" ", content)).split(), meta

    def _kept(self, html: bytes, start: int, end: int) -> bytes:
        """html[start:end] without the elements left out, each with all it holds (nothing at all after one
        that never ends, `_element_end`)."""
        kept, at = [], start
        while (found := self._left_out.search(html, at, end)) is not None:
            kept.append(html[at:found.start()])
            after = _element_end(html, found[1], found.end(), end)
            if after is None:
                return b""
            at = after
        kept.append(html[at:end])
        return b"".join(kept)


# A meta field whose value the page writes: its key, its value.
_META = re.compile(rb'\sdata-pagefind-meta="([A-Za-z0-9_-]+):([^"]*)"')
# Elements that hold nothing and have no end tag.
_VOID = frozenset((b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source",
                   b"track", b"wbr"))


@functools.lru_cache(maxsize=None)
def _tags_named(tag: bytes) -> re.Pattern[bytes]:
    """Start and end tags named `tag`: whether it ends (group 1), whether it closes itself (group 2)."""
    return re.compile(rb"<(/?)%s(?=[\s/>])[^>]*?(/?)>" % re.escape(tag), re.IGNORECASE)


def _element_end(html: bytes, tag: bytes, at: int, end: int) -> int | None:
    """Where the element whose start tag, named `tag`, goes on at `at` closes (after its end tag, the
    elements of the same name within it counted), or `end` if it does not before; None for an element
    without an end tag (`<img>`, `<tag … />`), which Pagefind never sees close: it then reads nothing of
    the page (measured)."""
    closed = html.find(b">", at, end)
    if closed == -1 or tag.lower() in _VOID or html[closed - 1:closed] == b"/":
        return None
    depth = 1
    for found in _tags_named(tag).finditer(html, closed + 1, end):
        if found[1]:
            depth -= 1
            if depth == 0:
                return found.end()
        elif not found[2]:
            depth += 1
    return end
