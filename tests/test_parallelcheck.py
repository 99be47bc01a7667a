"""`perspectives check` spreads the articles over processes (perspectives.parallelcheck) and keeps
only their outlines; it must report exactly what the build's serial path (`load_checked`) reports,
on good data and on every hostile case, with however many processes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, DATA
from corpus import Case, cases
from perspectives import load_checked
from perspectives.errors import DataErrors
from perspectives.parallelcheck import check_data


def serial_errors(data: Path) -> list[str]:
    try:
        load_checked(data)
    except DataErrors as failure:
        return [str(error) for error in failure.errors]
    return []


def parallel_errors(data: Path, jobs: int) -> list[str]:
    try:
        check_data(data, jobs)
    except DataErrors as failure:
        return [str(error) for error in failure.errors]
    return []


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.name)
def test_every_hostile_case_gets_the_errors_of_the_serial_path(case: Case, tmp_path):
    data = case.make(tmp_path / "data")
    expected = serial_errors(data)
    assert expected, "every case is refused"
    assert parallel_errors(data, 2) == expected
    assert parallel_errors(data, 1) == expected


def test_the_real_data_gives_the_outline_of_every_article():
    articles = load_checked(DATA).articles
    for jobs in (1, 2, 3):
        outlines = check_data(DATA, jobs)
        assert outlines == [article.outline for article in articles]
        assert sum(outline.quotations for outline in outlines) == sum(
            len(claim.quotations) for article in articles for claim in article.claims)


def test_errors_found_in_other_processes_and_across_them_are_all_reported(tmp_path):
    """An error in each share of the articles, and one only the outlines of two shares show together."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    paths = sorted((data / "articles").glob("*.yaml"))
    broken, first, second = paths[:3]
    broken.write_text(broken.read_text(encoding="utf-8").replace("\nformat:", "\nformat_:", 1), encoding="utf-8")
    short_title = next(line for line in first.read_text(encoding="utf-8").splitlines()
                       if line.startswith("short_title:"))
    second.write_text("\n".join(short_title if line.startswith("short_title:") else line
                                for line in second.read_text(encoding="utf-8").splitlines()) + "\n", encoding="utf-8")
    expected = serial_errors(data)
    assert any("format_" in line for line in expected)
    assert any("is used by another article too" in line for line in expected)
    for jobs in (2, 3, len(paths) + 2):  # more processes than articles too
        assert parallel_errors(data, jobs) == expected


def test_the_command_line_checks_in_processes_on_request():
    result = subprocess.run([str(BIN / "perspectives"), "check", "--jobs", "2", "--data", str(DATA)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    count = len(list((DATA / "articles").glob("*.yaml")))
    assert result.stdout.startswith(f"data ok: {count} articles, ")


def test_articles_sharing_an_id_are_reported_as_the_serial_path_reports_them(tmp_path):
    """Three files with one id: which file a capture's hint names depends on their order."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    source = sorted((data / "articles").glob("*.yaml"))[0]
    for name in ("zz-a", "zz-b", "zz-c"):
        shutil.copy(source, data / "articles" / f"{name}.yaml")
    shutil.copy(data / "captures" / f"{source.stem}.txt", data / "captures" / "zz-orphan.txt")
    expected = serial_errors(data)
    assert expected
    for jobs in (2, 3, 4):
        assert parallel_errors(data, jobs) == expected


def test_a_process_that_dies_leaves_the_check_to_this_one(tmp_path, monkeypatch):
    import os

    from perspectives import parallelcheck

    parent = os.getpid()
    load_article = parallelcheck.load_article

    def dies_in_a_child(*args):
        if os.getpid() != parent:
            os._exit(9)  # as if the system had killed it
        return load_article(*args)

    monkeypatch.setattr(parallelcheck, "load_article", dies_in_a_child)
    assert [outline.id for outline in check_data(DATA, 2)] == [article.id for article in load_checked(DATA).articles]


def test_a_captures_file_where_the_folder_should_be_is_no_capture_for_each_article(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    shutil.rmtree(data / "captures")
    (data / "captures").write_text("not a folder\n", encoding="utf-8")
    errors = serial_errors(data)
    assert sum("has no capture at data/captures/" in line for line in errors) == len(list((data / "articles").iterdir()))
    assert any(line.startswith("data/captures: (file): is not part of the data layout") for line in errors)
    assert parallel_errors(data, 2) == errors


def test_a_capture_that_is_a_folder_cannot_be_read_and_leaves_no_file_open(tmp_path):
    import os

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    capture = sorted((data / "captures").glob("*.txt"))[0]
    capture.unlink()
    capture.mkdir()
    before = len(os.listdir("/proc/self/fd"))
    errors = serial_errors(data)
    assert f"data/captures/{capture.name}: (file): is a folder, not a regular file — data/ holds plain files only: " \
           "put the file's text there, or remove it" in errors
    assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_a_number_of_processes_below_one_is_refused(jobs):
    result = subprocess.run([str(BIN / "perspectives"), "check", "--jobs", jobs, "--data", str(DATA)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "is not a number of processes (1 or more)" in result.stderr
