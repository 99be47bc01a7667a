"""Links that never break: every URL and anchor in data/published-urls.txt is
served by the build; a renamed article or treatment keeps its old address as
a redirect declared in its data, and the check refuses a rename without one."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import BIN, DATA, ROOT, DataCopy, Server, mkdocs_build
from perspectives import load_checked
from perspectives.errors import DataErrors
from perspectives.manifest import MANIFEST, published_urls, read_manifest


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


def _ids(html_file: Path) -> set[str]:
    parser = _Ids()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser.ids


def _served_file(site: Path, url: str) -> Path:
    """The file a URL serves; for a redirect page (an old id), the page it leads to."""
    path = url.split("#", 1)[0].lstrip("/")
    served = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    if served.suffix == ".html" and served.is_file():
        target = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', served.read_text(encoding="utf-8"))
        if target:
            return (served.parent / target.group(1) / "index.html").resolve()
    return served


def _missing(site: Path) -> list[str]:
    ids: dict[Path, set[str]] = {}
    missing = []
    for number, url in read_manifest(DATA) or []:
        served = _served_file(site, url)
        if not served.is_file():
            missing.append(f"data/{MANIFEST}:{number}: {url}: no such page in the build")
            continue
        if "#" in url:
            anchor = url.split("#", 1)[1]
            if anchor not in ids.setdefault(served, _ids(served)):
                missing.append(f"data/{MANIFEST}:{number}: {url}: the page has no element with id {anchor!r}")
    return missing


def test_the_build_serves_every_published_url_and_anchor(built_site: Path):
    assert read_manifest(DATA), f"data/{MANIFEST} is missing: run `make urls`"
    missing = _missing(built_site)
    assert not missing, "\n".join(missing)


def test_the_manifest_lists_everything_the_site_publishes():
    """Dropping a URL fails; a new one passes, and the test says what to add."""
    dataset = load_checked(DATA)
    now = set(published_urls([article.outline for article in dataset.articles], dataset.vocabularies, ROOT / "docs"))
    recorded = {url for _, url in read_manifest(DATA) or []}
    dropped = sorted(recorded - now)
    assert not dropped, f"the site no longer publishes: {dropped} — give the renamed record `former_ids`"
    added = sorted(now - recorded)
    if added:
        print(f"new URLs to record in data/{MANIFEST} (run `make urls`):\n" + "\n".join(added))


def test_the_check_reminds_of_urls_published_but_not_yet_promised(data_copy: DataCopy):
    """An article checked before its URLs are recorded is no error, but the check says what `make urls` adds."""
    from perspectives.manifest import manifest_text

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN / "perspectives"), "check"], cwd=data_copy.root, capture_output=True, text=True)

    assert check().stdout.count("\n") == 1  # everything published is promised: the one line "data ok"
    promised = [url for _, url in read_manifest(data_copy.data) or []]
    article = f"/articles/{_first_article()}/"
    data_copy.path(MANIFEST).write_text(manifest_text([url for url in promised if not url.startswith(article)]),
                                        encoding="utf-8")
    result = check()
    assert result.returncode == 0, result.stderr
    reminder = result.stdout.splitlines()[1]
    assert reminder.endswith(f"not yet promised in data/{MANIFEST} (first: {article}): run `make urls` and commit "
                             "it, so that later changes keep them working"), reminder


def _rename_article(copy: DataCopy, old: str, new: str, former: bool) -> None:
    text = copy.path(f"articles/{old}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"id: {old}\n", f"id: {new}\n" + (f"former_ids: [{old}]\n" if former else ""), 1)
    copy.path(f"articles/{old}.yaml").unlink()
    copy.path(f"articles/{new}.yaml").write_text(text, encoding="utf-8")
    copy.path(f"captures/{old}.txt").rename(copy.path(f"captures/{new}.txt"))


def _first_article() -> str:
    return sorted(path.stem for path in (DATA / "articles").glob("*.yaml"))[0]


def test_the_check_refuses_a_rename_without_a_redirect(data_copy: DataCopy):
    old = _first_article()
    _rename_article(data_copy, old, "renamed-article", former=False)
    with pytest.raises(DataErrors) as failure:
        load_checked(data_copy.data)
    lines = [str(error) for error in failure.value.errors]
    assert len(lines) == 1, lines
    # Said at the one article that is new, as the article the old one most likely became, with the line of the
    # list that promised the old address.
    assert re.match(rf"^data/articles/renamed-article.yaml:\d+: id: no article has the id '{old}' any more: "
                    rf"/articles/{old}/ and \d+ more promised URLs \(data/{re.escape(MANIFEST)}:\d+\) would break — if "
                    rf"`renamed-article` is what it became, add `former_ids: \[{old}\]` to it", lines[0])


def test_a_former_id_cannot_lead_to_two_places(data_copy: DataCopy):
    text = data_copy.path("vocabularies/themes.yaml").read_text(encoding="utf-8")
    ids = re.findall(r"^- id: (\S+)", text, re.M)
    text = text.replace(f"- id: {ids[1]}\n", f"- id: {ids[1]}\n  former_ids: [{ids[0]}]\n", 1)
    data_copy.path("vocabularies/themes.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as failure:
        load_checked(data_copy.data)
    assert [f"{error.field}: {error.problem}" for error in failure.value.errors] == [
        f"entries[1].former_ids: {ids[0]!r} is the id of another theme now"]


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory) -> tuple[Path, str, str, str]:
    """A build where an article, a treatment and a theme were renamed, each with its former id."""
    root = tmp_path_factory.mktemp("renamed")
    copy = DataCopy(root)
    import shutil
    shutil.copytree(DATA, copy.data)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    old = _first_article()
    _rename_article(copy, old, "renamed-article", former=True)
    themes = copy.path("vocabularies/themes.yaml")
    entries = yaml.safe_load(themes.read_text(encoding="utf-8"))
    theme = entries[0]["id"]  # renamed, keeping any earlier ids it already carries
    entries[0] = {**entries[0], "id": f"{theme}-renamed", "former_ids": [*entries[0].get("former_ids", []), theme]}
    themes.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in copy.data.rglob("*.yaml"):  # articles hold the theme by its id
        path.write_text(re.sub(rf"\b{theme}\b(?!-renamed)", f"{theme}-renamed", path.read_text(encoding="utf-8"))
                        if path.name != "themes.yaml" else path.read_text(encoding="utf-8"), encoding="utf-8")
    # A treatment some article mentions, renamed too: its page redirects, its row, cells and sections keep
    # their anchors.
    treatments = copy.path("vocabularies/treatments.yaml")
    entries = yaml.safe_load(treatments.read_text(encoding="utf-8"))
    mentioned = load_checked(DATA).mentioned_treatments[0].id
    for entry in entries:
        if entry["id"] == mentioned:
            entry.update(id=f"{mentioned}-renamed", former_ids=[*entry.get("former_ids", []), mentioned])
    treatments.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in copy.path("articles").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace(f"treatment: {mentioned}\n",
                                                                  f"treatment: {mentioned}-renamed\n"), encoding="utf-8")
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site", old, theme, result.stderr


def test_a_renamed_articles_old_address_redirects_without_script(renamed_site):
    site, old, _, _ = renamed_site
    page = (site / "articles" / old / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="../renamed-article/">' in page
    assert '<meta http-equiv="refresh" content="0; url=../renamed-article/">' in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="../../assets/redirect.js">']  # no inline script
    assert 'http-equiv="Content-Security-Policy"' in page


def test_the_renamed_site_still_serves_every_published_url(renamed_site):
    site, _, _, _ = renamed_site
    assert _missing(site) == []


@pytest.mark.browser
def test_a_redirect_and_an_old_theme_anchor_work_in_chromium(browser, renamed_site):
    site, old, theme, _ = renamed_site
    server = Server(site)
    page = browser.new_page()
    try:
        # An old claim link lands on the claim at the new address: the anchor survives the redirect.
        claim = next(url for _, url in read_manifest(DATA) if url.startswith(f"/articles/{old}/#claim-"))
        page.goto(f"{server.url}{claim}")
        page.wait_for_url(f"{server.url}{claim.replace(old, 'renamed-article')}")
        page.goto(f"{server.url}/agreement/#{theme}")
        assert page.evaluate(f"document.getElementById({theme!r}).closest('.md-content') !== null")
        assert page.evaluate("location.hash") == f"#{theme}"
    finally:
        page.close()
        server.close()


# -- promises the check keeps (issue 21): any change of data that drops a promised URL is refused ---------

def _errors(copy: DataCopy) -> list[str]:
    with pytest.raises(DataErrors) as failure:
        load_checked(copy.data)
    return [str(error) for error in failure.value.errors]


def _article_text(copy: DataCopy, article: str) -> str:
    return copy.path(f"articles/{article}.yaml").read_text(encoding="utf-8")


def test_a_removed_claim_is_refused_and_kept_by_its_former_id(data_copy: DataCopy):
    article = _first_article()
    claims = yaml.safe_load(_article_text(data_copy, article))["claims"]
    gone, heir = claims[-1]["id"], claims[0]["id"]
    # Rename the last claim (its id is anchored in the manifest), citing it by the new id everywhere.
    text = re.sub(rf"\b{gone}\b", f"{gone}-renamed", _article_text(data_copy, article))
    data_copy.path(f"articles/{article}.yaml").write_text(text, encoding="utf-8")
    lines = _errors(data_copy)
    assert len(lines) == 1, lines
    # Said at the article's file, which is where it is kept; the promise's line is named beside it.
    assert lines[0].startswith(f"data/articles/{article}.yaml:")
    assert f"claims: no claim of {article!r} has the id {gone!r} any more: /articles/{article}/#claim-{gone} " \
           f"(data/{MANIFEST}:" in lines[0]
    assert f"add `former_ids: [{gone}]` to the claim that carries it on" in lines[0]
    assert f"perspectives urls --retire '/articles/{article}/#claim-{gone}'" in lines[0]
    data_copy.replace(f"articles/{article}.yaml", f"  - id: {gone}-renamed\n",
                      f"  - id: {gone}-renamed\n    former_ids: [{gone}]\n")
    load_checked(data_copy.data)


def test_a_removed_row_and_theme_are_refused(data_copy: DataCopy):
    dimensions = data_copy.path("vocabularies/dimensions.yaml")
    entries = yaml.safe_load(dimensions.read_text(encoding="utf-8"))
    dropped = next(entry for entry in entries if "field" in entry and entry["id"] != "root-cause")
    dimensions.write_text(yaml.safe_dump([entry for entry in entries if entry is not dropped], sort_keys=False),
                          encoding="utf-8")
    themes = data_copy.path("vocabularies/themes.yaml")
    theme_entries = yaml.safe_load(themes.read_text(encoding="utf-8"))
    unheld = theme_entries[-1]["id"]
    themes.write_text(yaml.safe_dump(theme_entries[:-1], sort_keys=False), encoding="utf-8")
    for path in data_copy.path("articles").glob("*.yaml"):  # the articles stop holding it
        article = yaml.safe_load(path.read_text(encoding="utf-8"))
        article["themes"] = [entry for entry in article.get("themes", []) if entry["theme"] != unheld]
        path.write_text(yaml.safe_dump(article, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines = _errors(data_copy)
    row = next(line for line in lines if f"/compare/#dimension-{dropped['id']} and" in line)
    assert row.startswith("data/vocabularies/dimensions.yaml: id: no row of the comparison has the id")
    assert "more promised URL" in row and "former_ids" in row
    assert f"'/compare/#dimension-{dropped['id']}--*'" in row
    theme = next(line for line in lines if f"/agreement/#{unheld} " in line)
    assert f"no theme has the id {unheld!r} any more" in theme
    assert len(lines) == 2, lines


def test_an_article_made_a_draft_again_is_refused_in_one_line(data_copy: DataCopy):
    article = _first_article()
    data_copy.replace(f"articles/{article}.yaml", "status: ready\n", "status: draft\n")
    lines = _errors(data_copy)
    assert len(lines) == 1, lines
    assert re.search(rf"^data/articles/{article}.yaml:\d+: status: article {article!r} was published and is now a "
                     rf"draft: /articles/{article}/ and \d+ more promised URLs \(data/{MANIFEST}:\d+\) would break — "
                     rf"set its `status: ready` again; or give it up on purpose: "
                     rf"perspectives urls --retire '/articles/{article}/\*'", lines[0]), lines[0]


def test_a_renamed_article_made_a_draft_is_refused_in_one_line_naming_it(data_copy: DataCopy):
    """Its old addresses go with it: one line says the article is a draft, none blames the rename (done right,
    with its former id) for the old addresses, claims, columns or sections it no longer serves."""
    old = _first_article()
    _rename_article(data_copy, old, "renamed-article", former=True)
    load_checked(data_copy.data)
    data_copy.replace("articles/renamed-article.yaml", "status: ready\n", "status: draft\n")
    lines = _errors(data_copy)
    assert len(lines) == 1, lines
    assert re.search(r"^data/articles/renamed-article.yaml:\d+: status: article 'renamed-article' was published and "
                     r"is now a draft: ", lines[0]), lines[0]
    # Giving it up on purpose, as the line says, gives up its old addresses too.
    from perspectives import cli
    retire = re.search(r"perspectives urls (--retire .*) --reason", lines[0]).group(1)
    assert f"'/articles/{old}/*'" in retire and "'/articles/renamed-article/*'" in retire, retire
    patterns = re.findall(r"'([^']+)'", retire)
    assert cli.main(["urls", "--data", str(data_copy.data), "--retire", *patterns, "--reason", "Withdrawn"]) == 0
    load_checked(data_copy.data)


def test_crossing_a_scale_threshold_is_refused_until_the_anchors_are_retired(data_copy: DataCopy, monkeypatch):
    from perspectives import cli, layout

    monkeypatch.setattr(layout, "SIDE_BY_SIDE_LIMIT", 2)
    monkeypatch.setattr(layout, "COLUMNS_AT_SCALE", 1)
    lines = _errors(data_copy)
    assert len(lines) == 1, lines  # one line for every column /compare/ no longer sets side by side
    assert "/compare/ no longer has these articles' columns" in lines[0]
    assert "perspectives urls --retire-gone --reason" in lines[0]
    # Given up on purpose, with a reason: recorded, and the check passes.
    monkeypatch.chdir(data_copy.root)
    assert cli.main(["urls", "--data", str(data_copy.data), "--retire-gone", "--reason",
                     "More articles than /compare/ sets side by side"]) == 0
    retired = data_copy.path("retired-urls.txt").read_text(encoding="utf-8")
    assert "More articles than /compare/ sets side by side" in retired
    first = sorted(path.stem for path in data_copy.path("articles").glob("*.yaml"))[0]
    assert f"--{first}" not in retired  # the column still shown keeps its anchors
    load_checked(data_copy.data)


def test_a_hand_edited_list_cannot_be_retired_into_shape(data_copy: DataCopy):
    manifest = data_copy.path(MANIFEST)
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    victim = next(index for index, line in enumerate(lines) if line.startswith("/articles/"))
    manifest.write_text("".join(lines[:victim] + lines[victim + 1:]), encoding="utf-8")
    result = subprocess.run([str(BIN / "perspectives"), "urls", "--data", str(data_copy.data), "--retire",
                             "/treatments/*", "--reason", "x"], capture_output=True, text=True)
    assert result.returncode == 1
    assert not data_copy.path("retired-urls.txt").exists()
    assert "edited by hand" in _errors(data_copy)[0]


def test_lines_deleted_by_hand_are_refused(data_copy: DataCopy):
    manifest = data_copy.path(MANIFEST)
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    victim = next(index for index, line in enumerate(lines) if line.startswith("/articles/"))
    manifest.write_text("".join(lines[:victim] + lines[victim + 1:]), encoding="utf-8")
    errors = _errors(data_copy)
    assert errors == [f"data/{MANIFEST}: (file): was edited by hand: its checksum line does not match its URLs — "
                      f"restore it (git checkout -- data/{MANIFEST}) and run `make urls`; to give a URL up on purpose: "
                      "perspectives urls --retire URL --reason \"…\""]


def test_a_manifest_deleted_from_a_checkout_is_refused(data_copy: DataCopy):
    data_copy.commit()
    data_copy.path(MANIFEST).unlink()
    errors = _errors(data_copy)
    assert errors == [f"data/{MANIFEST}: (file): is missing, but the last commit has it: the site's promised URLs "
                      f"would go unchecked — restore it: git checkout -- data/{MANIFEST}"]


@pytest.mark.parametrize("content", [b"\xff\xfe/\x00a\x00", None])
def test_a_manifest_that_is_not_text_is_one_line(data_copy: DataCopy, content):
    manifest = data_copy.path(MANIFEST)
    manifest.unlink()
    if content is None:
        manifest.mkdir()
    else:
        manifest.write_bytes(content)
    result = subprocess.run([str(BIN / "perspectives"), "check", "--data", str(data_copy.data)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    if content is None:  # a folder in its place is no part of the data layout
        assert first.startswith(f"data/{MANIFEST}: (folder): is not part of the data layout"), first
    else:
        assert first == f"data/{MANIFEST}: (file): is not UTF-8 text — restore it: git checkout -- data/{MANIFEST}"


def test_a_url_still_served_is_not_retired_and_a_republished_one_leaves_the_retired_list(data_copy: DataCopy):
    def urls(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN / "perspectives"), "urls", "--data", str(data_copy.data), "--docs",
                               str(data_copy.root / "docs"), *args], capture_output=True, text=True)

    article = _first_article()
    served = urls("--retire", f"/articles/{article}/", "--reason", "by mistake")
    assert served.returncode == 1 and "is still served: its links work; nothing was retired" in served.stderr
    near = urls("--retire", f"/articles/{article}", "--reason", "a slash short")
    assert f"(did you mean '/articles/{article}/'?)" in near.stderr
    # Made a draft, its URLs retired on purpose; published again, they are promised again and no longer retired.
    data_copy.replace(f"articles/{article}.yaml", "status: ready\n", "status: draft\n")
    assert urls("--retire-gone", "--reason", "withdrawn for review").returncode == 0
    assert article in data_copy.path("retired-urls.txt").read_text(encoding="utf-8")
    data_copy.replace(f"articles/{article}.yaml", "status: draft\n", "status: ready\n")
    written = urls("--write")
    assert written.returncode == 0 and "no longer retired" in written.stdout, written.stdout + written.stderr
    assert article not in data_copy.path("retired-urls.txt").read_text(encoding="utf-8")
    load_checked(data_copy.data)


def test_a_list_left_in_conflict_by_a_merge_says_how_to_resolve_it(data_copy: DataCopy):
    """Mid-merge, `git checkout -- FILE` refuses an unmerged file: the hint is a step that works there."""
    manifest = data_copy.path(MANIFEST)
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text("".join(["<<<<<<< HEAD\n", *lines, "=======\n", *lines, ">>>>>>> other-branch\n"]),
                        encoding="utf-8")
    errors = _errors(data_copy)
    assert errors == [f"data/{MANIFEST}: (file): holds a merge's conflict markers: two branches each changed it — "
                      f"take either side (git checkout --theirs data/{MANIFEST}), then run `make urls` and commit "
                      "what it writes"], errors
