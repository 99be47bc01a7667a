"""Command line: `perspectives check` validates data/ without building the site."""

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
    args = parser.parse_args(argv)

    try:
        dataset = load_checked(args.data)
    except DataErrors as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    claims = [claim for article in dataset.articles for claim in article.claims]
    quotations = sum(len(claim.quotations) for claim in claims)
    print(f"data ok: {len(dataset.articles)} articles, {len(claims)} claims, {quotations} quotations verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
