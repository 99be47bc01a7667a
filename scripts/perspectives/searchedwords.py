"""The words of a built page that a search finds, read from its HTML as Pagefind 1.5 reads them.

A site indexed in parts (perspectives.search) gives every part a page of all
the words of the site, and those must be the words Pagefind itself reads, no
more and no fewer: a word a part's index lacks is answered with a shorter
word it has, and a word no page has must stay one no part has. Reading them
with Pagefind would cost what indexing costs, and an HTML parser in Python
about as much, so they are read with a few regular expressions over the
page's bytes, as Pagefind 1.5.2 reads a page (tests/test_search_index.py runs
Pagefind over each case and fails where it reads otherwise):

- only the content element is read (perspectives.search.CONTENT), and none
  of what it leaves out: an element marked `data-pagefind-ignore`, with all
  it holds; one a left-out selector matches (perspectives.search.LEFT_OUT:
  a tag, `[attribute]`, `tag[attribute]` or `.class`); the elements Pagefind
  never reads (SKIPPED); comments. An element left out that has no end tag
  (`<img …>`, `<svg/>`) takes the element around it along;
- Pagefind parts words where some block elements end (PARTING), at `<br>`
  and before an element with an `id`, and reads across every other tag:
  "foo<em>bar</em>" and "<th>a</th><th>b</th>" are one word each ("foobar",
  "ab");
- a character reference stays as the page writes it (`&amp;`), for whoever
  writes the words into a page of their own, which Pagefind reads alike;
- the meta fields a page writes `data-pagefind-meta="key:value"` are read
  too (Pagefind searches them), where the content is read.

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
# Elements whose text is no markup: they end at their first end tag.
_RAW = frozenset((b"script", b"style"))
# Elements that hold nothing and have no end tag, and those where `<tag … />` has none either.
_VOID = frozenset((b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source",
                   b"track", b"wbr"))
_FOREIGN = frozenset((b"svg", b"math"))

_NAME = rb"[A-Za-z][A-Za-z0-9-]*"
# A tag's attributes, quoted values and all (a quoted value may hold ">").
_ATTRIBUTES = rb"""(?:"[^"]*+"|'[^']*+'|[^'">]++)*+"""
# A tag's attributes up to one of them (which starts with white space): a run at a time, not a byte.
_BEFORE_ATTRIBUTE = rb"""(?:[^\s"'>]++|"[^"]*+"|'[^']*+'|\s)*?"""
_SELECTOR = re.compile(r"(?P<tag>[a-z][a-z0-9-]*)?(?:\[(?P<attribute>[a-z][a-z0-9-]*)\]|\.(?P<class>[A-Za-z_-][\w-]*))?")
_COMMENT = re.compile(rb"<!--(?:.*?-->|.*)", re.S)  # one never closed runs to the end, as in HTML
_META = re.compile(rb'\sdata-pagefind-meta="([A-Za-z0-9_-]+):([^"]*)"', re.IGNORECASE)
_ANY_TAG = re.compile(rb"<(/?)(%s)(%s)>" % (_NAME, _ATTRIBUTES))


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
        patterns.append(rb"%s(?=[\s/>])%s(?:%s)" % (tag, _BEFORE_ATTRIBUTE, b"|".join(wanted)))
    return b"|".join(patterns)


class PageWords:
    """Reads the words of pages whose content element is `content` ("tag.class") and whose searches leave
    out what `left_out` (selectors) matches."""

    def __init__(self, content: str, left_out: Iterable[str]) -> None:
        tag = content.partition(".")[0].partition("[")[0]
        self._content_start = re.compile(rb"<(?=%s)" % _starts([content]), re.IGNORECASE)
        self._content_end = f"</{tag}".encode()
        # Each element left out, by its start tag: the tag's name is the group, the lookahead says why.
        self._left_out = re.compile(rb"<(?=%s)(%s)" % (_starts((*left_out, *SKIPPED, "[data-pagefind-ignore]")),
                                                        _NAME), re.IGNORECASE)
        # Where words part: a parting element's start or end tag, and the start tag of an element with an id.
        self._parting = re.compile(rb"</?(?:%s)(?=[\s/>])%s>|<%s(?=[\s/>])%s\sid=%s>"
                                   % ("|".join(PARTING).encode(), _ATTRIBUTES, _NAME, _BEFORE_ATTRIBUTE, _ATTRIBUTES),
                                   re.IGNORECASE)
        self._tag = re.compile(rb"</?%s%s>" % (_NAME, _ATTRIBUTES))

    def read(self, html: bytes) -> list[bytes]:
        """The words of one page's HTML (bytes, as the page is written), in order, repeats and all."""
        return self.read_all(html)[0]

    def read_all(self, html: bytes) -> tuple[list[bytes], dict[bytes, list[bytes]]]:
        """The words of one page's HTML (`read`), and those of each of its meta fields that the page writes
        `data-pagefind-meta="key:value"` where its content is read (a field that takes an attribute's value,
        `key[attribute]`, is not read)."""
        start = self._content_start.search(html)
        if start is None:
            return [], {}
        end = html.rfind(self._content_end)
        content = html[start.start():end if end > start.start() else len(html)]
        if b"<!--" in content:
            content = _COMMENT.sub(b"", content)
        content = self._kept(content)
        meta: dict[bytes, list[bytes]] = {}
        for key, value in _META.findall(content):
            meta.setdefault(key.lower(), []).extend(value.split())
        return self._tag.sub(b"", self._parting.sub(b" ", content)).split(), meta

    def _kept(self, content: bytes) -> bytes:
        """The content without the elements left out, each with all it holds."""
        while True:
            kept, at, end = [], 0, len(content)
            while (found := self._left_out.search(content, at, end)) is not None:
                after = _element_end(content, found[1], found.start(), end)
                if after is None:  # no end tag: the element around it goes, and the content is read again
                    break
                kept.append(content[at:found.start()])
                at = after
            else:
                kept.append(content[at:end])
                return b"".join(kept)
            start, after = _parent(content, found.start())
            content = content[:start] + content[after:]


@functools.lru_cache(maxsize=None)
def _tags_named(tag: bytes) -> re.Pattern[bytes]:
    """Start and end tags named `tag`, with the groups of _ANY_TAG."""
    return re.compile(rb"<(/?)(%s)(?=[\s/>])(%s)>" % (re.escape(tag), _ATTRIBUTES), re.IGNORECASE)


def _has_no_end(name: bytes, attributes: bytes) -> bool:
    """Whether the element a start tag opens ends with it: a void one, or a foreign one written `<tag … />`."""
    return name in _VOID or (name in _FOREIGN and attributes.endswith(b"/"))


def _element_end(html: bytes, tag: bytes, at: int, end: int) -> int | None:
    """Where the element whose start tag, named `tag`, begins at `at` ends (after its end tag, the elements
    of the same name within it counted), or `end` if it does not before; None if it has no end tag."""
    tag = tag.lower()
    tags = _tags_named(tag)
    start = tags.match(html, at, end)
    if start is None:
        return end
    if _has_no_end(tag, start[3]):
        return None
    depth = 1
    for found in tags.finditer(html, start.end(), end):
        if found[1]:
            depth -= 1
            if depth == 0 or tag in _RAW:  # raw text holds no markup: its first end tag ends it
                return found.end()
        elif tag not in _RAW and not _has_no_end(tag, found[3]):
            depth += 1
    return end


def _parent(content: bytes, at: int) -> tuple[int, int]:
    """The start and end of the element around the tag at `at`: the whole content where there is none."""
    open_tags: list[tuple[bytes, int]] = []
    for found in _ANY_TAG.finditer(content, 0, at):
        name = found[2].lower()
        if _has_no_end(name, found[3]):
            continue
        if not found[1]:
            open_tags.append((name, found.start()))
        else:
            while open_tags and open_tags.pop()[0] != name:
                pass
    if len(open_tags) <= 1:  # only the content element itself is open
        return 0, len(content)
    name, start = open_tags[-1]
    return start, _element_end(content, name, start, len(content)) or len(content)
