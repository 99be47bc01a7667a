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


class Passages:
    """Finds the passage of a capture closest to a quotation that is not in it.

    Votes by shared word pairs: each pair the quotation shares with the
    capture votes for the place the quotation would start. Linear in the
    capture (the index is built once) and in the quotation; pairs too common
    to tell places apart ("of the") are not counted.
    """

    COMMON = 50

    def __init__(self, folded_capture: str) -> None:
        self.words = folded_capture.split(" ")
        self.pairs: dict[tuple[str, str], list[int]] = {}
        for position in range(len(self.words) - 1):
            self.pairs.setdefault(_pair(self.words, position), []).append(position)

    def closest(self, fragment: str) -> tuple[str, int, str, str] | None:
        """(passage, word number, quotation's word, capture's word) where they part; None if nothing is shared."""
        wanted = fold(fragment).split(" ")
        votes: dict[int, int] = {}
        for offset in range(len(wanted) - 1):
            places = self.pairs.get(_pair(wanted, offset), ())
            if len(places) <= self.COMMON:
                for place in places:
                    votes[place - offset] = votes.get(place - offset, 0) + 1
        votes = {place: count for place, count in votes.items() if 0 <= place < len(self.words)}
        if not votes:
            return None
        # Most shared pairs first; among equals, a passage that starts with the quotation's first word.
        start = min(votes, key=lambda place: (-votes[place], self.words[place] != wanted[0], place))
        passage = self.words[start:start + len(wanted)]
        for number, (mine, theirs) in enumerate(zip(wanted, passage), start=1):
            if mine != theirs:
                return " ".join(passage), number, mine, theirs
        number = min(len(wanted), len(passage)) + 1
        return " ".join(passage), number, " ".join(wanted[number - 1:number]), ""


def _pair(words: list[str], position: int) -> tuple[str, str]:
    return words[position].lower(), words[position + 1].lower()


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
