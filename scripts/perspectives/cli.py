"""Command line: `perspectives check` validates data/ without building the site;
`perspectives new CAPTURE --id ID [--url URL]` starts a draft article from a captured text."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from perspectives.errors import DataErrors
from perspectives.pipeline import load_checked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="perspectives", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every data file and report all errors")
    check.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    new = commands.add_parser("new", help="start a draft article from a captured text file")
    new.add_argument("capture", type=Path, help="the captured text of the article (a UTF-8 .txt file)")
    new.add_argument("--id", required=True, help="the article's permanent id, e.g. clinic-name-back-spasms")
    new.add_argument("--url", help="the address of the original article, if known")
    new.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    args = parser.parse_args(argv)

    if args.command == "new":
        return _new(args)

    try:
        dataset = load_checked(args.data)
    except DataErrors as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    claims = [claim for article in dataset.articles for claim in article.claims]
    quotations = sum(len(claim.quotations) for claim in claims)
    print(f"data ok: {len(dataset.articles)} articles, {len(claims)} claims, {quotations} quotations verified")
    return 0


def _new(args: argparse.Namespace) -> int:
    from perspectives.scaffold import ScaffoldError, new_article

    try:
        capture, article = new_article(args.capture, args.id, args.data, args.url)
    except ScaffoldError as failure:
        print(f"perspectives new: {failure}", file=sys.stderr)
        return 1
    print(f"wrote {capture} and {article} (a draft): fill in every FILL IN, then run `make check`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
