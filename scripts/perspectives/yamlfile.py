"""Parse one YAML data file into plain values that remember their line numbers.

PyYAML's safe loader forgets where a value came from, silently keeps the last
of two duplicate keys and expands aliases (a way to make a tiny file explode in
memory). Data files here are simple, so this parser keeps lines, refuses
duplicate keys, aliases, tags and deep nesting, and reports each as a
`DataError` instead of raising. It composes nodes (with LibYAML when
available) and builds values itself, so an alias is caught as a node seen
twice, before anything is expanded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from perspectives.errors import DataError

MAX_DEPTH = 20
MAX_BYTES = 1_000_000


class Mapping(dict):
    """A YAML mapping; `line` is where it starts, `lines[key]` where each key is."""

    line: int
    lines: dict[str, int]


class Sequence(list):
    """A YAML sequence; `line` is where it starts, `lines[i]` where each item is."""

    line: int
    lines: list[int]


# LibYAML's parser when PyYAML has it (about twenty times faster), else PyYAML's own.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(Exception):
    def __init__(self, line: int, problem: str, hint: str) -> None:
        super().__init__(problem)
        self.line, self.problem, self.hint = line, problem, hint


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}


def parse_file(path: Path, shown_as: str) -> tuple[Any, list[DataError]]:
    """Parse `path`; errors name it as `shown_as` (its path relative to the project)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [DataError(shown_as, 0, "", f"cannot be read ({error.strerror})",
                                "check the file exists and is readable")]
    if len(raw) > MAX_BYTES:
        return None, [DataError(shown_as, 0, "", f"is {len(raw):,} bytes, more than {MAX_BYTES:,}",
                                "split it up; data files are small")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [DataError(shown_as, line, "", "is not valid UTF-8 text",
                                "save the file as UTF-8")]
    return parse_text(text, shown_as)


def parse_text(text: str, shown_as: str) -> tuple[Any, list[DataError]]:
    """Parse YAML text into Mapping/Sequence/scalars, or report why it cannot be."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [DataError(shown_as, 1, "", "is empty", "fill in the fields described in data/README.md")]
        return _value(node, loader, 0, set()), []
    except _Refused as refused:
        return None, [DataError(shown_as, refused.line, "", refused.problem, refused.hint)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        problem = (error.problem or error.context or "is not valid YAML").strip()
        return None, [DataError(shown_as, line, "", f"YAML syntax error: {problem}",
                                "check indentation, colons and quoting on this line and the one above")]
    except yaml.YAMLError as error:
        return None, [DataError(shown_as, 0, "", f"YAML error: {error}", "check the file's syntax")]
    finally:
        loader.dispose()


def _value(node: Node, loader: Any, depth: int, seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    # An alias makes the composer hand back a node it has already seen: refuse
    # it before it is read twice (aliases can make a tiny file explode in memory).
    if id(node) in seen:
        raise _Refused(line, "an alias (*name) is not allowed here", "write the value out in full")
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise _Refused(line, f"is nested more than {MAX_DEPTH} levels deep", "flatten the structure")
    if node.tag not in _PLAIN_TAGS:
        raise _Refused(line, f"the tag {node.tag} is not allowed", "remove the tag and write a plain value")
    if isinstance(node, ScalarNode):
        try:
            return loader.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError) as error:
            raise _Refused(line, f"cannot read this value ({error})", "quote it as text") from error
    if isinstance(node, SequenceNode):
        items = Sequence(_value(item, loader, depth + 1, seen) for item in node.value)
        items.line, items.lines = line, [item.start_mark.line + 1 for item in node.value]
        return items
    if isinstance(node, MappingNode):
        mapping = Mapping()
        mapping.line, mapping.lines = line, {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise _Refused(key_line, "a key must be plain text", "write the key as a word, e.g. `title:`")
            key = key_node.value
            if key == "<<":
                raise _Refused(key_line, "merge keys (<<) are not allowed", "write the fields out in full")
            if key in mapping:
                raise _Refused(key_line, f"the key {key!r} appears twice (first on line {mapping.lines[key]})",
                               "keep one of them")
            if id(value_node) in seen:  # name the line of the alias, not of its anchor
                raise _Refused(key_line, "an alias (*name) is not allowed here", "write the value out in full")
            mapping.lines[key] = key_line
            mapping[key] = _value(value_node, loader, depth + 1, seen)
        return mapping
    raise _Refused(line, "is not a value this file can hold", "see data/README.md")  # pragma: no cover
