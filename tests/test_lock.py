"""Each lock agrees with the pins it is compiled from; requirements.lock is what this environment runs.

`make setup` installs with `pip install --require-hashes -r requirements.lock`,
so pip itself refuses a package the lock does not pin with a hash; these tests
catch the lock going stale after an edit to requirements*.in (run `make lock`).
"""

from __future__ import annotations

import re
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
import pytest

from conftest import ROOT

LOCK = ROOT / "requirements.lock"
INPUTS = ("requirements.in", "requirements-dev.in")
# Every lock `make lock` writes, with the inputs it is compiled from. The ProperDocs lock is
# the alternative engine's own venv (tests/test_export.py), never installed into .venv.
LOCKS = {"requirements.lock": INPUTS, "requirements-properdocs.lock": ("requirements-properdocs.in",)}


def pins_in(name: str) -> dict[str, str]:
    """The `package==version` lines of an input file, by canonical package name."""
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", f"{name}: {line}: pin an exact version"
            pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def locked(lock: str = "requirements.lock") -> dict[str, tuple[str, int]]:
    """Each locked package's version and how many file hashes the lock gives for it."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for line in (ROOT / lock).read_text(encoding="utf-8").splitlines():
        if match := re.match(r"([A-Za-z0-9._-]+)==(\S+)", line):
            current = canonicalize_name(match[1])
            entries[current] = (match[2], 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
    return entries


@pytest.mark.parametrize("lock_name", LOCKS)
def test_every_input_pin_is_locked_at_the_same_version(lock_name):
    lock = locked(lock_name)
    for name in LOCKS[lock_name]:
        for package, version in pins_in(name).items():
            assert package in lock, f"{name} pins {package}, {lock_name} does not: run make lock"
            assert lock[package][0] == version, (f"{name} pins {package}=={version}, {lock_name} "
                                                 f"{lock[package][0]}: run make lock")


@pytest.mark.parametrize("lock_name", LOCKS)
def test_every_locked_package_has_hashes_and_no_machine_local_source(lock_name):
    lock = locked(lock_name)
    if lock_name == "requirements.lock":
        assert "setuptools" in lock  # builds the editable install with --no-build-isolation
    assert [package for package, (_, hashes) in lock.items() if hashes == 0] == []
    text = (ROOT / lock_name).read_text(encoding="utf-8")
    # A developer's local mirror must not leak into the lock (pip-compile would write it as an option line).
    assert [line for line in text.splitlines() if line.startswith("-") or "file://" in line] == []


def test_this_environment_runs_the_locked_versions():
    mismatched = {}
    for package, (version, _) in locked().items():
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            mismatched[package] = (version, installed)
    assert mismatched == {}, "(locked, installed) differ: run make setup"
