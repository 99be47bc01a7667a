"""`perspectives new CAPTURE --id ID [--url URL]`: start an article from a captured text.

Copies the capture to data/captures/<id>.txt and writes data/articles/<id>.yaml
with every field of the article file (articlefile.ARTICLE), each explained by
a comment taken from its definition. Where an editor must write, the value is
the placeholder `FILL IN`, which the loader refuses with the field's
description: the new file fails the check, saying what to fill, until it is
filled. Optional fields are written commented out. The article starts as a
draft. Nothing is ever overwritten.
"""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from datetime import date
from pathlib import Path

import yaml

from perspectives.articlefile import ARTICLE, PLACEHOLDER, SCHEMA_FILE, Field
from perspectives.check import web_address_problem
from perspectives.errors import DataError
from perspectives.load import load_vocabularies, MAX_CAPTURE_BYTES
from perspectives.model import SLUG, Vocabularies
from perspectives.urls import reserved_ids

WIDTH = 100


class ScaffoldError(Exception):
    """Why nothing was written, in one line."""


def new_article(capture: Path, article_id: str, data_dir: Path, url: str | None = None,
                today: date | None = None) -> tuple[Path, Path]:
    """Write the capture and the article file; return their paths. Raises ScaffoldError, writing nothing."""
    if not SLUG.match(article_id) or len(article_id) > 80:
        raise ScaffoldError(f"--id {article_id!r} is not a valid id: use lowercase letters, digits and single "
                            "hyphens, e.g. `clinic-name-back-spasms`")
    if article_id in reserved_ids("articles"):
        raise ScaffoldError(f"--id {article_id!r} is taken by a page or anchor the site generates: choose another")
    if url is not None and (problem := web_address_problem(url)):
        raise ScaffoldError(f"--url {url!r} is not a web address: {problem}, or leave --url out if it is not known")
    if capture.is_dir():
        raise ScaffoldError(f"{capture}: is a folder; give the captured text file as the first argument")
    if not capture.is_file():
        raise ScaffoldError(f"{capture}: no such file; give the captured text file as the first argument")
    if capture.stat().st_size > MAX_CAPTURE_BYTES:
        raise ScaffoldError(f"{capture}: is more than {MAX_CAPTURE_BYTES:,} bytes; capture only the article's own text")
    raw = capture.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScaffoldError(f"{capture}: is not UTF-8 text; save it as UTF-8 and try again") from None
    if (renamed := _former_ids(data_dir).get(article_id)) is not None:
        raise ScaffoldError(f"--id {article_id!r} is a former id of the article in {renamed}: its old address leads "
                            "there; choose another")
    capture_target = data_dir / "captures" / f"{article_id}.txt"
    article_target = data_dir / "articles" / f"{article_id}.yaml"
    for target in (capture_target, article_target):
        if target.exists() or target.is_symlink():
            raise ScaffoldError(f"{target}: already exists; nothing was written (choose another --id, or edit it)")
    errors: list[DataError] = []
    vocabularies = load_vocabularies(data_dir, errors)
    text = article_text(article_id, hashlib.sha256(raw).hexdigest(), vocabularies, url, today or date.today())
    capture_target.parent.mkdir(parents=True, exist_ok=True)
    article_target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(capture, capture_target)
    article_target.write_text(text, encoding="utf-8")
    return capture_target, article_target


def _former_ids(data_dir: Path) -> dict[str, Path]:
    """The former ids of the articles, each with its file: read from the files that write `former_ids`, as
    few do. A file that does not read as YAML is left to the check, which says why."""
    found: dict[str, Path] = {}
    for path in sorted((data_dir / "articles").glob("*.yaml")):
        try:
            raw = path.read_bytes()
            value = yaml.safe_load(raw) if b"former_ids" in raw else None
        except (OSError, yaml.YAMLError):
            continue
        formers = value.get("former_ids") if isinstance(value, dict) else None
        for former in formers if isinstance(formers, list) else ():
            if isinstance(former, str):
                found.setdefault(former, path)
    return found


def article_text(article_id: str, sha256: str, vocabularies: Vocabularies, url: str | None, today: date) -> str:
    """The scaffolded article file: every field, in the definition's order, each under its comment."""
    filled = {"id": article_id, "status": "draft", "added": today.isoformat(), "source.capture_sha256": sha256}
    if url:
        filled["source.url"] = url
    lines = [f"# yaml-language-server: $schema=../{SCHEMA_FILE}",
             f"# A new article. Replace every {PLACEHOLDER} (the check refuses it and says what to write), run",
             "# `make check` until it passes, then set `status: ready`. Every field is described on the site's",
             "# /contribute/ page. Lines starting with `# ` and a field name are optional fields: uncomment to use."]
    for field in ARTICLE.fields:
        lines += _field(field, 0, filled, vocabularies, path="")
    return "\n".join(lines) + "\n"


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    # Ids are hyphenated: a line break inside one would make it wrong to copy.
    return textwrap.wrap(text, WIDTH - indent - 2, initial_indent=pad + "# ", subsequent_indent=pad + "# ",
                         break_on_hyphens=False)


def _about(field: Field, vocabularies: Vocabularies) -> str:
    about = field.description
    if field.vocabulary:
        terms = [term for term in vocabularies.terms.get(field.vocabulary, ()) if not term.implicit]
        about += f" One of (vocabularies/{field.vocabulary}.yaml): " + ", ".join(term.id for term in terms) + "."
        qualified = [term.id for term in terms if term.qualified]
        if qualified:
            about += " Stances that need `qualifier:`: " + ", ".join(qualified) + "."
    elif field.choices:
        about += " One of: " + ", ".join(field.choices) + "."
    if field.unknown:
        about += " If the source does not give it: `{unknown: why}`."
    return about


def _field(field: Field, indent: int, filled: dict[str, str], vocabularies: Vocabularies, path: str,
           first: str = "") -> list[str]:
    """The lines of one field: its comment, then `name: value`. Optional fields are commented out,
    except optional lists of records, written with one entry to fill or delete."""
    pad = " " * indent
    lines = _comment(("Optional. " if not field.required else "") + _about(field, vocabularies), indent)
    key = f"{first}{field.name}:"
    path = f"{path}{field.name}"
    # Optional lists of the article itself are written with one entry to fill; one inside an entry
    # (a treatment's `also:`) stays commented out, as most entries have none.
    written = field.required or (field.kind == "list" and not field.history and indent == 0)
    if not written and path not in filled:
        if field.kind == "list" and isinstance(field.example, list) and field.example \
                and isinstance(field.example[0], dict):  # a list of records: in block style, to uncomment
            block = yaml.safe_dump({field.name: field.example}, allow_unicode=True, sort_keys=False, width=WIDTH)
            return lines + [f"{pad}# {first}{line}" if number == 0 else f"{pad}# {' ' * len(first)}{line}"
                            for number, line in enumerate(block.splitlines())]
        example = _inline(field.example) if field.example is not None else "[]"
        return lines + [f"{pad}# {key} {example}"]
    if field.kind == "mapping":
        lines.append(pad + key)
        for sub in field.fields:
            lines += _field(sub, indent + 2, filled, vocabularies, path + ".")
        return lines
    if field.kind == "list":
        lines.append(pad + key)
        if field.none:
            lines += _comment("If it cites nothing, replace the list with `none: why we say so` (indented here)"
                              + ("; if the capture is incomplete and cites nothing in the part captured, with "
                                 "`unknown: why`." if field.unknown_if_partial else "."), indent + 2)
        elif not field.required:
            lines += _comment("Delete the entry below (and write `[]`) if there is none.", indent + 2)
        for number, sub in enumerate(field.fields):
            lines += _field(sub, indent + 4, filled, vocabularies, path + "[].", first="- " if number == 0 else "")
        # The first sub-field starts the item (`- `): shift its line left by the marker.
        return [_dash(line, indent + 2) for line in lines]
    if field.kind == "cells":
        lines.append(pad + key)
        for dimension in vocabularies.dimensions:
            if dimension.field:
                continue
            lines += _comment(f"{dimension.label}: {dimension.description}"
                              + (f" A value is an id from vocabularies/{dimension.vocabulary}.yaml (no `short:`)."
                                 if dimension.vocabulary else "")
                              + " Or `none: why` / `unknown: why` instead of value, short and claims.", indent + 2)
            lines.append(f"{pad}  {dimension.id}:")
            lines.append(f"{pad}    value: {PLACEHOLDER}")
            if not dimension.vocabulary:
                lines.append(f"{pad}    short: {PLACEHOLDER}")
            lines.append(f"{pad}    claims: [{PLACEHOLDER}]")
            lines.append(f"{pad}    # implied: true   (only if the text implies the value rather than states it)")
        return lines
    value = filled.get(path)
    if value is None:
        value = f"[{PLACEHOLDER}]" if field.kind in ("ids", "quotations") else PLACEHOLDER
    if field.kind == "text" and field.limit == "summary" and value == PLACEHOLDER:
        return lines + [f"{pad}{key} |", f"{pad}  {PLACEHOLDER}"]
    return lines + [f"{pad}{key} {value}"]


def _dash(line: str, at: int) -> str:
    """Turn `    - name:` written at indent+4 into the list item marker at `at`."""
    marker = " " * (at + 2) + "- "
    return " " * at + line[at + 2:] if line.startswith(marker) else line


def _inline(value: object) -> str:
    import json

    if isinstance(value, str):
        return value if value and value[0].isalnum() and ": " not in value and " #" not in value else json.dumps(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_inline(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
