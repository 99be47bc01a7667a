"""Quotation matching and linking: the proof that a quotation is verbatim.

Captured web text and hand-typed YAML disagree about invisible things —
runs of spaces, curly versus straight quotes, kinds of dash — so both sides are
folded the same way before comparing. Nothing else is forgiven: case, words
and punctuation must match.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from perspectives.model import Quotation

_FOLD = str.maketrans(
    {**{c: "'" for c in "‘’‚‛′`"}, **{c: '"' for c in "“”„‟″"}, **{c: "-" for c in "‐‑‒–—―−"},
     "\u00a0": " "}
)
_SPACE = re.compile(r"\s+")
MAX_WORDS = 50


def fold(text: str) -> str:
    """Fold whitespace, quotes and dashes so that equal text compares equal."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


def find(quotation: Quotation, folded_capture: str) -> str | None:
    """Return None when every fragment occurs in order, else the first one that does not."""
    position = 0
    for fragment in quotation.fragments:
        index = folded_capture.find(fold(fragment), position)
        if index < 0:
            return fragment
        position = index + len(fold(fragment))
    return None


def word_count(quotation: Quotation) -> int:
    return sum(len(fragment.split()) for fragment in quotation.fragments)


def text_fragment_url(url: str, quotation: Quotation) -> str:
    """Link to the quotation's place in the original with a URL text fragment.

    Long passages use the `start,end` form so the link stays short; `-`, `,`
    and `&` are percent-encoded as the text-fragment syntax requires.
    """
    words = " ".join(quotation.fragments[0].split()).split(" ")
    if len(words) <= 8:
        directive = _encode(" ".join(words))
    else:
        directive = f"{_encode(' '.join(words[:4]))},{_encode(' '.join(words[-4:]))}"
    return f"{url.split('#', 1)[0]}#:~:text={directive}"


def _encode(text: str) -> str:
    return quote(text, safe="").replace("-", "%2D")
