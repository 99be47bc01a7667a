"""Read data/ into typed records, reporting every shape error with its line.

Shape means: the fields a record must have are there, no unknown field is,
and each value has the right type. Whether ids refer to anything, whether
quotations occur in the capture and the like is the check stage's job; this
stage only makes sure there is something well-formed to check.
"""

from __future__ import annotations

import dataclasses
import difflib
import fnmatch
import gc
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from perspectives.articlefile import ARTICLE, PLACEHOLDER, RENAMED, SCHEMA_FILE, Field
from perspectives.errors import DataError, is_invisible, printable
from perspectives.manifest import MANIFEST, RETIRED
from perspectives.rebuilds import digest
from perspectives.stancerecord import RECORD as STANCE_RECORD
from perspectives.urls import slug as slug_of
from perspectives.model import (
    IMPLIED_BY_LEAVING_OUT, VOCABULARY_NAMES, Article, Cell, Claim, Correction, Dataset, Dimension, Discipline,
    Evidence, Holding, Origin, Outline, Partial, SLUG, Quotation, Source, Stance, Term, Text, Unknown, Vocabularies,
)
from perspectives.yamlfile import Mapping, Number, Sequence, not_regular, parse_file, read_text

T = TypeVar("T")


@dataclass
class Reader:
    """Reads fields from one YAML mapping, collecting errors instead of raising.

    Each getter marks its field as known; `done()` then reports any field left
    over, with the closest known name as a hint.
    """

    mapping: Mapping
    path: str
    prefix: str
    errors: list[DataError]
    known: list[str] = field(default_factory=list)
    # The vocabularies, where loaded first: a term written by its label (`stance: Temporary relief only`) is
    # then told the id it names.
    vocabularies: Vocabularies | None = None

    def name(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def line(self, key: str) -> int:
        return self.mapping.lines.get(key, self.mapping.line)

    def error(self, key: str, problem: str, hint: str) -> None:
        self.errors.append(DataError(self.path, self.line(key), self.name(key), problem, hint))

    def origin(self) -> Origin:
        return Origin(self.path, self.mapping.line, self.mapping.lines, self.prefix)  # the parser's, never changed

    def _get(self, key: str, required: bool, expected: str) -> Any:
        self.known.append(key)
        if key not in self.mapping:
            if required:
                self.errors.append(DataError(self.path, self.mapping.line, self.name(key),
                                             "is missing", f"add `{key}:` ({expected})"))
            return None
        return self.mapping[key]

    def text(self, key: str, required: bool = True, slug: bool = False, limit: str = "text",
             expected: str | None = None) -> str | None:
        value = self.mapping.get(key)
        if type(value) is str and _plain_text_problem(value, "id" if slug else limit) is None:
            # Well-formed text, the common case, returns here (a 5,000-article check reads
            # 400,000 of them); anything else takes the long way below, which says what is wrong.
            text = value.strip()
            if text and (not slug or SLUG.match(text)):
                self.known.append(key)
                return text
        return self._text(key, required, slug, limit, expected)

    def _text(self, key: str, required: bool, slug: bool, limit: str, expected: str | None) -> str | None:
        expected = expected or ("an id of lowercase words joined by hyphens" if slug else "text")
        value = self._get(key, required, expected)
        if value is None:
            if key in self.mapping and required:
                self.error(key, "is empty", f"write the reason after `{key}:`, in a sentence" if key in ("none", "unknown")
                           else f"write {expected}, or `{{unknown: reason}}` where allowed")
            return None
        if isinstance(value, Number):
            self.error(key, f"should be {expected}, not a number", "put it in quotes to keep it as text: "
                       f"`{key}: \"{printable(value)}\"`")
            return None
        if isinstance(value, bool):
            self.error(key, f"should be {expected}, not true/false", "YAML reads a bare yes, no, on, off, true or "
                       f"false as true/false: put the text in quotes, e.g. `{key}: \"{'Yes' if value else 'No'}\"`")
            return None
        if not isinstance(value, str):
            self.error(key, f"should be {expected}, not {_kind(value)}", "write it on one line after the colon")
            return None
        problem = _plain_text_problem(value, "id" if slug else limit)
        if problem:
            self.error(key, *problem)
            return None
        value = value.strip()
        if not value:
            self.error(key, "is empty", f"write {expected}")
            return None
        if slug and not SLUG.match(value):
            as_id = slug_of(value)  # "Ready", "Back Brace": the id it reads as
            self.error(key, f"{printable(value)!r} is not a valid id",
                       f"ids are lowercase words joined by hyphens: write `{key}: {as_id}`" if as_id else
                       "use lowercase letters, digits and single hyphens, e.g. `back-brace`")
            return None
        return value

    def text_or_unknown(self, key: str, limit: str = "text") -> Text | None:
        value = self._get(key, True, "text, or `{unknown: reason}`")
        if isinstance(value, Mapping) and "unknown" not in value:
            # `author: {name: …}`: one error saying the two forms, rather than "name is not a known field" and
            # "unknown is missing", which suggested the second form alone.
            fields = ", ".join(f"`{printable(field)}`" for field in value) or "nothing"
            self.error(key, f"should be text or `{{unknown: reason}}`, not a mapping of {fields}",
                       f"write the {key.replace('_', ' ')} on one line after the colon (`{key}: …`), or "
                       f"`{key}: {{unknown: why it is not known}}` where the source does not give it")
            return None
        if isinstance(value, Mapping):
            sub = self.sub(key, value)
            reason = sub.text("unknown")
            sub.done()
            return Unknown(reason) if reason else None
        if value is None and key in self.mapping:
            self.error(key, "is empty", "write the value, or `{unknown: why it is unknown}`")
            return None
        text = self.text(key, limit=limit) if value is not None else None
        if text is not None and _words(text).strip(".") in STANDS_FOR_UNKNOWN:
            # `author: Unknown` would be published as the author's name (the page, the JSON, the sharing card).
            self.error(key, f"{printable(text)!r} would be published as if it were the {key}",
                       f"where the source does not give it, write `{key}: {{unknown: why it is not known}}`")
            return None
        return text

    def boolean(self, key: str) -> bool | None:
        value = self._get(key, True, "true or false")
        if value is not None and not isinstance(value, bool):
            self.error(key, f"should be true or false, not {_kind(value)}", "write `true` or `false`")
            return None
        return value

    def sub(self, key: str, value: Any = None) -> Reader | None:
        value = self.mapping.get(key) if value is None else value
        if not isinstance(value, Mapping):
            self.error(key, f"should be a set of fields, not {_kind(value)}", "indent its fields below it")
            return None
        return Reader(value, self.path, self.name(key), self.errors, vocabularies=self.vocabularies)

    def mapping_of(self, key: str, expected: str) -> Reader | None:
        value = self._get(key, True, expected)
        return None if value is None else self.sub(key, value)

    def items(self, key: str, each: Callable[[Reader], T | None], required: bool = True,
              minimum: int = 1, partial: bool = False, expected: str = "a list",
              instead: tuple[str, ...] = ()) -> tuple[T, ...] | None:
        """The list at `key`, each item read by `each`; None if any item is wrong,
        unless `partial`, which keeps the items that read cleanly. `instead`: the forms (articlefile.Field.instead)
        that may be written for a list the source leaves empty, offered where the list has too few items."""
        if not required and key not in self.mapping:
            self.known.append(key)
            return ()
        value = self._sequence(key, minimum, expected, instead)
        if value is None:
            return None
        results: list[T] = []
        ok = True
        for index, (item, line) in enumerate(zip(value, value.lines)):
            name = f"{self.name(key)}[{index}]"
            if not isinstance(item, Mapping):
                self.errors.append(DataError(self.path, line, name, f"should be a set of fields, not {_kind(item)}",
                                             "see data/README.md for the fields of an item"))
                ok = False
                continue
            result = each(Reader(item, self.path, name, self.errors, vocabularies=self.vocabularies))
            ok = ok and result is not None
            if result is not None or not partial:
                results.append(result)  # type: ignore[arg-type]
        return tuple(results) if ok or partial else None

    def _sequence(self, key: str, minimum: int, expected: str = "a list",
                  instead: tuple[str, ...] = ()) -> Sequence | None:
        """The list at `key`, if it is one with at least `minimum` items; else report why not."""
        value = self._get(key, True, expected)
        if value is None:
            return None
        if not isinstance(value, Sequence):
            self.error(key, f"should be a list, not {_kind(value)}", "start each item on its own line with `- `")
            return None
        if len(value) < minimum:
            forms = " or ".join(f"`{key}: {{{form}: why}}`" + (" (a partial capture)" if form == "unknown" else "")
                                for form in instead)
            self.error(key, f"needs at least {minimum} item{'s' if minimum > 1 else ''}",
                       "add them as `- ` lines" + (f", or write {forms}" if forms else ""))
            return None
        return value

    def ids(self, key: str, minimum: int = 1) -> tuple[str, ...] | None:
        value = self._get(key, True, "a list of ids, e.g. `[claim-a, claim-b]`")
        if value is None:
            return None
        if not isinstance(value, Sequence) or not all(isinstance(item, str) for item in value):
            self.error(key, f"should be a list of ids, not {_kind(value)}", "write `[first-id, second-id]`")
            return None
        if len(value) < minimum:
            self.error(key, f"needs at least {minimum} id", "name the claims that support this")
            return None
        return tuple(item.strip() for item in value)

    def former_ids(self) -> tuple[str, ...] | None:
        """`former_ids:`, optional: earlier ids whose URLs must keep working (a list of ids)."""
        if "former_ids" not in self.mapping:
            self.known.append("former_ids")
            return ()
        value = self.ids("former_ids")
        if value is None:
            return None
        bad = next((item for item in value if not SLUG.match(item)), None)
        if bad is not None:
            self.error("former_ids", f"{printable(bad)!r} is not a valid id",
                       "list the earlier ids exactly as they were, e.g. `[old-id]`")
            return None
        return value

    def strings(self, key: str, minimum: int = 1) -> tuple[tuple[str, int], ...] | None:
        value = self._sequence(key, minimum)
        if value is None:
            return None
        out = []
        for index, (item, line) in enumerate(zip(value, value.lines)):
            name = f"{self.name(key)}[{index}]"
            problem = _plain_text_problem(item, "quotation") if isinstance(item, str) else None
            if not isinstance(item, str) or not item.strip():
                problem = (f"should be text, not {'empty text' if isinstance(item, str) else _kind(item)}",
                           "quote the text")
            if problem:
                self.errors.append(DataError(self.path, line, name, *problem))
                return None
            out.append((item.strip(), line))
        return tuple(out)

    def done(self) -> None:
        for key in self.mapping:
            if key not in self.known:
                renamed = _renamed(self.name(str(key)))
                close = _close_field(key, self.known)
                hint = (renamed if renamed else f"did you mean `{close}`?" if close
                        else f"known fields: {', '.join(dict.fromkeys(self.known))}")
                self.error(key, "is not a known field", hint)


def _renamed(path: str) -> str | None:
    """What to write instead of a field that was renamed (articlefile.RENAMED), by its path (`a.b[2].c`)."""
    return RENAMED.get(re.sub(r"\[\d+\]", "[]", path))


def _close_field(key: object, names: Iterable[str]) -> str | None:
    """The field name `key` looks like a misspelling of, if any: compared by its letters (an escape sequence
    aside), closely (`tags` is no `status`)."""
    close = difflib.get_close_matches(re.sub(r"[^a-z_]", "", str(key).lower()) or str(key), list(names), n=1,
                                      cutoff=0.7)
    return close[0] if close else None


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, Number):  # the YAML reader keeps numbers as written
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return "text"


# The most characters each kind of text field may hold. Generous for real
# writing (the longest real summary is about 2,100 characters, the longest
# statement 600) and small enough that no single field can make the build
# slow: Markdown's inline processing is quadratic in runs of punctuation
# within one paragraph. Ids become file names and URLs, so they stay short.
TEXT_LIMITS = {"id": 80, "label": 100, "title": 300, "url": 2_000, "text": 1_500, "quotation": 600,
               "summary": 12_000}

# Line breaks belong in a summary; tabs are harmless white space. Any other
# control or format character (an ANSI escape, a bidirectional override, a
# zero-width space) can disguise what a reader or an editor sees.
_ALLOWED_INVISIBLE = "\n\t"


def _plain_text_problem(value: str, kind: str) -> tuple[str, str] | None:
    """Why `value` cannot be a text field of this kind, as (problem, hint); None if it can."""
    limit = TEXT_LIMITS[kind]
    if len(value) > limit:
        return (f"is {len(value):,} characters long, more than {limit:,}",
                "shorten it" + ("; quote one or two sentences" if kind == "quotation" else ""))
    # str.isprintable is False for every invisible category (and for spaces other than ' '): a fast path
    # for the common case, the per-character scan only for text that has something to find.
    visible = value.isprintable() or value.replace("\n", "").replace("\t", "").isprintable()
    hidden = None if visible else next((c for c in value if c not in _ALLOWED_INVISIBLE and is_invisible(c)), None)
    if hidden is not None:
        return (f"holds the invisible character {printable(hidden)} (U+{ord(hidden):04X})",
                "delete it: text fields hold plain, visible text")
    return None


# -- vocabularies ---------------------------------------------------------------------------------

def _term(reader: Reader) -> Term | None:
    term_id, label = reader.text("id", slug=True), reader.text("label", limit="label")
    description = reader.text("description")
    icon = reader.text("icon", required=False, slug=True)
    flags = {}
    for flag in ("implicit", "qualified", "published"):  # optional true/false flags of a term (see model.Term)
        flags[flag] = reader.mapping.get(flag, False)
        reader.known.append(flag)
        if not isinstance(flags[flag], bool):
            reader.error(flag, "should be true or false", f"write `{flag}: true` or leave it out")
    former_ids = reader.former_ids()
    conflicts = reader.ids("conflicts_with") if "conflicts_with" in reader.mapping else ()
    reader.known.append("conflicts_with")
    reader.done()
    if None in (term_id, label, description, former_ids, conflicts):
        return None
    return Term(term_id, label, description, reader.origin(), icon=icon, implicit=flags["implicit"] is True,
                qualified=flags["qualified"] is True, former_ids=former_ids, conflicts_with=conflicts,
                published=flags["published"] is True)


def _dimension(reader: Reader) -> Dimension | None:
    dimension_id, label = reader.text("id", slug=True), reader.text("label", limit="label")
    description = reader.text("description")
    field_name = reader.text("field", required=False)
    vocabulary = reader.text("vocabulary", required=False)
    former_ids = reader.former_ids()
    reader.done()
    if None in (dimension_id, label, description, former_ids):
        return None
    return Dimension(dimension_id, label, description, reader.origin(), field=field_name, vocabulary=vocabulary,
                     former_ids=former_ids)


def _list_file(path: Path, shown_as: str, each: Callable[[Reader], T | None], errors: list[DataError]) -> tuple[T, ...]:
    if not path.exists() and not path.is_symlink():
        errors.append(DataError(shown_as, 0, "", "is missing: the articles' ids refer to it",
                                f"restore it (git checkout -- {shown_as}), or write it anew; see data/README.md"))
        return ()
    value, parse_errors = parse_file(path, shown_as)
    # The file's list is read as `entries` (below): a refusal inside it is named so too.
    errors.extend(dataclasses.replace(error, field=f"entries{error.field}") if error.field.startswith("[") else error
                  for error in parse_errors)
    if parse_errors:
        return ()
    if not isinstance(value, Sequence):
        errors.append(DataError(shown_as, getattr(value, "line", 1), "", f"should be a list of entries, not {_kind(value)}",
                                "start each entry with `- id: …`"))
        return ()
    wrapper = Mapping(entries=value)
    wrapper.line, wrapper.lines = value.line, {"entries": value.line}
    # Keep the entries that read cleanly: one bad entry must not make every
    # article that uses the others fail as well.
    result = Reader(wrapper, shown_as, "", errors).items("entries", each, partial=True)
    return result or ()


def load_vocabularies(data_dir: Path, errors: list[DataError]) -> Vocabularies:
    folder = data_dir / "vocabularies"
    terms = {}
    broken = set()
    for name in VOCABULARY_NAMES:
        before = len(errors)
        terms[name] = _list_file(folder / f"{name}.yaml", _shown(data_dir, folder / f"{name}.yaml"), _term, errors)
        if len(errors) > before:
            broken.add(name)
    before = len(errors)
    dimensions = _list_file(folder / "dimensions.yaml", _shown(data_dir, folder / "dimensions.yaml"), _dimension, errors)
    if len(errors) > before:
        broken.add("dimensions")
    for extra in sorted(folder.glob("*.yaml")):
        if extra.stem not in (*VOCABULARY_NAMES, "dimensions"):
            errors.append(DataError(_shown(data_dir, extra), 0, "", "is not a known vocabulary",
                                    f"vocabularies are: {', '.join(VOCABULARY_NAMES)}, dimensions"))
    return Vocabularies(terms, dimensions, frozenset(broken))


# -- articles -------------------------------------------------------------------------------------
#
# Which fields an article file has, of which kind, required or not, is defined
# once in articlefile.py; `_read` reads any record of that definition with the
# Reader method for its kind, and the builders below turn what it read into
# typed records.

_MISSING = object()  # an optional field that is not written


def _named_not_identified(reader: Reader, key: str, vocabulary: str) -> bool:
    """Whether `key` holds a term of `vocabulary` written as words (its label, say) rather than its id, which
    is then reported with the id of the term it names, or of the closest label; the id the words read as
    (`temporary-relief-only`) may be no term's, so it is not offered unless it is one."""
    given = reader.mapping.get(key)
    vocabularies = reader.vocabularies
    if (vocabularies is None or vocabulary in vocabularies.broken or type(given) is not str
            or SLUG.match(given.strip()) or _plain_text_problem(given, "label") is not None or not given.strip()):
        return False
    every = vocabularies.terms.get(vocabulary, ())
    by_label = {_words(term.label): term for term in every}
    term = by_label.get(_words(given)) or vocabularies.get(vocabulary, slug_of(given) or "")
    reader.known.append(key)
    if term is not None and term.implicit:  # `stance: Not mentioned`: what leaving the entry out says
        reader.error(key, f"{printable(given.strip())!r} {IMPLIED_BY_LEAVING_OUT[0]}", IMPLIED_BY_LEAVING_OUT[1])
        return True
    terms = [other for other in every if not other.implicit]
    if term is not None:
        hint = f"write the id of the term it names: `{key}: {term.id}` (“{term.label}”)"
    else:
        close = difflib.get_close_matches(_words(given), [_words(other.label) for other in terms], n=1, cutoff=0.6)
        hint = (f"write a term's id: did you mean `{key}: {by_label[close[0]].id}` (“{by_label[close[0]].label}”)? "
                f"If not, add the term to vocabularies/{vocabulary}.yaml" if close else
                f"write a term's id from vocabularies/{vocabulary}.yaml: {', '.join(term.id for term in terms)}"
                if terms else f"add the term to vocabularies/{vocabulary}.yaml and write its id")
    reader.error(key, f"{printable(given.strip())!r} is not an id", hint)
    return True


# What an editor writes for a value the source does not give, which only `{unknown: reason}` may say.
STANDS_FOR_UNKNOWN = frozenset({"unknown", "not known", "n/a", "na", "none", "not given", "not stated", "tbd", "?",
                                "-", "—"})


def _words(text: str) -> str:
    """Text as a label is matched: case and spacing aside."""
    return " ".join(text.split()).casefold()


def _placeholder(value: Any) -> bool:
    if isinstance(value, str):
        return value.lstrip().startswith(PLACEHOLDER)
    # A list holds placeholders as its items (`[FILL IN]`); a list of records is read record by record.
    return isinstance(value, list) and any(isinstance(item, str) and item.lstrip().startswith(PLACEHOLDER)
                                           for item in value)


def _read(reader: Reader, fields: tuple[Field, ...], build: Callable[[Reader, dict[str, Any]], T | None]) -> T | None:
    """Read every field of one record as its definition says; None if a required one is wrong."""
    values: dict[str, Any] = {}
    ok = True
    misspelt: set[str | None] | None = None  # looked for only once a required field is missing
    for spec in fields:
        written = reader.mapping.get(spec.name, _MISSING)
        if written is _MISSING and spec.required:
            # A required field written under a misspelt name (`short_tilte:`) is one mistake: reported once,
            # at the misspelling, with the name it meant (Reader.done), not also as missing.
            if misspelt is None:
                names = [each.name for each in fields]
                misspelt = {_close_field(key, names) for key in reader.mapping
                            if key not in names and _renamed(reader.name(str(key))) is None}
            if spec.name in misspelt:
                reader.known.append(spec.name)
                ok = False
                continue
        if written is not _MISSING and _placeholder(written):
            reader.known.append(spec.name)
            # Where the source may not say, the form that says so, which a new editor would not guess.
            unknown = (f"; or, where the source does not give it, `{spec.name}: {{unknown: why it is not known}}`"
                       if spec.unknown and "unknown" not in spec.description else "")
            reader.error(spec.name, "still holds the placeholder of a new article",
                         f"write it: {spec.description.rstrip('.') if unknown else spec.description}{unknown}")
            ok = False
            continue
        if written is _MISSING and not spec.required and spec.kind != "list":
            reader.known.append(spec.name)
            values[spec.name] = _MISSING
            continue
        value = _read_field(reader, spec)
        if value is None and (spec.required or spec.name in reader.mapping):
            ok = False
        values[spec.name] = value
    built = build(reader, values) if ok else None
    reader.done()
    return built


def _read_field(reader: Reader, spec: Field) -> Any:
    key = spec.name
    if spec.kind in ("text", "url", "date"):
        return (reader.text_or_unknown(key, limit=spec.limit) if spec.unknown
                else reader.text(key, required=spec.required, limit=spec.limit, expected=spec.expected))
    if spec.kind == "id":
        if spec.vocabulary and _named_not_identified(reader, spec.name, spec.vocabulary):
            return None
        return reader.text(key, required=spec.required, slug=True, expected=spec.expected)
    if spec.kind == "flag":
        return reader.boolean(key)
    if spec.kind == "choice":
        written = [f"`{key}: {choice}`" for choice in spec.choices]
        hint = "write " + ", ".join(written[:-1]) + " or " + written[-1]
        given = reader.mapping.get(key)
        if isinstance(given, str) and not SLUG.match(given.strip()) and _plain_text_problem(given, "id") is None:
            # `status: Ready`, `compared: Matched`: the choice it reads as, if one; else the choices (an id it
            # reads as that is no choice would only lead to the next error).
            as_id = slug_of(given)
            reader.known.append(key)
            reader.error(key, f"{printable(given)!r} is not one of: {', '.join(spec.choices)}",
                         f"write `{key}: {as_id}`" if as_id in spec.choices else hint)
            return None
        if isinstance(given, (bool, Number)):  # `compared: no` reads as false: quoting it would not help
            reader.known.append(key)
            read = (f"reads as {str(given).lower()} (YAML takes a bare yes, no, on or off for true or "
                    "false)" if isinstance(given, bool) else "is a number")
            reader.error(key, f"{read}, not one of: {', '.join(spec.choices)}", hint)
            return None
        value = reader.text(key, required=spec.required, slug=True, expected=spec.expected)
        if value is not None and value not in spec.choices:
            reader.error(key, f"{value!r} is not one of: {', '.join(spec.choices)}", hint)
            return None
        return value
    if spec.kind == "sha256":
        # An empty hash is how a new article starts: the checker then prints the hash to use.
        if reader.mapping.get(key, "missing") in ("", None):
            reader.known.append(key)
            return ""
        return reader.text(key)
    if spec.kind == "ids":
        return reader.ids(key)
    if spec.kind == "quotations":
        return reader.strings(key)
    if spec.kind == "list":
        if (spec.none or spec.unknown_if_partial) and isinstance(reader.mapping.get(key), Mapping):
            return _list_instead(reader, spec)
        return reader.items(key, lambda item: _read(item, spec.fields, _BUILDERS[spec.name]),
                            required=spec.required, minimum=spec.minimum, expected=spec.expected,
                            instead=spec.instead)
    if spec.kind == "mapping":
        value = reader.mapping.get(key)
        if spec.unknown and isinstance(value, Mapping) and "unknown" in value:
            return reader.text_or_unknown(key)
        sub = reader.mapping_of(key, spec.expected)
        return _read(sub, spec.fields, _BUILDERS[spec.name]) if sub else None
    if spec.kind == "cells":
        return _comparison(reader, spec)
    raise ValueError(f"unknown kind of field: {spec.kind}")  # pragma: no cover - a definition error


@dataclass(frozen=True)
class NoneGiven:
    """A list the source honestly leaves empty (`{none: why}`)."""

    reason: str


@dataclass(frozen=True)
class UnknownGiven:
    """A list nothing in an incomplete capture fills, the rest unknown (`{unknown: why}`)."""

    reason: str


def _list_instead(reader: Reader, spec: Field) -> NoneGiven | UnknownGiven | None:
    """`{none: why}` or `{unknown: why}` written where a list may be, as the definition allows."""
    reader.known.append(spec.name)
    sub = reader.sub(spec.name)
    if sub is None:
        return None
    forms = spec.instead
    written = [form for form in forms if form in sub.mapping]
    if len(written) != 1:
        choices = " or ".join(f"`{form}: why`" for form in forms)
        reader.error(spec.name, f"should be a list, or hold exactly one of {choices}",
                     f"write the list, or {choices} with the reason")
        sub.known.extend(forms)
        sub.done()
        return None
    reason = sub.text(written[0])
    sub.done()
    if reason is None:
        return None
    return NoneGiven(reason) if written[0] == "none" else UnknownGiven(reason)


def _comparison(reader: Reader, spec: Field) -> dict[str, Cell] | None:
    comparison_reader = reader.mapping_of(spec.name, spec.expected)
    if not comparison_reader:
        return None
    comparison: dict[str, Cell] = {}
    ok = True
    for key in comparison_reader.mapping:
        cell_reader = comparison_reader.sub(key)
        cell = _cell(cell_reader, key) if cell_reader else None
        comparison_reader.known.append(key)
        ok = ok and cell is not None
        if cell is not None:
            comparison[key] = cell
    return comparison if ok else None


def _cell(reader: Reader, dimension: str) -> Cell | None:
    present = [kind for kind in ("value", "none", "unknown") if kind in reader.mapping]
    if len(present) != 1:
        reader.errors.append(DataError(reader.path, reader.mapping.line, reader.prefix,
                                       "needs exactly one of `value`, `none` or `unknown`",
                                       "write `value:` with `claims:`, or `none: reason`, or `unknown: reason`"))
        return None
    kind = present[0]
    if _placeholder(reader.mapping.get(kind)) or _placeholder(reader.mapping.get("claims")) \
            or _placeholder(reader.mapping.get("short")):
        field_name = next(name for name in (kind, "short", "claims") if _placeholder(reader.mapping.get(name)))
        reader.error(field_name, "still holds the placeholder of a new article",
                     f"write it: {CELL_FIELDS[field_name].description}")
        return None
    text = reader.text(kind)
    claims = reader.ids("claims") if kind == "value" else ()
    # Read wherever it is written; whether this cell needs or may have one, and
    # how long it may be, depends on the dimension: the check stage says.
    written = "short" in reader.mapping
    short = reader.text("short") if written else None
    reader.known.append("short")
    implied = reader.boolean("implied") if "implied" in reader.mapping else False
    reader.known.append("implied")
    if implied and kind != "value":
        reader.error("implied", f"goes with `value:`, not with `{kind}:`",
                     "remove it: only a value can be implied by the text")
        implied = None
    reader.done()
    if text is None or claims is None or (written and short is None) or implied is None:
        return None
    return Cell(dimension, kind, text, claims, reader.origin(), short, implied)


CELL_FIELDS = {field.name: field for field in ARTICLE.field("comparison").fields}


def _given(value: Any, default: Any = None) -> Any:
    return default if value is _MISSING else value


def _build_claim(reader: Reader, v: dict[str, Any]) -> Claim:
    return Claim(v["id"], v["statement"], tuple(Quotation(text, line) for text, line in v["quotations"]),
                 reader.origin(), _given(v["former_ids"], ()))


def _build_stance(reader: Reader, v: dict[str, Any]) -> Stance:
    also = tuple(dataclasses.replace(entry, treatment=v["treatment"]) for entry in v["also"])
    return Stance(v["treatment"], v["stance"], v["note"], v["claims"], reader.origin(), _given(v["qualifier"]),
                  _given(v["implied"], False), also)


def _build_also(reader: Reader, v: dict[str, Any]) -> Stance:
    # The treatment is its entry's: _build_stance fills it in.
    return Stance("", v["stance"], v["note"], v["claims"], reader.origin(), _given(v["qualifier"]),
                  _given(v["implied"], False))


def _build_holding(reader: Reader, v: dict[str, Any]) -> Holding:
    return Holding(v["theme"], v["note"], v["claims"], reader.origin(), v["position"], _given(v["implied"], False),
                   _given(v["limited"]))


def _build_evidence(reader: Reader, v: dict[str, Any]) -> Evidence:
    return Evidence(v["cited"], v["kind"], v["for"], v["role"], v["claims"], reader.origin())


def _build_correction(reader: Reader, v: dict[str, Any]) -> Correction:
    return Correction(v["date"], v["note"], reader.origin())


def _build_partial(reader: Reader, v: dict[str, Any]) -> Partial:
    return Partial(v["ends"], v["missing"], reader.origin())


def _build_source(reader: Reader, v: dict[str, Any]) -> Source:
    return Source(v["url"], _given(v["captured_from"]), v["compared"], _given(v["note"]), v["capture_sha256"],
                  reader.origin(), _given(v["partial"]))


def _build_discipline(reader: Reader, v: dict[str, Any]) -> Discipline:
    return Discipline(v["id"], v["basis"], reader.origin())


_BUILDERS: dict[str, Callable[[Reader, dict[str, Any]], Any]] = {
    "claims": _build_claim, "treatments": _build_stance, "also": _build_also, "themes": _build_holding,
    "evidence": _build_evidence,
    "corrections": _build_correction, "partial": _build_partial, "source": _build_source,
    "discipline": _build_discipline,
}


def _build_article(capture: str | None, capture_file: str) -> Callable[[Reader, dict[str, Any]], Article]:
    def build(reader: Reader, v: dict[str, Any]) -> Article:
        discipline = v["discipline"]
        if isinstance(discipline, Unknown):
            discipline = Discipline(None, discipline.reason, reader.origin(), unknown=True)
        evidence = v["evidence"]
        paragraphs = tuple(" ".join(block.split()) for block in re.split(r"\n\s*\n", v["summary"]) if block.strip())
        return Article(
            v["id"], v["short_title"], v["title"], _given(v["title_note"]), v["author"], v["publisher"],
            v["published"], discipline, v["format"], v["source"], paragraphs, v["claims"], v["comparison"],
            v["treatments"], v["themes"], capture, reader.origin(), capture_file,
            status=v["status"], added=v["added"], reviewed=_given(v["reviewed"]),
            corrections=v["corrections"], former_ids=_given(v["former_ids"], ()),
            evidence=() if isinstance(evidence, (NoneGiven, UnknownGiven)) else evidence,
            cites_nothing=evidence.reason if isinstance(evidence, NoneGiven) else None,
            evidence_unknown=evidence.reason if isinstance(evidence, UnknownGiven) else None,
        )
    return build


def _article(reader: Reader, capture: str | None, capture_file: str) -> Article | None:
    return _read(reader, ARTICLE.fields, _build_article(capture, capture_file))


def load_article(path: Path, data_dir: Path, errors: list[DataError],
                 vocabularies: Vocabularies | None = None) -> Article | None:
    shown = _shown(data_dir, path)
    value, parse_errors = parse_file(path, shown)
    errors.extend(parse_errors)
    if parse_errors:
        return None
    if not isinstance(value, Mapping):
        errors.append(DataError(shown, getattr(value, "line", 1), "", f"should be a set of fields, not {_kind(value)}",
                                "start with `id: <article-id>`; see data/README.md"))
        return None
    capture_path = data_dir / "captures" / f"{path.stem}.txt"
    capture_shown = _shown(data_dir, capture_path)
    capture, capture_errors = read_text(capture_path, capture_shown, MAX_CAPTURE_BYTES,
                                        "capture only the article's own text", missing_ok=True)
    errors.extend(capture_errors)
    if capture == "":
        errors.append(DataError(capture_shown, 0, "", "is empty", "copy the captured text there, byte for byte"))
    if capture_errors or capture == "":
        capture = ""  # present but unusable or empty: reported here, so not "missing" too
    return _article(Reader(value, shown, "", errors, vocabularies=vocabularies), capture, capture_shown)


class Memo:
    """The articles loaded before, for a process that loads the same data again after every edit (`mkdocs
    serve`, which at 1,000 articles spent a second and a half reading 999 unchanged files). An article whose
    file and capture hold the bytes they held, loaded against equal vocabularies, is the article loaded then
    (records are immutable), with the same errors. Only regular files are remembered: anything else is read
    as load_article reads it, and says what it is."""

    def __init__(self) -> None:
        self._vocabularies: Vocabularies | None = None
        self._articles: dict[Path, _Loaded] = {}

    def load_articles(self, paths: list[Path], data_dir: Path, errors: list[DataError],
                      vocabularies: Vocabularies) -> list[Article | None]:
        """load_article of each of `paths`, read again only where it changed; the articles of other paths
        (removed or renamed since) are forgotten."""
        if vocabularies != self._vocabularies:
            self._articles.clear()
            self._vocabularies = vocabularies
        known, self._articles = self._articles, {}
        articles = []
        for path in paths:
            capture = data_dir / "captures" / f"{path.stem}.txt"
            contents = (_contents(path), _contents(capture, missing_ok=True))
            loaded = known.get(path)
            if loaded is None or loaded.contents != contents or None in contents:
                found: list[DataError] = []
                loaded = _Loaded(contents, load_article(path, data_dir, found, vocabularies), tuple(found))
                # Kept only if neither file changed while it was read: what was read is then what was digested.
                if None not in contents and contents == (_contents(path), _contents(capture, missing_ok=True)):
                    self._articles[path] = loaded
            else:
                self._articles[path] = loaded
            errors.extend(loaded.errors)
            articles.append(loaded.article)
        return articles


@dataclass(frozen=True)
class _Loaded:
    """What Memo keeps of an article: its file's and capture's digests (_contents), the article, its errors."""

    contents: tuple[bytes | None, bytes | None]
    article: Article | None
    errors: tuple[DataError, ...]


def _contents(path: Path, missing_ok: bool = False) -> bytes | None:
    """A digest of a regular file's bytes (b"" if it is missing and may be), else None: what Memo compares."""
    try:
        status = path.lstat()
    except FileNotFoundError:
        return b"" if missing_ok else None
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_CAPTURE_BYTES:
        return None
    try:
        return digest(path)
    except OSError:
        return None


# The most files data/ may hold and the largest capture: enough for tens of
# thousands of articles and a long transcript, small enough that a build
# stays within the machine's memory whatever a contributor sends.
MAX_ARTICLES = 20_000
MAX_CAPTURE_BYTES = 1_000_000

# What each folder of data/ holds; anything else is reported rather than
# silently ignored (an `x.yml` would otherwise never be read).
_LAYOUT = {"articles": ".yaml", "captures": ".txt", "vocabularies": ".yaml"}
# The schema editors' YAML tools read (articlefile.py); the URLs the site promises (manifest.py); the stances
# it has published (stancerecord.py).
_TOP_FILES = {"README.md", SCHEMA_FILE, MANIFEST, RETIRED, STANCE_RECORD}
_HELD = [f"{name}/" for name in sorted(_LAYOUT)] + sorted(_TOP_FILES)


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of `folder` in name order; none if it is not a folder."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda entry: entry.name)


def unexpected_files(data_dir: Path, article_stems: set[str], loaded: Iterable[Outline]) -> list[DataError]:
    """Links, stray files and folders under data/, each with what to do about it.

    `article_stems` names every article file; of the `loaded` articles, one
    whose file is named otherwise than its id may own a capture named after
    the id, and the message says so."""
    loaded = list(loaded)
    misnamed = {article.id: article.origin.path for article in loaded
                if article.origin.path.rsplit("/", 1)[-1] != f"{article.id}.yaml"}
    renamed = {former: article.origin.path for article in loaded for former in article.former_ids}
    errors = []
    for entry in sorted(data_dir.iterdir()):
        shown = _shown(data_dir, entry)
        if entry.is_symlink():
            errors.append(DataError(shown, 0, "", "is a symbolic link", "data/ holds plain files and folders only"))
        elif entry.is_dir() and entry.name in _LAYOUT:
            continue
        elif not (entry.is_file() and entry.name in _TOP_FILES):
            errors.append(DataError(shown, 0, "(folder)" if entry.is_dir() else "", "is not part of the data layout",
                                    f"data/ holds {', '.join(_HELD[:-1])} and {_HELD[-1]}; move or remove it"))
    for folder, suffix in _LAYOUT.items():
        # Listed with scandir, which knows each entry's kind without a stat: captures/ holds one file per article.
        for entry in _entries(data_dir / folder):
            if entry.is_symlink():
                continue  # reported where the file is read
            stem, extension = os.path.splitext(entry.name)
            if extension == suffix and not entry.is_file():  # a folder, named pipe, socket or device by that name
                if folder == "captures" and stem in article_stems:
                    continue  # reported where the article's capture is read
                kind = not_regular(entry.stat(follow_symlinks=False))
                errors.append(DataError(_shown(data_dir, Path(entry.path)), 0, "(folder)" if kind == "a folder" else "",
                                        f"is {kind}, not a regular file, so it is not read",
                                        f"{folder}/ holds plain {suffix} files only: put the file's text there, "
                                        "or remove it"))
            elif not entry.is_file() or extension != suffix:
                path = Path(entry.path)
                hint = (f"rename it to {path.stem}{suffix}" if entry.is_file() and path.suffix in (".yml", ".txt", ".yaml")
                        else f"{folder}/ holds only {suffix} files")
                errors.append(DataError(_shown(data_dir, path), 0, "", f"is not a {suffix} file, so it is not read", hint))
            elif folder == "captures" and stem not in article_stems:
                articles = _shown(data_dir, data_dir / "articles")
                owner = renamed.get(stem)
                hint = (f"it is named after the id of {misnamed[stem]}, but captures are found by the article "
                        f"file's name: rename that file to {stem}.yaml" if stem in misnamed
                        else f"it is named after a former id of {owner}, renamed: rename the capture to "
                             f"{_shown(data_dir, data_dir / folder)}/{owner.rsplit('/', 1)[-1].removesuffix('.yaml')}"
                             f"{suffix} (git mv keeps its history)" if owner is not None
                        else f"add {articles}/{stem}.yaml, or remove the capture")
                errors.append(DataError(_shown(data_dir, Path(entry.path)), 0, "", "belongs to no article", hint))
    return errors


def load_dataset(data_dir: Path, select: str | None = None,
                 memo: Memo | None = None) -> tuple[Dataset, list[DataError]]:
    """Load everything under `data_dir`; the dataset holds only what loaded cleanly.

    `select`, a glob such as `gold-*`, loads only the articles whose id matches
    it: the preview of a few articles that `make serve PREVIEW=…` rebuilds in
    a moment however large data/ grows (`make check` still checks them all).
    `memo` keeps the articles for the next load of the same data (`mkdocs serve`).
    """
    errors: list[DataError] = []
    if not is_data_folder(data_dir, errors):
        return Dataset(Vocabularies({}, ()), ()), errors
    vocabularies = load_vocabularies(data_dir, errors)
    paths, every_stem = article_paths(data_dir, select, errors)
    with retained_allocations():
        articles = (memo.load_articles(paths, data_dir, errors, vocabularies) if memo is not None
                    else [load_article(path, data_dir, errors, vocabularies) for path in paths])
    loaded = tuple(sorted((a for a in articles if a is not None), key=lambda a: a.id))
    errors += unexpected_files(data_dir, every_stem, [article.outline for article in loaded])
    return Dataset(vocabularies, loaded), errors


def is_data_folder(data_dir: Path, errors: list[DataError]) -> bool:
    if data_dir.is_symlink() or not data_dir.is_dir():
        errors.append(DataError(data_dir.as_posix(), 0, "", "is not a folder", "run from the project folder"))
        return False
    return True


def article_paths(data_dir: Path, select: str | None, errors: list[DataError]) -> tuple[list[Path], set[str]]:
    """The article files to load (those `select` matches, if given), and the names of all of them:
    a preview's unselected articles still own their captures."""
    paths = [Path(entry.path) for entry in _entries(data_dir / "articles")
             if entry.name.endswith(".yaml") and (entry.is_file() or entry.is_symlink())]
    every_stem = {path.stem for path in paths}
    if not paths:
        errors.append(DataError(_shown(data_dir, data_dir / "articles"), 0, "", "holds no article files",
                                "add data/articles/<id>.yaml"))
    if len(paths) > MAX_ARTICLES:
        errors.append(DataError(_shown(data_dir, data_dir / "articles"), 0, "",
                                f"holds {len(paths):,} article files, more than {MAX_ARTICLES:,}",
                                "raise MAX_ARTICLES in scripts/perspectives/load.py after measuring a build"))
        return [], every_stem
    if select is not None:
        paths = [path for path in paths if fnmatch.fnmatchcase(path.stem, select)]
        if not paths:
            errors.append(DataError(_shown(data_dir, data_dir / "articles"), 0, "",
                                    f"holds no article whose id matches PREVIEW={select!r}",
                                    "use a glob of article ids, such as PREVIEW='gold-*'"))
    return paths, every_stem


@contextmanager
def retained_allocations() -> Iterator[None]:
    """Pause Python's cycle collector while loading: the loader allocates millions of small objects,
    keeps them all and makes no cycles, and each full collection would walk every one kept so far
    (at 5,000 articles, about 15 % of the loading time). The collector resumes as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _shown(data_dir: Path, path: Path) -> str:
    """A path as the editor knows it: `data/articles/x.yaml`."""
    try:
        return (Path(data_dir.name) / path.relative_to(data_dir)).as_posix()
    except ValueError:
        return path.as_posix()
