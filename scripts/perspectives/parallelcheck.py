"""`perspectives check`: the checks of `load_checked`, with the articles spread over the machine's cores.

Loading and checking one article reads nothing of the others and takes about
1.4 ms, so at 5,000 articles one process spends most of its time there. Each
process checks a share of the article files and sends back only the errors it
found and each article's `Outline`, which is all the checks across articles
read (check.conclude): passing the typed records back (17 KB an article,
pickled) would cost as much again as the check saves. The build keeps the serial path
(`pipeline.load_checked`), which also returns the records; both end in
check.conclude, and tests/test_parallelcheck.py proves they report the same
errors.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from perspectives.check import check_article, check_vocabularies, conclude
from perspectives.errors import DataError, DataErrors
from perspectives.load import (
    article_paths, is_data_folder, load_article, load_vocabularies, retained_allocations, unexpected_files,
)
from perspectives.model import Outline, Vocabularies
from perspectives.processes import cores, ignore_interrupts, interrupted_once

# Below this many articles per process, starting another process (about 30 ms, plus sending it the
# vocabularies) costs more than it saves: a few hundred articles check in a fraction of a second.
ARTICLES_PER_PROCESS = 250


def check_data(data_dir: Path, jobs: int | None = None) -> list[Outline]:
    """The outline of every article under `data_dir`, sorted by id, once everything is proven right;
    raises DataErrors listing every problem, exactly as `load_checked(data_dir)` would.

    `jobs` is the number of processes; by default `default_jobs`."""
    errors: list[DataError] = []
    if not is_data_folder(data_dir, errors):
        raise DataErrors(errors)
    vocabularies = load_vocabularies(data_dir, errors)
    errors += check_vocabularies(vocabularies)
    paths, every_stem = article_paths(data_dir, None, errors)
    jobs = max(1, min(default_jobs(len(paths)) if jobs is None else jobs, len(paths)))
    # Contiguous shares, so the outlines come back in file order, as the serial path reads them.
    shares = [paths[len(paths) * number // jobs:len(paths) * (number + 1) // jobs] for number in range(jobs)]
    if jobs == 1:
        results = [check_share(data_dir, paths, vocabularies)]
    else:
        try:
            # A second Ctrl-C while the processes finish their shares is no second error.
            with interrupted_once(), ProcessPoolExecutor(jobs - 1, initializer=ignore_interrupts) as pool:
                others = [pool.submit(check_share, data_dir, share, vocabularies) for share in shares[1:]]
                results = [check_share(data_dir, shares[0], vocabularies)]  # this process takes a share too
                results += [future.result() for future in others]
        except BrokenProcessPool:  # a process died (out of memory, killed): check them all here instead
            results = [check_share(data_dir, paths, vocabularies)]
    outlines = sorted((outline for _, found in results for outline in found), key=lambda outline: outline.id)
    for found_errors, _ in results:
        errors += found_errors
    errors += unexpected_files(data_dir, every_stem, outlines)
    conclude(errors, outlines, vocabularies, data_dir)
    return outlines


def check_share(data_dir: Path, paths: list[Path], vocabularies: Vocabularies) -> tuple[list[DataError], list[Outline]]:
    """Load and check each of these article files: their errors, and the outline of each article that loaded."""
    errors: list[DataError] = []
    outlines = []
    with retained_allocations():
        for path in paths:
            article = load_article(path, data_dir, errors, vocabularies)
            if article is not None:
                errors += check_article(article, vocabularies)
                outlines.append(article.outline)
    return errors, outlines


def default_jobs(articles: int) -> int:
    """How many processes check this many articles by default: one per core, fewer for a small corpus."""
    return max(1, min(cores(), articles // ARTICLES_PER_PROCESS))
