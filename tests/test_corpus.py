"""Hostile and mistaken data, as strangers will send it (tests/corpus/): each
case is refused with its exact error lines, all at once, with no traceback, in
bounded memory, and a build of it leaves the last good site byte for byte."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, ROOT, mkdocs_build
from corpus import BASE, Case, cases
from perspectives.errors import REPORTED

CASES = cases()
MAX_MEMORY_KB = 200 * 1024  # peak resident memory of `perspectives check` on any case


def test_the_corpus_is_large_and_its_base_is_valid(tmp_path):
    assert len(CASES) >= 40
    result = subprocess.run([str(BIN / "perspectives"), "check", "--data", str(BASE)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def run_check(data: Path, output: Path) -> tuple[int, str, int]:
    """Exit code, standard error and peak memory (KB) of `perspectives check` on `data`."""
    with open(output, "w+b") as err:
        process = subprocess.Popen([str(BIN / "perspectives"), "check", "--data", str(data)],
                                   stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return process.returncode, err.read().decode("utf-8"), usage.ru_maxrss


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_check_refuses_the_case_with_its_exact_error_lines(case: Case, tmp_path):
    data = case.make(tmp_path / "data")
    code, errors, memory = run_check(data, tmp_path / "stderr")
    assert "Traceback" not in errors
    assert code == 1, errors
    lines = errors.splitlines()
    if "expect_total" in case.spec:  # a flood: its first lines, then the count of those not shown
        assert len(lines) == REPORTED + 2
        assert lines[:len(case.expect) - 1] + lines[-2:-1] == list(case.expect)
    else:
        assert lines[:-1] == list(case.expect)
    count = case.total
    assert lines[-1] == f"{count:,} error{'s' if count != 1 else ''} in data; nothing was built."
    assert memory < MAX_MEMORY_KB, f"{memory / 1024:.0f} MB"


def project(folder: Path) -> Path:
    """A site project in `folder` using the real configuration, pages and hook; data/ is the caller's."""
    folder.mkdir(exist_ok=True)
    (folder / "mkdocs.yml").write_bytes((ROOT / "mkdocs.yml").read_bytes())
    for name in ("docs", "overrides", "scripts"):
        (folder / name).symlink_to(ROOT / name)
    return folder


def digest(site: Path) -> str:
    """One hash over every path and byte of a built site."""
    total = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        total.update(path.relative_to(site).as_posix().encode() + b"\0")
        if path.is_file():
            total.update(hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> tuple[Path, str]:
    """The base data set built once: the last good site every failing build must leave alone."""
    folder = project(tmp_path_factory.mktemp("good"))
    Case("base", "", {}, ()).make(folder / "data")
    site = folder / "site"
    result = mkdocs_build(folder, site)
    assert result.returncode == 0, result.stderr
    return site, digest(site)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_build_of_the_case_fails_cleanly_and_keeps_the_last_good_site(case: Case, good_site, tmp_path):
    site, before = good_site
    folder = project(tmp_path / "project")
    case.make(folder / "data")
    result = mkdocs_build(folder, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for line in case.expect:
        assert line in result.stderr
    assert digest(site) == before
