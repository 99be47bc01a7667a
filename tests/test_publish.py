"""The last good site is never lost: a build that fails after the check, or is
killed part-way, leaves the published folder byte for byte as it was; a build
that succeeds replaces it whole."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BIN, mkdocs_build
from corpus import BASE
from test_corpus import digest

from perspectives import sitedir


def site_project(folder: Path) -> Path:
    """A project like the real one with the corpus base as data and its own copy of docs/, to break."""
    root = Path(__file__).resolve().parent.parent
    folder.mkdir()
    shutil.copy(root / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(root / "docs", folder / "docs")
    (folder / "overrides").symlink_to(root / "overrides")
    (folder / "scripts").symlink_to(root / "scripts")
    shutil.copytree(BASE, folder / "data")
    return folder


@pytest.fixture
def published(tmp_path) -> tuple[Path, Path, str]:
    """A project and its published site, built once."""
    folder = site_project(tmp_path / "project")
    site = tmp_path / "site"
    result = mkdocs_build(folder, site)
    assert result.returncode == 0, result.stderr
    return folder, site, digest(site)


def leftovers(site: Path) -> list[str]:
    return sorted(path.name for path in site.parent.glob(f".{site.name}.staging-*"))


def test_a_build_broken_by_a_strict_warning_after_the_check_keeps_the_last_good_site(published):
    folder, site, before = published
    (folder / "docs/broken.md").write_text("# Broken\n\n[nowhere](missing.md)\n", encoding="utf-8")
    result = mkdocs_build(folder, site)
    assert result.returncode == 1 and "in strict mode" in result.stdout + result.stderr, result.stderr
    assert digest(site) == before
    assert leftovers(site) == []


def test_a_build_that_fails_while_writing_pages_keeps_the_last_good_site(published):
    folder, site, before = published
    (folder / "docs/about.md").write_text("---\ntitle: About\n---\n\n# About\n\n<!-- generated: no-such-fragment -->\n",
                                          encoding="utf-8")
    result = mkdocs_build(folder, site)
    # The line as the file numbers it, front matter included.
    assert result.returncode == 1 and "docs/about.md: line 7: no generated fragment 'no-such-fragment'" in result.stderr, \
        result.stderr
    assert digest(site) == before
    assert leftovers(site) == []


def test_a_killed_build_keeps_the_last_good_site_and_the_next_build_cleans_up(published):
    folder, site, before = published
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([str(BIN / "mkdocs"), "build", "--strict", "-f", str(folder / "mkdocs.yml"),
                                "-d", str(site)], cwd=folder, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill it once it has started writing the new site into its staging folder.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        staged = [path for path in site.parent.glob(f".{site.name}.staging-*") if any(path.iterdir())]
        if staged:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the build finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert digest(site) == before
    assert leftovers(site) != []  # a killed process cannot clean up after itself…
    result = mkdocs_build(folder, site)
    assert result.returncode == 0, result.stderr
    assert leftovers(site) == []  # …the next build does
    assert digest(site) == before  # same data, same site


def test_a_successful_build_replaces_the_site_whole(published):
    folder, site, _ = published
    (site / "stale.html").write_text("from an older build", encoding="utf-8")
    (folder / "docs/about.md").write_text("# About\n\nChanged.\n", encoding="utf-8")
    result = mkdocs_build(folder, site)
    assert result.returncode == 0, result.stderr
    assert not (site / "stale.html").exists()
    assert "Changed." in (site / "about/index.html").read_text(encoding="utf-8")


def test_publish_swaps_folders_and_works_when_nothing_was_published_yet(tmp_path):
    target = tmp_path / "site"
    first = sitedir.stage(target)
    (first / "a.html").write_text("one", encoding="utf-8")
    sitedir.publish(first, target)
    assert (target / "a.html").read_text(encoding="utf-8") == "one" and not first.exists()
    second = sitedir.stage(target)
    (second / "b.html").write_text("two", encoding="utf-8")
    sitedir.publish(second, target)
    assert sorted(path.name for path in target.iterdir()) == ["b.html"]
    # Nothing is left beside it but the builds' lock file, which stays for the next build.
    assert sorted(path.name for path in tmp_path.iterdir()) == [".site.lock", "site"]


# -- one build at a time (issue 21) -------------------------------------------------------------------

def _start(folder: Path, site: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen([str(BIN / "mkdocs"), "build", "--strict", "-f", str(folder / "mkdocs.yml"),
                             "-d", str(site)], cwd=folder, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _staging_started(site: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if list(site.parent.glob(f".{site.name}.staging-*")):
            return
        time.sleep(0.01)


def test_a_second_build_into_the_same_folder_is_refused_while_the_first_writes(published):
    folder, site, before = published
    staging = sitedir.stage(site)  # a build under way: this process holds the folder's lock
    try:
        result = mkdocs_build(folder, site)
        output = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in output
        assert f"another build is writing {site.resolve()} (pid {os.getpid()})" in output, output
        assert staging.is_dir() and digest(site) == before  # neither its staging folder nor the site touched
    finally:
        sitedir.discard(staging, site)
    assert mkdocs_build(folder, site).returncode == 0  # once it is done, the next build runs


def test_two_builds_started_together_never_publish_a_partial_site(published):
    folder, site, _ = published
    (folder / "docs/about.md").write_text("# About\n\nChanged.\n", encoding="utf-8")
    first, second = _start(folder, site), _start(folder, site)
    outputs = ["".join(process.communicate(timeout=300)) for process in (first, second)]
    codes = sorted(process.returncode for process in (first, second))
    assert codes in ([0, 0], [0, 1]), outputs  # one may be refused, naming the other; none fails otherwise
    assert all("Traceback" not in output for output in outputs)
    if codes == [0, 1]:
        assert any("another build is writing" in output for output in outputs), outputs
    fresh = site.parent / "fresh"
    assert mkdocs_build(folder, fresh).returncode == 0
    assert digest(site) == digest(fresh)  # whole: what one build on its own makes
    assert leftovers(site) == []


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.9, 0.97])
def test_a_build_killed_at_any_point_leaves_the_last_good_site(published, fraction):
    folder, site, before = published
    (folder / "docs/about.md").write_text("# About\n\nA new version.\n", encoding="utf-8")
    started = time.monotonic()
    probe = _start(folder, site.parent / "probe")
    probe.communicate(timeout=300)
    duration = time.monotonic() - started
    process = _start(folder, site)
    time.sleep(duration * fraction)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    after = digest(site)
    # Killed before it published, the site is as it was; killed after, it is the whole new site.
    assert after == before or "A new version." in (site / "about/index.html").read_text(encoding="utf-8")
    if after != before:
        assert after == digest(site.parent / "probe")
    result = mkdocs_build(folder, site)  # and the next build is not blocked by the dead one
    assert result.returncode == 0, result.stderr


def test_site_that_is_a_file_is_one_line(published, tmp_path):
    folder, _, _ = published
    target = tmp_path / "file-site"
    target.write_text("not a folder", encoding="utf-8")
    result = mkdocs_build(folder, target)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert f"{target.resolve()} is a file, not a folder: remove it, or build into another folder" in output
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_a_full_disk_while_writing_is_one_line_and_keeps_the_last_good_site(published, monkeypatch):
    """The disk fills up as MkDocs writes a page into the staging folder (simulated in-process: a test
    cannot fill this machine's disk): one line naming the file and the cause, the last good site intact."""
    import errno

    from mkdocs import utils
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    folder, site, before = published
    writes = []

    def full(path, output):
        writes.append(path)
        if len(writes) > 3:
            raise OSError(errno.ENOSPC, "No space left on device", path)
        return real(path, output)

    real = utils.write_file
    monkeypatch.setattr(utils, "write_file", full)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(folder)
    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(site), strict=True)
    with pytest.raises(Abort) as failure:
        build(config)
    message = str(failure.value)
    assert message.startswith(f"{writes[-1]}: the disk is full; nothing was published"), message
    assert digest(site) == before
    assert leftovers(site) == []


@pytest.mark.parametrize("url", ['https://x.example/a"><svg/onload=alert(1)>/', "javascript:alert(1)",
                                 "https://x.example/ spaces/"])
def test_a_site_url_holding_markup_is_refused_by_any_build(published, url, tmp_path):
    folder, _, _ = published
    result = mkdocs_build(folder, tmp_path / "refused", site_url=url)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    # Ours, or MkDocs' own check of site_url, which refuses some of them first: one line either way.
    assert "write a plain web address" in output or "Config value 'site_url'" in output, output
    assert not (tmp_path / "refused").exists()


def test_a_publish_killed_between_its_two_renames_is_undone_by_the_next_build(tmp_path):
    """Where the system has no atomic exchange, a publish moves the old site aside, then the new one in: a
    build killed between the two leaves the last good site aside, and the next build puts it back."""
    target = tmp_path / "site"
    aside = tmp_path / ".site.staging-previous-4242"
    aside.mkdir()
    (aside / "index.html").write_text("the last good site", encoding="utf-8")
    staging = sitedir.stage(target)
    try:
        assert (target / "index.html").read_text(encoding="utf-8") == "the last good site"
        assert not aside.exists()
    finally:
        sitedir.discard(staging, target)
