"""Command line: `perspectives check` validates data/ without building the site;
`perspectives urls` lists (and with --write records) the URLs the site promises;
`perspectives export DIR` writes a copy of the site's sources that builds without our hook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from perspectives.errors import DataErrors
from perspectives.manifest import MANIFEST, manifest_text, published_urls, read_manifest
from perspectives.pipeline import load_checked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="perspectives", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every data file and report all errors")
    check.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    listing = commands.add_parser("urls", help="list every URL and linked anchor the site publishes "
                                                "(--write: update data/published-urls.txt)")
    listing.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    listing.add_argument("--docs", type=Path, default=Path("docs"), help="the hand-written pages (default: docs)")
    listing.add_argument("--write", action="store_true", help="write the list to data/published-urls.txt")
    listing.add_argument("--allow-drop", action="store_true", help="let --write drop published URLs (breaks links)")
    export = commands.add_parser("export", help="write docs/ plus every generated page and download into DIR, "
                                                "with an mkdocs.yml that needs no hook")
    export.add_argument("dir", type=Path)
    export.add_argument("--root", type=Path, default=Path("."), help="the project folder (default: .)")
    args = parser.parse_args(argv)
    if args.command == "urls":
        return _urls(args)
    if args.command == "export":
        return _export(args)

    try:
        dataset = load_checked(args.data)
    except DataErrors as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    claims = [claim for article in dataset.articles for claim in article.claims]
    quotations = sum(len(claim.quotations) for claim in claims)
    print(f"data ok: {len(dataset.articles)} articles, {len(claims)} claims, {quotations} quotations verified")
    return 0


def _urls(args: argparse.Namespace) -> int:
    try:
        dataset = load_checked(args.data)
    except DataErrors as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    now = published_urls(dataset, args.docs)
    if not args.write:
        print("\n".join(now))
        return 0
    before = [url for _, url in read_manifest(args.data) or []]
    dropped = sorted(set(before) - set(now))
    if dropped and not args.allow_drop:
        for url in dropped:
            print(f"{args.data.as_posix()}/{MANIFEST}: {url}: published, but the site no longer has it — give the renamed "
                  "article or treatment `former_ids`, or pass --allow-drop to break its links on purpose", file=sys.stderr)
        return 1
    (args.data / MANIFEST).write_text(manifest_text(now), encoding="utf-8")
    added = sorted(set(now) - set(before))
    print(f"{args.data.as_posix()}/{MANIFEST}: {len(now)} URLs ({len(added)} added, {len(dropped)} dropped)")
    return 0


def _export(args: argparse.Namespace) -> int:
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
