"""Command line for editors.

`perspectives check` validates data/ without building the site;
`perspectives new CAPTURE --id ID [--url URL]` starts a draft article from a captured text;
`perspectives quote` finds the verbatim passages of a capture that rough words stand for;
`perspectives schema` writes data/article.schema.json from the article file's definition;
`perspectives urls` lists (and with --write records) the URLs the site promises;
`perspectives export DIR` writes a copy of the site's sources that builds without our hook.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from pathlib import Path
from typing import Callable

from perspectives import stancerecord
from perspectives.errors import DataErrors, printable
from perspectives.manifest import (MANIFEST, RETIRED, manifest_text, published_urls, read_manifest, read_manifest_file,
                                   retire, unrecorded, unretire)
from perspectives.model import Dataset
from perspectives.quotes import Passages, matched_words

QUOTE_HELP = """\
Print the passages of CAPTURE that best match WORDS, best first, each as a YAML
list item ready to paste under a claim's `quotations:`. WORDS may be a
paraphrase, a half-remembered or mistyped phrase, words in another order, or
another kind of quotes and dashes: words are matched by their stems, and a word
the capture lacks by the closest one it has. The passages are the capture's own
text, whole sentences (a clause of a sentence too long to quote), within the
quotation limits; trim one if it says more than the claim needs, and join
separate pieces of one passage with `…`.

example:
  perspectives quote gold-back-spasms-inside-story "realised at first it was a protective spasm"
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="perspectives", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every data file and report all errors")
    check.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    check.add_argument("-j", "--jobs", type=_positive("processes"), help="check the articles in this many processes "
                                                           "(default: one per core for a large data folder)")
    new = commands.add_parser("new", help="start a draft article from a captured text file")
    new.add_argument("capture", type=Path, help="the captured text of the article (a UTF-8 .txt file)")
    new.add_argument("--id", required=True, help="the article's permanent id, e.g. clinic-name-back-spasms")
    new.add_argument("--url", help="the address of the original article, if known")
    new.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    quote = commands.add_parser("quote", help="find the exact passages of a capture that rough words stand for",
                                description=QUOTE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    quote.add_argument("capture", metavar="CAPTURE",
                       help="a capture file, or an article id (its capture in DATA/captures/<id>.txt)")
    quote.add_argument("words", metavar="WORDS", help="the rough words, in quotes")
    quote.add_argument("-n", "--count", type=_positive("passages"), default=3, help="at most this many passages (default: 3)")
    quote.add_argument("--plain", action="store_true", help="print the passages as plain text, one per line")
    quote.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    schema = commands.add_parser("schema", help="write DATA/article.schema.json, the JSON Schema of an article "
                                                "file, from the definition the loader reads")
    schema.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    listing = commands.add_parser("urls", help="list every URL and linked anchor the site publishes "
                                                "(--write: update data/published-urls.txt and the stances published, "
                                                "data/published-stances.txt)")
    listing.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    listing.add_argument("--docs", type=Path, default=Path("docs"), help="the hand-written pages (default: docs)")
    listing.add_argument("--write", action="store_true", help="write the list to data/published-urls.txt, and what each "
                         "article says to data/published-stances.txt")
    listing.add_argument("--retire", metavar="URL", nargs="+", help="give up a promised URL on purpose (or every one a pattern "
                                                        "such as '/compare/#*--old-id' matches): it leaves the list "
                                                        f"and is recorded in DATA/{RETIRED}")
    listing.add_argument("--retire-gone", action="store_true",
                         help="give up on purpose every promised URL the data no longer serves (say, the cells of "
                              "articles /compare/ no longer sets side by side), once the data is otherwise right")
    listing.add_argument("--reason", help="with --retire or --retire-gone: why, in a few words (recorded with the "
                                          "URLs)")
    export = commands.add_parser("export", help="write docs/ plus every generated page and download into DIR, "
                                                "with an mkdocs.yml that needs no hook")
    export.add_argument("dir", type=Path)
    export.add_argument("--root", type=Path, default=Path("."), help="the project folder (default: .)")
    args = parser.parse_args(argv)
    run = {"check": check_command, "new": new_command, "quote": quote_command, "schema": schema_command,
           "urls": urls_command, "export": export_command}
    try:
        return run[args.command](args)
    except KeyboardInterrupt:
        print(f"perspectives {args.command}: interrupted", file=sys.stderr)
        return 130


def _positive(counted: str) -> Callable[[str], int]:
    """An argument's type: a whole number of `counted` things, 1 or more."""
    def number(text: str) -> int:
        if not text.isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of {counted} (1 or more)")
        return int(text)
    return number


def _checked(data: Path) -> Dataset | None:
    """The checked dataset, or None after printing every error, one per line."""
    from perspectives.pipeline import load_checked  # brings the render stage, which `check` does without

    try:
        return load_checked(data)
    except DataErrors as failure:
        print(failure.report(), file=sys.stderr)
        return None


def check_command(args: argparse.Namespace) -> int:
    from perspectives.load import load_vocabularies
    from perspectives.parallelcheck import check_data

    try:
        articles = check_data(args.data, args.jobs)
    except DataErrors as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    claims, quotations = sum(article.claims for article in articles), sum(article.quotations for article in articles)
    drafts = sum(article.draft for article in articles)
    # A draft is checked like any article, but only `make serve` shows it: say so, or a build that leaves
    # it out looks like a build that lost it.
    held = f" ({drafts} of them {'a draft' if drafts == 1 else 'drafts'}, shown by `make serve` only)" if drafts else ""
    print(f"data ok: {len(articles)} articles{held}, {claims} claims, {quotations} quotations verified")
    # Not an error (an article is checked before its URLs are recorded), but a step the promise needs.
    vocabularies = load_vocabularies(args.data, [])  # already proven loadable by the check
    new = unrecorded(articles, vocabularies, args.data)
    if new:
        many = len(new) != 1
        print(f"{len(new)} URL{'s' if many else ''} the site now publishes {'are' if many else 'is'} not yet promised "
              f"in {args.data.as_posix()}/{MANIFEST} (first: {new[0]}): run `make urls` and commit it, so that later "
              f"changes keep {'them' if many else 'it'} working")
    behind = stancerecord.unrecorded(articles, args.data)
    if behind:
        many = len(behind) != 1
        print(f"{len(behind)} article{'s' if many else ''} (first: {behind[0]}) {'are' if many else 'is'} new, "
              f"renamed or corrected since {args.data.as_posix()}/{stancerecord.RECORD} was written: run `make urls` and commit "
              "it, so that a later change of a stance needs a correction of its own")
    return 0


def new_command(args: argparse.Namespace) -> int:
    from perspectives.scaffold import ScaffoldError, new_article

    try:
        capture, article = new_article(args.capture, args.id, args.data, args.url)
    except ScaffoldError as failure:
        print(f"perspectives new: {failure}", file=sys.stderr)
        return 1
    print(f"wrote {capture} and {article} (a draft): fill in every FILL IN, then run `make check`")
    return 0


def quote_command(args: argparse.Namespace) -> int:
    path = Path(args.capture)
    if not path.is_file() and "/" not in args.capture:
        path = args.data / "captures" / f"{args.capture}.txt"
    try:
        capture = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as error:
        print(printable(f"{path}: cannot read it ({error.strerror or error}) — give a capture file or an article id"),
              file=sys.stderr)
        return 2
    if not matched_words(args.words):
        print(printable(f"{args.words!r}: only words too common to tell passages apart (the, and, of…), which are "
                        "not matched — add a word the passage holds"), file=sys.stderr)
        return 1
    passages = Passages(capture).best(args.words, max(args.count, 1))
    if not passages:
        print(printable(f"{path}: no passage shares a word with {args.words!r} — try other words"), file=sys.stderr)
        return 1
    for passage in passages:
        # A JSON string is a YAML double-quoted scalar: quotes, backslashes and colons stay text.
        print(printable(passage if args.plain else f"- {json.dumps(passage, ensure_ascii=False)}"))
    return 0


def schema_command(args: argparse.Namespace) -> int:
    from perspectives.articlefile import SCHEMA_FILE, schema_text
    from perspectives.load import TEXT_LIMITS

    (args.data / SCHEMA_FILE).write_text(schema_text(TEXT_LIMITS), encoding="utf-8")
    print(f"wrote {(args.data / SCHEMA_FILE).as_posix()}")
    return 0


def urls_command(args: argparse.Namespace) -> int:
    if args.retire_gone or args.retire is not None:
        return _retire(args)
    dataset = _checked(args.data)  # the check refuses data that drops a promised URL
    if dataset is None:
        return 1
    now = published_urls([article.outline for article in dataset.articles], dataset.vocabularies, args.docs)
    if not args.write:
        print("\n".join(now))
        return 0
    before = [url for _, url in read_manifest(args.data) or []]
    # Nothing promised is dropped: a line the site still serves stays, even if it would not be promised today.
    lines = sorted(set(before) | set(now))
    (args.data / MANIFEST).write_text(manifest_text(lines), encoding="utf-8")
    added = sorted(set(lines) - set(before))
    promised_again = unretire(args.data, added)  # given up once, served and promised again
    print(f"{args.data.as_posix()}/{MANIFEST}: {len(lines)} URLs ({len(added)} added"
          + (f", {len(promised_again)} of them no longer retired" if promised_again else "") + ")")
    # What each article says now, which the check has just proven changed only with a correction.
    outlines = [article.outline for article in dataset.articles]
    behind = stancerecord.unrecorded(outlines, args.data)
    (args.data / stancerecord.RECORD).write_text(
        stancerecord.record_text(outlines, dataset.vocabularies, stancerecord.read_record(args.data)), encoding="utf-8")
    print(f"{args.data.as_posix()}/{stancerecord.RECORD}: the stances and positions of "
          f"{sum(not article.draft for article in outlines)} articles ({len(behind)} recorded anew)")
    return 0


def _served(args: argparse.Namespace) -> set[str] | None:
    """Every URL the data serves; None, after printing them, if the data has errors besides broken promises."""
    from perspectives.check import check_across, check_dataset
    from perspectives.load import load_dataset
    from perspectives.manifest import served_urls

    dataset, errors = load_dataset(args.data)
    outlines = [article.outline for article in dataset.articles]
    errors += check_dataset(dataset) + check_across(outlines)
    if errors:
        print(DataErrors(errors).report(), file=sys.stderr)
        return None
    return served_urls(outlines, dataset.vocabularies, args.docs if args.docs.is_dir() else None)


def _retire(args: argparse.Namespace) -> int:
    """`perspectives urls --retire URL… --reason TEXT` (or `--retire-gone`): give promised URLs the data no
    longer serves up on purpose, with a reason. A URL the site still serves is not retired: its links work."""
    shown = f"{args.data.as_posix()}/{MANIFEST}"
    if not (args.reason or "").strip():
        print(f"perspectives urls --retire: say why with --reason \"…\" (recorded in {RETIRED})", file=sys.stderr)
        return 2
    manifest = read_manifest_file(args.data)
    if manifest is None or manifest.problem or not manifest.checksum_ok:
        print(f"{shown}: {'is missing' if manifest is None else manifest.problem or 'was edited by hand'} — restore it "
              f"(git checkout -- {shown}) before retiring anything", file=sys.stderr)
        return 1
    served = _served(args)
    if served is None:
        return 1
    promised = [url for _, url in manifest.lines]
    patterns = ["*"] if args.retire_gone else args.retire
    matched = [url for url in promised if any(fnmatch.fnmatchcase(url, pattern) for pattern in patterns)]
    gone = [url for url in matched if url not in served]
    if not gone:
        near = [pattern + "/" for pattern in patterns if not pattern.endswith(("/", "*")) and pattern + "/" in promised]
        reason = ("every promised URL is still served" if args.retire_gone else
                  f"{' '.join(matched[:3])} {'is' if len(matched) == 1 else 'are'} still served: its links work"
                  if matched else f"no promised URL matches {' '.join(patterns)!r}"
                  + (f" (did you mean {near[0]!r}?)" if near else ""))
        print(f"{shown}: {reason}; nothing was retired", file=sys.stderr)
        return 1
    retire(args.data, gone, args.reason)
    for url in gone:
        print(f"retired {url}")
    kept = len(matched) - len(gone)
    print(f"{shown}: {len(gone)} URL{'s' if len(gone) != 1 else ''} retired, recorded in "
          f"{args.data.as_posix()}/{RETIRED}" + (f"; {kept} still served, kept" if kept and not args.retire_gone
                                                  else ""))
    return 0


def export_command(args: argparse.Namespace) -> int:
    from perspectives.export import export_site  # only this command needs it

    try:
        written = export_site(args.root, args.dir)
    except DataErrors as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    print(f"{args.dir.as_posix()}: {written} files; build it with any MkDocs 1.x engine: cd {args.dir} && mkdocs build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
