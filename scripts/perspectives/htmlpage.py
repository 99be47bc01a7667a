"""Generated pages written as HTML: headings alone on their line, HTML blocks between them.

The large generated pages (one per article, and the comparison) are HTML
already when the render stage writes them. Their body keeps one rule so that
it stays a page any Markdown engine builds: every heading is a Markdown line
of its own with an explicit id (`## Key claims { #key-claims }`), and
everything else is raw HTML in blocks with no blank line inside (data text
never holds one: the render stage folds white space).

An engine that knows this can skip Markdown for such a page: `parse` splits
the body into headings and blocks, and `to_html` sets them as Python-Markdown's
toc extension would (an id and, if asked, a permalink on each heading).
Markdown would only parse the HTML again to give it back unchanged, and that
was most of the cost of a build with thousands of articles.
tests/test_htmlpage.py proves both ways give the same page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from perspectives.urls import ANCHOR

# A heading line: hashes, its text (escaped HTML), its id (checked ids: lowercase words and hyphens).
_HEADING = re.compile(rf"^(#{{1,6}}) (.+?) \{{ #({ANCHOR}) \}}$")
_TAGS = re.compile(r"<[^>]*>")
# An id attribute: `id="…"` after white space. Found by its literal start, which `re` looks for at C speed,
# and the white space looked at after: a pattern starting with `\s` is tried at every character of the page
# (100 KB an article page), a sixth of the time the hook spent on a page.
_ID_ATTRIBUTE = re.compile(r'id="([^"]+)"')


@dataclass(frozen=True)
class Heading:
    level: int
    html: str  # its content as HTML
    id: str

    @property
    def text(self) -> str:
        """The heading's content without tags, as the table of contents names it."""
        return _TAGS.sub("", self.html)


def parse(body: str) -> list[Heading | str]:
    """The body's headings and HTML blocks, in order."""
    blocks: list[Heading | str] = []
    lines: list[str] = []
    for line in body.splitlines():
        heading = _HEADING.match(line) if line[:1] == "#" else None  # most lines are HTML: no pattern to run
        if heading:
            if lines:
                blocks.append("\n".join(lines))
                lines = []
            blocks.append(Heading(len(heading[1]), heading[2], heading[3]))
        elif line.strip():
            lines.append(line)
        elif lines:
            blocks.append("\n".join(lines))
            lines = []
    if lines:
        blocks.append("\n".join(lines))
    return blocks


def to_html(blocks: list[Heading | str], permalink: str | None = None, permalink_title: str = "Permanent link",
            permalink_class: str = "headerlink") -> str:
    """The page as HTML; `permalink` is the text of the link each heading ends with (none if None)."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            link = (f'<a class="{permalink_class}" href="#{block.id}" title="{permalink_title}">{permalink}</a>'
                    if permalink is not None else "")
            parts.append(f'<h{block.level} id="{block.id}">{block.html}{link}</h{block.level}>')
        else:
            parts.append(block)
    return "\n".join(parts)


def ids(html: str) -> set[str]:
    """Every id in a page's HTML: the anchors a link to it may name."""
    found, at = set(), 0
    while match := _ID_ATTRIBUTE.search(html, at):
        if html[match.start() - 1:match.start()].isspace():
            found.add(match[1])
            at = match.end()
        else:  # not an attribute (`data-id="…"`): look again from the next character, as `\sid="…"` would
            at = match.start() + 1
    return found
