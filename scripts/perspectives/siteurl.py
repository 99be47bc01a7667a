"""Whether a site address may be published: a production build needs the public one.

The build defaults `site_url` to the local serve address (mkdocs.yml), so
`make serve` and the tests need no setting. A site published with that
default would point its canonical links, sharing cards, JSON-LD and sitemap
at the builder's own machine, so a production build (`make publish`, which
sets PRODUCTION=1) refuses to run unless SITE_URL names a public address.

Every build reads SITE_URL, and writes it into every page: it is validated
like data, a plain http(s) address or a one-line refusal (site_url_problem).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from perspectives.errors import printable

# Hosts that only ever mean "this machine" or "this network".
LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]")


# What a plain web address holds: no white space, quotes, angle brackets, backslashes or backquotes, which
# could end an HTML attribute or an XML value the address is written into (canonical links, og:url, the
# sitemap), and no control characters.
_PLAIN = re.compile(r"[^\s\"'<>\\`{}|^\[\]\x00-\x1f\x7f]+")


def site_url_problem(site_url: str | None) -> str | None:
    """Why SITE_URL, as any build reads it, is not a plain http(s) address; None when it is (or is unset)."""
    if site_url is None or site_url == "":
        return None
    shown = printable(site_url)
    hint = "write a plain web address, such as SITE_URL=https://example.org/spasms/"
    if not _PLAIN.fullmatch(site_url):
        return f"SITE_URL {shown!r} holds characters no web address has (spaces, quotes, < > and the like) — {hint}"
    try:
        parts = urlsplit(site_url)
        parts.port  # a port that is not a number, or out of range, raises here
    except ValueError:
        return f"SITE_URL {shown!r} is not a web address — {hint}"
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password:
        return f"SITE_URL {shown!r} is not a plain http:// or https:// address of a site — {hint}"
    return None


def production_problem(site_url: str | None) -> str | None:
    """Why `site_url` cannot be a published site's address; None when it can."""
    hint = "set the public address, e.g. SITE_URL=https://example.org/spasms/ make publish"
    if not site_url:
        return f"a production build needs SITE_URL — {hint}"
    plain = site_url_problem(site_url)
    if plain:
        return plain
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        return f"SITE_URL {site_url!r} is not an https:// address — {hint}"
    if host in LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127."):
        return f"SITE_URL {site_url!r} names this machine, not a public host — {hint}"
    if not site_url.endswith("/"):
        return f"SITE_URL {site_url!r} must end with / — write {site_url + '/'!r}"
    return None


_MAILBOX = re.compile(r"mailto:[^@\s\"'<>\\`?]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def report_problem(report: object) -> str | None:
    """Why mkdocs.yml's `extra.report_errors` (where readers report a mistake) is not an https:// page or a
    mailto: address; None when it is, or is unset. The About page links to it."""
    if report is None:
        return None
    hint = "write an https:// page (an issue tracker, a form) or mailto:someone@example.org, or remove the line"
    if not isinstance(report, str) or not report:
        return f"mkdocs.yml: extra.report_errors is not an address — {hint}"
    shown = printable(report)
    if report.startswith("mailto:"):
        return None if _MAILBOX.fullmatch(report) else f"mkdocs.yml: extra.report_errors {shown!r} is not a mail address — {hint}"
    try:
        parts = urlsplit(report) if _PLAIN.fullmatch(report) else None
    except ValueError:
        parts = None
    if parts is None or parts.scheme != "https" or not parts.hostname:
        return f"mkdocs.yml: extra.report_errors {shown!r} is not an https:// address — {hint}"
    return None


def robots_txt(site_url: str) -> str:
    """robots.txt: every page may be crawled; the sitemap is at the site's root."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n"


def main() -> int:
    """`python -m perspectives.siteurl`: refuse a bad SITE_URL in one line before MkDocs reads it. MkDocs
    validates `site_url` (mkdocs.yml reads SITE_URL) before any hook runs, and some malformed addresses
    make it fail with a traceback; `make build`, `make publish` and `make serve` ask here first."""
    import os
    import sys

    site_url = os.environ.get("SITE_URL")
    problem = production_problem(site_url) if os.environ.get("PRODUCTION") == "1" else site_url_problem(site_url)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
