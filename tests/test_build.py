"""A strict build of the whole site, and what bad data does to it: nothing."""

from __future__ import annotations

import difflib
import hashlib
import html
import os
import re
import signal
import subprocess
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BIN, ROOT, free_port, mkdocs_build, mkdocs_serve
from perspectives import load_checked
from perspectives.render import HEADLINE_DIMENSION

ARTICLE = "articles/upper-cervical-neck-and-back-spasm.yaml"


def test_strict_build_has_every_article_page(built_site: Path):
    for yaml_file in sorted((ROOT / "data/articles").glob("*.yaml")):
        page = built_site / "articles" / yaml_file.stem / "index.html"
        assert page.is_file(), page


def test_generated_pages_never_touch_docs():
    assert sorted(p.name for p in (ROOT / "docs").glob("*.md")) == ["about.md", "index.md", "method.md"]
    assert not (ROOT / "docs/articles").exists()


def test_home_page_lists_every_article_with_its_root_cause(built_site: Path):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for yaml_file in (ROOT / "data/articles").glob("*.yaml"):
        assert f'href="articles/{yaml_file.stem}/"' in home
    assert "Not medical advice" in home
    assert "<!-- generated:" not in home


def test_method_page_explains_every_stance(built_site: Path):
    method = (built_site / "method" / "index.html").read_text(encoding="utf-8")
    for stance in load_checked(ROOT / "data").vocabularies["stances"]:
        assert stance.label in method


def test_bad_data_fails_the_build_with_one_line_errors_and_writes_nothing(data_copy, tmp_path):
    data_copy.replace(ARTICLE, "format: spoken-transcript", "format: podcast")
    site = tmp_path / "out"
    result = mkdocs_build(data_copy.root, site)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(r"ERROR\s+-\s+data/articles/upper-cervical-neck-and-back-spasm\.yaml:\d+: format: 'podcast' "
                     r"is not in vocabularies/formats\.yaml — use one of", result.stderr), result.stderr
    assert not site.exists() or not any(site.iterdir())


def test_edit_links_open_the_data_file_and_no_github_api_is_called(data_copy, tmp_path):
    config = data_copy.root / "mkdocs.yml"
    config.write_text("repo_url: https://github.com/example/muscle-spasm-perspectives\n"
                      + config.read_text(encoding="utf-8"), encoding="utf-8")
    site = tmp_path / "out"
    result = mkdocs_build(data_copy.root, site)
    assert result.returncode == 0, result.stderr
    page = (site / "articles/upper-cervical-neck-and-back-spasm/index.html").read_text(encoding="utf-8")
    assert ('href="https://github.com/example/muscle-spasm-perspectives/edit/master/'
            'data/articles/upper-cervical-neck-and-back-spasm.yaml"') in page
    # Material only calls the GitHub API for an element marked data-md-component="source".
    assert 'data-md-component="source"' not in page
    assert 'class="md-source"' in page


def test_a_matrix_cell_without_a_supporting_claim_fails_the_build(data_copy, tmp_path):
    line = data_copy.replace(ARTICLE, "    claims: [top-of-neck-misalignment-is-the-cause]\n  mechanism:",
                             "    claims: []\n  mechanism:")
    site = tmp_path / "out"
    result = mkdocs_build(data_copy.root, site)
    assert result.returncode != 0
    assert f"data/articles/upper-cervical-neck-and-back-spasm.yaml:{line}: comparison.root-cause.claims: " in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists() or not any(site.iterdir())


def test_the_compare_page_has_a_column_per_article_and_a_row_per_dimension(built_site: Path):
    compare = (built_site / "compare/index.html").read_text(encoding="utf-8")
    articles = sorted(p.stem for p in (ROOT / "data/articles").glob("*.yaml"))
    assert re.findall(r'id="questions--[a-z0-9-]+" data-column="([a-z0-9-]+)"', compare) == articles
    dimensions = re.findall(r"^- id: ([a-z0-9-]+)$", (ROOT / "data/vocabularies/dimensions.yaml").read_text(), re.M)
    # The root causes come first: the comparison at a glance; then the rest in data order.
    assert re.findall(r'<tr [^>]*data-row="dimension-([a-z0-9-]+)"', compare) == \
        [HEADLINE_DIMENSION] + [d for d in dimensions if d != HEADLINE_DIMENSION]


def test_a_page_sharing_its_parts_file_reaches_mkdocs_as_its_own_file_would(tmp_path, monkeypatch):
    """A Markdown page the render stage wrote among its part's pages (perspectives.spool) is read from its
    place in that file, as MkDocs reads a page's own file (a byte-order mark dropped, line ends made \\n),
    and content set on it, as a plugin may set it, is what MkDocs then reads."""
    import types

    from perspectives.spool import SpooledPage

    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import hooks

    config = types.SimpleNamespace(site_dir=str(tmp_path / "site"), use_directory_urls=True,
                                   plugins=types.SimpleNamespace(_current_plugin=None))
    shared = tmp_path / ".pages-part-3"
    before, page, after = "# Before\n".encode(), "\ufeff# Ä page\r\nline\rend\n".encode(), b"# After\n"
    shared.write_bytes(before + page + after)
    file = hooks._SpooledPageFile.of(config, SpooledPage("articles/a.md", "data/articles/a.yaml", True, shared,
                                                         len(before), len(page)))
    own = tmp_path / "a.md"  # the same page in a file of its own, as MkDocs reads one
    own.write_bytes(page)
    assert file.content_bytes == page
    assert file.content_string == hooks.File("a.md", str(tmp_path), str(tmp_path / "site"), True).content_string
    assert file.content_string == "# Ä page\nline\nend\n"
    file.content_string = "# Set by a plugin\n"
    assert file.content_string == "# Set by a plugin\n" and file.content_bytes == b"# Set by a plugin\n"


def test_a_download_is_linked_into_the_site_and_copied_where_it_cannot_be(tmp_path, monkeypatch):
    """The downloads the render stage spools go into the site as links to its files, put in place whole
    (over a previous build's file too), and are copied as MkDocs copies where no link can be made; a
    `--dirty` build leaves an unchanged one alone."""
    import errno
    import types

    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import hooks

    # What File.generated reads of MkDocs' configuration, as a build has it.
    config = types.SimpleNamespace(site_dir=str(tmp_path / "site"), use_directory_urls=True,
                                   plugins=types.SimpleNamespace(_current_plugin=None))
    spooled = tmp_path / "spool" / "articles" / "one.json"
    spooled.parent.mkdir(parents=True)
    spooled.write_text('{"id": "one"}\n', encoding="utf-8")
    download = hooks._SpooledDownload.generated(config, "articles/one.json", abs_src_path=str(spooled))
    output = Path(download.abs_dest_path)
    output.parent.mkdir(parents=True)
    output.write_text("a previous build's\n", encoding="utf-8")
    download.copy_file()
    assert output.samefile(spooled) and output.read_text(encoding="utf-8") == '{"id": "one"}\n'
    assert sorted(path.name for path in output.parent.iterdir()) == ["one.json"]  # no link left under its own name
    download.copy_file()  # already this very file
    assert output.samefile(spooled) and sorted(path.name for path in output.parent.iterdir()) == ["one.json"]

    output.unlink()
    monkeypatch.setattr(hooks.os, "link", lambda *_: (_ for _ in ()).throw(OSError(errno.EXDEV, "cross-device")))
    download.copy_file()
    assert not output.samefile(spooled) and output.read_text(encoding="utf-8") == '{"id": "one"}\n'
    assert sorted(path.name for path in output.parent.iterdir()) == ["one.json"]

    monkeypatch.setattr(download, "is_modified", lambda: False)
    output.write_text("kept\n", encoding="utf-8")
    download.copy_file(dirty=True)
    assert output.read_text(encoding="utf-8") == "kept\n"


def test_every_claim_link_in_the_matrix_lands_on_that_claim(built_site: Path):
    compare = (built_site / "compare/index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./articles/([a-z0-9-]+)/#(claim-[a-z0-9-]+)"', compare)
    assert len(links) > 50
    for article_id, anchor in set(links):
        target = (built_site / "articles" / article_id / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in target, (article_id, anchor)


def test_downloads_are_built_and_linked_from_the_matrix(built_site: Path):
    compare = (built_site / "compare/index.html").read_text(encoding="utf-8")
    for name in ("compare.csv", "articles.json", "articles.schema.json"):
        assert (built_site / name).is_file(), name
        assert f'href="../{name}"' in compare


def test_every_article_page_advertises_its_json(built_site: Path):
    for yaml_file in sorted((ROOT / "data/articles").glob("*.yaml")):
        page = (built_site / "articles" / yaml_file.stem / "index.html").read_text(encoding="utf-8")
        link = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', page)
        assert link, yaml_file.stem
        assert (built_site / "articles" / yaml_file.stem / link.group(1)).resolve().is_file()


def test_markup_in_data_stays_text_on_every_generated_page(data_copy, tmp_path):
    hostile = "<script>alert(1)</script> *x* [y](https://evil.test/) :material-check: <b>z</b>"
    data_copy.replace(ARTICLE, "statement: A spasm is an abnormal, chronic or constant contraction of a muscle.",
                      f"statement: '{hostile}'")
    data_copy.replace(ARTICLE, "value: A misalignment at the top of the neck.", f"value: '{hostile}'")
    data_copy.replace(ARTICLE, "short: Top-of-neck misalignment", "short: '<b>z</b> *x* :material-check:'")
    data_copy.replace(ARTICLE, "note: Presented as the fix for the cause, after which the spasms go away.",
                      f"note: '{hostile}'")
    site = tmp_path / "out"
    result = mkdocs_build(data_copy.root, site)
    assert result.returncode == 0, result.stderr
    pages = [site / "compare/index.html", site / "treatments/upper-cervical-correction/index.html",
             site / "agreement/index.html", site / "articles/upper-cervical-neck-and-back-spasm/index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and 'href="https://evil.test/' not in html, page
        assert "<b>z</b>" not in html and "<em>x</em>" not in html, page
    # Shown, as text: the reader sees exactly what the data says.
    shown = text_of((site / "compare/index.html").read_text(encoding="utf-8"))
    assert hostile in shown and "<b>z</b> *x* :material-check:" in shown


def text_of(page: str) -> str:
    """The text a browser shows for a page (character references decoded), spaces folded."""
    parts: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = parts.append  # type: ignore[method-assign]
    parser.feed(page)
    return " ".join(" ".join(parts).split())


def test_the_article_folder_has_the_sitemap_material_looks_for_beside_each_json_alternate(built_site: Path):
    # Material fetches <alternate href>/../sitemap.xml; without it every article page logs a 404.
    assert "<urlset" in (built_site / "articles/sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("address, shown", [
    ("mailto:corrections@example.org", '<a href="mailto:corrections@example.org">corrections@example.org</a>'),
    ("https://example.org/report?page=1", '<a href="https://example.org/report?page=1">report it here</a>'),
])
def test_about_says_where_to_report_a_mistake_once_the_site_has_an_address(data_copy, tmp_path, address, shown):
    config = data_copy.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("extra:\n", f"extra:\n  report_errors: {address}\n", 1),
                      encoding="utf-8")
    site = tmp_path / "out"
    result = mkdocs_build(data_copy.root, site)
    assert result.returncode == 0, result.stderr
    about = html.unescape((site / "about/index.html").read_text(encoding="utf-8"))
    assert shown in about
    assert "no address for reports" not in about


def test_without_an_address_about_names_none(built_site: Path):
    about = (built_site / "about/index.html").read_text(encoding="utf-8")
    assert "This copy of the site has no address for reports yet." in about
    assert "mailto:" not in about
    assert 'href="../contribute/"' in about


@pytest.mark.parametrize("address", ["javascript:alert(1)", "http://example.org/report", "mailto:nobody", "",
                                     "https://exa mple.org/"])
def test_a_report_address_that_is_no_address_stops_the_build_in_one_line(data_copy, tmp_path, address):
    config = data_copy.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("extra:\n", f"extra:\n  report_errors: '{address}'\n", 1),
                      encoding="utf-8")
    site = tmp_path / "out"
    result = mkdocs_build(data_copy.root, site)
    output = result.stdout + result.stderr  # MkDocs prints an Abort's message on stdout
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "extra.report_errors" in output and "remove the line" in output, output
    assert not site.exists() or not any(site.iterdir())


@pytest.mark.parametrize("breakage", ["none", "bad data", "a page that fails"])
def test_the_folder_of_rendered_pages_goes_when_the_build_ends_whichever_way(data_copy, tmp_path, breakage):
    if breakage == "bad data":
        data_copy.replace(ARTICLE, "format: spoken-transcript", "format: podcast")
    if breakage == "a page that fails":  # after the pages are rendered, while MkDocs builds
        about = data_copy.root / "docs/about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\n<!-- generated: no-such-fragment -->\n",
                         encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    result = mkdocs_build(data_copy.root, tmp_path / "out", env={"TMPDIR": str(temporary)})
    assert (result.returncode == 0) == (breakage == "none"), result.stderr
    assert "Traceback" not in result.stderr
    assert not [path.name for path in temporary.iterdir() if path.name.startswith("perspectives-pages-")]


def test_each_page_holds_its_content_once_with_one_title(built_site: Path):
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if 'class="md-content__inner' not in text:
            continue  # a redirect stub
        assert "perspectives: this page's HTML" not in text, page
        assert len(re.findall(r"<h1[ >]", text)) == 1, page
        assert text.count('class="md-content__inner') == 1, page


def _fetch(url: str) -> str:
    """The page at `url` as text; empty if it cannot be had (not served yet, or gone)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _waiter(serve: subprocess.Popen, log: Path):
    """wait_until(done, what): wait up to two minutes for done() while `serve` runs, else fail saying `what`
    with the server's log."""
    def wait_until(done, what: str) -> None:
        deadline = time.monotonic() + 120
        while not done():
            assert time.monotonic() < deadline and serve.poll() is None, f"{what}:\n{log.read_text()}"
            time.sleep(0.2)
    return wait_until


def test_mkdocs_serve_serves_each_edit_and_leaves_no_folder_of_rendered_pages_behind(data_copy, tmp_path):
    port = free_port()
    temporary, log = tmp_path / "tmp", tmp_path / "serve.log"
    temporary.mkdir()
    url = f"http://127.0.0.1:{port}/articles/upper-cervical-neck-and-back-spasm/"
    with open(log, "w", encoding="utf-8") as output:
        serve = mkdocs_serve(data_copy.root, port, output, env={"TMPDIR": str(temporary)})

    def page() -> str:
        return _fetch(url)

    wait_until = _waiter(serve, log)

    def rendered_folders() -> list[str]:
        return [path.name for path in temporary.iterdir() if path.name.startswith("perspectives-pages-")]

    try:
        # A page is served as soon as it is written; the folder goes at the end of the build.
        wait_until(lambda: "</html>" in page(), "never served")
        wait_until(lambda: rendered_folders() == [], "the folder of rendered pages stayed")
        data_copy.replace(ARTICLE, "short_title: ", "short_title: Edited ")
        wait_until(lambda: "Edited" in page(), "the edit was never served")
        wait_until(lambda: rendered_folders() == [], "the folder of rendered pages stayed")
        data_copy.replace(ARTICLE, "format: spoken-transcript", "format: podcast")
        wait_until(lambda: " in data; nothing was built." in log.read_text(encoding="utf-8"), "the bad data was never reported")
        # MkDocs holds requests back until a build succeeds again ("The server will appear stuck").
        assert rendered_folders() == []
        fixed = data_copy.path(ARTICLE).read_text(encoding="utf-8").replace("format: podcast",
                                                                          "format: spoken-transcript")
        data_copy.path(ARTICLE).write_text(fixed.replace("short_title: Edited ", "short_title: Again "),
                                           encoding="utf-8")
        wait_until(lambda: "Again" in page(), "the fixed data was never served")
        wait_until(lambda: rendered_folders() == [], "the folder of rendered pages stayed")
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    assert rendered_folders() == []
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_a_build_interrupted_while_it_builds_leaves_no_folder_behind(data_copy, tmp_path):
    site = tmp_path / "out"
    build = subprocess.Popen([str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)], cwd=data_copy.root,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    deadline = time.monotonic() + 120
    # Ctrl-C while MkDocs writes pages into the staging folder, the rendered pages in theirs beside it.
    while not list(tmp_path.glob(".out.staging-*[0-9]/*/index.html")) and build.poll() is None:
        assert time.monotonic() < deadline, "the build never rendered its pages"
        time.sleep(0.01)
    build.send_signal(signal.SIGINT)
    _, errors = build.communicate(timeout=120)
    assert build.returncode != 0, "the build finished before it was interrupted"
    assert not site.exists()
    assert [path.name for path in tmp_path.glob(".out.*") if path.name != ".out.lock"] == [], errors


def _files(site: Path) -> dict[str, tuple[int, bytes]]:
    """Each file of a built site but the search index (written apart, in the background when served) and the
    sitemap's compressed copy (gzip dates it): its time of last change and its bytes."""
    return {path.relative_to(site).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
            for path in sorted(site.rglob("*")) if path.is_file()
            and path.relative_to(site).parts[0] != "pagefind" and path.name != "sitemap.xml.gz"}


def test_mkdocs_serve_dirty_writes_again_only_what_changed_and_serves_what_a_clean_build_would(data_copy, tmp_path):
    """`make serve` (--dirty): after an edit to one article, the site served is the one `mkdocs build` makes
    of the same data, byte for byte, though the other articles' pages were not written again; after an edit
    to a hand-written page, every page is written again; the search index follows each build."""
    port = free_port()
    temporary, log = tmp_path / "tmp", tmp_path / "serve.log"
    temporary.mkdir()
    base = f"http://127.0.0.1:{port}"
    with open(log, "w", encoding="utf-8") as output:
        serve = mkdocs_serve(data_copy.root, port, output,
                             env={"TMPDIR": str(temporary), "SOURCE_DATE_EPOCH": "1764547200"})

    def fetch(path: str) -> str:
        return _fetch(base + path)

    wait_until = _waiter(serve, log)

    def quiet() -> bool:
        """Serving, with no rebuild under way nor about to start (the watcher waits a moment after a save).
        Counted by the server's own lines: MkDocs logs "Documentation built in …" only once for each wording."""
        def rebuilds() -> tuple[int, bool]:
            text = log.read_text(encoding="utf-8")
            started = text.count("Building documentation...")
            ended = 1 + text.count("Reloading browsers") + text.count("An error happened during the rebuild")
            return started, "Serving on" in text and started == ended
        before = rebuilds()
        time.sleep(1.5)
        return before[1] and rebuilds() == before

    def same_as_a_clean_build(number: int) -> dict[str, tuple[int, bytes]]:
        [site] = temporary.glob("mkdocs_*")
        served = _files(site)
        result = mkdocs_build(data_copy.root, tmp_path / f"clean-{number}", site_url=base + "/",
                              env={"SOURCE_DATE_EPOCH": "1764547200"})
        assert result.returncode == 0, result.stderr
        clean = _files(tmp_path / f"clean-{number}")
        assert sorted(served) == sorted(clean)
        assert ["".join(difflib.unified_diff(served[path][1].decode(errors="replace").splitlines(True),
                                             clean[path][1].decode(errors="replace").splitlines(True), path, path, n=1))
                for path in served if served[path][1] != clean[path][1]] == []
        return served

    article = "/articles/upper-cervical-neck-and-back-spasm/"
    other = "articles/gold-back-spasms-inside-story/index.html"
    try:
        wait_until(lambda: quiet() and "</html>" in fetch(article), "never served")
        first = same_as_a_clean_build(1)
        wait_until(lambda: fetch("/pagefind/pagefind-entry.json"), "the search index was never written")
        index = fetch("/pagefind/pagefind-entry.json")  # names the index's chunks by their contents' hashes
        data_copy.replace(ARTICLE, "short_title: ", "short_title: Edited ")
        wait_until(lambda: "Edited" in fetch(article) and quiet(), "the edit was never served")
        second = same_as_a_clean_build(2)
        assert second[other][0] == first[other][0], "an article that did not change was written again"
        assert second["articles/upper-cervical-neck-and-back-spasm/index.html"][0] > first[
            "articles/upper-cervical-neck-and-back-spasm/index.html"][0]
        assert second["compare/index.html"][0] > first["compare/index.html"][0]
        wait_until(lambda: fetch("/pagefind/pagefind-entry.json") not in ("", index),
                   "the search index never followed the edit")
        # An article added; then removed while a hand-written page is edited (every page written again).
        # A source of its own (the check refuses one capture or one address entered twice): the same text,
        # signed, at an address of its own.
        copy = data_copy.path(ARTICLE).read_text(encoding="utf-8")
        capture = data_copy.path("captures/upper-cervical-neck-and-back-spasm.txt").read_bytes() + b"\nA copy.\n"
        data_copy.path("captures/upper-cervical-copy.txt").write_bytes(capture)
        copy = re.sub(r"capture_sha256: [0-9a-f]+", f"capture_sha256: {hashlib.sha256(capture).hexdigest()}", copy)
        data_copy.path("articles/upper-cervical-copy.yaml").write_text(
            re.sub(r"(\n  url: \S+)", r"\1?copy", copy, count=1)
            .replace("id: upper-cervical-neck-and-back-spasm", "id: upper-cervical-copy")
            .replace("short_title: Edited ", "short_title: Copied "), encoding="utf-8")
        wait_until(lambda: "Copied" in fetch("/articles/upper-cervical-copy/") and quiet(),
                   "never served the new article")
        third = same_as_a_clean_build(3)
        assert "articles/upper-cervical-copy.json" in third
        data_copy.path("articles/upper-cervical-copy.yaml").unlink()
        data_copy.path("captures/upper-cervical-copy.txt").unlink()
        about = data_copy.root / "docs/about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")
        wait_until(lambda: not fetch("/articles/upper-cervical-copy/") and "A line added." in fetch("/about/")
                   and quiet(), "never served the removal and the edited page")
        fourth = same_as_a_clean_build(4)
        assert fourth[other][0] > third[other][0], "a change outside data/ did not write every page again"
        # The theme's overrides are watched too (MkDocs watches them only with --watch-theme).
        footer = data_copy.root / "overrides/partials/copyright.html"
        footer.write_text(footer.read_text(encoding="utf-8").replace(">Changes</a>", ">What changed</a>"),
                          encoding="utf-8")
        wait_until(lambda: "What changed</a>" in fetch(article) and quiet(), "the edited footer was never served")
        overridden = same_as_a_clean_build(6)
        assert overridden[other][0] > fourth[other][0], "an edit to the overrides did not write every page again"
        fourth = overridden
        # Bad data stops the build before it writes: the site and its index stay, and the next good build
        # writes only what changed.
        data_copy.replace(ARTICLE, "format: spoken-transcript", "format: podcast")
        wait_until(lambda: " in data; nothing was built." in log.read_text(encoding="utf-8") and quiet(),
                   "the bad data was never reported")
        # (MkDocs holds requests back until a build succeeds again: the index is looked for in the folder.)
        wait_until(lambda: (next(temporary.glob("mkdocs_*")) / "pagefind/pagefind-entry.json").is_file(),
                   "the search index went with the bad data")
        fixed = data_copy.path(ARTICLE).read_text(encoding="utf-8").replace("format: podcast",
                                                                          "format: spoken-transcript")
        data_copy.path(ARTICLE).write_text(fixed.replace("short_title: Edited ", "short_title: Again "),
                                           encoding="utf-8")
        wait_until(lambda: "Again" in fetch(article) and quiet(), "the fixed data was never served")
        fifth = same_as_a_clean_build(5)
        assert fifth[other][0] == fourth[other][0], "a build stopped by bad data made the next write every page"
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    text = log.read_text(encoding="utf-8")
    warned = [line for line in text.splitlines()
              if "WARNING" in line and "GET /articles/upper-cervical-copy/" not in line]
    assert warned == [] and "Traceback" not in text, text  # the removed article's 404 is this test's asking



def test_a_page_weighed_0_for_search_stops_the_build_in_one_line(data_copy, tmp_path):
    """A page's words weighed 0 would score 0, which a search of an index in parts reads as the site's
    vocabulary page, not a page (perspectives.search.VOCABULARY)."""
    about = data_copy.root / "docs/about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("---\n", "---\nsearch:\n  boost: 0\n", 1),
                     encoding="utf-8")
    site = tmp_path / "out"
    result = mkdocs_build(data_copy.root, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "about.md: search.boost: 0 is not above 0" in output, output
    assert not site.exists() or not any(site.iterdir())


def test_a_size_of_search_index_part_that_is_no_number_stops_the_build_before_it_begins(data_copy, tmp_path):
    site = tmp_path / "out"
    result = mkdocs_build(data_copy.root, site, env={"PERSPECTIVES_PAGES_PER_INDEX": "many"})
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "PERSPECTIVES_PAGES_PER_INDEX 'many' is not a number of pages" in output, output
    assert not site.exists() or not any(site.iterdir())
