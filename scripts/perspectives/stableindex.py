"""The search index made the same on every build of the same site.

Pagefind (1.5) lists a language's filters in its metadata file in hash-map
order, which changes from run to run (its author: "other files will still
change, such as the filter/metadata indexes"), and so does the metadata
file's name, which pagefind-entry.json gives. Two builds of one commit must
be byte-identical (tests/test_reproducible.py), so after each run `stabilize`
sorts that list by filter name, writes the file again, names it by a hash of
what it now holds, and points pagefind-entry.json at it (its languages, also
in hash-map order, sorted by code). Each filter's own file does not vary:
every filter the site writes has one value (perspectives.search), and
`stabilize` fails on a filter with more.

The metadata file is gzip around `pagefind_dcd` and one CBOR value (RFC
8949): an array whose fourth item is the filters, [name, file] pairs. The
few CBOR types it holds are read and written here; anything else, or a
file that does not read back to the same bytes, raises StableIndexError, so
that a Pagefind whose files differ fails the build rather than publishing
a site that differs from build to build.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

MAGIC = b"pagefind_dcd"
FILTERS = 3  # the filters' place in the metadata array


class StableIndexError(Exception):
    """Why the index could not be made the same on every build, in one line."""


def stabilize(bundle: Path) -> None:
    """Sort the filters in each language's metadata file under `bundle` (the index's folder), rename the file
    by its content, and write pagefind-entry.json again, its languages in order of their codes."""
    entry_file = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        languages = entry["languages"]
        for language in languages.values():
            language["hash"] = _stabilize_language(bundle, language["hash"])
        entry["languages"] = dict(sorted(languages.items()))
    except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as error:
        raise StableIndexError(f"search index: {entry_file.name} is not in the form this site knows "
                               f"({type(error).__name__}: {error})") from None
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _stabilize_language(bundle: Path, old: str) -> str:
    """The language's metadata file written again with its filters sorted; its new name's hash."""
    meta_file = bundle / f"pagefind.{old}.pf_meta"
    meta = _read(meta_file)
    filters = meta[FILTERS] if isinstance(meta, list) and len(meta) > FILTERS else None
    if not (isinstance(filters, list) and all(isinstance(pair, list) and len(pair) == 2
                                              and all(isinstance(part, str) for part in pair) for pair in filters)):
        raise StableIndexError(f"search index: {meta_file.name} holds no list of filters where this site "
                               "expects one — is Pagefind the version requirements.lock pins?")
    for name, file in filters:
        values = _read(bundle / "filter" / f"{file}.pf_filter")
        if not (isinstance(values, list) and len(values) == 2 and isinstance(values[1], list) and len(values[1]) == 1):
            raise StableIndexError(f"search index: the filter {name!r} has more than one value, which Pagefind "
                                   "writes in an order that changes from build to build (perspectives.search)")
    meta[FILTERS] = sorted(filters)
    data = MAGIC + _encode(meta)
    prefix, digits = old.split("_", 1)
    new = f"{prefix}_{hashlib.sha256(data).hexdigest()[:len(digits)]}"
    meta_file.unlink()
    # mtime 0: the same bytes whenever it is written.
    (bundle / f"pagefind.{new}.pf_meta").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return new


def _read(path: Path) -> Any:
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, ValueError) as error:
        raise StableIndexError(f"search index: cannot read {path.name} ({error})") from None
    if not data.startswith(MAGIC):
        raise StableIndexError(f"search index: {path.name} is not in the form this site knows")
    value, end = _decode(data, len(MAGIC))
    if end != len(data) or _encode(value) != data[len(MAGIC):]:
        raise StableIndexError(f"search index: {path.name} does not read back to the same bytes")
    return value


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    """The CBOR value at `at` and where it ends: unsigned integers, byte and text strings, arrays and maps of
    definite length, the types Pagefind's metadata uses."""
    try:
        first = data[at]
        major, info = first >> 5, first & 31
        at += 1
        if info < 24:
            length = info
        elif info <= 27:
            size = 1 << (info - 24)
            length, at = int.from_bytes(data[at:at + size], "big"), at + size
        else:
            raise StableIndexError(f"search index: a CBOR item this site does not read ({first:#x})")
    except IndexError:
        raise StableIndexError("search index: the metadata ends too soon") from None
    if major == 0:
        return length, at
    if major in (2, 3):
        chunk = data[at:at + length]
        return (chunk if major == 2 else chunk.decode("utf-8")), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(length):
            key, at = _decode(data, at)
            pairs[key], at = _decode(data, at)
        return pairs, at
    raise StableIndexError(f"search index: a CBOR item this site does not read ({first:#x})")


def _encode(value: Any) -> bytes:
    """CBOR as Pagefind writes it: each length in the fewest bytes."""
    if isinstance(value, bool) or value is None:
        raise StableIndexError(f"search index: a value this site does not write ({value!r})")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_encode(key) + _encode(item) for key, item in value.items())
    raise StableIndexError(f"search index: a value this site does not write ({type(value).__name__})")


def _head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([major << 5 | info]) + length.to_bytes(size, "big")
    raise StableIndexError("search index: a length beyond CBOR's")
