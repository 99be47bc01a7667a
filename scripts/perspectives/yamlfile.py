"""Parse one YAML data file into plain values that remember their line numbers.

Data files come from strangers, so parsing is bounded and strict. PyYAML's
safe loader forgets where a value came from, silently keeps the last of two
duplicate keys, expands aliases (a way to make a tiny file explode in memory)
and builds the whole node tree recursively before anyone can look at its depth
(LibYAML's composer then overflows the C stack: a segfault, no message). So
this module reads the *event stream* itself, one event at a time, and builds
values as it goes: depth is counted on the way in and refused before anything
deeper is read; an alias is refused the moment it appears; duplicate keys,
tags and merge keys are refused with their line. Every refusal is a
`DataError`, never an exception.

Scalars keep YAML's meaning for what data files need (text, true/false,
null); a date-like scalar stays text, so the checker validates dates and names
the field, and an unquoted number becomes a `Number`, the text as written.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml import events
from yaml.nodes import ScalarNode

from perspectives.errors import DataError, conflict_line, printable

MAX_DEPTH = 20          # articles need 5 levels; anything deeper is a mistake or an attack
MAX_BYTES = 1_000_000   # the largest real data file is 15 KB
_BOM = "\ufeff"

# LibYAML's parser when PyYAML has it (about twenty times faster), else PyYAML's own.
# Only its event stream is used, which both produce without recursion.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR, _TIMESTAMP, _MERGE = "tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"
_NUMBERS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_PLAIN_SCALARS = {_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
                  "tag:yaml.org,2002:float", _TIMESTAMP}


class Mapping(dict):
    """A YAML mapping; `line` is where it starts, `lines[key]` where each key is."""

    line: int
    lines: dict[str, int]


class Sequence(list):
    """A YAML sequence; `line` is where it starts, `lines[i]` where each item is."""

    line: int
    lines: list[int]


class Number(str):
    """An unquoted number, kept as written: no field holds numbers, and reading
    `3.10` as 3.1 would change the data before anyone could refuse it."""


class _Refused(Exception):
    def __init__(self, line: int, problem: str, hint: str, key: str | None = None) -> None:
        super().__init__(problem)
        self.line, self.problem, self.hint = line, problem, hint
        # Where in the file, keys and item numbers from the top: each mapping and list the refusal passes
        # through on its way out adds its own (_Composer), so the happy path pays nothing for it.
        self.path: list[str | int] = [] if key is None else [key]

    @property
    def field(self) -> str:
        """The path as the loader names fields (`claims[2].quotations[0]`), long ones cut in the middle;
        empty at the top of the file."""
        parts = self.path if len(self.path) <= _PATH_SHOWN else \
            [*self.path[:_PATH_SHOWN // 2], "…", *self.path[-(_PATH_SHOWN // 2):]]
        field = ""
        for part in parts:
            if isinstance(part, int):
                field += f"[{part}]"
            else:
                part = part if len(part) <= 40 else part[:39] + "…"
                field += f".{part}" if field else part
        return field


# The most keys and item numbers an error's field shows (a refusal deep in a nested file has dozens).
_PATH_SHOWN = 8


def parse_file(path: Path, shown_as: str) -> tuple[Any, list[DataError]]:
    """Parse `path`; errors name it as `shown_as` (its path relative to the project)."""
    raw, errors = read_text(path, shown_as, MAX_BYTES, "split it up; data files are small")
    if raw is None:
        return None, errors
    if raw.startswith(_BOM):
        return None, [DataError(shown_as, 1, "", "starts with a byte-order mark",
                                "save the file as UTF-8 without BOM")]
    return parse_text(raw, shown_as)


def read_text(path: Path, shown_as: str, limit: int, too_big: str,
              missing_ok: bool = False) -> tuple[str | None, list[DataError]]:
    """A data file's text, refusing links, files over `limit` bytes and anything not UTF-8;
    with `missing_ok`, (None, []) when there is no such file.

    A symbolic link could make the build publish (or echo in an error) a file
    from outside data/, so it is refused before it is read: opened with
    O_NOFOLLOW where the system has it, which fails on a link, else looked at
    first. The file is read by its size (a 5,000-article check opens 10,000
    files, and reading each into a buffer of `limit` bytes took most of the time).
    """
    if not _NO_FOLLOW and path.is_symlink():
        return None, [_linked(shown_as)]
    try:
        # What is there is looked at before it is opened: opening a named pipe waits for a writer forever,
        # and a device or socket is no data file.
        odd = not_regular(os.lstat(path))
    except OSError:
        odd = None  # reported below, as opening it fails the same way
    if odd is not None and odd != "a symbolic link":
        return None, [DataError(shown_as, 0, "", f"is {odd}, not a regular file",
                                "data/ holds plain files only: put the file's text there, or remove it")]
    try:
        with open(path, "rb", opener=_open) as handle:  # closed again if it cannot be read (a folder)
            status = os.fstat(handle.fileno())
            if not_regular(status) is not None:  # replaced since it was looked at
                return None, [DataError(shown_as, 0, "", f"is {not_regular(status)}, not a regular file",
                                        "data/ holds plain files only")]
            size = status.st_size
            if size > limit:
                return None, [DataError(shown_as, 0, "", f"is {size:,} bytes, more than {limit:,}", too_big)]
            raw = handle.read(size + 1)
            if len(raw) > size:  # it grew since: read on, but never more than the limit
                raw += handle.read(limit + 1 - len(raw))
    except OSError as error:
        if path.is_symlink():
            return None, [_linked(shown_as)]
        # As Path.exists() has it: no such file, a file where a folder should be, a loop of links.
        if missing_ok and error.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
            return None, []
        return None, [DataError(shown_as, 0, "", f"cannot be read ({error.strerror})",
                                "check the file exists and is readable")]
    if len(raw) > limit:
        return None, [DataError(shown_as, 0, "", f"is more than {limit:,} bytes", too_big)]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [DataError(shown_as, line, "", f"is not valid UTF-8 text (byte {error.start + 1})",
                                "save the file as UTF-8")]


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Should a named pipe appear between the look and the open, opening it must not wait for a writer.
_NO_WAIT = getattr(os, "O_NONBLOCK", 0)


def _open(path: str, flags: int) -> int:
    return os.open(path, flags | _NO_FOLLOW | _NO_WAIT)


def not_regular(status: os.stat_result) -> str | None:
    """What a file is, in an editor's words, when it is not a regular file (None when it is)."""
    mode = status.st_mode
    if stat.S_ISREG(mode):
        return None
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link"),
                       (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device")):
        if test(mode):
            return kind
    return "not a file"


def _linked(shown_as: str) -> DataError:
    return DataError(shown_as, 0, "", "is a symbolic link",
                     "data files must be plain files inside data/; copy the file instead")


# What to do with a data file that holds nothing: an article's fields are best started by the command that
# writes every one of them with its explanation.
EMPTY_HINT = ("fill it in as data/README.md says; for an article, `perspectives new CAPTURE --id ID` writes every "
              "field with what it means")


def parse_text(text: str, shown_as: str) -> tuple[Any, list[DataError]]:
    """Parse YAML text into Mapping/Sequence/scalars, or report why it cannot be."""
    try:
        loader = _Loader(text)
    except UnicodeEncodeError as error:  # a lone surrogate: no file read as UTF-8 holds one, but text can
        line = text[: error.start].count("\n") + 1
        return None, [DataError(shown_as, line, "", "holds a character that is not text (a lone surrogate)",
                                "save the file as UTF-8")]
    try:
        loader.get_event()  # StreamStart
        if loader.check_event(events.StreamEndEvent):
            return None, [DataError(shown_as, 1, "", "is empty", EMPTY_HINT)]
        loader.get_event()  # DocumentStart
        value = _Composer(loader, text).value(loader.get_event(), 0)
        loader.get_event()  # DocumentEnd
        if not loader.check_event(events.StreamEndEvent):
            line = loader.peek_event().start_mark.line + 1
            raise _Refused(line, "holds a second YAML document", "remove the `---` line and what follows it")
        return value, []
    except _Refused as refused:
        return None, [DataError(shown_as, refused.line, refused.field, refused.problem, refused.hint)]
    except yaml.MarkedYAMLError as error:
        # A merge left both sides in the file: say so, not what YAML makes of the markers.
        conflict = conflict_line(text)
        if conflict is not None:
            return None, [DataError(shown_as, conflict, "", "holds a merge's conflict markers (<<<<<<<, =======, "
                                    ">>>>>>>): two branches each changed these lines",
                                    "keep the lines that should stay, delete the markers and the rest")]
        mark = error.problem_mark or error.context_mark
        where = f" (column {mark.column + 1})" if mark else ""
        problem = " ".join((error.problem or error.context or "is not valid YAML").split())
        hint = "check indentation, colons and quoting on this line and the one above"
        if mark and _indented_with_tab(text, mark.line):  # YAML's own words never say "tab"
            hint = "indent with spaces: this line's indentation holds a tab, which YAML does not allow"
        elif mark and (quoted := _quoted_then_more(text, mark.line)):
            # `note: "Ice" may calm…`: YAML reads a value that starts with a quotation mark as ending at the next.
            key, opened = quoted
            other = "'" if opened == '"' else '"'
            hint = (f"a value that starts with {opened} ends at the next {opened}: put the whole value between "
                    f"{other} marks, `{key}: {other}{opened}…{opened} …{other}`"
                    + (" (an apostrophe inside written twice, '')" if other == "'" else "")
                    + ", or begin it with another word")
        return None, [DataError(shown_as, mark.line + 1 if mark else 0, "", f"YAML syntax error{where}: {problem}",
                                hint)]
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1 if isinstance(error.position, int) else 0
        return None, [DataError(shown_as, line, "", f"holds the control character {printable(chr(error.character))}",
                                "delete it; data files hold plain text")]
    except yaml.YAMLError as error:
        return None, [DataError(shown_as, 0, "", f"YAML error: {' '.join(str(error).split())}",
                                "check the file's syntax")]
    finally:
        loader.dispose()


# A line whose value starts with a quotation mark, closes it, and goes on: `note: "Ice" may calm it`.
_QUOTED_THEN_MORE = re.compile(r"""^\s*(?:-\s+)?([^\s:#'"][^:#]*?):\s+(["'])(?:(?!\2).)*\2\s*[^\s#]""")


def _line(text: str, line: int) -> str:
    """Line `line` (from 0) of `text`, or "" past its end."""
    lines = text.split("\n", line + 1)
    return lines[line] if line < len(lines) else ""


def _quoted_then_more(text: str, line: int) -> tuple[str, str] | None:
    """The key, and the quotation mark its value starts with, where line `line` (from 0) of `text` writes a
    value that starts with a quotation mark and goes on past the next."""
    found = _QUOTED_THEN_MORE.match(_line(text, line))
    return (found[1], found[2]) if found else None


def _indented_with_tab(text: str, line: int) -> bool:
    """Whether line `line` (from 0) of `text` has a tab in the white space it starts with."""
    content = _line(text, line)
    return "\t" in content[:len(content) - len(content.lstrip(" \t"))]


_ScalarEvent = events.ScalarEvent
# What a plain (unquoted) scalar means, decided as PyYAML's resolver decides it (by the patterns
# registered for its first character; text otherwise) without a Python call per scalar into the
# resolver: a 5,000-article check resolves a million scalars. tests/test_fuzz.py holds the two
# to the same answers.
_IMPLICIT = _Loader.yaml_implicit_resolvers


def plain_tag(value: str) -> str:
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return tag
    for tag, pattern in _IMPLICIT.get(None, ()):  # patterns for any first character (PyYAML registers none)
        if pattern.match(value):
            return tag
    return _STR


# What YAML takes for a line break (LibYAML and PyYAML alike).
_BREAKS = "\r\n\x85\u2028\u2029"
_LINE_BREAK = re.compile(f"\r\n|[{_BREAKS}]")


def commented_after_a_value(text: str) -> bool:
    """Whether `text` holds a ` #` (or tab and #) after something on its line: where YAML starts a comment that
    can cut a value short. Found by looking back from each `#`, which str.find finds at once: a pattern
    starting with "any character but white space" tries nearly every character of the file, 70 times slower,
    a fifth of what loading 1,000 articles took."""
    at = text.find("#")
    while at != -1:
        gap = at
        while gap and text[gap - 1] in " \t":
            gap -= 1
        if gap < at and gap and text[gap - 1] not in _BREAKS:
            return True
        at = text.find("#", at + 1)
    return False


class _Composer:
    """Builds values from the event stream, one level of nesting per call of `value`.

    Each call is handed the event that starts its value and reads exactly the
    events of that value, so the stream is walked with `get_event` alone: a
    5,000-article check reads two million events, and every call per event
    counts."""

    def __init__(self, loader: Any, text: str) -> None:
        self.loader = loader
        self.next = loader.get_event
        self.text = text
        # Where a comment can cut a value short: ` #` after something on its line (not a line of comment alone,
        # such as the schema line every new article starts with).
        self.commented = commented_after_a_value(text)

    @functools.cached_property
    def lines(self) -> list[str]:
        """The file's lines as YAML counts them (its marks' line numbers), split only when an unquoted value
        needs a look at its own."""
        return _LINE_BREAK.split(self.text)

    def value(self, event: Any, depth: int) -> Any:
        kind = type(event)
        if kind is _ScalarEvent:
            return self.scalar(event)
        line = event.start_mark.line + 1
        if kind is events.AliasEvent:
            raise _Refused(line, "an alias (*name) is not allowed here", "write the value out in full")
        if depth >= MAX_DEPTH:
            raise _Refused(line, f"is nested more than {MAX_DEPTH} levels deep", "flatten the structure")
        if event.tag not in (None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"):
            raise _Refused(line, f"the tag {event.tag} is not allowed", "remove the tag and write a plain value")
        if kind is events.SequenceStartEvent:
            return self.sequence(line, depth)
        if kind is events.MappingStartEvent:
            return self.mapping(line, depth)
        raise _Refused(line, "is not a value this file can hold", "see data/README.md")  # pragma: no cover

    def sequence(self, line: int, depth: int) -> Sequence:
        items = Sequence()
        items.line, items.lines = line, []
        event = self.next()
        while type(event) is not events.SequenceEndEvent:
            items.lines.append(event.start_mark.line + 1)
            try:
                items.append(self.value(event, depth + 1))
            except _Refused as refused:
                refused.path.insert(0, len(items))
                raise
            event = self.next()
        return items

    def mapping(self, line: int, depth: int) -> Mapping:
        mapping = Mapping()
        mapping.line, mapping.lines = line, {}
        event = self.next()
        while type(event) is not events.MappingEndEvent:
            key_line = event.start_mark.line + 1
            tag = self.tag(event) if type(event) is _ScalarEvent else None
            if tag == _MERGE:
                raise _Refused(key_line, "merge keys (<<) are not allowed", "write the fields out in full")
            if tag != _STR:
                raise _Refused(key_line, "a key must be plain text", "write the key as a word, e.g. `title:`")
            key = event.value
            if key in mapping:
                raise _Refused(key_line, f"the key {key!r} appears twice (first on line {mapping.lines[key]})",
                               "keep one of them", key)
            mapping.lines[key] = key_line
            event = self.next()
            try:
                mapping[key] = self.scalar(event) if type(event) is _ScalarEvent else self.value(event, depth + 1)
            except _Refused as refused:
                refused.path.insert(0, key)
                raise
            event = self.next()
        return mapping

    def unquoted(self, event: events.ScalarEvent) -> None:
        """Refuse an unquoted value that YAML reads otherwise than it looks.

        Followed on its line by ` #`: YAML reads the rest of the line as a comment, so `publisher: Northfield
        #1 Physio` would quietly be "Northfield", and a quotation cut short there would still be found in the
        capture. Running on to a line that starts with `- `: an item of a list indented too far, which YAML
        joins to the item above as more of its text."""
        start, end = event.start_mark, event.end_mark
        for number in range(start.line + 1, min(end.line, len(self.lines) - 1) + 1):
            if self.lines[number].lstrip(" ").startswith("- "):
                raise _Refused(number + 1, "this line starts with `- ` but YAML reads it as more of the text on "
                               "the line above, not as a new item of a list",
                               "to start a new item, indent its `- ` as the item above; if the dash belongs to "
                               "the text, put the whole text in quotes")
        if not self.commented:
            return
        rest = self.lines[end.line][end.column:] if end.line < len(self.lines) else ""
        if rest[:1] in (" ", "\t") and rest.lstrip(" \t").startswith("#"):
            raise _Refused(end.line + 1, f"{printable(rest.strip()[:40])!r}, after {printable(event.value[-30:])!r}, "
                           "is a comment to YAML (` #` starts one), so it is dropped from the value",
                           "if it belongs to the value, put the whole value in quotes; if it is a note, move it "
                           "to a line of its own")

    def tag(self, event: events.ScalarEvent) -> str:
        tag = event.tag
        if tag is not None and tag != "!":
            return tag
        if not event.implicit[0]:  # quoted: always text
            return _STR
        return plain_tag(event.value)

    def scalar(self, event: events.ScalarEvent) -> Any:
        if not event.style and (self.commented or event.end_mark.line > event.start_mark.line):
            self.unquoted(event)
        tag = self.tag(event)
        if tag == _STR or tag == _TIMESTAMP:
            return event.value
        if tag in _NUMBERS:
            return Number(event.value)
        line = event.start_mark.line + 1
        if tag not in _PLAIN_SCALARS:
            raise _Refused(line, f"the tag {tag} is not allowed", "remove the tag and write a plain value")
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError) as error:
            raise _Refused(line, f"cannot read {printable(event.value[:40])!r} as a number",
                           "quote it as text") from error
