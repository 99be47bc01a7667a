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
import itertools
import math
import re
import string
import unicodedata
from dataclasses import dataclass

from perspectives.model import Quotation

# What typing cannot tell apart, and a quotation may write either way: runs of white space (line breaks,
# no-break spaces), and straight or curly quotation marks. Dashes are different characters a reader sees
# (and a link to the original looks for): a hyphen never stands for a dash in a quotation, though the
# passage finder, which matches rough words, takes them for one another (fold).
_SINGLE_QUOTES = "'‘’‚‛′`"
_DOUBLE_QUOTES = '"“”„‟″'
_DASHES = "-‐‑‒–—―−"
_FOLDED = {**{c: "'" for c in _SINGLE_QUOTES[1:]}, **{c: '"' for c in _DOUBLE_QUOTES[1:]},
           **{c: "-" for c in _DASHES[1:]}, "\u00a0": " "}
# str.translate walks a long capture character by character in Python's slow
# path for such a table; a regex finds the few characters to fold at C speed.
_TO_FOLD = re.compile("[" + re.escape("".join(_FOLDED)) + "]")
MAX_WORDS = 50

# Pieces of one passage joined by `…`: each must follow the previous one in the capture within this many
# characters (about two sentences), and hold at least this many words. Otherwise single words picked
# across a whole capture would pass as a quotation the source never wrote.
MAX_GAP = 300
MIN_PIECE_WORDS = 3

# What a `…` leaves out must not change what the passage says, only shorten it. The pieces on either side
# are verbatim, so the words between them are what a reader cannot see: a `not` dropped there ("it does …
# fix the root cause") turns the passage round; an `only` or a `may` dropped makes it say more than the
# source. A check cannot read meaning, so it refuses what such omissions are made of: a word that negates,
# limits (a condition, an exception) or hedges (a probability, whose claim it is), and an omission of a word
# or two, which edits a sentence rather than shortening it; and a piece that begins or ends inside a word,
# which would hide part of one ("isn … helpful" for "isn't, in the long run, helpful"). Pieces that must
# stand apart are quoted as quotations of their own.
MIN_LEFT_OUT_WORDS = 3
TURNING_WORDS = {
    "negates": ("not", "no", "never", "none", "nothing", "nobody", "nowhere", "neither", "nor", "cannot",
                "without", "n't"),  # n't: any word ending in it (doesn't, can’t)
    "limits": ("but", "only", "except", "unless", "if", "when", "whenever", "until", "provided", "however",
               "although", "though", "yet", "rarely", "seldom", "hardly", "barely", "partly", "partially",
               "temporarily", "less", "few", "most"),
    "hedges": ("may", "might", "could", "perhaps", "possibly", "probably", "likely", "unlikely", "sometimes",
               "often", "usually", "occasionally", "some", "seem", "seems", "appear", "appears", "suggest",
               "suggests", "claim", "claims"),
}
_TURNS = {word: kind for kind, words in TURNING_WORDS.items() for word in words}
# What a quotation may not leave out of its clause (_rest_of_sentence): before it, any turning word but one that
# only sets it against what came before (_CONTRASTING); after it, one that limits or hedges.
_LIMITS_OR_HEDGES = frozenset(TURNING_WORDS["limits"] + TURNING_WORDS["hedges"])
# A word as a reader counts one, apostrophes inside it included (doesn't, can’t).
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# The most places one piece is looked for in a capture: bounds the work on a capture that repeats itself.
MAX_OCCURRENCES = 10_000

_TOKEN = re.compile(r"\s+|.", re.S)
# Where a sentence or a clause that stands alone ends: a full stop, question or exclamation mark or semicolon
# before white space (after any closing quote or bracket), or a line's end. What a quotation leaves out of
# its own sentence is read up to these (_rest_of_sentence).
_SENTENCE_END = re.compile(r"[.!?;…][\"'”’)\]]*(?:\s|$)|\n")
# How far a sentence is read on either side of a quotation (about three quotations' length): a transcript's
# sentence may run on without a full stop for pages.
SENTENCE_REACH = 1_000
_NEAR = 200
# Where a clause ends within a sentence: a comma, colon or dash before white space.
_CLAUSE_END = re.compile(r"[,:—–][\"'”’)\]]*\s|\s[—–-]\s")
_ENDS_SENTENCE = re.compile(r"[.!?;…][\"'”’)\]]*$")  # a quotation that ends where its sentence ends


def fold(text: str) -> str:
    """Fold whitespace, quotes and dashes so that rough words compare equal (the passage finder's rule)."""
    return " ".join(_TO_FOLD.sub(lambda match: _FOLDED[match.group()], text).split())


@dataclass(frozen=True)
class Problem:
    """Why a quotation is not verbatim: the check's message and hint; `missing` is the piece not found
    anywhere, for which the check shows the closest passage."""

    problem: str
    hint: str
    missing: str | None = None


# Compiling a long piece's pattern costs more than running it. The check compiles one for each piece not
# found as written; the render stage then needs the same ones to link those quotations (Capture.locate), in
# the same process, after more patterns than `re` keeps compiled.
@functools.lru_cache(maxsize=4096)
def _pattern(piece: str, dashes: bool = False) -> re.Pattern[str]:
    """A piece as a pattern: its characters, any white space for white space, any quotation mark of its
    kind for a quotation mark (and, with `dashes`, any dash for a dash: only to say what differs)."""
    out = []
    for token in _TOKEN.findall(piece):
        if token.isspace():
            out.append(r"\s+")
        elif token in _SINGLE_QUOTES:
            out.append(f"[{re.escape(_SINGLE_QUOTES)}]")
        elif token in _DOUBLE_QUOTES:
            out.append(f"[{re.escape(_DOUBLE_QUOTES)}]")
        elif dashes and token in _DASHES:
            out.append(f"[{re.escape(_DASHES)}]")
        else:
            out.append(re.escape(token))
    # Inside a lookahead, so that matching finds every occurrence, overlapping ones too (group 1).
    return re.compile(f"(?=({''.join(out)}))")


class Capture:
    """A captured text that quotations are looked up in.

    The rule (`locate`): a quotation's pieces (its text split at `…`) occur in
    the capture in order, each starting at most MAX_GAP characters after the
    end of the previous one; a piece matches where its characters are the
    capture's, white space and quotation marks aside (see _pattern). Most
    quotations are pasted from the capture, so each is first looked for as
    written (str.find, at C speed); only one not found so takes the pattern path."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def folded(self) -> str:
        return fold(self.text)

    def locate(self, quotation: Quotation) -> tuple[tuple[int, int], ...] | None:
        """Where each piece of `quotation` is in the capture (start, end), by the rule; None if it is not."""
        pieces = quotation.fragments
        if not pieces:
            return None
        return self._as_written(pieces) or self._chain([_pattern(piece) for piece in pieces])[0]

    def _as_written(self, pieces: tuple[str, ...]) -> tuple[tuple[int, int], ...] | None:
        spans, end = [], None
        for piece in pieces:
            start = self.text.find(piece, 0 if end is None else end)
            if start < 0 or (end is not None and start - end > MAX_GAP):
                return None
            end = start + len(piece)
            spans.append((start, end))
        return tuple(spans)

    def _chain(self, patterns: list[re.Pattern[str]]) -> tuple[tuple[tuple[int, int], ...] | None, int]:
        """The first chain of matches, one per pattern, each within MAX_GAP of the one before; else None and
        the number of the first pattern no chain reaches. Linear in the capture: each pattern is matched
        once over it, and each match looks back only at the closest end before it."""
        levels: list[list[tuple[int, int, int]]] = []
        for number, pattern in enumerate(patterns):
            if not levels:
                found = [(m.start(1), m.end(1), -1) for m in itertools.islice(pattern.finditer(self.text),
                                                                             MAX_OCCURRENCES)]
            else:
                ends = sorted((end, index) for index, (_, end, _) in enumerate(levels[-1]))
                found, closest = [], 0
                for m in itertools.islice(pattern.finditer(self.text, ends[0][0]), MAX_OCCURRENCES):
                    while closest + 1 < len(ends) and ends[closest + 1][0] <= m.start(1):
                        closest += 1
                    if ends[closest][0] <= m.start(1) <= ends[closest][0] + MAX_GAP:
                        found.append((m.start(1), m.end(1), ends[closest][1]))
            if not found:
                return None, number
            levels.append(found)
        spans, back = [], 0
        for level in reversed(levels):
            start, end, previous = level[back]
            spans.append((start, end))
            back = previous
        return tuple(reversed(spans)), len(patterns)

    def problem(self, quotation: Quotation, diagnose: bool = True) -> Problem | None:
        """Why `quotation` is not verbatim by the rule, or None when it is. With `diagnose`, one that is not
        says what differs (pieces apart, a dash, an accent); without, only that it is not found: each
        diagnosis scans the capture again, so the check diagnoses a bounded number per article."""
        pieces = quotation.fragments
        if not pieces:
            return Problem("quotes nothing: it is empty, or only an ellipsis",
                           "quote the capture's words, or remove the line")
        for number, piece in enumerate(pieces, start=1):
            words = len(piece.split())
            if words >= MIN_PIECE_WORDS:
                continue
            counted = f"{words} word{'s' if words != 1 else ''}"
            if len(pieces) > 1:
                return Problem(f"piece {number} of the quotation, {_clip(piece)!r}, has {counted}; each piece "
                               f"joined by … needs at least {MIN_PIECE_WORDS}", "quote a longer piece, or one "
                               "passage without …")
            # A word or two shows nothing of what the claim rests on, however verbatim: "G" is in any capture.
            return Problem(f"has {counted}; a quotation needs at least {MIN_PIECE_WORDS}, enough to show what the "
                           "claim rests on", "quote the passage the claim rests on (perspectives quote finds it)")
        spans = self._as_written(pieces)
        if spans is not None:
            return self._edges(spans) or self._omission(spans) or self._rest_of_sentence(spans)
        if "..." in quotation.text and "..." not in self.text:
            return Problem("joins pieces with three full stops (...), which the capture does not have",
                           "join pieces of one passage with … (the one character, U+2026)")
        # A piece the folded capture lacks (folding is looser than the rule) is missing, whatever else:
        # found at C speed, with no pattern run over the capture.
        absent = next((piece for piece in pieces if fold(piece) not in self.folded), None)
        if absent is None:
            spans, failed = self._chain([_pattern(piece) for piece in pieces])
            if spans is not None:
                return self._edges(spans) or self._omission(spans) or self._rest_of_sentence(spans)
            absent = pieces[failed]
            alone = self._chain([_pattern(absent)])[0] if diagnose and failed else None
            if alone is not None:
                before = self._chain([_pattern(pieces[failed - 1])])[0]
                where = (f"comes before piece {failed} in the capture" if before and alone[0][0] < before[0][0]
                         else f"is in the capture, but not within the {MAX_GAP} characters that follow piece {failed}")
                return Problem(f"piece {failed + 1}, {_clip(absent)!r}, {where}",
                               "… joins pieces of one passage, in order: quote pieces that stand apart as "
                               "separate quotations")
            dash = self._dash(pieces) if diagnose else None
            if dash is not None:
                return dash
        composed = self._composed(pieces) if diagnose else None
        if composed is not None:
            return composed
        return Problem(f"not found in the capture: {_clip(absent)!r}", "", missing=absent)

    def _edges(self, spans: tuple[tuple[int, int], ...]) -> Problem | None:
        """Why a found quotation quotes part of a word at its start or end ("entle stretching" of "Gentle
        stretching"), or None: the words a reader sees must be the source's words. (Where `…` joins pieces,
        their edges inside are _omission's.)"""
        for edge, verb in ((spans[0][0], "begins"), (spans[-1][1], "ends")):
            word = self._word_across(edge)
            if word is not None:
                return Problem(f"{verb} inside the word {word!r}, so it quotes part of a word",
                               "begin and end the quotation at a whole word")
        return None

    def _omission(self, spans: tuple[tuple[int, int], ...]) -> Problem | None:
        """Why what a found quotation's `…` leave out may change what the passage says (see TURNING_WORDS), or
        None. Where the capture has the `…` itself, or only punctuation between the pieces, no word is left out;
        where it has nothing at all, the `…` would tell a reader of an omission there is not."""
        for number, ((_, end), (start, _)) in enumerate(zip(spans, spans[1:]), start=1):
            where = f"its … between pieces {number} and {number + 1}" if len(spans) > 2 else "its …"
            for edge, piece in ((end, number), (start, number + 1)):
                word = self._word_across(edge)
                if word is not None:
                    return Problem(f"piece {piece} {'ends' if edge == end else 'begins'} inside the word {word!r}, "
                                   f"so {where} hides part of it", "end and begin each piece at a whole word")
            left_out = " ".join(self.text[end:start].split())
            if not left_out:
                return Problem(f"{where} leaves nothing out: the capture runs on from one piece to the next",
                               "remove the …")
            words = _WORD.findall(left_out)
            if not words:
                continue
            turning = next(((word, kind) for word in words if (kind := turns(word))), None)
            if turning is not None:
                return Problem(f"{where} leaves out {_clip(left_out)!r}, and {turning[0]!r} {turning[1]} what the "
                               "passage says", "quote the passage whole, or quote the pieces as separate quotations")
            if len(words) < MIN_LEFT_OUT_WORDS:
                return Problem(f"{where} leaves out only {left_out!r}: an omission of fewer than {MIN_LEFT_OUT_WORDS} "
                               "words edits the sentence rather than shortening it",
                               "quote the passage whole, or quote the pieces as separate quotations")
        return None

    def _rest_of_sentence(self, spans: tuple[tuple[int, int], ...]) -> Problem | None:
        """Why what a found quotation leaves out of its sentence may change what it says, or None. A quotation
        may begin or end within a sentence, as a shorter quotation says less; but what it leaves out there is
        left out as a `…` would leave it out, and the same words can turn it round: before it in its clause, a
        word of TURNING_WORDS ("We do not recommend long bed rest" quoted from "recommend"); after it in its
        clause, one that limits or hedges ("Stretching helps only briefly", quoted to "helps": a negation
        turns what follows it, which is left out too); and at the start of another clause of its sentence, one
        that makes the whole sentence conditional or uncertain (_sentence_wide: "If you have an imbalance, …",
        "Usually, …")."""
        text, start, end = self.text, spans[0][0], spans[-1][1]
        before = ""
        for reach in (_NEAR, SENTENCE_REACH):  # most sentences begin near: the whole reach is read seldom
            before = _SENTENCE_END.split(text[max(0, start - reach):start])[-1]
            if len(before) < reach:
                break
        if _ENDS_SENTENCE.search(text, max(0, end - 8), end):
            after = ""
        else:
            found = _SENTENCE_END.search(text, end, end + SENTENCE_REACH)
            after = text[end:found.start() if found else end + SENTENCE_REACH]
        *earlier, own = _CLAUSE_END.split(before)
        own_after, *later = _CLAUSE_END.split(after)
        begins, ends = ("begins after", "begin the quotation where its sentence begins"), \
            ("ends before", "end the quotation where its sentence ends")
        # The turning word nearest the quotation: the last before it, the first after it.
        for found, (verb, hint) in (
                (_turning_words(own, _TURNING_BEFORE)[-1:], begins),
                ([word for clause in reversed(earlier) for word in _sentence_wide(clause)][:1], begins),
                (_turning_words(own_after, _LIMITS_OR_HEDGES)[:1], ends),
                ([word for clause in later for word in _sentence_wide(clause)][:1], ends)):
            if found:
                left_out = " ".join((before if verb == begins[0] else after).split())
                return Problem(f"{verb} {_clip(left_out)!r} in its sentence, and {found[0]!r} {turns(found[0])} "
                               "what it quotes", f"{hint}, so that a reader sees the {found[0]!r}")
        return None

    def _word_across(self, edge: int) -> str | None:
        """The capture's word that position `edge` falls inside (a letter or an apostrophe within a word on each
        side), or None where a word begins or ends there."""
        text = self.text
        if not (0 < edge < len(text)) or not _within_word(text, edge - 1) or not _within_word(text, edge):
            return None
        start, end = edge, edge
        while start > 0 and _within_word(text, start - 1):
            start -= 1
        while end < len(text) and _within_word(text, end):
            end += 1
        return text[start:end]

    def _dash(self, pieces: tuple[str, ...]) -> Problem | None:
        """A quotation that matches only when dashes are taken for one another: which one to write."""
        spans, _ = self._chain([_pattern(piece, dashes=True) for piece in pieces])
        if spans is None:
            return None
        for piece, (start, end) in zip(pieces, spans):
            for mine, theirs in zip(_TOKEN.findall(piece), _TOKEN.findall(self.text[start:end])):
                if mine != theirs and not mine.isspace() and mine in _DASHES:
                    return Problem(f"writes {_char(mine)} where the capture has {_char(theirs)}",
                                   f"write {theirs} as the capture does: a link to the original looks for the "
                                   "exact characters")
        return None

    def _composed(self, pieces: tuple[str, ...]) -> Problem | None:
        """A quotation that matches only once written in the capture's Unicode form (a letter and its accent
        as one character or two): which letter differs, and how."""
        for form in ("NFC", "NFD"):
            normal = tuple(unicodedata.normalize(form, piece) for piece in pieces)
            if normal == pieces:
                continue
            spans = self._chain([_pattern(piece) for piece in normal])[0]
            if spans is None:
                continue
            for piece, (start, end) in zip(pieces, spans):
                theirs = self.text[start:end]
                for word, other in zip(piece.split(), theirs.split()):
                    if word != other:
                        mine_codes = " + ".join(f"U+{ord(c):04X}" for c in word if not c.isascii())
                        their_codes = " + ".join(f"U+{ord(c):04X}" for c in other if not c.isascii())
                        return Problem(f"writes {word!r} with {mine_codes or 'other characters'} where the capture "
                                       f"writes {other!r} with {their_codes or 'other characters'}: they look the "
                                       "same but are different characters",
                                       "copy the word from the capture, or retype its accented letters")
            return Problem("differs from the capture only in how its accented letters are encoded (Unicode "
                           "normalisation): they look the same but are different characters",
                           "copy the quotation from the capture")
        return None


def _within_word(text: str, index: int) -> bool:
    """Whether the character at `index` belongs to a word: a letter or digit, or an apostrophe between two."""
    character = text[index]
    if character.isalnum():
        return True
    return (character in "'’" and 0 < index < len(text) - 1 and text[index - 1].isalnum()
            and text[index + 1].isalnum())


def _turning_words(text: str, wanted: frozenset[str]) -> list[str]:
    """The words of `text` that turn what a passage says, of those `wanted` names (any negation, where it names
    "n't"), in order."""
    return [word for word in _WORD.findall(text) if (kind := turns(word))
            and (word.lower().replace("’", "'") in wanted or kind == "negates" and "n't" in wanted)]


# A clause of a sentence makes the whole sentence conditional or uncertain where it begins with one of these
# (after an "and", "but", "or", "so" or "then"): "If you have an imbalance, …", "Usually, …". Elsewhere in
# the clause they are mostly its own ("you know if the damage is done": "if" as "whether"; "some people say").
_GOVERNING = frozenset(("if", "unless", "when", "whenever", "until", "provided", "except", "although", "though",
                        "only", "usually", "often", "sometimes", "perhaps", "possibly", "probably", "likely",
                        "occasionally"))
_JOINING = frozenset(("and", "but", "or", "so", "then"))
# Words that set what follows them against what came before, without limiting it: a quotation may begin
# after them ("Some people say otherwise, but massage eases the soreness", quoted from "massage").
_CONTRASTING = frozenset(("but", "however", "yet", "though", "although"))
_TURNING_BEFORE = frozenset(_TURNS) - _CONTRASTING


def _sentence_wide(clause: str) -> list[str]:
    """The word that makes the whole sentence of `clause` conditional or uncertain, if the clause begins with
    one (_GOVERNING)."""
    words = _WORD.findall(clause)
    leading = words[1:2] if words[:1] and words[0].lower() in _JOINING else words[:1]
    return [word for word in leading if word.lower() in _GOVERNING]


def turns(word: str) -> str | None:
    """How `word` turns what a passage says ("negates", "limits", "hedges"), if it is one of TURNING_WORDS."""
    word = word.lower().replace("’", "'")
    return "negates" if word.endswith("n't") else _TURNS.get(word)


def _char(character: str) -> str:
    return f"{character!r} (U+{ord(character):04X} {unicodedata.name(character, 'unnamed').lower()})"


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


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
    # The most passages a search scores: those around the units holding the rarest words sought first.
    # A search costs the same on a 10 KB capture and a 1 MB one (where common words fill thousands of
    # units): the check's hints stay bounded per missing quotation.
    MAX_STARTS = 1_000
    MAX_TYPO_CANDIDATES = 500  # the most words a typo is compared with

    def __init__(self, capture: str) -> None:
        self.capture = capture
        self.units = _units(capture)  # (start, end, stems, words)
        frequency: dict[str, int] = {}
        for _, _, stems, _ in self.units:
            for stem in set(stems):
                frequency[stem] = frequency.get(stem, 0) + 1
        count = max(len(self.units), 1)
        self.weight = {stem: math.log(1 + count / n) for stem, n in frequency.items()}
        self.where: dict[str, list[int]] = {}  # each stem's units, in order
        for index, (_, _, stems, _) in enumerate(self.units):
            for stem in dict.fromkeys(stems):
                self.where.setdefault(stem, []).append(index)
        self.prefixes: dict[str, set[str]] = {}
        for stem in frequency:
            if len(stem) >= _PREFIX:
                self.prefixes.setdefault(stem[:_PREFIX], set()).add(stem)
        # Stems by first letter and length: a typo is looked for among words of its own first letter and
        # about its length, which keeps the search small on a capture with a large vocabulary.
        self.by_length: dict[tuple[str, int], list[str]] = {}
        for stem in sorted(frequency):
            self.by_length.setdefault((stem[:1], len(stem)), []).append(stem)

    def best(self, words: str, count: int = 3) -> list[str]:
        """Up to `count` passages that best match `words`, best first, as exact capture text
        (runs of whitespace made one space); none when no word is shared. Each is one the check accepts as
        it stands: a clause of a long sentence that leaves out a condition or a hedge the rest of it holds
        (Capture._rest_of_sentence) is passed over for the next best."""
        found = []
        for first, last, _ in self._ranked(words, count * 3):
            passage = self.text(first, last)
            if self._checked.problem(Quotation(passage, 0), diagnose=False) is None:
                found.append(passage)
                if len(found) == count:
                    break
        return found

    @functools.cached_property
    def _checked(self) -> Capture:
        return Capture(self.capture)

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
        for first in self._starts(sought):
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
                # A passage of a word or two (a heading, "Yes.") is no quotation the check accepts.
                if not found or size < MIN_PIECE_WORDS:
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

    def _starts(self, sought: dict[str, float]) -> list[int]:
        """The first units of the passages worth scoring: every passage holding a word sought starts at
        most UNITS_PER_PASSAGE - 1 units before one holding it. The rarest words' units come first, up
        to MAX_STARTS."""
        starts: set[int] = set()
        for stem in sorted(sought, key=lambda stem: (len(self.where.get(stem, ())), stem)):
            for unit in self.where.get(stem, ()):
                starts.update(range(max(unit - self.UNITS_PER_PASSAGE + 1, 0), unit + 1))
                if len(starts) >= self.MAX_STARTS:
                    return sorted(starts)
        return sorted(starts)

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
        if len(stem) < 4:
            return []
        candidates = [other for length in range(len(stem) - 2, len(stem) + 3)
                      for other in self.by_length.get((stem[:1], length), ())]
        return difflib.get_close_matches(stem, candidates[:self.MAX_TYPO_CANDIDATES], n=1, cutoff=0.8)


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
# Only from the start of a run of punctuation, and possessively: a run of 60,000 dots (a table of contents'
# leaders) that no space follows must be tried once, not once from each of its dots.
_UNIT_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+(?=\s)|\n[^\S\n]*\n")
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


def matched_words(text: str) -> bool:
    """Whether `text` holds a word the matcher looks for: not only words too common to tell passages apart."""
    return bool(_stems(text))


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


def text_fragment_url(url: str, quotation: Quotation, capture: str | None = None) -> str:
    """Link to the quotation's place in the original with a URL text fragment.

    The directive holds the capture's own characters where the quotation is
    found in it (curly quotes as the page has them, whatever the editor typed),
    so a browser finds it on a page that still reads like the capture. Long
    passages use the `start,end` form so the link stays short; `-`, `,` and `&`
    are percent-encoded as the text-fragment syntax requires.
    """
    return _with_directive(url, _text_directive(quotation, capture))


class FragmentLinks:
    """text_fragment_url, each quotation's passage located once however often it is linked: its article's
    page, the pages that quote it and the JSON downloads all link it, and locating a passage not pasted
    exactly as written (curly quotes, line breaks) scans the capture. One per render, so that it holds
    only the captures of the dataset being rendered."""

    def __init__(self) -> None:
        self._directives: dict[tuple[Quotation, str | None], str] = {}

    def url(self, url: str, quotation: Quotation, capture: str | None = None) -> str:
        return _with_directive(url, self.directive(quotation, capture))

    def directive(self, quotation: Quotation, capture: str | None = None) -> str:
        """What follows `#:~:text=`: percent-encoded, so it holds only letters, digits, `_.~%` and `,`."""
        key = (quotation, capture)
        directive = self._directives.get(key)
        if directive is None:
            directive = self._directives[key] = _text_directive(quotation, capture)
        return directive


def _text_directive(quotation: Quotation, capture: str | None) -> str:
    """What follows `#:~:text=` in text_fragment_url."""
    first = quotation.fragments[0] if quotation.fragments else quotation.text
    spans = Capture(capture).locate(quotation) if capture else None
    if spans:
        first = capture[spans[0][0]:spans[0][1]]  # type: ignore[index]
    words = first.split()
    if len(words) <= 8:
        return _encode(" ".join(words))
    return f"{_encode(' '.join(words[:4]))},{_encode(' '.join(words[-4:]))}"


def _with_directive(url: str, directive: str) -> str:
    return f"{url.split('#', 1)[0]}#:~:text={directive}"


class _PercentEncoded(dict):
    """For str.translate: each character as itself or as its UTF-8 bytes percent-encoded, which is what
    quote(text, safe="") gives with `-` encoded too (the text-fragment syntax reserves it). A character
    is encoded in Python the first time it is met and looked up at C speed after that: every quotation's
    link is encoded on each render, and quote (or a join of byte by byte) calls Python for each byte."""

    UNRESERVED = frozenset(string.ascii_letters + string.digits + "_.~")

    def __missing__(self, code: int) -> str:
        character = chr(code)
        encoded = self[code] = character if character in self.UNRESERVED else \
            "".join(f"%{byte:02X}" for byte in character.encode("utf-8"))
        return encoded


_PERCENT_ENCODED = _PercentEncoded()


def _encode(text: str) -> str:
    return text.translate(_PERCENT_ENCODED)
