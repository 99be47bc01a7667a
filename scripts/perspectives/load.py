"""Read data/ into typed records, reporting every shape error with its line.

Shape means: the fields a record must have are there, no unknown field is,
and each value has the right type. Whether ids refer to anything, whether
quotations occur in the capture and the like is the check stage's job; this
stage only makes sure there is something well-formed to check.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from perspectives.errors import DataError, is_invisible, printable
from perspectives.model import (
    VOCABULARY_NAMES, Article, Cell, Claim, Dataset, Dimension, Discipline, Holding, Origin,
    SLUG, Quotation, Source, Stance, Term, Text, Unknown, Vocabularies,
)
from perspectives.yamlfile import Mapping, Number, Sequence, parse_file, read_text

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

    def name(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def line(self, key: str) -> int:
        return self.mapping.lines.get(key, self.mapping.line)

    def error(self, key: str, problem: str, hint: str) -> None:
        self.errors.append(DataError(self.path, self.line(key), self.name(key), problem, hint))

    def origin(self) -> Origin:
        return Origin(self.path, self.mapping.line, dict(self.mapping.lines), self.prefix)

    def _get(self, key: str, required: bool, expected: str) -> Any:
        self.known.append(key)
        if key not in self.mapping:
            if required:
                self.errors.append(DataError(self.path, self.mapping.line, self.name(key),
                                             "is missing", f"add `{key}:` ({expected})"))
            return None
        return self.mapping[key]

    def text(self, key: str, required: bool = True, slug: bool = False, limit: str = "text") -> str | None:
        expected = "an id of lowercase words joined by hyphens" if slug else "text"
        value = self._get(key, required, expected)
        if value is None:
            if key in self.mapping and required:
                self.error(key, "is empty", f"write {expected}, or `{{unknown: reason}}` where allowed")
            return None
        if isinstance(value, Number):
            self.error(key, f"should be {expected}, not a number", "put it in quotes to keep it as text: "
                       f"`{key}: \"{printable(value)}\"`")
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
            self.error(key, f"{printable(value)!r} is not a valid id",
                       "use lowercase letters, digits and single hyphens, e.g. `back-brace`")
            return None
        return value

    def text_or_unknown(self, key: str, limit: str = "text") -> Text | None:
        value = self._get(key, True, "text, or `{unknown: reason}`")
        if isinstance(value, Mapping):
            sub = self.sub(key, value)
            reason = sub.text("unknown")
            sub.done()
            return Unknown(reason) if reason else None
        if value is None and key in self.mapping:
            self.error(key, "is empty", "write the value, or `{unknown: why it is unknown}`")
            return None
        return self.text(key, limit=limit) if value is not None else None

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
        return Reader(value, self.path, self.name(key), self.errors)

    def mapping_of(self, key: str, expected: str) -> Reader | None:
        value = self._get(key, True, expected)
        return None if value is None else self.sub(key, value)

    def items(self, key: str, each: Callable[[Reader], T | None], required: bool = True,
              minimum: int = 1, partial: bool = False) -> tuple[T, ...] | None:
        """The list at `key`, each item read by `each`; None if any item is wrong,
        unless `partial`, which keeps the items that read cleanly."""
        if not required and key not in self.mapping:
            self.known.append(key)
            return ()
        value = self._sequence(key, minimum)
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
            result = each(Reader(item, self.path, name, self.errors))
            ok = ok and result is not None
            if result is not None or not partial:
                results.append(result)  # type: ignore[arg-type]
        return tuple(results) if ok or partial else None

    def _sequence(self, key: str, minimum: int) -> Sequence | None:
        """The list at `key`, if it is one with at least `minimum` items; else report why not."""
        value = self._get(key, True, "a list")
        if value is None:
            return None
        if not isinstance(value, Sequence):
            self.error(key, f"should be a list, not {_kind(value)}", "start each item on its own line with `- `")
            return None
        if len(value) < minimum:
            self.error(key, f"needs at least {minimum} item{'s' if minimum > 1 else ''}", "add them as `- ` lines")
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
                close = difflib.get_close_matches(key, self.known, n=1)
                hint = f"did you mean `{close[0]}`?" if close else f"known fields: {', '.join(dict.fromkeys(self.known))}"
                self.error(key, "is not a known field", hint)


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
    visible = value.replace("\n", "").replace("\t", "").isprintable()
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
    implicit = reader.mapping.get("implicit", False)
    reader.known.append("implicit")
    if not isinstance(implicit, bool):
        reader.error("implicit", "should be true or false", "write `implicit: true` or leave it out")
    reader.done()
    if None in (term_id, label, description):
        return None
    return Term(term_id, label, description, reader.origin(), icon=icon, implicit=implicit is True)


def _dimension(reader: Reader) -> Dimension | None:
    dimension_id, label = reader.text("id", slug=True), reader.text("label", limit="label")
    description = reader.text("description")
    field_name = reader.text("field", required=False)
    vocabulary = reader.text("vocabulary", required=False)
    reader.done()
    if None in (dimension_id, label, description):
        return None
    return Dimension(dimension_id, label, description, reader.origin(), field=field_name, vocabulary=vocabulary)


def _list_file(path: Path, shown_as: str, each: Callable[[Reader], T | None], errors: list[DataError]) -> tuple[T, ...]:
    value, parse_errors = parse_file(path, shown_as)
    errors.extend(parse_errors)
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
    for name in VOCABULARY_NAMES:
        terms[name] = _list_file(folder / f"{name}.yaml", _shown(data_dir, folder / f"{name}.yaml"), _term, errors)
    dimensions = _list_file(folder / "dimensions.yaml", _shown(data_dir, folder / "dimensions.yaml"), _dimension, errors)
    for extra in sorted(folder.glob("*.yaml")):
        if extra.stem not in (*VOCABULARY_NAMES, "dimensions"):
            errors.append(DataError(_shown(data_dir, extra), 0, "", "is not a known vocabulary",
                                    f"vocabularies are: {', '.join(VOCABULARY_NAMES)}, dimensions"))
    return Vocabularies(terms, dimensions)


# -- articles -------------------------------------------------------------------------------------

def _claim(reader: Reader) -> Claim | None:
    claim_id, statement = reader.text("id", slug=True), reader.text("statement")
    quotations = reader.strings("quotations")
    reader.done()
    if None in (claim_id, statement, quotations):
        return None
    return Claim(claim_id, statement, tuple(Quotation(text, line) for text, line in quotations), reader.origin())


def _cell(reader: Reader, dimension: str) -> Cell | None:
    present = [kind for kind in ("value", "none", "unknown") if kind in reader.mapping]
    if len(present) != 1:
        reader.errors.append(DataError(reader.path, reader.mapping.line, reader.prefix,
                                       "needs exactly one of `value`, `none` or `unknown`",
                                       "write `value:` with `claims:`, or `none: reason`, or `unknown: reason`"))
        return None
    kind = present[0]
    text = reader.text(kind)
    claims = reader.ids("claims") if kind == "value" else ()
    # Read wherever it is written; whether this cell needs or may have one, and
    # how long it may be, depends on the dimension: the check stage says.
    written = "short" in reader.mapping
    short = reader.text("short") if written else None
    reader.known.append("short")
    reader.done()
    if text is None or claims is None or (written and short is None):
        return None
    return Cell(dimension, kind, text, claims, reader.origin(), short)


def _stance(reader: Reader) -> Stance | None:
    treatment, stance = reader.text("treatment", slug=True), reader.text("stance", slug=True)
    note, claims = reader.text("note"), reader.ids("claims")
    reader.done()
    if None in (treatment, stance, note, claims):
        return None
    return Stance(treatment, stance, note, claims, reader.origin())


def _holding(reader: Reader) -> Holding | None:
    theme, note, claims = reader.text("theme", slug=True), reader.text("note"), reader.ids("claims")
    reader.done()
    if None in (theme, note, claims):
        return None
    return Holding(theme, note, claims, reader.origin())


def _source(reader: Reader) -> Source | None:
    url = reader.text_or_unknown("url", limit="url")
    captured_from = reader.text("captured_from", required=False, limit="url")
    differs = reader.boolean("capture_differs")
    note = reader.text("note", required=False)
    # An empty hash is how a new article starts: the checker then prints the hash to use.
    sha = "" if reader.mapping.get("capture_sha256", "missing") in ("", None) else reader.text("capture_sha256")
    reader.known.append("capture_sha256")
    reader.done()
    if None in (url, differs, sha):
        return None
    return Source(url, captured_from, differs, note, sha, reader.origin())


def _discipline(reader: Reader) -> Discipline | None:
    discipline_id, basis = reader.text("id", slug=True), reader.text("basis")
    reader.done()
    if None in (discipline_id, basis):
        return None
    return Discipline(discipline_id, basis, reader.origin())


def _article(reader: Reader, capture: str | None, capture_file: str) -> Article | None:
    article_id = reader.text("id", slug=True)
    short_title = reader.text("short_title", limit="label")
    title = reader.text_or_unknown("title", limit="title")
    title_note = reader.text("title_note", required=False)
    author = reader.text_or_unknown("author", limit="title")
    publisher = reader.text_or_unknown("publisher", limit="title")
    published = reader.text_or_unknown("published")
    discipline_reader = reader.mapping_of("discipline", "`id:` and `basis:`")
    discipline = _discipline(discipline_reader) if discipline_reader else None
    article_format = reader.text("format", slug=True)
    source_reader = reader.mapping_of("source", "`url:`, `capture_differs:` and `capture_sha256:`")
    source = _source(source_reader) if source_reader else None
    summary = reader.text("summary", limit="summary")
    claims = reader.items("claims", _claim)
    comparison_reader = reader.mapping_of("comparison", "one cell per dimension")
    comparison: dict[str, Cell] | None = None
    if comparison_reader:
        comparison = {}
        for key in comparison_reader.mapping:
            cell_reader = comparison_reader.sub(key)
            cell = _cell(cell_reader, key) if cell_reader else None
            comparison_reader.known.append(key)
            if cell is None:
                comparison = None
                break
            comparison[key] = cell
    treatments = reader.items("treatments", _stance, required=False, minimum=0)
    themes = reader.items("themes", _holding, required=False, minimum=0)
    reader.done()
    parts = (article_id, short_title, title, author, publisher, published, discipline, article_format,
             source, summary, claims, comparison, treatments, themes)
    if any(part is None for part in parts):
        return None
    paragraphs = tuple(" ".join(block.split()) for block in re.split(r"\n\s*\n", summary) if block.strip())
    return Article(article_id, short_title, title, title_note, author, publisher, published, discipline,
                   article_format, source, paragraphs, claims, comparison, treatments, themes, capture,
                   reader.origin(), capture_file)


def load_article(path: Path, data_dir: Path, errors: list[DataError]) -> Article | None:
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
    capture = None
    if capture_path.exists() or capture_path.is_symlink():
        capture, capture_errors = read_text(capture_path, capture_shown, MAX_CAPTURE_BYTES,
                                            "capture only the article's own text")
        errors.extend(capture_errors)
        if capture == "":
            errors.append(DataError(capture_shown, 0, "", "is empty", "copy the captured text there, byte for byte"))
        capture = capture or ""  # present but unusable or empty: reported here, so not "missing" too
    return _article(Reader(value, shown, "", errors), capture, capture_shown)


# The most files data/ may hold and the largest capture: enough for tens of
# thousands of articles and a long transcript, small enough that a build
# stays within the machine's memory whatever a contributor sends.
MAX_ARTICLES = 20_000
MAX_CAPTURE_BYTES = 1_000_000

# What each folder of data/ holds; anything else is reported rather than
# silently ignored (an `x.yml` would otherwise never be read).
_LAYOUT = {"articles": ".yaml", "captures": ".txt", "vocabularies": ".yaml"}
_TOP_FILES = {"README.md"}


def _unexpected_files(data_dir: Path, article_stems: set[str]) -> list[DataError]:
    """Links, stray files and folders under data/, each with what to do about it."""
    errors = []
    for entry in sorted(data_dir.iterdir()):
        shown = _shown(data_dir, entry)
        if entry.is_symlink():
            errors.append(DataError(shown, 0, "", "is a symbolic link", "data/ holds plain files and folders only"))
        elif entry.is_dir() and entry.name in _LAYOUT:
            continue
        elif not (entry.is_file() and entry.name in _TOP_FILES):
            errors.append(DataError(shown, 0, "(folder)" if entry.is_dir() else "", "is not part of the data layout",
                                    f"data/ holds {', '.join(f'{name}/' for name in sorted(_LAYOUT))} and "
                                    f"{', '.join(sorted(_TOP_FILES))}; move or remove it"))
    for folder, suffix in _LAYOUT.items():
        for entry in sorted((data_dir / folder).iterdir()) if (data_dir / folder).is_dir() else ():
            shown = _shown(data_dir, entry)
            if entry.is_symlink():
                continue  # reported where the file is read
            if not entry.is_file() or entry.suffix != suffix:
                hint = (f"rename it to {entry.stem}{suffix}" if entry.is_file() and entry.suffix in (".yml", ".txt", ".yaml")
                        else f"{folder}/ holds only {suffix} files")
                errors.append(DataError(shown, 0, "", f"is not a {suffix} file, so it is not read", hint))
            elif folder == "captures" and entry.stem not in article_stems:
                errors.append(DataError(shown, 0, "", "belongs to no article",
                                        f"add data/articles/{entry.stem}.yaml, or remove the capture"))
    return errors


def load_dataset(data_dir: Path, select: str | None = None) -> tuple[Dataset, list[DataError]]:
    """Load everything under `data_dir`; the dataset holds only what loaded cleanly.

    `select`, a glob such as `gold-*`, loads only the articles whose id matches
    it: the preview of a few articles that `make serve PREVIEW=…` rebuilds in
    a moment however large data/ grows (`make check` still checks them all).
    """
    errors: list[DataError] = []
    if data_dir.is_symlink() or not data_dir.is_dir():
        errors.append(DataError(_shown(data_dir, data_dir), 0, "", "is not a folder", "run from the project folder"))
        return Dataset(Vocabularies({}, ()), ()), errors
    vocabularies = load_vocabularies(data_dir, errors)
    paths = sorted(path for path in (data_dir / "articles").glob("*.yaml") if path.is_file() or path.is_symlink())
    errors += _unexpected_files(data_dir, {path.stem for path in paths})
    if not paths:
        errors.append(DataError(_shown(data_dir, data_dir / "articles"), 0, "", "holds no article files",
                                "add data/articles/<id>.yaml"))
    if len(paths) > MAX_ARTICLES:
        errors.append(DataError(_shown(data_dir, data_dir / "articles"), 0, "",
                                f"holds {len(paths):,} article files, more than {MAX_ARTICLES:,}",
                                "raise MAX_ARTICLES in scripts/perspectives/load.py after measuring a build"))
        return Dataset(vocabularies, ()), errors
    if select is not None:
        paths = [path for path in paths if fnmatch.fnmatchcase(path.stem, select)]
        if not paths:
            errors.append(DataError(_shown(data_dir, data_dir / "articles"), 0, "",
                                    f"holds no article whose id matches PREVIEW={select!r}",
                                    "use a glob of article ids, such as PREVIEW='gold-*'"))
    articles = [load_article(path, data_dir, errors) for path in paths]
    loaded = tuple(sorted((a for a in articles if a is not None), key=lambda a: a.id))
    return Dataset(vocabularies, loaded), errors


def _shown(data_dir: Path, path: Path) -> str:
    """A path as the editor knows it: `data/articles/x.yaml`."""
    try:
        return (Path(data_dir.name) / path.relative_to(data_dir)).as_posix()
    except ValueError:
        return path.as_posix()
