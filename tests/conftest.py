"""Shared fixtures: the real data, an editable copy of it, a built site, a browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BIN = Path(sys.executable).parent
AXE = ROOT / "node_modules/axe-core/axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class DataCopy:
    """A copy of data/ (and the site config) in a temporary folder, for breaking on purpose."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"

    def path(self, relative: str) -> Path:
        return self.data / relative

    def replace(self, relative: str, old: str, new: str) -> int:
        """Replace `old` (which must occur exactly once); return the 1-based line it was on."""
        path = self.path(relative)
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        line = text[: text.index(old)].count("\n") + 1
        path.write_text(text.replace(old, new), encoding="utf-8")
        return line

    def commit(self) -> None:
        """Make the copy a git repository whose last commit holds its data, as a checkout's does."""
        git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
        subprocess.run([*git, "init", "-q"], cwd=self.root, check=True)
        subprocess.run([*git, "add", "data"], cwd=self.root, check=True)
        subprocess.run([*git, "commit", "-qm", "data"], cwd=self.root, check=True)

    def line_of(self, relative: str, needle: str) -> int:
        text = self.path(relative).read_text(encoding="utf-8")
        assert needle in text, needle
        return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def data_copy(tmp_path: Path) -> DataCopy:
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for folder in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return DataCopy(tmp_path)


def mkdocs_build(project: Path, site_dir: Path, *extra: str, site_url: str | None = None,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site_dir), *extra],
                          capture_output=True, text=True, env=env, cwd=project, timeout=300)


def free_port() -> int:
    """A localhost port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mkdocs_serve(project: Path, port: int, output=subprocess.DEVNULL, env: dict[str, str] | None = None,
                 dirty: bool = True) -> subprocess.Popen:
    """`mkdocs serve --strict --dirty` of `project` on localhost:`port`, as `make serve` runs it (without
    --dirty unless `dirty`), its log (standard output and error) into `output`; the caller stops it."""
    return subprocess.Popen([str(BIN / "mkdocs"), "serve", "--strict", *(["--dirty"] if dirty else []), "-a",
                             f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")], cwd=project, stdout=output,
                            stderr=subprocess.STDOUT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


class Server:
    """A localhost server for one folder, on a free port, bound before the site is built.

    A site is built for its server's exact address (SITE_URL), as a deployment
    is: Material's instant navigation only follows links its sitemap lists.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @classmethod
    def build(cls, project: Path, site: Path) -> "Server":
        """`project` built with `mkdocs build --strict` into `site` for a new server's address, and served."""
        server = cls(site)
        result = mkdocs_build(project, site, site_url=server.url + "/")
        if result.returncode != 0:
            server.close()
        assert result.returncode == 0, result.stderr
        return server


@pytest.fixture(scope="session")
def _server(tmp_path_factory: pytest.TempPathFactory):
    server = Server(tmp_path_factory.mktemp("site"))
    yield server.root, server.url
    server.close()


@pytest.fixture(scope="session")
def built_site(_server) -> Path:
    """The real site, built once per test session with `mkdocs build --strict`."""
    root, url = _server
    result = mkdocs_build(ROOT, root, site_url=url + "/")
    assert result.returncode == 0, result.stderr
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `root` on a free localhost port, in a thread; return the server and its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory):
    """A site built from a generated data set of `count` articles (tests/fixture_data.py), served on
    localhost: `fixture_site(8)` is its address. Each size is built once per session, never in data/."""
    from fixture_data import many_articles, site_project

    built: dict[int, str] = {}
    servers = []

    def site(count: int) -> str:
        if count not in built:
            folder = tmp_path_factory.mktemp(f"articles-{count}")
            project = site_project(folder / "project", many_articles(folder / "data", count), ROOT)
            server, url = _serve(folder / "site")
            servers.append(server)
            result = mkdocs_build(project, folder / "site", site_url=url + "/")
            assert result.returncode == 0, result.stderr
            built[count] = url
        return built[count]

    yield site
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(_server, built_site: Path) -> str:
    """The built site, served on localhost."""
    return _server[1]


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the session: a second sync_playwright() cannot start while one runs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright):
    """Debian's Chromium driven by Playwright (its own browser download cannot reach the internet here)."""
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def open_page(browser, site_url):
    """open_page(path, viewport, scheme, clipboard): the page as a reader gets it, in a fresh context of that
    size and colour scheme; a viewport narrower than 500 px is a phone's, with touch. Contexts close after."""
    contexts = []

    def open_page(path: str, viewport: dict | None = None, scheme: str = "light", clipboard: bool = False):
        viewport = viewport or {"width": 1280, "height": 800}
        touch = viewport["width"] < 500
        context = browser.new_context(viewport=viewport, color_scheme=scheme, has_touch=touch, is_mobile=touch)
        if clipboard:
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
        contexts.append(context)
        page = watched(context.new_page())
        page.goto(f"{site_url}{path}")
        page.wait_for_load_state("networkidle")
        return page

    yield open_page
    for context in contexts:
        context.close()


@contextlib.contextmanager
def reading(browser, base: str):
    """A fresh laptop-sized page on the site at `base` (`page.base`), recording requests and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = watched(context.new_page())
    page.base = base
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page on the built site that records every request it makes and every console error."""
    with reading(browser, site_url) as page:
        yield page


def watched(page):
    """`page`, recording its requests (`page.requests`) and console errors (`page.console_errors`)."""
    page.requests = []
    page.console_errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return page


def instant_navigation_ready(page) -> None:
    """Wait until Material's instant navigation follows links. Its script asks for the sitemap as
    the page loads and, until it has read it, lets the browser load a clicked page in full: on a
    busy machine, the first click of a test. Network idle is half a second with no request open."""
    page.wait_for_load_state("networkidle")


def add_axe(page) -> None:
    """Load axe-core into the page through DevTools: the site's Content-Security-Policy refuses an inline <script>."""
    page.evaluate(AXE.read_text(encoding="utf-8"))


# The rules the site is held to: WCAG 2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def matrix_ready(page) -> None:
    """Wait until /compare/'s script has set its tables and controls up (on other pages at once): it runs
    after Material's, seconds after the load event on a busy machine, and until then every column shows."""
    # A function, not an expression: Playwright evaluates an expression with eval, which the site's CSP forbids.
    page.wait_for_function("() => !document.querySelector('[data-matrix-controls]')"
                           " || document.querySelector('[data-matrix-controls]').dataset.matrixReady === 'true'")


def axe_violations(page) -> list:
    """axe-core's violations on the page as the reader gets it: (rule, first targets) pairs; none is the goal."""
    matrix_ready(page)
    add_axe(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                           "resultTypes: ['violations']})", AXE_TAGS)
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def heading(page) -> str:
    """The page's h1 as read, without the permalink sign."""
    return page.locator("h1").first.inner_text().removesuffix("¶").strip()


def only_local(page) -> list[str]:
    """The requests a page made to any host but the local test server: there must be none."""
    return [url for url in page.requests if urlsplit(url).hostname not in ("127.0.0.1", None)
            and not url.startswith(("data:", "blob:"))]


def content_security_policy() -> str:
    """The site's Content-Security-Policy, as mkdocs.yml writes it once (extra.content_security_policy)."""
    from mkdocs.config import load_config

    return "; ".join(load_config(str(ROOT / "mkdocs.yml")).extra["content_security_policy"])


def readme_security_headers() -> list[tuple[str, str]]:
    """The HTTP headers README.md's "Publishing: security headers" tells a host to send, as (name, value)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Publishing: security headers\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"^```\n(.*?)^```$", section, re.M | re.S).group(1)
    return [tuple(line.split(": ", 1)) for line in block.splitlines()]
