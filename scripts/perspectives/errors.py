"""Errors an editor can fix: one line each, naming file, line and field."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def printable(text: str) -> str:
    """`text` with every control, format or line-separator character shown as an escape.

    Error lines echo field names and values from the data. A newline, an ANSI
    escape or a bidirectional override there could forge or hide error lines
    in a terminal or a CI log, so each such character is written as `\\x1b`,
    `\\u202e` and the like.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else _escape(c) for c in text)


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


# The lines git writes around the two sides of a conflicting merge.
_CONFLICT_MARKERS = ("<<<<<<< ", "=======", ">>>>>>> ")


def conflict_line(text: str) -> int | None:
    """The number of the first line of `text` that a merge's conflict marker starts, or None: a file a merge
    left both sides in, which its reader should name as such rather than as whatever the markers break."""
    return next((number for number, line in enumerate(text.splitlines(), start=1)
                 if line.startswith(_CONFLICT_MARKERS)), None)


def is_invisible(character: str) -> bool:
    """Control, format (bidirectional overrides, zero-width), line and paragraph separators."""
    return unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn")


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one data file, worded for the editor who has to fix it."""

    path: str
    line: int
    field: str
    problem: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.field or '(file)'}: {self.problem}"
        return printable(f"{text} — {self.hint}" if self.hint else text)


# The most error lines a report prints: past a few hundred, an editor fixes the first ones and checks again,
# and a flood (thousands of lines from one mistake repeated) would only bury them. The rest are counted.
REPORTED = 200


class DataErrors(Exception):
    """Raised with every error found, so the editor sees them all at once (the first REPORTED of them)."""

    def __init__(self, errors: list[DataError]) -> None:
        # The vocabularies' errors first, then in file and line order: articles are checked against the
        # vocabularies, so one mistake there (a misspelt vocabulary name) can make an error in every article
        # that uses it, which would otherwise bury its cause below them.
        self.errors = sorted(set(errors), key=lambda error: ("/vocabularies/" not in f"/{error.path}", error))
        super().__init__(f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''} in data")

    @property
    def shown(self) -> list[DataError]:
        """The errors a report prints, in their order (the vocabularies' first, then by file and line)."""
        return self.errors[:REPORTED]

    def report(self) -> str:
        count = len(self.errors)
        lines = [str(error) for error in self.shown]
        if count > REPORTED:
            lines.append(f"… and {count - REPORTED:,} more errors like these, not shown: fix the ones above and "
                         "check again")
        lines.append(f"{count:,} error{'s' if count != 1 else ''} in data; nothing was built.")
        return "\n".join(lines)
