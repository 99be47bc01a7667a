"""Quotation matching and linking: the proof that a quotation is verbatim.

Captured web text and hand-typed YAML disagree about invisible things —
runs of spaces, curly versus straight quotes, kinds of dash — so both sides are
folded the same way before comparing. Nothing else is forgiven: case, words
and punctuation must match. When they do not, `Passages` finds what the
editor meant: the checker's hint and `perspectives quote` both come from it.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Callable
from urllib.parse import quote

from perspectives.model import Quotation

_FOLDED = {**{c: "'" for c in "‘’‚‛′`"}, **{c: '"' for c in "“”„‟″"}, **{c: "-" for c in "‐‑‒–—―−"},
           "\u00a0": " "}
# str.translate walks a long capture character by character in Python's slow
# path for such a table; a regex finds the few characters to fold at C speed.
_TO_FOLD = re.compile("[" + re.escape("".join(_FOLDED)) + "]")
MAX_WORDS = 50


def fold(text: str) -> str:
    """Fold whitespace, quotes and dashes so that equal text compares equal."""
    return " ".join(_TO_FOLD.sub(lambda match: _FOLDED[match.group()], text).split())


class Capture:
    """A captured text that quotations are looked up in (`missing`), folded only when one is not
    found as written.

    Most quotations are pasted from the capture. Fragments found in order as written are found in
    order once both sides are folded (folding keeps every non-space character where it was and
    makes each run of spaces one, so each fragment's folded form is part of the folded capture),
    and folding a whole capture took a third of the check's time."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def folded(self) -> str:
        return fold(self.text)

    def missing(self, quotation: Quotation) -> str | None:
        """None when every fragment of `quotation` occurs in the capture, in order; else the first one that does not."""
        if _first_missing(quotation.fragments, self.text, lambda fragment: fragment) is None:
            return None
        return self.missing_folded(quotation)

    def missing_folded(self, quotation: Quotation) -> str | None:
        """`missing`, by the rule itself: both sides folded."""
        return _first_missing(quotation.fragments, self.folded, fold)


def _first_missing(fragments: tuple[str, ...], text: str, form: Callable[[str], str]) -> str | None:
    """The first fragment whose `form` does not occur in `text` after the previous one's; None if all do."""
    position = 0
    for fragment in fragments:
        sought = form(fragment)
        index = text.find(sought, position)
        if index < 0:
            return fragment
        position = index + len(sought)
    return None


class Passages:
    """Finds the passages of a capture that best match rough words: a paraphrase,
    a quotation with a typo, words out of order or with other punctuation.

    `perspectives quote` prints them for an editor to paste; the checker shows
    the best one beside a quotation that is not in the capture. Both use this
    one matcher, so what the checker suggests is what the editor would find.

    The capture is cut once into units (sentences, or clauses of a sentence too
    long to quote whole); a candidate passage is one to three consecutive units
    within the quotation limits, so every passage can be pasted as it is.
    Words are compared by a rough stem (lower case, common suffixes off), so
    "relieves" meets "relieving"; a word the capture lacks is taken as a typo of
    the closest capture word. Each candidate is scored by the share of the
    words sought that it holds (rare words count more than common ones) and,
    less, by how little else it holds, so the tightest passage wins. Building
    and searching are linear in the capture: no embeddings, no pairwise work.
    """

    UNITS_PER_PASSAGE = 3
    WEAKEST = 0.5  # a passage scoring less than this share of the best one is not worth showing

    def __init__(self, capture: str) -> None:
        self.capture = capture
        self.units = _units(capture)  # (start, end, stems, words)
        frequency: dict[str, int] = {}
        for _, _, stems, _ in self.units:
            for stem in set(stems):
                frequency[stem] = frequency.get(stem, 0) + 1
        count = max(len(self.units), 1)
        self.weight = {stem: math.log(1 + count / n) for stem, n in frequency.items()}
        self.prefixes: dict[str, set[str]] = {}
        for stem in frequency:
            if len(stem) >= _PREFIX:
                self.prefixes.setdefault(stem[:_PREFIX], set()).add(stem)
        self.by_length: dict[int, list[str]] = {}
        for stem in sorted(frequency):
            self.by_length.setdefault(len(stem), []).append(stem)

    def best(self, words: str, count: int = 3) -> list[str]:
        """Up to `count` passages that best match `words`, best first, as exact capture text
        (runs of whitespace made one space); none when no word is shared."""
        return [self.text(first, last) for first, last, _ in self._ranked(words, count)]

    def text(self, first: int, last: int) -> str:
        """Units first..last of the capture, as one line."""
        return " ".join(self.capture[self.units[first][0]:self.units[last][1]].split())

    def closest(self, fragment: str) -> tuple[str, int, str, str] | None:
        """The passage closest to a quotation fragment that is not in the capture, and where they part:
        (passage from where the fragment would start, word number, fragment's word, capture's word);
        the capture's word is "" when its passage ends first. None if they share no word."""
        ranked = self._ranked(fragment, 1)
        if not ranked:
            return None
        first, last, _ = ranked[0]
        wanted = fold(fragment).split(" ")
        # The passage and what follows it, as long again as the fragment: where a quotation runs on past
        # its sentence, the editor sees what the capture says next. (The last word may be cut: dropped.)
        end = self.units[last][1] + len(fragment) + 20
        passage = fold(self.capture[self.units[first][0]:end]).split(" ")
        if end < len(self.capture) and len(passage) > 1:
            passage.pop()
        blocks = [block for block in difflib.SequenceMatcher(None, wanted, passage, autojunk=False)
                  .get_matching_blocks() if block.size]
        if not blocks:
            return " ".join(passage[:len(wanted)]), 1, wanted[0], passage[0]
        # Where the fragment would start in the passage: its first shared run, moved back to the fragment's start.
        start = max(blocks[0].b - blocks[0].a, 0)
        number = blocks[0].size + 1 if blocks[0].a == 0 and blocks[0].b == start else 1
        differ = start + number - 1
        # Show the passage to its end; where the difference lies beyond it, as far as the fragment goes.
        window = len(fold(self.text(first, last)).split(" "))
        end = window if differ < window else max(start + len(wanted), differ + 1)
        theirs = passage[differ] if differ < len(passage) else ""
        mine = wanted[number - 1] if number <= len(wanted) else ""
        return " ".join(passage[start:end]), number, mine, theirs

    def _ranked(self, words: str, count: int) -> list[tuple[int, int, float]]:
        sought = self._sought(words)
        total = sum(sought.values())
        if not total:
            return []
        scored = []
        for first in range(len(self.units)):
            found: dict[str, float] = {}
            held: set[str] = set()
            size = chars = 0
            for last in range(first, min(first + self.UNITS_PER_PASSAGE, len(self.units))):
                start, end, stems, length = self.units[last]
                size += length
                chars = end - self.units[first][0]
                if last > first and (size > MAX_WORDS or chars > MAX_CHARS):
                    break
                held.update(stems)
                for stem, weight in sought.items():
                    if stem in held:
                        found[stem] = weight
                if not found:
                    continue
                recall = sum(found.values()) / total
                precision = sum(self.weight[stem] for stem in held if stem in sought) / \
                    sum(self.weight[stem] for stem in held)
                # Recall counts four times as much as precision (F2): a passage must hold the words first.
                score = 5 * precision * recall / (4 * precision + recall)
                scored.append((-score, first, last))
        scored.sort()
        chosen: list[tuple[int, int, float]] = []
        for score, first, last in scored:
            if chosen and -score < self.WEAKEST * chosen[0][2]:
                break
            if all(last < f or first > l for f, l, _ in chosen):
                chosen.append((first, last, -score))
                if len(chosen) == count:
                    break
        return chosen

    def _sought(self, words: str) -> dict[str, float]:
        """The capture stems the words stand for, each with its weight: a rare word counts more, and a
        word matched only by its start or as a typo counts less than one the capture has."""
        sought: dict[str, float] = {}
        for stem in set(_stems(words)):
            if stem in self.weight:
                sought[stem] = max(sought.get(stem, 0), self.weight[stem])
                continue
            close = sorted(self.prefixes.get(stem[:_PREFIX], ())) if len(stem) >= _PREFIX else []
            share = 0.7 if close else 0.5
            for match in close or self._typo(stem):
                sought[match] = max(sought.get(match, 0), share * self.weight[match])
        return sought

    def _typo(self, stem: str) -> list[str]:
        candidates = [other for length in range(len(stem) - 2, len(stem) + 3) for other in self.by_length.get(length, ())]
        return difflib.get_close_matches(stem, candidates, n=1, cutoff=0.8) if len(stem) >= 4 else []


MAX_CHARS = 600

# Words too common to tell passages apart; left out of matching.
_STOP = frozenset("""a an and are as at be been but by can do does for from had has have he her his how i if in into
is it its me my no not of on or our she so than that the their them then there these they this those to too us was we did
were what when which who why will with you your
isnt dont doesnt didnt cant wont its thats youre im were theyre ive youve weve""".split())
_PREFIX = 5  # two stems that share this many first letters are taken for forms of one word ("relief", "relieve")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SUFFIXES = ("ingly", "edly", "ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ied", "ers", "er",
             "ed", "es", "ly", "s")
# A unit ends after a sentence's closing punctuation (and any closing quote or bracket) or at a blank line.
_UNIT_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n[^\S\n]*\n")
_CLAUSE_END = re.compile(r"[,;:–—](?=\s)")


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # stopped -> stopp -> stop
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def _stems(text: str) -> list[str]:
    return [stem for stem in map(_key, _WORD.findall(text)) if stem]


@functools.lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    """A word's stem, or "" for a word too common to count. (Words repeat: each is worked out once.)"""
    return "" if word.lower().replace("’", "").replace("'", "") in _STOP else _stem(word)


def _units(capture: str) -> list[tuple[int, int, list[str], int]]:
    """The capture's sentences as (start, end, stems, word count); a sentence longer than a
    quotation may be is cut at its clauses, and a clause that is still too long at a word."""
    units = []
    start = 0
    for boundary in [*_UNIT_END.finditer(capture), None]:
        end = boundary.end() if boundary else len(capture)
        units += _pieces(capture, start, end)
        start = end
    return units


def _pieces(capture: str, start: int, end: int) -> list[tuple[int, int, list[str], int]]:
    text = capture[start:end]
    start += len(text) - len(text.lstrip())
    text = text.strip()
    words = len(text.split())
    if not text:
        return []
    if words <= MAX_WORDS and len(text) <= MAX_CHARS:
        return [(start, start + len(text), _stems(text), words)]
    cuts = [match.end() for match in _CLAUSE_END.finditer(text) if match.end() < len(text)]
    if not cuts:  # no clause to cut at: every half quotation's worth of words
        ends = [match.end() for match in re.finditer(r"\S+", text)]
        cuts = ends[MAX_WORDS // 2 - 1:-1:MAX_WORDS // 2]
    if not cuts:  # one word longer than a quotation: nothing sensible to offer
        return []
    edges = [0, *cuts, len(text)]
    return [unit for a, b in zip(edges, edges[1:]) for unit in _pieces(capture, start + a, start + b)]


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
