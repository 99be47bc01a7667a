"""What the Nu HTML Checker found in our pages stays fixed, without Java: every built page, statically.

The checker itself (README.md, "Valid HTML") is a manual run. These tests hold the built site to
the rules it broke: a `<label for>` names a control the page has, a `tabindex` is an integer, an
input carries `autocomplete` only where its type allows it. The two exceptions Material's base.html
writes into every page, and why they stay, are in the README; when Material drops them, the test
that pins them fails, and that section needs updating.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import material

from conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"  # the installed Material's

# https://html.spec.whatwg.org/multipage/forms.html#category-label
LABELABLE = {"button", "input", "meter", "output", "progress", "select", "textarea"}
# The input types `autocomplete` applies to (the spec's input type table; the checker's message).
AUTOCOMPLETE_TYPES = {"color", "date", "datetime-local", "email", "hidden", "month", "number", "password",
                      "range", "search", "tel", "text", "time", "url", "week"}
# Material's base.html, outside any block: its drawer and search toggles, autocomplete="off" so that
# Firefox does not restore them open on reload or back (README.md, "Valid HTML", says why they stay).
MATERIAL_TOGGLES = {"__drawer", "__search"}


class _Elements(HTMLParser):
    """Every start tag of a page, as (tag, attributes)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def built_pages(site: Path) -> list[tuple[str, list[tuple[str, dict[str, str | None]]]]]:
    """Every page of the site, as (its path in the site, its elements)."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    return [(str(path.relative_to(site)), _Elements(path.read_text(encoding="utf-8")).elements) for path in pages]


def test_every_label_names_a_control_the_page_has(built_site: Path):
    found = []
    for where, elements in built_pages(built_site):
        by_id = {attrs["id"]: (tag, attrs) for tag, attrs in elements if attrs.get("id")}
        for tag, attrs in elements:
            if tag != "label" or "for" not in attrs:
                continue
            target = by_id.get(attrs["for"])
            if target is None:
                found.append(f"{where}: <label for={attrs['for']!r}>: no element has that id")
            elif target[0] not in LABELABLE or (target[0] == "input" and target[1].get("type") == "hidden"):
                found.append(f"{where}: <label for={attrs['for']!r}> names a <{target[0]}>, which no label can name")
    assert found == []


def test_no_id_occurs_twice_on_a_page(built_site: Path):
    found = []
    for where, elements in built_pages(built_site):
        seen: set[str] = set()
        for _, attrs in elements:
            if (id_ := attrs.get("id")) is not None:
                found += [f"{where}: id={id_!r} occurs twice"] if id_ in seen else []
                seen.add(id_)
    assert found == []


def test_every_tabindex_is_an_integer(built_site: Path):
    found = [f"{where}: <{tag} tabindex={attrs['tabindex']!r}>"
             for where, elements in built_pages(built_site) for tag, attrs in elements
             if "tabindex" in attrs and not re.fullmatch(r"-?[0-9]+", attrs["tabindex"] or "")]
    assert found == []


def test_autocomplete_is_only_on_inputs_it_applies_to_but_materials_two_toggles(built_site: Path):
    for where, elements in built_pages(built_site):
        misplaced = {attrs.get("id") or f"<{tag} type={attrs.get('type')!r}>" for tag, attrs in elements
                     if "autocomplete" in attrs and tag == "input"
                     and (attrs.get("type") or "text") not in AUTOCOMPLETE_TYPES}
        assert misplaced == MATERIAL_TOGGLES, where


def test_materials_toggles_still_carry_autocomplete_outside_any_block():
    """If this fails, Material changed its toggles: update MATERIAL_TOGGLES and README.md's "Valid HTML"."""
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    for id_ in MATERIAL_TOGGLES:
        assert re.search(rf'<input class="md-toggle" [^>]*id="{id_}" autocomplete="off">', base), id_


def test_autocorrect_has_a_value_the_standard_defines(built_site: Path):
    """The search box's autocorrect="off" stays (Safari would correct a query): a global attribute
    of the HTML standard since 2024, which the checker does not know yet."""
    values = {attrs["autocorrect"] for _, elements in built_pages(built_site) for _, attrs in elements
              if "autocorrect" in attrs}
    assert values <= {"on", "off", ""}


def without_comments(text: str) -> str:
    return re.sub(r"\{#-?.*?-?#\}", "", text, flags=re.S).strip()


def assert_materials_partial_but(name: str, theirs_once: str, ours_instead: str) -> None:
    """overrides/partials/NAME is Material's partial with one piece, found there once, written otherwise."""
    ours = without_comments((ROOT / "overrides/partials" / name).read_text(encoding="utf-8"))
    theirs = without_comments((MATERIAL / "partials" / name).read_text(encoding="utf-8"))
    assert theirs.count(theirs_once) == 1, f"Material's {name} changed: update overrides/partials/{name}"
    assert ours == theirs.replace(theirs_once, ours_instead)


def test_the_toc_partial_is_materials_but_for_a_label_of_a_toggle_the_page_has():
    assert_materials_partial_but("toc.html", '<label class="md-nav__title" for="__toc">',
                                 '<label class="md-nav__title"{% if page in nav.pages %} for="__toc"{% endif %}>')


def test_the_nav_partial_is_materials_but_for_a_valid_tabindex():
    assert_materials_partial_but("nav.html", "{{ item.render(nav_item, path, 1) }}",
                                 """{{ item.render(nav_item, path, 1) | replace(' tabindex=""', '') }}""")
    # What the replacement is for: Material writes tabindex="" for the label of a section.
    item = (MATERIAL / "partials/nav-item.html").read_text(encoding="utf-8")
    assert item.count('tabindex="{{ tabindex }}"') == 2 and item.count('{% set tabindex = "0" if not is_section %}') == 2
